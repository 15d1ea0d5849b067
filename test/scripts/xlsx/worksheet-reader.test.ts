/**
 * The worksheet reader keeps each row's cells sparse and in column order, whatever order the XML
 * gives them in, and spends the file's budgets as the cells arrive.
 */
import { cellAt, gridRow, withCells } from '../../../addin/forms/cell';
import { LIMITS } from '../../../scripts/lib/xlsx/limits';
import { readXlsx } from '../../../scripts/lib/xlsx/xlsx-reader';
import { buildZip } from '../../robustness/helpers/zip-writer';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A workbook of one sheet per `sheetData` given. */
function workbook(...sheetData: string[]): Buffer {
  const sheets = sheetData.map((_, i) => `<sheet name="表${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const rels = sheetData.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
  return buildZip([
    {
      name: '[Content_Types].xml',
      data: '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    },
    { name: 'xl/workbook.xml', data: `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheets}</sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>` },
    ...sheetData.map((data, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: `<worksheet xmlns="${MAIN}"><sheetData>${data}</sheetData></worksheet>` })),
  ]);
}

const cell = (ref: string, v: string | number) => `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;

describe('rows', () => {
  it('hold their cells in column order; a cell given twice keeps the later value', async () => {
    const data = await readXlsx(workbook(`<row r="2">${cell('C2', 'c')}${cell('A2', 'a')}${cell('B2', 'b')}${cell('A2', 'a2')}</row>`), 'x.xlsx');
    const [row] = data.grids[0].rows;
    expect(row.cols).toEqual([0, 1, 2]);
    expect(row.values).toEqual(['a2', 'b', 'c']);
  });

  it('hold only the cells present, however far right', async () => {
    const data = await readXlsx(workbook(`<row r="1">${cell('B1', 1)}${cell('XFD1', 2)}</row>`), 'x.xlsx');
    const [row] = data.grids[0].rows;
    expect(row.cols).toEqual([1, 16383]);
    expect(cellAt(row, 16383)).toBe('2');
    expect(cellAt(row, 16382)).toBeNull();
  });
});

describe('the budgets are the whole file’s', () => {
  it('used ranges add up over the sheets', async () => {
    // Two sheets each spanning just over half of the limit: the second is refused, named.
    const rows = Math.floor(LIMITS.maxUsedRange / 2 / 1000) + 1; // column ALL is the 1,000th
    const half = `<row r="${rows}">${cell('ALL' + rows, 1)}</row>`;
    expect(rows * 1000).toBeLessThanOrEqual(LIMITS.maxUsedRange);
    await expect(readXlsx(workbook(half), 'x.xlsx')).resolves.toBeTruthy();
    await expect(readXlsx(workbook(half, half), 'x.xlsx')).rejects.toMatchObject({
      reason: 'used-range-too-large',
      message: expect.stringContaining('工作表「表2」'),
    });
  });
});

describe('sparse rows in the model', () => {
  it('gridRow leaves empty entries out; cellAt finds a cell with or without the fast path; withCells patches and empties', () => {
    const row = gridRow(3, ['a', null, undefined, 'd'], 2, [5]);
    expect(row).toEqual({ r: 3, cols: [2, 5], values: ['a', 'd'], formulaCols: [5] });
    expect([cellAt(row, 2), cellAt(row, 3), cellAt(row, 5), cellAt(row, 0)]).toEqual(['a', null, 'd', null]);
    const dense = gridRow(1, ['x', 'y', 'z']);
    expect([cellAt(dense, 0), cellAt(dense, 1), cellAt(dense, 2), cellAt(dense, 3)]).toEqual(['x', 'y', 'z', null]);
    const patched = withCells(
      3,
      row,
      new Map([
        [4, 'p'],
        [5, null],
      ]),
    );
    expect(patched).toEqual({ r: 3, cols: [2, 4], values: ['a', 'p'] });
    expect(withCells(9, undefined, new Map([[1, 'q']]))).toEqual({ r: 9, cols: [1], values: ['q'] });
  });
});
