/**
 * The exceljs renderer of the report's sheets (addin/report/model/report-sheets.ts): the add-in's
 * 生成汇总 builds the standard report workbook with it in the browser (exceljs's browser build),
 * and publish writes the 公开版 with it in Node. No Node APIs.
 */
import ExcelJS from 'exceljs';
import type { ReportModel } from './model/report-model';
import { REPORT_VIEWS, reportSheets } from './model/report-sheets';
import {
  type BorderLine,
  type CellData,
  type ConditionalRule,
  FONT_CHARSET,
  type FontStyle,
  type HighlightStyle,
  type PlainSheet,
  type ReportSheet,
  type TableColumn,
  type TableSheet,
  dataRowHeight,
  tableLayout,
} from './model/sheet-layout';

export function fontOf(font: FontStyle): Partial<ExcelJS.Font> {
  return { name: font.name, size: font.size, charset: FONT_CHARSET, ...(font.bold ? { bold: true } : {}) };
}

export function fillOf(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

export function borderOf(line: BorderLine): Partial<ExcelJS.Borders> {
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
      return {
        type: 'dataBar',
        priority: rule.priority,
        gradient: true,
        cfvo: [
          { type: 'num', value: rule.min },
          { type: 'num', value: rule.max },
        ],
        color: { argb: rule.color },
      } as unknown as ExcelJS.ConditionalFormattingRule;
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
    col.font = fontOf(c.style.font);
    if (c.style.numFmt) col.numFmt = c.style.numFmt;
  });
  const header = ws.getRow(1);
  sheet.columns.forEach((c, i) => {
    const { headerStyle } = layout.columns[i];
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = fontOf(headerStyle.font);
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
    const height = dataRowHeight(layout, values);
    if (height !== undefined) row.height = height;
  }
  if (sheet.boldLastRow && r > 2) ws.getRow(r - 1).font = fontOf(layout.boldRowStyle.font);
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

export function buildReportWorkbook(model: ReportModel): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  for (const sheet of reportSheets(model)) renderReportSheet(wb, sheet);
  wb.views = REPORT_VIEWS;
  return wb;
}
