/**
 * The fake workbook and Grids, both ways: read straight into Grids (as the Node reader would read
 * the saved file), and a fake workbook holding the values of Grids read from a file.
 */
import { gridFromRange } from '../../addin/excel/read-grids';
import type { Grid } from '../../addin/forms/cell';
import { type FakeWorkbook, key, newSheet, newWorkbook, usedBox } from './fake-excel';

const STATES = { Visible: 'visible', Hidden: 'hidden', VeryHidden: 'veryHidden' } as const;
const VISIBILITY = { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' } as const;

export function gridsOfFake(book: FakeWorkbook): Grid[] {
  return book.sheets.map((sheet) => {
    const box = usedBox(sheet);
    const state = STATES[sheet.visibility];
    if (!box) return { name: sheet.name, state, rows: [] };
    const values: unknown[][] = [];
    const types: string[][] = [];
    for (let r = box.top; r <= box.bottom; r++) {
      const line: unknown[] = [];
      const typeLine: string[] = [];
      for (let c = box.left; c <= box.right; c++) {
        const v = sheet.cells.get(`${r},${c}`)?.value;
        line.push(v === undefined ? '' : typeof v === 'object' ? v.error : v);
        typeLine.push(v === undefined ? 'Empty' : typeof v === 'object' ? 'Error' : 'String');
      }
      values.push(line);
      types.push(typeLine);
    }
    return gridFromRange(sheet.name, state, box.top, box.left, values, types, []);
  });
}

/** A fake workbook with the sheets, visibility and cell values of `grids` (as Excel would open the file). */
export function fakeBookOf(grids: readonly Grid[]): FakeWorkbook {
  const book = newWorkbook();
  for (const g of grids) {
    const sheet = newSheet(g.name);
    sheet.visibility = VISIBILITY[g.state];
    for (const row of g.rows) {
      row.cols.forEach((c, i) => {
        const value = row.values[i];
        if (value !== null) sheet.cells.set(key(row.r - 1, c), { value });
      });
    }
    book.sheets.push(sheet);
  }
  return book;
}
