/**
 * Renders the pure layouts (addin/forms/layout.ts) with exceljs: the `template` writer.
 * The add-in renders the same layouts with Office.js (addin/excel/insert-forms.ts).
 */
import type ExcelJS from 'exceljs';
import type { CellValue } from '../../../addin/forms/cell';
import { isoToUtcDate } from '../../../addin/forms/dates';
import type { MarkSpec } from '../../../addin/forms/guidance';
import type { InstructionsLayout } from '../../../addin/forms/instructions-layout';
import type { PrintSpec } from '../../../addin/forms/print-layout';
import { type LayoutContext, type SheetLayout, type ValidationSpec, filterRange, listColumns, validationRange } from '../../../addin/forms/layout';
import { LISTS_SHEET, META_SHEET, type MetaRow } from '../../../addin/forms/meta';

export const HEADER_FILL = 'FFDDEBF7';
export const REQUIRED_HEADER_FILL = 'FFBDD7EE';
export const LOCKED_FILL = 'FFF2F2F2';
const THIN = { style: 'thin' as const, color: { argb: 'FFB4B4B4' } };
export const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** A value for exceljs: strings stay strings (never formulas), dates become Date cells. */
export function excelValue(value: CellValue, isDate = false): ExcelJS.CellValue {
  if (value === null) return null;
  if (typeof value === 'object') return { error: value.error } as ExcelJS.CellErrorValue;
  if (isDate && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return isoToUtcDate(value);
  return value;
}

function toExcelValidation(v: ValidationSpec): ExcelJS.DataValidation {
  const common = {
    allowBlank: true,
    showInputMessage: true,
    promptTitle: v.promptTitle,
    prompt: v.prompt,
    showErrorMessage: true,
    errorStyle: 'stop' as const,
    errorTitle: v.errorTitle,
    error: v.error,
  };
  switch (v.type) {
    case 'list':
      return { ...common, type: 'list', formulae: [v.source ? v.source.replace(/^=/, '') : `"${(v.items ?? []).join(',')}"`] };
    case 'date':
      return {
        ...common,
        type: 'date',
        operator: v.operator ?? 'between',
        formulae: [v.min, v.max].filter((x): x is string => typeof x === 'string').map(isoToUtcDate),
      };
    case 'whole':
      return { ...common, type: 'whole', operator: v.operator ?? 'between', formulae: [v.min, v.max].filter((x) => x !== undefined) };
    case 'textLength':
      return { ...common, type: 'textLength', operator: v.operator ?? 'lessThanOrEqual', formulae: [v.max] };
  }
}

/** exceljs's page setup for a PrintSpec: a fixed scale, never fit-to-page (which shrinks wide sheets to 4 pt). */
export function pageSetup(print: PrintSpec): Partial<ExcelJS.PageSetup> {
  return {
    paperSize: 9,
    orientation: print.orientation,
    fitToPage: false,
    scale: print.scale,
    pageOrder: print.order,
    ...(print.printTitleRows ? { printTitlesRow: print.printTitleRows } : {}),
    ...(print.printTitleColumns ? { printTitlesColumn: print.printTitleColumns } : {}),
    margins: print.margins,
  };
}

function argb(hex: string): { argb: string } {
  return { argb: `FF${hex.replace(/^#/, '').toUpperCase()}` };
}

function renderMarks(ws: ExcelJS.Worksheet, marks: readonly MarkSpec[]): void {
  marks.forEach((m, i) => {
    ws.addConditionalFormatting({
      ref: m.range,
      rules: [
        {
          type: 'expression',
          priority: i + 1,
          formulae: [m.formula],
          style: { fill: { type: 'pattern', pattern: 'solid', bgColor: argb(m.fill) }, font: { color: argb(m.font) } },
        },
      ],
    });
  });
}

function renderStatus(ws: ExcelJS.Worksheet, layout: SheetLayout): void {
  const status = layout.status;
  if (!status) return;
  const index = layout.columns.length + 1;
  const column = ws.getColumn(index);
  column.width = status.width;
  column.alignment = { vertical: 'top', horizontal: 'center' };
  column.protection = { locked: true };
  const cell = ws.getRow(layout.headerRow).getCell(index);
  cell.value = status.header;
  cell.font = { bold: true };
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  cell.border = BORDER;
  cell.protection = { locked: true };
  // A formula of its own per row, not a shared one: exceljs cannot write a shared formula back once a
  // column before it is removed, and the column is as long as the roster, not the 300 spare rows.
  status.formulas.forEach((formula, i) => {
    ws.getCell(layout.firstDataRow + i, index).value = { formula, result: status.results[i] };
  });
}

export async function renderFormSheet(wb: ExcelJS.Workbook, layout: SheetLayout): Promise<ExcelJS.Worksheet> {
  const ws = wb.addWorksheet(layout.name, {
    views: [{ state: 'frozen', xSplit: layout.freeze.columns, ySplit: layout.freeze.rows, activeCell: `A${layout.firstDataRow}` }],
    pageSetup: pageSetup(layout.print),
    headerFooter: { oddHeader: `&C&14《${layout.title}》`, oddFooter: '&C第 &P 页，共 &N 页' },
  });
  layout.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    col.alignment = { vertical: 'top', wrapText: c.wrap };
    col.protection = { locked: false };
    if (c.numFmt) col.numFmt = c.numFmt;
  });
  const header = ws.getRow(layout.headerRow);
  layout.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: c.required ? REQUIRED_HEADER_FILL : HEADER_FILL } };
    cell.border = BORDER;
    cell.protection = { locked: true };
  });
  header.height = 30;
  layout.prefill.forEach((values, r) => {
    const row = ws.getRow(layout.firstDataRow + r);
    layout.columns.forEach((c, i) => {
      const value = values[i];
      if (value === null || value === undefined) {
        if (!c.locked) return;
      }
      const cell = row.getCell(i + 1);
      cell.value = excelValue(value ?? null, !!c.numFmt);
      if (c.locked) {
        cell.protection = { locked: true };
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LOCKED_FILL } };
      }
    });
  });
  // exceljs supports range validations (one <dataValidation sqref="H2:H331">) but its typings omit them.
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  for (const c of layout.columns) {
    if (c.validation) validations.add(validationRange(layout, c), toExcelValidation(c.validation));
  }
  renderStatus(ws, layout);
  renderMarks(ws, layout.marks);
  ws.autoFilter = filterRange(layout);
  if (layout.protection) await ws.protect('', { ...layout.protection, sort: false, formatCells: false, insertColumns: false, deleteRows: false });
  return ws;
}

