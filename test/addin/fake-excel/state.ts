/**
 * The state of a fake Excel workbook: sheets of cells with values, formats, locks, validation
 * rules and conditional formats. The proxies in proxies.ts are the Office.js surface over it.
 * Test helpers read this state directly to see what the add-in did.
 */
import { columnIndex, columnLetter } from '../../../addin/forms/cell';

export type FakeValue = string | number | boolean | { error: string };

export interface FakeCell {
  value?: FakeValue;
  formula?: string;
  numberFormat?: string;
  locked?: boolean;
  fill?: string;
  bold?: boolean;
  fontName?: string;
}

export interface FakeColumn {
  width?: number;
  locked?: boolean;
  wrap?: boolean;
}

export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface FakeValidation {
  box: Box;
  rule: Excel.DataValidationRule;
  prompt?: Excel.DataValidationPrompt;
  errorAlert?: Excel.DataValidationErrorAlert;
  ignoreBlanks?: boolean;
}

export interface FakeConditionalFormat {
  box: Box;
  /** Excel's ConditionalFormatType; 'Custom' when absent. */
  type?: string;
  formula: string;
  fill?: string;
  font?: string;
}

export interface FakeSheet {
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  cells: Map<string, FakeCell>;
  columns: Map<number, FakeColumn>;
  /** Sheet-wide lock (set through the whole-sheet range). */
  locked?: boolean;
  validations: FakeValidation[];
  conditionalFormats: FakeConditionalFormat[];
  protection: Excel.WorksheetProtectionOptions | null;
  /** Set when the sheet was protected with a password: unprotecting then needs it. */
  protectionPassword?: string;
  freeze: { rows: number; columns: number } | null;
  autoFilter?: string;
  page: Record<string, unknown>;
  /** Merged areas (A1), as merged. */
  merges?: string[];
  /** Row heights set (0-based row → points). */
  rowHeights?: Map<number, number>;
  showGridlines?: boolean;
}

export interface FakeWorkbook {
  sheets: FakeSheet[];
  settings: Map<string, unknown>;
  selection: { sheet: string; address: string } | null;
  active: string | null;
}

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

export function newSheet(name: string): FakeSheet {
  return {
    name,
    visibility: 'Visible',
    cells: new Map(),
    columns: new Map(),
    validations: [],
    conditionalFormats: [],
    protection: null,
    freeze: null,
    page: {},
  };
}

export function newWorkbook(): FakeWorkbook {
  return { sheets: [], settings: new Map(), selection: null, active: null };
}

/** A sheet by name, compared case-insensitively as Excel compares sheet names. */
export function findSheet(book: FakeWorkbook, name: string): FakeSheet | undefined {
  const wanted = name.toUpperCase();
  return book.sheets.find((s) => s.name.toUpperCase() === wanted);
}

export function key(row: number, col: number): string {
  return `${row},${col}`;
}

// A1 letters are pure arithmetic the fake shares with the form model.
const colIndex = columnIndex;
export const colLetters = columnLetter;

/** "B2", "B2:D9", "C:C", "$1:$1", or undefined for the whole sheet → a 0-based box. */
export function parseAddress(address: string | undefined): Box {
  if (address === undefined || address === '') return { top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLS - 1 };
  const [a, b = a] = address.replace(/\$/g, '').split(':');
  const part = (s: string) => {
    const m = /^([A-Za-z]*)(\d*)$/.exec(s);
    if (!m) throw Object.assign(new Error(`bad address ${address}`), { code: 'InvalidArgument' });
    return { col: m[1] ? colIndex(m[1]) : null, row: m[2] ? Number(m[2]) - 1 : null };
  };
  const p = part(a);
  const q = part(b);
  return {
    top: p.row ?? 0,
    left: p.col ?? 0,
    bottom: q.row ?? (p.row === null ? MAX_ROWS - 1 : p.row),
    right: q.col ?? (p.col === null ? MAX_COLS - 1 : p.col),
  };
}

export function boxAddress(box: Box): string {
  const one = `${colLetters(box.left)}${box.top + 1}`;
  return box.top === box.bottom && box.left === box.right ? one : `${one}:${colLetters(box.right)}${box.bottom + 1}`;
}

export function intersects(a: Box, b: Box): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

export function isWholeColumns(box: Box): boolean {
  return box.top === 0 && box.bottom === MAX_ROWS - 1;
}

/** Whether a cell is locked: cell setting, else column, else sheet, else Excel's default (locked). */
export function isLocked(sheet: FakeSheet, row: number, col: number): boolean {
  return sheet.cells.get(key(row, col))?.locked ?? sheet.columns.get(col)?.locked ?? sheet.locked ?? true;
}

export function cellValue(sheet: FakeSheet, row: number, col: number): FakeValue | undefined {
  return sheet.cells.get(key(row, col))?.value;
}

/** The bounding box of the cells holding a value, or null when there is none. */
export function usedBox(sheet: FakeSheet): Box | null {
  let box: Box | null = null;
  for (const [k, cell] of sheet.cells) {
    if (cell.value === undefined || cell.value === '') continue;
    const [r, c] = k.split(',').map(Number);
    box = box
      ? { top: Math.min(box.top, r), left: Math.min(box.left, c), bottom: Math.max(box.bottom, r), right: Math.max(box.right, c) }
      : { top: r, left: c, bottom: r, right: c };
  }
  return box;
}
