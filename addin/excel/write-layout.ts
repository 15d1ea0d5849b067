/**
 * Queues the Office.js commands that render a SheetLayout: the add-in's writer of the one layout
 * that `template` renders with exceljs. Nothing here syncs; the caller syncs once after queueing.
 */
import { type CellValue, a1, columnLetter } from '../forms/cell';
import { isoToSerial } from '../forms/dates';
import { type SheetLayout, filterRange, headerRange, statusRange, validationRange } from '../forms/layout';
import type { PrintSpec } from '../forms/print-layout';
import {
  BORDER_COLOR,
  HEADER_FILL,
  HEADER_ROW_HEIGHT,
  LOCKED_FILL,
  REQUIRED_HEADER_FILL,
  charsToPoints,
  officeProtection,
  officeValidation,
} from './office-layout';

export interface WriteOptions {
  /** ExcelApi 1.8 is there: data validation (dropdowns, date rules, prompts). */
  api18: boolean;
  /** ExcelApi 1.9 is there: auto filter and page layout. */
  api19: boolean;
}

/** Widths, alignment and unlocking of every column, and the date format of date columns. */
export function queueColumns(sheet: Excel.Worksheet, layout: SheetLayout): void {
  for (const c of layout.columns) {
    const column = sheet.getRange(`${c.letter}:${c.letter}`);
    column.format.columnWidth = charsToPoints(c.width);
    column.format.verticalAlignment = 'Top';
    column.format.wrapText = c.wrap;
    column.format.protection.locked = false;
    if (c.numFmt) {
      const rows = layout.lastDataRow - layout.firstDataRow + 1;
      sheet.getRange(validationRange(layout, c)).numberFormat = Array.from({ length: rows }, () => [c.numFmt]);
    }
  }
}

export function queueHeader(sheet: Excel.Worksheet, layout: SheetLayout): void {
  const header = sheet.getRange(headerRange(layout));
  header.values = [layout.columns.map((c) => c.header)];
  header.format.font.bold = true;
  header.format.horizontalAlignment = 'Center';
  header.format.verticalAlignment = 'Center';
  header.format.wrapText = true;
  header.format.rowHeight = HEADER_ROW_HEIGHT;
  header.format.protection.locked = true;
  for (const edge of ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight', 'InsideVertical'] as const) {
    const border = header.format.borders.getItem(edge);
    border.style = 'Continuous';
    border.color = BORDER_COLOR;
  }
  layout.columns.forEach((c, i) => {
    sheet.getRange(a1(i, layout.headerRow)).format.fill.color = c.required ? REQUIRED_HEADER_FILL : HEADER_FILL;
  });
}

