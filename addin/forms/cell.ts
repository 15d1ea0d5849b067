/**
 * The neutral cell model both readers produce: the Node reader (from the xlsx XML) and the
 * add-in (from `range.values`). Everything past the reader works on these, never on a raw cell.
 */

/** An Excel error value such as `#N/A`. */
export interface CellError {
  error: string;
}

export type CellValue = string | number | boolean | null | CellError;

export interface GridRow {
  /** 1-based worksheet row number. */
  r: number;
  /** 0-based column index → value; missing entries are empty. */
  cells: CellValue[];
  /** 0-based indexes of cells that hold a formula (the value is the cached result). */
  formulaCols?: number[];
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

/** Splits an A1 reference ("AB12") into a 0-based column and a 1-based row. */
export function parseA1(ref: string): { col: number; row: number } | null {
  const m = /^([A-Za-z]{1,3})(\d{1,7})$/.exec(ref);
  if (!m) return null;
  return { col: columnIndex(m[1]), row: Number(m[2]) };
}
