/**
 * Grid → typed records, for any form. The one place where cells become records: header
 * mapping (reordered, renamed or extra columns), merged cells, formulas, then the form's zod
 * schema per row. Problems carry the sheet and the A1 cell.
 */
import { type CellValue, type Grid, type GridRow, a1, cellAt, columnLetter, withCells } from '../cell';
import { serialToIso } from '../dates';
import type { FieldMeta } from '../fields';
import type { Column, FormDef, RecordOf } from '../form';
import { STATUS_LABEL } from '../guidance';
import { type Problem, type RuleId, hasErrors, problem, quote } from '../problems';
import { isBlankText, normalizeName } from '../text';

/** Rows searched for the header (a title row or two above it is fine). */
const HEADER_SEARCH_ROWS = 10;
/** Data rows read from one sheet at most; the rest are reported, not silently dropped. */
export const MAX_DATA_ROWS = 20_000;

export interface ReadRow<T> {
  /** 1-based worksheet row. */
  row: number;
  /** The parsed record, or null when a cell of the row has an error. */
  record: T | null;
  /** When `record` is null: the fields that parsed on their own (rules on identity still run). */
  values?: Partial<T>;
  /** A1 cell of each field that has a column. */
  cells: Record<string, string>;
  /** Problems of this row: cell-level first, then those the cross-row rules add. */
  problems: Problem[];
}

export interface FormRead<T> {
  form: FormDef;
  /** The sheet name as found in the workbook. */
  sheet: string;
  /** False when the sheet cannot be read at all (see `problems`). */
  readable: boolean;
  headerRow: number;
  /** Rows that hold a record (not blank, not only pre-filled template cells). */
  rows: ReadRow<T>[];
  /** Rows holding only the cells `template` pre-filled or suggested: nobody has filled them yet. */
  untouchedRows: ReadRow<T>[];
  /** Sheet-level problems (header, columns, sheet state). */
  problems: Problem[];
}

export function isAccepted<T>(row: ReadRow<T>): row is ReadRow<T> & { record: T } {
  return row.record !== null && !hasErrors(row.problems);
}

/**
 * headerKey's results by cell text: every cell of the rows searched for a header is compared with
 * every label, and the same texts come back in every file.
 */
const headerKeys = new Map<string, string>();

/** Header text as compared: NFKC, no whitespace, no required marks or trailing notes. */
export function headerKey(text: string): string {
  let key = headerKeys.get(text);
  if (key === undefined) {
    key = normalizeName(text)
      .replace(/[*＊:：]/g, '')
      .replace(/[(（][^)）]*[)）]$/u, '');
    if (headerKeys.size >= 10_000) headerKeys.clear();
    headerKeys.set(text, key);
  }
  return key;
}

const STATUS_KEY = headerKey(STATUS_LABEL);