function officeValue(value: CellValue, isDate: boolean): string | number | boolean | null {
  if (value === null) return null;
  if (typeof value === 'object') return null;
  if (isDate && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return isoToSerial(value);
  return value;
}

/** The pre-filled rows; locked columns are locked and greyed as `template` does. */
export function queuePrefill(sheet: Excel.Worksheet, layout: SheetLayout): void {
  const n = layout.prefill.length;
  if (n === 0) return;
  const first = layout.firstDataRow;
  const last = first + n - 1;
  const lastCol = columnLetter(layout.columns.length - 1);
  // Text first: Excel reads a string written to a General cell as if typed ("001" → 1, "1-2" → a date).
  for (const c of layout.columns) {
    if (!c.numFmt && layout.prefill.some((row) => typeof row[layout.columns.indexOf(c)] === 'string'))
      sheet.getRange(`${c.letter}${first}:${c.letter}${last}`).numberFormat = layout.prefill.map(() => ['@']);
  }
  // null leaves a cell as it is, so blank fields of the roster are simply not written.
  sheet.getRange(`A${first}:${lastCol}${last}`).values = layout.prefill.map((row) => layout.columns.map((c, i) => officeValue(row[i] ?? null, !!c.numFmt)));
  for (const c of layout.columns) {
    if (!c.locked) continue;
    const cells = sheet.getRange(`${c.letter}${first}:${c.letter}${last}`);
    cells.format.protection.locked = true;
    cells.format.fill.color = LOCKED_FILL;
  }
}

/** Data validation of every column; clears what was there first, so it also repairs. */
export function queueValidations(sheet: Excel.Worksheet, layout: SheetLayout): void {
  for (const c of layout.columns) {
    if (!c.validation) continue;
    const dv = sheet.getRange(validationRange(layout, c)).dataValidation;
    const v = officeValidation(c.validation);
    dv.clear();
    dv.ignoreBlanks = true;
    dv.rule = v.rule;
    dv.prompt = v.prompt;
    dv.errorAlert = v.errorAlert;
  }
}

export function queueFreeze(sheet: Excel.Worksheet, layout: SheetLayout): void {
  const { rows, columns } = layout.freeze;
  if (columns > 0) sheet.freezePanes.freezeAt(sheet.getRange(`A1:${a1(columns - 1, rows)}`));
  else sheet.freezePanes.freezeRows(rows);
}

const POINTS_PER_INCH = 72;
const absolute = (rows: string) => rows.replace(/([A-Z]+|\d+)/g, '$$$1');

/** Paper, scale, order, margins and print titles (ExcelApi 1.9). */
export function queuePrintSpec(sheet: Excel.Worksheet, print: PrintSpec): void {
  const page = sheet.pageLayout;
  page.orientation = print.orientation === 'landscape' ? 'Landscape' : 'Portrait';
  page.paperSize = 'A4';
  page.zoom = { scale: print.scale };
  page.printOrder = 'OverThenDown';
  page.leftMargin = print.margins.left * POINTS_PER_INCH;
  page.rightMargin = print.margins.right * POINTS_PER_INCH;
  page.topMargin = print.margins.top * POINTS_PER_INCH;
  page.bottomMargin = print.margins.bottom * POINTS_PER_INCH;
  page.headerMargin = print.margins.header * POINTS_PER_INCH;
  page.footerMargin = print.margins.footer * POINTS_PER_INCH;
  if (print.printTitleRows) page.setPrintTitleRows(absolute(print.printTitleRows));
  if (print.printTitleColumns) page.setPrintTitleColumns(absolute(print.printTitleColumns));
}

export function queuePage(sheet: Excel.Worksheet, layout: SheetLayout, opts: WriteOptions): void {
  if (!opts.api19) return;
  sheet.autoFilter.apply(sheet.getRange(filterRange(layout)));
  queuePrintSpec(sheet, layout.print);
  sheet.pageLayout.headersFooters.defaultForAllPages.centerHeader = `&14《${layout.title}》`;
  sheet.pageLayout.headersFooters.defaultForAllPages.centerFooter = '第 &P 页，共 &N 页';
}

/** 填写状态: header, width, one formula per data row; locked (not an input). */
export function queueStatus(sheet: Excel.Worksheet, layout: SheetLayout): void {
  const status = layout.status;
  const range = statusRange(layout);
  if (!status || !range) return;
  const column = sheet.getRange(`${status.letter}:${status.letter}`);
  column.format.columnWidth = charsToPoints(status.width);
  column.format.verticalAlignment = 'Top';
  column.format.horizontalAlignment = 'Center';
  column.format.protection.locked = true;
  const header = sheet.getRange(`${status.letter}${layout.headerRow}`);
  header.values = [[status.header]];
  header.format.font.bold = true;
  header.format.verticalAlignment = 'Center';
  header.format.wrapText = true;
  header.format.fill.color = HEADER_FILL;
  for (const edge of ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] as const) {
    const border = header.format.borders.getItem(edge);
    border.style = 'Continuous';
    border.color = BORDER_COLOR;
  }
  sheet.getRange(range).formulas = status.formulas.map((f) => [`=${f}`]);
}

/** The conditional formats that mark cells check would reject (ExcelApi 1.6, below the manifest's 1.7). */
export function queueMarks(sheet: Excel.Worksheet, layout: SheetLayout): void {
  for (const mark of layout.marks) {
    const cf = sheet.getRange(mark.range).conditionalFormats.add('Custom');
    cf.custom.rule.formula = `=${mark.formula}`;
    cf.custom.format.fill.color = mark.fill;
    cf.custom.format.font.color = mark.font;
  }
}

/**
 * Locking as `template` sets it: every column unlocked, the header locked, and the locked
 * (pre-filled) columns locked on the first `prefilledRows` data rows.
 */
export function queueLocking(sheet: Excel.Worksheet, layout: SheetLayout, prefilledRows: number): void {
  const lastCol = columnLetter(layout.columns.length - 1);
  sheet.getRange(`A:${lastCol}`).format.protection.locked = false;
  sheet.getRange(headerRange(layout)).format.protection.locked = true;
  if (prefilledRows <= 0) return;
  const first = layout.firstDataRow;
  for (const c of layout.columns) {
    if (c.locked) sheet.getRange(`${c.letter}${first}:${c.letter}${first + prefilledRows - 1}`).format.protection.locked = true;
  }
}

export function queueProtect(sheet: Excel.Worksheet, layout: SheetLayout): void {
  if (layout.protection) sheet.protection.protect(officeProtection(layout.protection));
}

/** A new form sheet, cell for cell as `template` writes it. */
export function queueNewFormSheet(context: Excel.RequestContext, layout: SheetLayout, opts: WriteOptions): Excel.Worksheet {
  const sheet = context.workbook.worksheets.add(layout.name);
  queueColumns(sheet, layout);
  queueHeader(sheet, layout);
  queuePrefill(sheet, layout);
  queueStatus(sheet, layout);
  if (opts.api18) queueValidations(sheet, layout);
  queueMarks(sheet, layout);
  queueFreeze(sheet, layout);
  queuePage(sheet, layout, opts);
  queueProtect(sheet, layout);
  return sheet;
}
