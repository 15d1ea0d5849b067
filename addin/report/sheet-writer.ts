/**
 * The report's sheets as data, and their exceljs renderer. A table sheet is a styled header,
 * frozen and filtered, on A4 with repeating titles; its whole layout (widths, styles, page setup)
 * is resolved here once, by `tableLayout`, so the exceljs renderer below and the Node streaming
 * writer (scripts/lib/workbook/report-writer.ts) give the same workbook from the same data.
 * Browser-safe: the add-in's 生成汇总 renders with exceljs in the pane.
 */
import type ExcelJS from 'exceljs';
import { columnLetter } from '../forms/cell';

export const DATE_FORMAT = 'yyyy-mm-dd';
export const PERCENT_FORMAT = '0.0%';
export const HEADER_FILL = 'FFDDEBF7';

export interface TableColumn {
  header: string;
  width: number;
  wrap?: boolean;
  numFmt?: string;
}

/** A formula with the result it has now (written as the cached value). */
export interface FormulaCell {
  formula: string;
  result: number | string | boolean;
}

/** What a report cell holds; null, undefined and '' are left empty. */
export type CellData = string | number | boolean | Date | FormulaCell | null | undefined;

/** A solid cell fill and optional font colour (ARGB), as a conditional format applies it. */
export interface HighlightStyle {
  fill: string;
  fontColor?: string;
}

export type ConditionalRule =
  /** The Excel 2007 gradient data bar (no x14 extension, which other readers warn about). */
  | { type: 'dataBar'; priority: number; min: number; max: number; color: string }
  | ({ type: 'expression'; priority: number; formula: string } & HighlightStyle)
  | ({ type: 'cellIs'; priority: number; operator: 'greaterThan'; formula: string } & HighlightStyle);

export interface ConditionalFormat {
  ref: string;
  rules: readonly ConditionalRule[];
}

/** A plain table sheet, as data: what both report writers render. */
export interface TableSheet {
  name: string;
  title: string;
  columns: readonly TableColumn[];
  /** Made one at a time as the sheet takes them (a generator need not hold them all). */
  rows: Iterable<readonly CellData[]>;
  orientation?: 'landscape' | 'portrait';
  /** The last row is a total: bold. */
  boldLastRow?: boolean;
  conditionalFormats?: readonly ConditionalFormat[];
}

/** A sheet of plain text rows without any layout (`_meta`). */
export interface PlainSheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  rows: readonly (readonly string[])[];
}

/** A sheet of the report: a table, or plain rows. */
export type ReportSheet = { table: TableSheet } | { plain: PlainSheet };

export interface BorderLine {
  style: 'thin';
  color: string;
}

/** A cell format as data; each writer turns it into its own form. */
export interface CellStyle {
  numFmt?: string;
  bold?: boolean;
  /** Solid fill colour (ARGB). */
  fill?: string;
  /** The same line on all four sides. */
  border?: BorderLine;
  alignment?: { horizontal?: 'center'; vertical?: 'top' | 'middle'; wrapText?: boolean };
}

export interface ColumnLayout {
  width: number;
  /** The column's format, which every data cell has. */
  style: CellStyle;
  headerStyle: CellStyle;
  /** A data cell of a bold (total) row. */
  boldStyle: CellStyle;
}

export interface TableLayout {
  columns: ColumnLayout[];
  headerHeight: number;
  /** Rows frozen at the top. */
  frozenRows: number;
  /** A1 range of the autofilter (the header row). */
  autoFilter: string;
  pageSetup: {
    paperSize: number;
    orientation: 'landscape' | 'portrait';
    fitToPage: boolean;
    fitToWidth: number;
    fitToHeight: number;
    /** Rows repeated on every printed page, as `first:last`. */
    printTitlesRow: string;
    margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
  };
  headerFooter: { oddHeader: string; oddFooter: string };
  /** Format of the row marked bold (the whole row, empty cells too). */
  boldRowStyle: CellStyle;
}

const BORDER: BorderLine = { style: 'thin', color: 'FFB4B4B4' };

