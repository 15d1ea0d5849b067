/**
 * Fills a branch workbook the way a secretary would, through exceljs: values typed into the form
 * cells by header, member rows found by name. Used by the demo and by the tests' fixtures.
 */
import ExcelJS from 'exceljs';
import type { FormDef } from '../../../addin/forms/form';
import { BRANCH_FORMS, MEMBER_FORM, SCHEDULE_FORM } from '../../../addin/forms/branch-forms';
import { isoToUtcDate } from '../../../addin/forms/dates';
import { YES, NO } from '../../../addin/forms/fields';
import { wraps } from '../../../addin/forms/layout';
import { linesHeight, rowHeight } from '../../../addin/forms/text-fit';
import { normalizeName } from '../../../addin/forms/text';

/** A row to type: field key → what goes in the cell (ISO dates become date cells, booleans 是/否). */
export type RowInput = Record<string, ExcelJS.CellValue | boolean | undefined>;

export interface FillInput {
  org?: RowInput[];
  member?: RowInput[];
  rectification?: RowInput[];
  /** 点评安排 rows, matched to the pre-filled row by 点评对象. */
  schedule?: RowInput[];
}

/** The pre-filled field that identifies a row, where `template` pre-fills rows. */
const ROW_KEY: Partial<Record<string, string>> = { member: 'name', schedule: 'object' };

function cellValue(form: FormDef, key: string, value: RowInput[string]): ExcelJS.CellValue {
  const meta = form.columns.find((c) => c.key === key)?.meta;
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? YES : NO;
  if (meta?.kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return isoToUtcDate(value);
  return value as ExcelJS.CellValue;
}

/** The last row with something in a form column (the 填写状态 formulas run on below it). */
function lastFilledRow(ws: ExcelJS.Worksheet, colOf: ReadonlyMap<string, number>): number {
  let last = 1;
  ws.eachRow((row, r) => {
    for (const col of colOf.values()) {
      const v = row.getCell(col).value;
      if (v !== null && v !== undefined && v !== '') last = r;
    }
  });
  return last;
}

function fillSheet(ws: ExcelJS.Worksheet, form: FormDef, rows: readonly RowInput[]): void {
  const header = ws.getRow(1);
  const colOf = new Map<string, number>();
  header.eachCell((cell, col) => {
    const column = form.columns.find((c) => c.meta.label === String(cell.value ?? '').trim());
    if (column) colOf.set(column.key, col);
  });
  const rowKey = ROW_KEY[form.id];
  const nameCol = rowKey ? colOf.get(rowKey) : undefined;
  let next = Math.max(2, lastFilledRow(ws, colOf) + 1);
  for (const input of rows) {
    let rowNumber: number | undefined;
    const target = rowKey ? input[rowKey] : undefined;
    if (nameCol && typeof target === 'string') {
      for (let r = 2; r <= ws.actualRowCount; r++) {
        if (normalizeName(String(ws.getCell(r, nameCol).value ?? '')) === normalizeName(target)) {
          rowNumber = r;
          break;
        }
      }
    }
    if (
      rowNumber === undefined &&
      form !== MEMBER_FORM &&
      form !== SCHEDULE_FORM &&
      form.id === 'org' &&
      ws.actualRowCount >= 2 &&
      !ws.getCell(2, colOf.get('reviewer') ?? 4).value
    )
      rowNumber = 2;
    rowNumber ??= next++;
    for (const [key, value] of Object.entries(input)) {
      const col = colOf.get(key);
      if (col === undefined) continue;
      ws.getCell(rowNumber, col).value = cellValue(form, key, value);
    }
    fitRowHeight(ws, form, colOf, rowNumber);
  }
}

/** The form sheets' text size (Calibri 11, the workbook's default). */
const FONT_POINTS = 11;

/** What Excel does as a secretary types: the row grows to show its wrapped text. */
function fitRowHeight(ws: ExcelJS.Worksheet, form: FormDef, colOf: ReadonlyMap<string, number>, r: number): void {
  const cells = form.columns
    .filter((c) => wraps(c.meta) && colOf.has(c.key))
    .map((c) => {
      const value = ws.getCell(r, colOf.get(c.key) as number).value;
      // A date cell shows 2010-09-16 on one line; only text wraps.
      return { text: typeof value === 'string' ? value : '', width: ws.getColumn(colOf.get(c.key) as number).width ?? c.meta.width };
    });
  const height = rowHeight(cells.map((c) => ({ ...c, fontSize: FONT_POINTS })));
  if (height > linesHeight(1, FONT_POINTS)) ws.getRow(r).height = height;
}

export async function fillBranchWorkbook(template: Buffer, input: FillInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ExcelJS.Buffer);
  for (const form of BRANCH_FORMS) {
    const rows = input[form.id as keyof FillInput];
    const ws = wb.getWorksheet(form.sheetName);
    if (rows && ws) fillSheet(ws, form, rows);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
