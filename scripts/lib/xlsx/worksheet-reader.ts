/**
 * One worksheet part → a Grid. Rows are stored sparsely (addin/forms/cell.ts, GridRow), and the
 * file's budgets (limits.ts) are spent as the cells arrive: a sheet that would swamp memory is
 * refused while it is read, not after. Merged ranges are cut to the cells that exist.
 */
import type { CellValue, Grid, GridRow, MergedRange } from '../../../addin/forms/cell';
import { a1, columnOfA1, lastColumn, parseA1 } from '../../../addin/forms/cell';
import { WorkbookError } from '../errors';
import type { Limits } from './limits';
import { localName, xmlParser } from './xml';
import type { ZipParts } from './zip-reader';

export interface SheetRef {
  name: string;
  state: Grid['state'];
  rid: string;
}

/** Excel writes characters XML cannot hold as `_xHHHH_` (and a literal `_x` as `_x005F_x`). */
export function unescapeX(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/** What the XML of the cell being read said so far. */
interface CellXml {
  col: number;
  /** The `t` attribute: s (shared string), b, e, str, inlineStr, d, or n (a number, the default). */
  type: string;
  text: string;
  gotValue: boolean;
  hasFormula: boolean;
}

/** A cell's value from its type and text; null when it holds none. */
function cellValue(cell: CellXml, shared: readonly string[]): CellValue {
  let v: CellValue;
  switch (cell.type) {
    case 's':
      v = shared[Number(cell.text)] ?? null;
      break;
    case 'b':
      return cell.text === '1' || cell.text === 'true';
    case 'e':
      return { error: cell.text };
    case 'str':
    case 'inlineStr':
    case 'd':
      v = cell.text;
      break;
    default: {
      const n = Number(cell.text);
      v = cell.text.trim() === '' || Number.isNaN(n) ? cell.text : n;
    }
  }
  if (typeof v !== 'string') return v;
  return v === '' ? null : unescapeX(v);
}

/**
 * What one file may hold, spent as its sheets are read: cells with a value (each costs memory
 * and may give a problem), and used ranges — a sheet's is A1 to the last row and column holding
 * a value, what Ctrl+End shows in Excel — which is what a program that holds rows densely
 * (exceljs, for `check --annotate`) pays for. Both are counted over all the sheets read.
 */
export class CellBudget {
  private cells = 0;
  /** The used ranges of the sheets already read. */
  private used = 0;

  constructor(private readonly limits: Limits) {}

  /** One more cell with a value in `sheet`, whose used range is now `rows` × `columns`. */
  spend(sheet: string, rows: number, columns: number): void {
    if (++this.cells > this.limits.maxCells) throw new WorkbookError('too-many-cells', { sheet, limit: this.limits.maxCells });
    if (this.used + rows * columns > this.limits.maxUsedRange) {
      throw new WorkbookError('used-range-too-large', { sheet, cell: a1(columns - 1, rows), rows, columns, limit: this.limits.maxUsedRange });
    }
  }

  /** A sheet is read: its used range counts against the sheets after it. */
  close(rows: number, columns: number): void {
    this.used += rows * columns;
  }
}

/**
 * `<row>` elements with the same number (no program of ours or Excel writes them) read as one
 * row, cells in document order, the later value kept; the row is marked so the form reader says
 * so, and which columns held two different values. `rows` is sorted (stably) by number.
 */
function coalesceRepeatedRows(rows: GridRow[]): GridRow[] {
  if (rows.every((row, i) => i === 0 || rows[i - 1].r !== row.r)) return rows;
  const out: GridRow[] = [];
  for (const row of rows) {
    const prev = out[out.length - 1];
    if (!prev || prev.r !== row.r) {
      out.push(row);
      continue;
    }
    const cells = new Map(prev.cols.map((c, i) => [c, prev.values[i]]));
    const conflicts = new Set(prev.repeated?.conflicts ?? []);
    row.cols.forEach((c, i) => {
      const before = cells.get(c);
      if (before !== undefined && JSON.stringify(before) !== JSON.stringify(row.values[i])) conflicts.add(c);
      cells.set(c, row.values[i]);
    });
    const cols = [...cells.keys()].sort((a, b) => a - b);
    const merged: GridRow = {
      r: row.r,
      cols,
      values: cols.map((c) => cells.get(c) as CellValue),
      repeated: { conflicts: [...conflicts].sort((a, b) => a - b) },
    };
    const formulas = [...new Set([...(prev.formulaCols ?? []), ...(row.formulaCols ?? [])])];
    if (formulas.length > 0) merged.formulaCols = formulas;
    out[out.length - 1] = merged;
  }
  return out;
}

/** The rows of one sheet as its cells arrive, each row's cells kept in column order. */
class SheetRows {
  readonly rows: GridRow[] = [];
  private r = 0;
  private cols: number[] = [];
  private values: CellValue[] = [];
  private formulaCols: number[] | undefined;
  private lastRow = 0;
  private width = 0;

  constructor(
    private readonly sheet: string,
    private readonly budget: CellBudget,
  ) {}

  start(r: number): void {
    this.r = r;
    this.cols.length = 0;
    this.values.length = 0;
    this.formulaCols = undefined;
  }

  set(col: number, value: CellValue): void {
    const { cols, values } = this;
    let at = cols.length;
    // Cells come in column order but need not: a later cell of the same column replaces it.
    if (at > 0 && col <= cols[at - 1]) {
      at = cols.findIndex((c) => c >= col);
      if (cols[at] === col) {
        values[at] = value;
        return;
      }
    }
    cols.splice(at, 0, col);
    values.splice(at, 0, value);
    this.lastRow = Math.max(this.lastRow, this.r);
    this.width = Math.max(this.width, col + 1);
    this.budget.spend(this.sheet, this.lastRow, this.width);
  }

  formula(col: number): void {
    (this.formulaCols ??= []).push(col);
  }

  /** The rows in ascending order, each row number once; the sheet's used range is spent. */
  finish(): GridRow[] {
    this.budget.close(this.lastRow, this.width);
    return coalesceRepeatedRows(this.rows.sort((x, y) => x.r - y.r));
  }

  end(): void {
    if (this.values.length === 0) return;
    // Copies of the exact length: arrays grown by push keep spare room, most of a short row's memory.
    const row: GridRow = { r: this.r, cols: this.cols.slice(), values: this.values.slice() };
    if (this.formulaCols) row.formulaCols = this.formulaCols;
    this.rows.push(row);
    this.values.length = 0;
  }
}

/** Merged ranges cut to the cells that exist: a merge over whole columns must not become a million rows. */
function clampMerges(merges: MergedRange[], rows: readonly GridRow[], sheet: string, limits: Limits): MergedRange[] {
  if (merges.length > limits.maxMerges) {
    throw new WorkbookError('too-many-merges', { sheet, count: merges.length, limit: limits.maxMerges });
  }
  if (merges.length === 0) return merges;
  const lastRow = rows.length > 0 ? rows[rows.length - 1].r : 0;
  let lastCol = 0;
  for (const row of rows) lastCol = Math.max(lastCol, lastColumn(row));
  const clamped = merges
    .filter((m) => m.top <= lastRow && m.left <= lastCol && m.top <= m.bottom && m.left <= m.right)
    .map((m) => ({ ...m, bottom: Math.min(m.bottom, lastRow), right: Math.min(m.right, lastCol) }));
  // Every merged cell is spread by the form reader; their number is bounded like the cells.
  let area = 0;
  for (const m of clamped) area += (m.bottom - m.top + 1) * (m.right - m.left + 1);
  if (area > limits.maxCells) {
    throw new WorkbookError('merged-area-too-large', { sheet, count: area, limit: limits.maxCells });
  }
  return clamped;
}

function mergedRange(ref: string | undefined): MergedRange | undefined {
  const [from, to] = (ref ?? '').split(':');
  const a = parseA1(from ?? '');
  const b = parseA1(to ?? from ?? '');
  return a && b ? { top: a.row, left: a.col, bottom: b.row, right: b.col } : undefined;
}

export async function readSheet(zip: ZipParts, part: string, ref: SheetRef, shared: readonly string[], limits: Limits, budget: CellBudget): Promise<Grid> {
  const sheet = new SheetRows(ref.name, budget);
  const merges: MergedRange[] = [];
  let inRow = false;
  let rowNumber = 0;
  const cell: CellXml = { col: -1, type: 'n', text: '', gotValue: false, hasFormula: false };
  let inValue = false;
  let inInline = false;
  let inPhonetic = 0;

  const finishCell = () => {
    // A formula without a cached result (written by a program that does not calculate) is not
    // an empty cell: it is marked so the form reader can say so instead of reading it as blank.
    if (!inRow || (!cell.gotValue && !cell.hasFormula)) return;
    const v = cellValue(cell, shared);
    if (v !== null) sheet.set(cell.col, v);
    if (cell.hasFormula) sheet.formula(cell.col);
  };

  const sink = xmlParser(part, {
    open(name, attrs) {
      switch (localName(name)) {
        case 'row': {
          const r = Number(attrs.r);
          rowNumber = Number.isInteger(r) && r > 0 && r <= 1_048_576 ? r : rowNumber + 1;
          sheet.start(rowNumber);
          inRow = true;
          cell.col = -1;
          break;
        }
        case 'c': {
          const at = attrs.r ? columnOfA1(attrs.r) : -1;
          cell.col = at >= 0 ? at : cell.col + 1;
          cell.type = attrs.t ?? 'n';
          cell.text = '';
          cell.gotValue = false;
          cell.hasFormula = false;
          break;
        }
        case 'v':
          inValue = true;
          cell.gotValue = true;
          break;
        case 'f':
          cell.hasFormula = true;
          break;
        case 'is':
          inInline = true;
          cell.gotValue = true;
          break;
        case 'rPh':
          inPhonetic++;
          break;
        case 't':
          if (inInline && inPhonetic === 0) inValue = true;
          break;
        case 'mergeCell': {
          const range = mergedRange(attrs.ref);
          if (range) merges.push(range);
          break;
        }
      }
    },
    close(name) {
      switch (localName(name)) {
        case 'v':
          inValue = false;
          break;
        case 't':
          if (inInline) inValue = false;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          inPhonetic--;
          break;
        case 'c':
          finishCell();
          break;
        case 'row':
          sheet.end();
          inRow = false;
          break;
      }
    },
    text(text) {
      if (inValue) cell.text += text;
    },
  });
  await zip.stream(part, (chunk) => sink.write(chunk));
  sink.close();
  const rows = sheet.finish();
  return { name: ref.name, state: ref.state, rows, merges: clampMerges(merges, rows, ref.name, limits) };
}
