/** Reads the fake workbook straight into Grids (as the Node reader would read the saved file). */
import { gridFromRange } from '../../addin/excel/read-grids';
import type { Grid } from '../../addin/forms/cell';
import { type FakeWorkbook, usedBox } from './fake-excel';

const STATES = { Visible: 'visible', Hidden: 'hidden', VeryHidden: 'veryHidden' } as const;

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