/** Everything about a table sheet except its rows, resolved from its data. */
export function tableLayout(sheet: Omit<TableSheet, 'rows'>): TableLayout {
  const { title, columns, orientation = 'landscape' } = sheet;
  return {
    columns: columns.map((c) => {
      const style: CellStyle = { numFmt: c.numFmt, alignment: { vertical: 'top', wrapText: !!c.wrap } };
      return {
        width: c.width,
        style,
        // A header cell keeps its column's number format (it is a cell of that column).
        headerStyle: { numFmt: c.numFmt, bold: true, fill: HEADER_FILL, border: BORDER, alignment: { vertical: 'middle', horizontal: 'center', wrapText: true } },
        boldStyle: { ...style, bold: true },
      };
    }),
    headerHeight: 30,
    frozenRows: 1,
    autoFilter: `A1:${columnLetter(columns.length - 1)}1`,
    pageSetup: { paperSize: 9, orientation, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1', margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
    headerFooter: { oddHeader: `&C&12${title}`, oddFooter: '&C第 &P 页，共 &N 页' },
    boldRowStyle: { bold: true },
  };
}

// ---- the exceljs renderer ----

function fillOf(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

function borderOf(line: BorderLine): Partial<ExcelJS.Borders> {
  const side = { style: line.style, color: { argb: line.color } };
  return { top: side, left: side, bottom: side, right: side };
}

function highlight(h: HighlightStyle): Partial<ExcelJS.Style> {
  const style: Partial<ExcelJS.Style> = { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: h.fill } } };
  if (h.fontColor) style.font = { color: { argb: h.fontColor } };
  return style;
}

function conditionalRule(rule: ConditionalRule): ExcelJS.ConditionalFormattingRule {
  switch (rule.type) {
    case 'dataBar':
      return { type: 'dataBar', priority: rule.priority, gradient: true, cfvo: [{ type: 'num', value: rule.min }, { type: 'num', value: rule.max }], color: { argb: rule.color } } as unknown as ExcelJS.ConditionalFormattingRule;
    case 'expression':
      return { type: 'expression', priority: rule.priority, formulae: [rule.formula], style: highlight(rule) };
    case 'cellIs':
      return { type: 'cellIs', priority: rule.priority, operator: rule.operator, formulae: [rule.formula], style: highlight(rule) };
  }
}

function excelValue(v: CellData): ExcelJS.CellValue {
  return v === undefined ? null : (v as ExcelJS.CellValue);
}

/** Adds a table sheet whole (the in-memory writer; the add-in's 生成汇总). */
export function renderTableSheet(wb: ExcelJS.Workbook, sheet: TableSheet): ExcelJS.Worksheet {
  const layout = tableLayout(sheet);
  const { pageSetup, headerFooter } = layout;
  const ws = wb.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', ySplit: layout.frozenRows, xSplit: 0 }],
    pageSetup: { ...pageSetup, margins: { ...pageSetup.margins } },
    headerFooter: { ...headerFooter },
  });
  layout.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    col.alignment = { ...c.style.alignment };
    if (c.style.numFmt) col.numFmt = c.style.numFmt;
  });
  const header = ws.getRow(1);
  sheet.columns.forEach((c, i) => {
    const { headerStyle } = layout.columns[i];
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: headerStyle.bold };
    cell.alignment = { ...headerStyle.alignment };
    if (headerStyle.fill) cell.fill = fillOf(headerStyle.fill);
    if (headerStyle.border) cell.border = borderOf(headerStyle.border);
  });
  header.height = layout.headerHeight;
  let r = 2;
  for (const values of sheet.rows) {
    const row = ws.getRow(r++);
    values.forEach((v, c) => {
      if (v === null || v === undefined || v === '') return;
      row.getCell(c + 1).value = excelValue(v);
    });
  }
  if (sheet.boldLastRow && r > 2) ws.getRow(r - 1).font = { bold: layout.boldRowStyle.bold };
  for (const cf of sheet.conditionalFormats ?? []) ws.addConditionalFormatting({ ref: cf.ref, rules: cf.rules.map(conditionalRule) });
  ws.autoFilter = layout.autoFilter;
  return ws;
}

export function renderPlainSheet(wb: ExcelJS.Workbook, sheet: PlainSheet): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheet.name, { state: sheet.state });
  sheet.rows.forEach((values, r) => values.forEach((v, c) => (ws.getCell(r + 1, c + 1).value = v)));
  return ws;
}

export function renderReportSheet(wb: ExcelJS.Workbook, sheet: ReportSheet): ExcelJS.Worksheet {
  return 'table' in sheet ? renderTableSheet(wb, sheet.table) : renderPlainSheet(wb, sheet.plain);
}

/** A table sheet from its parts (publish, and the bench's baseline). */
export function addTableSheet(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  columns: readonly TableColumn[],
  rows: Iterable<readonly ExcelJS.CellValue[]>,
  orientation: 'landscape' | 'portrait' = 'landscape',
): ExcelJS.Worksheet {
  // exceljs values go through to exceljs unchanged (the renderer only passes them on).
  return renderTableSheet(wb, { name, title, columns, rows: rows as Iterable<readonly CellData[]>, orientation });
}
