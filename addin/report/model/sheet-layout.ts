/**
 * The report's sheets as data. A table sheet is a styled header, frozen and filtered, on A4 with
 * repeating titles; its whole layout (widths, styles, page setup) is resolved here once, by
 * `tableLayout`, so the exceljs renderer (addin/report/exceljs-renderer.ts, the add-in's 生成汇总)
 * and the Node streaming writer (scripts/lib/workbook/report-writer.ts) give the same workbook
 * from the same data. Pure: no exceljs, no Office, no Node.
 */
import { columnLetter } from '../../forms/cell';

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
        headerStyle: {
          numFmt: c.numFmt,
          bold: true,
          fill: HEADER_FILL,
          border: BORDER,
          alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
        },
        boldStyle: { ...style, bold: true },
      };
    }),
    headerHeight: 30,
    frozenRows: 1,
    autoFilter: `A1:${columnLetter(columns.length - 1)}1`,
    pageSetup: {
      paperSize: 9,
      orientation,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddHeader: `&C&12${title}`, oddFooter: '&C第 &P 页，共 &N 页' },
    boldRowStyle: { bold: true },
  };
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