function editDistanceAtMostOne(a: string, b: string): boolean {
  // One edit changes the UTF-16 length by 2 at most (a character outside the BMP).
  if (Math.abs(a.length - b.length) > 2) return false;
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (x.length > y.length) i++;
    else if (y.length > x.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (x.length - i) + (y.length - j) <= 1;
}

type Match = { column: Column; exact: boolean } | null;

/**
 * matchHeader's results per form and cell text: every file repeats the same header and title
 * cells, and the one-typo search over every label would be a third of reading a form.
 */
const headerMatches = new WeakMap<FormDef, Map<string, Match>>();
const MEMO_MAX_CHARS = 64;
/** The longest cell text taken for a header (the longest label with its note is under 30). */
export const HEADER_MAX_CHARS = 80;

function matchHeader(form: FormDef, value: CellValue): Match {
  // A label, perhaps with a short note; a longer text is a data cell among the rows searched.
  if (typeof value !== 'string' || value.length > HEADER_MAX_CHARS) return null;
  let memo = headerMatches.get(form);
  if (!memo) headerMatches.set(form, (memo = new Map()));
  let match = memo.get(value);
  if (match === undefined) {
    match = matchHeaderText(form, value);
    // Headers repeat from file to file; the data cells among the rows searched do not.
    if (value.length > MEMO_MAX_CHARS) return match;
    if (memo.size >= 10_000) memo.clear();
    memo.set(value, match);
  }
  return match;
}

function matchHeaderText(form: FormDef, value: string): Match {
  if (isBlankText(value)) return null;
  const raw = value.trim();
  for (const column of form.columns) {
    if (raw === column.meta.label || column.meta.aliases?.includes(raw)) return { column, exact: true };
  }
  const key = headerKey(value);
  for (const column of form.columns) {
    if (key === headerKey(column.meta.label) || column.meta.aliases?.some((a) => headerKey(a) === key)) return { column, exact: false };
  }
  // A one-character typo, when it points at exactly one label of three or more characters.
  const near = form.columns.filter((c) => [...c.meta.label].length >= 3 && editDistanceAtMostOne(key, headerKey(c.meta.label)));
  return near.length === 1 ? { column: near[0], exact: false } : null;
}

function findHeaderRow(form: FormDef, grid: Grid): GridRow | undefined {
  let best: GridRow | undefined;
  let bestScore = 0;
  for (const row of grid.rows.slice(0, HEADER_SEARCH_ROWS)) {
    const keys = new Set(row.values.map((c) => matchHeader(form, c)?.column.key).filter(Boolean));
    if (keys.size > bestScore) {
      best = row;
      bestScore = keys.size;
    }
  }
  const needed = Math.min(2, form.columns.length);
  return bestScore >= needed ? best : undefined;
}

/** Merged ranges in the data area: every cell takes the top-left value. */
function spreadMerges(grid: Grid, headerRow: number, problems: Problem[]): Map<number, GridRow> {
  const patches = new Map<number, Map<number, CellValue>>();
  const byRow = new Map(grid.rows.map((r) => [r.r, r]));
  for (const m of grid.merges ?? []) {
    if (m.bottom <= headerRow) continue;
    const top = Math.max(m.top, headerRow + 1);
    const topRow = byRow.get(m.top);
    const value = topRow ? cellAt(topRow, m.left) : null;
    for (let r = top; r <= m.bottom; r++) {
      const cells = patches.get(r) ?? new Map<number, CellValue>();
      for (let c = m.left; c <= m.right; c++) cells.set(c, value);
      patches.set(r, cells);
    }
    const range = `${a1(m.left, m.top)}:${a1(m.right, m.bottom)}`;
    problems.push(problem('mergedCells', { value: range }, { sheet: grid.name, cell: a1(m.left, m.top) }));
  }
  return new Map([...patches].map(([r, cells]) => [r, withCells(r, byRow.get(r), cells)]));
}

function isBlankCell(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && isBlankText(v));
}

function displayValue(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.error;
  return quote(v);
}

export interface ReadFormOptions {
  /** The workbook counts dates from 1904 (old Mac Excel). */
  date1904?: boolean;
  /** Data rows read at most (default MAX_DATA_ROWS); a county's roster lists more members than a form has rows. */
  maxRows?: number;
}

/**
 * The header row's columns mapped to the form's fields: each label once (a second is an error),
 * typos and reordering told as 提示, a missing required column an error.
 */
