/**
 * The report's sheets as data. A table sheet is a styled header, frozen and filtered, on A4 with
 * repeating titles; its whole layout (widths, styles, page setup) is resolved here once, by
 * `tableLayout`, so the exceljs renderer (addin/report/exceljs-renderer.ts, the add-in's 生成汇总)
 * and the Node streaming writer (scripts/lib/workbook/report-writer.ts) give the same workbook
 * from the same data. Pure: no exceljs, no Office, no Node.
 */
import { columnLetter } from '../../forms/cell';
import { type TextCell, columnPoints, fitsOnOneLine, rowHeight } from '../../forms/text-fit';

export const DATE_FORMAT = 'yyyy-mm-dd';
export const PERCENT_FORMAT = '0.0%';
export const HEADER_FILL = 'FFDDEBF7';

/**
 * The one typeface of every text cell, printed and on screen: 宋体 (SimSun) is on every Chinese
 * Windows since 95 and is WPS's default; the Office 2016+ default 等线 is missing on older PCs.
 * Elsewhere the viewer substitutes a CJK font. Charset 134 (GB2312) tells Excel the script.
 */
export const FONT_NAME = '宋体';
export const FONT_CHARSET = 134;
export const FONT_SIZE = 11;
/** The height of a row of one line (points), as the writers declare it for the sheet. */
export const DEFAULT_ROW_HEIGHT = 15;

export interface TableColumn {
  header: string;
  width: number;
  wrap?: boolean;
  numFmt?: string;
  /** Centred (dates and counts between text columns, which would otherwise touch them). */
  center?: boolean;
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
  /**
   * Leading columns that say whose row it is (学校, 姓名): repeated at the left of every page
   * when the sheet is too wide to print on one page across.
   */
  keyColumns?: number;
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

export interface FontStyle {
  name: string;
  size: number;
  bold?: boolean;
}

/** The font of every report cell; `bold` for headers and totals. */
export const BODY_FONT: FontStyle = { name: FONT_NAME, size: FONT_SIZE };

/** A cell format as data; each writer turns it into its own form. Every style names its font. */
export interface CellStyle {
  numFmt?: string;
  font: FontStyle;
  /** Solid fill colour (ARGB). */
  fill?: string;
  /** The same line on all four sides. */
  border?: BorderLine;
  /** `indent`: levels of left indent (a level is about one character), left-aligned text only. */
  alignment?: { horizontal?: 'left' | 'center' | 'right'; vertical?: 'top' | 'middle' | 'bottom'; wrapText?: boolean; indent?: number };
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
    /** Narrow enough: shrunk to one page across (never below MIN_PRINT_SCALE). */
    fitToPage: boolean;
    fitToWidth: number;
    fitToHeight: number;
    /** Too wide to shrink: printed at this scale (percent) on several pages across. */
    scale?: number;
    /** Rows repeated on every printed page, as `first:last`. */
    printTitlesRow: string;
    /** Columns repeated on every page of a sheet printed several pages across, as `A:B`. */
    printTitlesColumn?: string;
    margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
  };
  headerFooter: { oddHeader: string; oddFooter: string };
  /** Format of the row marked bold (the whole row, empty cells too). */
  boldRowStyle: CellStyle;
}

const BORDER: BorderLine = { style: 'thin', color: 'FFB4B4B4' };

/** The smallest scale a sheet is shrunk to for one page across; wider ones print on several. */
export const MIN_PRINT_SCALE = 0.75;
/** The scale of a sheet printed on several pages across (11 pt prints as 8.8 pt). */
export const WIDE_SHEET_SCALE = 80;
const MARGINS = { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };
/** A4 in points, and the width inside the side margins. */
const A4 = { portrait: 595.3, landscape: 841.9 } as const;

/** The page setup of a table `width` column units wide: one page across if that keeps it legible. */
function pageFit(
  width: number,
  orientation: 'landscape' | 'portrait',
  keyColumns: number,
): Pick<TableLayout['pageSetup'], 'fitToPage' | 'fitToWidth' | 'fitToHeight' | 'scale' | 'printTitlesColumn'> {
  const printable = A4[orientation] - (MARGINS.left + MARGINS.right) * 72;
  if (columnPoints(width) * MIN_PRINT_SCALE <= printable) return { fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
  return {
    fitToPage: false,
    fitToWidth: 1,
    fitToHeight: 1,
    scale: WIDE_SHEET_SCALE,
    ...(keyColumns > 0 ? { printTitlesColumn: `A:${columnLetter(keyColumns - 1)}` } : {}),
  };
}

/** Everything about a table sheet except its rows, resolved from its data. */
export function tableLayout(sheet: Omit<TableSheet, 'rows'>): TableLayout {
  const { title, columns, orientation = 'landscape' } = sheet;
  return {
    columns: columns.map((c) => {
      const style: CellStyle = {
        numFmt: c.numFmt,
        font: BODY_FONT,
        alignment: { ...(c.center ? { horizontal: 'center' } : {}), vertical: 'top', wrapText: !!c.wrap },
      };
      return {
        width: c.width,
        style,
        // A header cell keeps its column's number format (it is a cell of that column).
        headerStyle: {
          numFmt: c.numFmt,
          font: { ...BODY_FONT, bold: true },
          fill: HEADER_FILL,
          border: BORDER,
          alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
        },
        boldStyle: { ...style, font: { ...BODY_FONT, bold: true } },
      };
    }),
    headerHeight: Math.max(30, rowHeight(columns.map((c) => ({ text: c.header, width: c.width, fontSize: FONT_SIZE })))),
    frozenRows: 1,
    autoFilter: `A1:${columnLetter(columns.length - 1)}1`,
    pageSetup: {
      paperSize: 9,
      orientation,
      ...pageFit(
        columns.reduce((n, c) => n + c.width, 0),
        orientation,
        sheet.keyColumns ?? 0,
      ),
      printTitlesRow: '1:1',
      margins: { ...MARGINS },
    },
    headerFooter: { oddHeader: `&C&12${title}`, oddFooter: '&C第 &P 页，共 &N 页' },
    boldRowStyle: { font: { ...BODY_FONT, bold: true } },
  };
}

/** A data cell's text as the row-height estimate reads it (numbers and dates never wrap). */
function wrappedText(value: CellData): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !(value instanceof Date) && typeof value.result === 'string') return value.result;
  return '';
}

/**
 * The height of a data row whose wrapped columns hold more than a line (points), else
 * undefined (the sheet's default). Both writers call this for every row, so both give the
 * same heights.
 */
export function dataRowHeight(layout: Pick<TableLayout, 'columns'>, values: readonly CellData[]): number | undefined {
  let cells: TextCell[] | undefined;
  for (let i = 0; i < values.length && i < layout.columns.length; i++) {
    const c = layout.columns[i];
    if (!c.style.alignment?.wrapText) continue;
    const text = wrappedText(values[i]);
    if (fitsOnOneLine(text, c.width, FONT_SIZE)) continue;
    (cells ??= []).push({ text, width: c.width, fontSize: FONT_SIZE });
  }
  if (!cells) return undefined;
  const h = rowHeight(cells, DEFAULT_ROW_HEIGHT);
  return h > DEFAULT_ROW_HEIGHT ? h : undefined;
}

/** The workbook window (which sheet is active when the report opens). */
export interface WorkbookView {
  activeTab: number;
  x: number;
  y: number;
  width: number;
  height: number;
  firstSheet: number;
  visibility: 'visible';
}
