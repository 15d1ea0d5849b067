/**
 * Files that do not break the reader but would swamp it: small on disk, huge once read. Each
 * generator takes a good branch workbook and returns the hostile one; the tests in
 * swamp.test.ts run them through check and merge (and, for the memory guard, in a child process).
 */
import { type BadCase, sheetPart } from '../helpers/corpus';
import { rezip } from '../helpers/zip-writer';
import { unzipEntries } from '../../helpers/zip';

/** A worksheet part whose `rows` rows hold a number at each of `columns` (A1 letters). */
export function sheetWithCellsAt(rows: number, columns: readonly string[], firstRow = 1): string {
  const body: string[] = [];
  for (let r = firstRow; r < firstRow + rows; r++) {
    body.push(`<row r="${r}">${columns.map((c) => `<c r="${c}${r}"><v>${r}</v></c>`).join('')}</row>`);
  }
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
    body.join('') +
    '</sheetData></worksheet>'
  );
}

/**
 * The workbook with more (visible) sheets, named `names`, all shown from one part whose XML is
 * `xml`: a file stays small on disk however many sheets it shows.
 */
export async function withExtraSheet(buf: Buffer, names: string | readonly string[], xml: string): Promise<Buffer> {
  const entries = await unzipEntries(buf);
  const part = 'xl/worksheets/extra-sheet.xml';
  const list = typeof names === 'string' ? [names] : names;
  entries.set(part, Buffer.from(xml, 'utf8'));
  return rezip(entries, (entry, data) => {
    const text = data.toString('utf8');
    if (entry === 'xl/workbook.xml') {
      const sheets = list.map((name, i) => `<sheet name="${name}" sheetId="${901 + i}" r:id="rIdExtra${i}"/>`).join('');
      return text.replace('</sheets>', `${sheets}</sheets>`);
    }
    if (entry === 'xl/_rels/workbook.xml.rels') {
      const type = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet';
      const rels = list.map((_, i) => `<Relationship Id="rIdExtra${i}" Type="${type}" Target="worksheets/extra-sheet.xml"/>`).join('');
      return text.replace('</Relationships>', `${rels}</Relationships>`);
    }
    if (entry === '[Content_Types].xml') {
      const override = `<Override PartName="/${part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`;
      return text.replace('</Types>', `${override}</Types>`);
    }
    return data;
  });
}

/**
 * The file of issue #12 §6: a branch workbook with an extra sheet whose rows hold cells at
 * columns AMJ and CVC (1,024 and 2,603). Read into dense rows, every row cost the whole span.
 */
export async function farColumnsFile(buf: Buffer, rows: number, columns: readonly string[] = ['AMJ', 'CVC']): Promise<Buffer> {
  return withExtraSheet(buf, '附表', sheetWithCellsAt(rows, columns));
}

/**
 * Sheets of `rows` rows holding one value at column AMJ (1,024): few cells, a used range of
 * `rows` × 1,024 each. Held densely each row costs its 1,024 columns: 30 sheets of 9,000 rows
 * ran check out of a 3 GB heap; now one such sheet is read, 30 exceed the file's used range.
 */
export async function farColumnSheetsFile(buf: Buffer, sheets: number, rows: number): Promise<Buffer> {
  const names = Array.from({ length: sheets }, (_, i) => `附表${i + 1}`);
  return withExtraSheet(buf, names, sheetWithCellsAt(rows, ['AMJ']));
}

/**
 * A member sheet flooded with bad rows: `rows` rows after the good ones, each with a value no
 * field accepts in every column (and the required ones left empty by the text), so every row
 * gives one 错误 per column. Small on disk (the rows repeat), hundreds of thousands of problems.
 */
export async function problemFloodFile(buf: Buffer, rows: number, columns = 21): Promise<Buffer> {
  const part = await sheetPart(buf, '党员点评');
  const letters = Array.from({ length: columns }, (_, i) => String.fromCharCode(65 + i));
  const entries = await unzipEntries(buf);
  return rezip(entries, (entry, data) => {
    if (entry !== part) return data;
    const xml = data.toString('utf8');
    const body: string[] = [];
    for (let r = 100; r < 100 + rows; r++) {
      // '#' is no name in the roster, no date, no choice, no count: an error in every column.
      body.push(`<row r="${r}">${letters.map((c) => `<c r="${c}${r}" t="inlineStr"><is><t>#</t></is></c>`).join('')}</row>`);
    }
    return xml.replace(/<\/sheetData>/, `${body.join('')}</sheetData>`);
  });
}

/** Over a million cells in all: 11 sheets of 10,000 rows × 10 values (each sheet well within its used range). */
export async function manyCellsFile(buf: Buffer): Promise<Buffer> {
  const columns = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'];
  const names = Array.from({ length: 11 }, (_, i) => `数据${i + 1}`);
  return withExtraSheet(buf, names, sheetWithCellsAt(10_000, columns));
}

/** Files refused by a budget of limits.ts, in the corpus beside the other resource attacks. */
export const SWAMP_CASES: BadCase[] = [
  {
    id: 'an extra sheet whose rows hold cells at columns AMJ and CVC: refused by its used range, naming the far cell',
    name: '远列.xlsx',
    make: async (fx) => farColumnsFile(fx.good[1], 40_000),
    rule: 'used-range-too-large',
    says: /工作表「附表」的内容至少延伸到 CVC\d+ 单元格.*已拒收.*Ctrl\+End/,
  },
  {
    id: '30 sheets of 9,000 rows with one value at AMJ: each within the used range, together far over it',
    name: '多表远列.xlsx',
    make: async (fx) => farColumnSheetsFile(fx.good[1], 30, 9000),
    rule: 'used-range-too-large',
    says: /工作表「附表2」的内容至少延伸到 AMJ\d+ 单元格（\d+ 行 × 1024 列；各工作表的范围合计上限 10000000 个单元格）/,
  },
  {
    id: 'over a million cells in all the sheets of a file',
    name: '百万单元格.xlsx',
    make: async (fx) => manyCellsFile(fx.good[1]),
    rule: 'too-many-cells',
    says: /单元格超过 1000000 个（读到工作表「数据\d+」时）.*已拒收/,
  },
];