function mapColumns(form: FormDef, header: GridRow, sheet: string, problems: Problem[]): Map<string, number> {
  const colOf = new Map<string, number>();
  const dupes = new Map<string, number[]>();
  header.values.forEach((value, at) => {
    const index = header.cols[at];
    const match = matchHeader(form, value);
    if (!match) {
      // 填写状态 is the template's own formula column: not an input, not an unknown column.
      if (form.statusColumn && typeof value === 'string' && headerKey(value) === STATUS_KEY) return;
      if (!isBlankCell(value)) {
        problems.push(problem('extraColumn', { column: columnLetter(index), value: displayValue(value) }, { sheet, cell: a1(index, header.r) }));
      }
      return;
    }
    const key = match.column.key;
    if (colOf.has(key)) {
      dupes.set(key, [...(dupes.get(key) ?? [colOf.get(key) as number]), index]);
      return;
    }
    colOf.set(key, index);
    if (!match.exact)
      problems.push(problem('headerNormalized', { value: displayValue(value), label: match.column.meta.label }, { sheet, cell: a1(index, header.r) }));
  });
  for (const [key, indexes] of dupes) {
    const column = form.columns.find((c) => c.key === key) as Column;
    problems.push(
      problem('duplicateColumn', { label: column.meta.label, columns: indexes.map(columnLetter).join('、') }, { sheet, cell: a1(indexes[1], header.r) }),
    );
  }
  for (const column of form.columns) {
    if (colOf.has(column.key)) continue;
    const rule: RuleId = column.meta.required ? 'missingColumn' : 'missingOptionalColumn';
    problems.push(problem(rule, { label: column.meta.label }, { sheet, cell: a1(0, header.r) }));
  }
  const mappedInOrder = form.columns.filter((c) => colOf.has(c.key)).map((c) => colOf.get(c.key) as number);
  if (mappedInOrder.some((v, i) => i > 0 && v < mappedInOrder[i - 1])) {
    problems.push(problem('columnsReordered', {}, { sheet, cell: a1(0, header.r) }));
  }
  return colOf;
}

/** The rows below the header, those only merged cells reach included, up to the row limit (the rest is told). */
function dataRows(grid: Grid, headerRow: number, patched: Map<number, GridRow>, maxRows: number, problems: Problem[]): GridRow[] {
  const rows = grid.rows.filter((r) => r.r > headerRow);
  const present = new Set(rows.map((d) => d.r));
  const patchedOnly = [...patched.keys()].filter((r) => r > headerRow && !present.has(r));
  const all: GridRow[] = [...rows, ...patchedOnly.map((r) => ({ r, cols: [], values: [] }))].sort((x, y) => x.r - y.r);
  if (all.length > maxRows) problems.push(problem('rowsTruncated', { limit: maxRows }, { sheet: grid.name, cell: a1(0, all[maxRows].r) }));
  return all.slice(0, maxRows);
}

interface RowContext {
  form: FormDef;
  sheet: string;
  columns: Column[];
  colOf: Map<string, number>;
  options: ReadFormOptions;
}

/** A cell's value as a person reads it: a date column's serial as its date. */
function shownValue(column: Column, value: CellValue | undefined, options: ReadFormOptions): string {
  if (column.meta.kind === 'date' && typeof value === 'number') return serialToIso(value, options.date1904) ?? displayValue(value);
  return displayValue(value);
}

/** Formulas (read by their cached result, or as blank without one) and a row number the sheet holds twice. */
function rowShapeProblems(ctx: RowContext, gridRow: GridRow, cellsOfRow: GridRow): Problem[] {
  const { sheet, columns, colOf } = ctx;
  const problems: Problem[] = [];
  for (const index of gridRow.formulaCols ?? []) {
    const column = columns.find((c) => colOf.get(c.key) === index);
    if (!column) continue;
    const where = { sheet, cell: a1(index, gridRow.r) };
    const value = cellAt(cellsOfRow, index);
    if (isBlankCell(value)) problems.push(problem('formulaWithoutValue', { label: column.meta.label }, where));
    else problems.push(problem('formulaCell', { label: column.meta.label, value: shownValue(column, value, ctx.options) }, where));
  }
  if (gridRow.repeated) {
    const conflicts = columns.filter((c) => gridRow.repeated?.conflicts.includes(colOf.get(c.key) as number));
    const first = conflicts[0] ?? columns[0];
    const where = { sheet, cell: a1(colOf.get(first.key) as number, gridRow.r) };
    if (conflicts.length > 0)
      problems.push(problem('rowRepeatedConflict', { row: gridRow.r, labels: conflicts.map((c) => `「${c.meta.label}」`).join('') }, where));
    else problems.push(problem('rowRepeated', { row: gridRow.r }, where));
  }
  return problems;
}

