/**
 * The neutral cell model both readers produce: the Node reader (from the xlsx XML) and the
 * add-in (from `range.values`). Everything past the reader works on these, never on a raw cell.
 */

/** An Excel error value such as `#N/A`. */
export interface CellError {
  error: string;
}

export type CellValue = string | number | boolean | null | CellError;

/**
 * One row, stored sparsely: only the cells that hold something, so its memory follows the cells
 * present, not how far right they lie (a row with one cell at column CVC is two entries, not an
 * array of 2,603). Read a cell with `cellAt`; build a row from a dense line with `gridRow`.
 */
export interface GridRow {
  /** 1-based worksheet row number. */
  r: number;
  /** 0-based columns of the cells that hold a value, ascending, each once. */
  cols: number[];
  /** Their values, in the same order (never null). */
  values: CellValue[];
  /** 0-based indexes of cells that hold a formula (the value is the cached result). */
  formulaCols?: number[];
  /**
   * The sheet held this row number in more than one `<row>` element, read here as one row;
   * `conflicts`: the 0-based columns the elements gave different values (the later one is kept).
   */
  repeated?: { conflicts: number[] };
}

export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** One worksheet as read: only the rows that hold something, in ascending row order. */
export interface Grid {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  rows: GridRow[];
  merges?: MergedRange[];
}

/** The value at a 0-based column, or null when the row has none there. */
export function cellAt(row: GridRow, col: number): CellValue {
  const { cols } = row;
  // Rows filled from column A hold their cells at their own index: no search.
  if (col < cols.length && cols[col] === col) return row.values[col];
  let lo = 0;
  let hi = cols.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = cols[mid];
    if (at === col) return row.values[mid];
    if (at < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

/** The last column holding a value, or -1 for a row without one. */
export function lastColumn(row: GridRow): number {
  return row.cols.length > 0 ? row.cols[row.cols.length - 1] : -1;
}

/**
 * A row from a dense line of values (index = column, from `firstCol`); empty entries (null,
 * undefined) are left out. For the add-in's range values and for tests.
 */
export function gridRow(r: number, line: readonly (CellValue | undefined)[], firstCol = 0, formulaCols?: number[]): GridRow {
  const cols: number[] = [];
  const values: CellValue[] = [];
  line.forEach((v, i) => {
    if (v === null || v === undefined) return;
    cols.push(firstCol + i);
    values.push(v);
  });
  return formulaCols && formulaCols.length > 0 ? { r, cols, values, formulaCols } : { r, cols, values };
}

/** `row` (or an empty row `r`) with the cells of `patch` set; a null in the patch empties its cell. */
export function withCells(r: number, row: GridRow | undefined, patch: ReadonlyMap<number, CellValue>): GridRow {
  const cells = new Map<number, CellValue>();
  row?.cols.forEach((c, i) => cells.set(c, row.values[i]));
  for (const [c, v] of patch) cells.set(c, v);
  const cols = [...cells.keys()].filter((c) => cells.get(c) !== null).sort((x, y) => x - y);
  return { r, cols, values: cols.map((c) => cells.get(c) as CellValue) };
}

export function isCellError(v: unknown): v is CellError {
  return typeof v === 'object' && v !== null && typeof (v as CellError).error === 'string';
}

/** Column index (0-based) → letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Letters → 0-based column index: A → 0, AA → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function a1(colIndex: number, row: number): string {
  return `${columnLetter(colIndex)}${row}`;
}

/** The length of the column letters of an A1 reference ("AB12" → 2), or 0 when it is not one (1–3 letters, 1–7 digits). */
function a1Letters(ref: string): number {
  let i = 0;
  // Letters, either case: `| 0x20` folds A–Z onto a–z and maps nothing else there.
  while (i < ref.length && i < 4 && ((ref.charCodeAt(i) | 0x20) - 0x61) >>> 0 < 26) i++;
  const digits = ref.length - i;
  if (i === 0 || i > 3 || digits < 1 || digits > 7) return 0;
  for (let j = i; j < ref.length; j++) if ((ref.charCodeAt(j) - 0x30) >>> 0 > 9) return 0;
  return i;
}

function lettersIndex(ref: string, letters: number): number {
  let n = 0;
  for (let i = 0; i < letters; i++) n = n * 26 + ((ref.charCodeAt(i) | 0x20) - 0x60);
  return n - 1;
}

/** Splits an A1 reference ("AB12") into a 0-based column and a 1-based row. */
export function parseA1(ref: string): { col: number; row: number } | null {
  const letters = a1Letters(ref);
  if (letters === 0) return null;
  return { col: lettersIndex(ref, letters), row: Number(ref.slice(letters)) };
}

/**
 * The 0-based column of an A1 reference, or -1 when it is not one: parseA1's column without an
 * object, for the reader, which meets one reference per cell.
 */
export function columnOfA1(ref: string): number {
  const letters = a1Letters(ref);
  return letters === 0 ? -1 : lettersIndex(ref, letters);
}
