/** A FakeWorkbook as JSON (Maps as entry lists), to hand a workbook built in Node to the browser. */
import type { FakeCell, FakeColumn, FakeSheet, FakeWorkbook } from './state';

export interface SerializedSheet extends Omit<FakeSheet, 'cells' | 'columns'> {
  cells: [string, FakeCell][];
  columns: [number, FakeColumn][];
}

export interface SerializedBook {
  sheets: SerializedSheet[];
  settings: [string, unknown][];
  selection: FakeWorkbook['selection'];
  active: string | null;
}

export function serializeBook(book: FakeWorkbook): SerializedBook {
  return {
    sheets: book.sheets.map((s) => ({ ...s, cells: [...s.cells], columns: [...s.columns] })),
    settings: [...book.settings],
    selection: book.selection,
    active: book.active,
  };
}

export function deserializeBook(data: SerializedBook): FakeWorkbook {
  return {
    sheets: data.sheets.map((s) => ({ ...s, cells: new Map(s.cells), columns: new Map(s.columns) })),
    settings: new Map(data.settings),
    selection: data.selection,
    active: data.active,
  };
}