/** One data row → its record (or the fields that parsed) and its problems; null for a blank row. */
function readRow<T>(ctx: RowContext, gridRow: GridRow, cellsOfRow: GridRow): { row: ReadRow<T>; onlyPrefilled: boolean } | null {
  const { form, sheet, columns, colOf, options } = ctx;
  const raw: Record<string, CellValue> = {};
  const cells: Record<string, string> = {};
  let filled = false;
  let onlyPrefilled = true;
  for (const column of columns) {
    const index = colOf.get(column.key) as number;
    let value = cellAt(cellsOfRow, index);
    cells[column.key] = a1(index, gridRow.r);
    if (isBlankCell(value)) continue;
    filled = true;
    if (!column.meta.prefilled && !column.meta.suggested) onlyPrefilled = false;
    if (column.meta.kind === 'date' && typeof value === 'number') value = serialToIso(value, options.date1904) ?? value;
    raw[column.key] = value;
  }
  if (!filled) return null;
  const rowProblems = rowShapeProblems(ctx, gridRow, cellsOfRow);
  const parsed = form.schema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const rule = (issue as { params?: { rule?: string } }).params?.rule ?? 'required';
      rowProblems.push({ severity: 'error', rule, message: issue.message, sheet, cell: cells[key] ?? a1(colOf.get(columns[0].key) ?? 0, gridRow.r) });
    }
  }
  const row: ReadRow<T> = { row: gridRow.r, record: parsed.success ? (parsed.data as T) : null, cells, problems: rowProblems };
  if (!parsed.success) row.values = partialValues(form, raw) as Partial<T>;
  return { row, onlyPrefilled };
}

export function readForm<F extends FormDef>(form: F, grid: Grid, options: ReadFormOptions = {}): FormRead<RecordOf<F>> {
  type T = RecordOf<F>;
  const sheet = grid.name;
  const problems: Problem[] = [];
  const result: FormRead<T> = { form, sheet, readable: false, headerRow: 0, rows: [], untouchedRows: [], problems };
  const header = findHeaderRow(form, grid);
  if (!header) {
    const labels = form.columns
      .slice(0, 4)
      .map((c) => `「${c.meta.label}」`)
      .join('');
    problems.push(problem('headerNotFound', { labels }, { sheet, cell: 'A1' }));
    return result;
  }
  result.headerRow = header.r;
  const colOf = mapColumns(form, header, sheet, problems);
  if (hasErrors(problems)) return result;
  result.readable = true;

  const patched = spreadMerges(grid, header.r, problems);
  const ctx: RowContext = { form, sheet, columns: form.columns.filter((c) => colOf.has(c.key)), colOf, options };
  const hasPrefilled = form.columns.some((c) => c.meta.prefilled);
  for (const gridRow of dataRows(grid, header.r, patched, options.maxRows ?? MAX_DATA_ROWS, problems)) {
    const read = readRow<T>(ctx, gridRow, patched.get(gridRow.r) ?? gridRow);
    if (!read) continue;
    if (read.onlyPrefilled && hasPrefilled) result.untouchedRows.push({ ...read.row, problems: [] });
    else result.rows.push(read.row);
  }
  return result;
}

function partialValues(form: FormDef, raw: Record<string, CellValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const field = form.schema.shape[key] as { safeParse(v: unknown): { success: boolean; data?: unknown } } | undefined;
    const one = field?.safeParse(value);
    if (one?.success && one.data !== undefined) out[key] = one.data;
  }
  return out;
}

/** The label of a field, for messages. */
export function labelOf(form: FormDef, key: string): string {
  return form.columns.find((c) => c.key === key)?.meta.label ?? key;
}

export function metaOf(form: FormDef, key: string): FieldMeta | undefined {
  return form.columns.find((c) => c.key === key)?.meta;
}
