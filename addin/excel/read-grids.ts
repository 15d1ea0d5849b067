/**
 * Reading a workbook into the forms' neutral Grid model. Two phases, two syncs in all: the sheet
 * list, then every sheet's used range (values, value types, formulas) and protection, queued
 * together before one `context.sync()`.
 */
import { type CellValue, type Grid, type GridRow, gridRow } from '../forms/cell';
import { sameSheetName } from '../forms/text';

export type SheetState = Grid['state'];

export interface SheetEntry {
  name: string;
  state: SheetState;
  sheet: Excel.Worksheet;
}

export interface SheetSnapshot extends SheetEntry {
  protected: boolean;
  /** The sheet's protection options, to protect it again the same way after an edit. */
  protectionOptions: Excel.WorksheetProtectionOptions;
  grid: Grid;
}

/** The entry of a sheet by name, compared as Excel compares sheet names (ignoring case). */
export function findEntry<T extends { name: string }>(entries: readonly T[], name: string): T | undefined {
  return entries.find((e) => e.name === name) ?? entries.find((e) => sameSheetName(e.name, name));
}

const STATES: Record<string, SheetState> = { Visible: 'visible', Hidden: 'hidden', VeryHidden: 'veryHidden' };

/** Phase 1 (one sync): the names and visibility of every sheet. */
export async function loadSheetList(context: Excel.RequestContext): Promise<SheetEntry[]> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/visibility');
  await context.sync();
  return sheets.items.map((sheet) => ({ name: sheet.name, state: STATES[sheet.visibility] ?? 'visible', sheet }));
}

/**
 * Phase 2, queued only: every sheet's used range and protection state. Call the returned function
 * after the caller's next `context.sync()` (which may carry other reads too).
 */
export function queueGridReads(entries: readonly SheetEntry[]): () => SheetSnapshot[] {
  const pending = entries.map((entry) => {
    const used = entry.sheet.getUsedRangeOrNullObject(true);
    used.load('values,valueTypes,formulas,rowIndex,columnIndex');
    entry.sheet.protection.load('protected,options');
    return { entry, used };
  });
  return () =>
    pending.map(({ entry, used }) => ({
      ...entry,
      protected: entry.sheet.protection.protected,
      protectionOptions: entry.sheet.protection.options,
      grid: used.isNullObject
        ? { name: entry.name, state: entry.state, rows: [] }
        : gridFromRange(entry.name, entry.state, used.rowIndex, used.columnIndex, used.values, used.valueTypes, used.formulas),
    }));
}

function toCell(value: unknown, type: string): CellValue {
  if (type === 'Error') return { error: String(value) };
  if (type === 'Empty' || value === '' || value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

/** A loaded range (0-based row/column offsets, as Office.js gives them) → a Grid. */
export function gridFromRange(
  name: string,
  state: SheetState,
  rowIndex: number,
  columnIndex: number,
  values: unknown[][],
  valueTypes: string[][],
  formulas: unknown[][],
): Grid {
  const rows: GridRow[] = [];
  values.forEach((line, i) => {
    const cells: (CellValue | undefined)[] = [];
    const formulaCols: number[] = [];
    line.forEach((value, j) => {
      const cell = toCell(value, valueTypes[i]?.[j] ?? 'String');
      if (cell === null) return;
      cells[j] = cell;
      const f = formulas[i]?.[j];
      if (typeof f === 'string' && f.startsWith('=')) formulaCols.push(columnIndex + j);
    });
    const row = gridRow(rowIndex + i + 1, cells, columnIndex, formulaCols);
    if (row.cols.length > 0) rows.push(row);
  });
  return { name, state, rows };
}