export function renderLists(wb: ExcelJS.Workbook, ctx: LayoutContext): void {
  const ws = wb.addWorksheet(LISTS_SHEET, { state: 'veryHidden' });
  listColumns(ctx).forEach((list, i) => {
    ws.getCell(1, i + 1).value = list.header;
    list.items.forEach((item, j) => {
      ws.getCell(j + 2, i + 1).value = item;
    });
  });
}

export function renderMeta(wb: ExcelJS.Workbook, rows: readonly MetaRow[]): void {
  const ws = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  rows.forEach((values, r) => {
    values.forEach((v, c) => {
      if (v !== '') ws.getCell(r + 1, c + 1).value = v;
    });
  });
}

export function renderInstructions(wb: ExcelJS.Workbook, layout: InstructionsLayout): void {
  const ws = wb.addWorksheet(layout.name, { pageSetup: pageSetup(layout.print) });
  ws.getColumn(1).width = layout.width;
  ws.getColumn(1).alignment = { wrapText: true, vertical: 'top' };
  layout.rows.forEach((line, i) => {
    const cell = ws.getCell(i + 1, 1);
    cell.value = line.formula ? { formula: line.formula, result: line.text } : line.text;
    if (line.style === 'title') cell.font = { bold: true, size: 14 };
    else if (line.style === 'heading') cell.font = { bold: true };
    ws.getRow(i + 1).height = line.height;
  });
}
