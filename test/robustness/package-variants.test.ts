/**
 * Valid packages other programs may write, read in full: part names in another case (part names
 * compare without case), the workbook part somewhere other than xl/workbook.xml (found through
 * `_rels/.rels`), a row number the sheet holds twice (read as one row, told once).
 */
import { MEMBER_FORM } from '../../addin/forms/branch-forms';
import { columnOf } from '../../addin/forms/form';
import { a1 } from '../../addin/forms/cell';
import { checkCorpus, editParts, expectGoodRead, fixture, goodFiles, sheetPart } from './helpers/corpus';
import { loadOne } from './helpers/sheet-edit';
import { rezip } from './helpers/zip-writer';
import { unzipEntries } from '../helpers/zip';
import { openZip } from '../../scripts/lib/xlsx/zip-reader';

jest.setTimeout(60_000);

beforeAll(() => fixture());

/** Renames parts (and the references to them that `edit` rewrites). */
async function renameParts(buf: Buffer, rename: (name: string) => string, edit: (name: string, xml: string) => string = (_n, x) => x): Promise<Buffer> {
  const entries = await unzipEntries(buf);
  const renamed = new Map<string, Buffer>();
  for (const [name, data] of entries) renamed.set(rename(name), /\.(xml|rels)$/i.test(name) ? Buffer.from(edit(name, data.toString('utf8'))) : data);
  return rezip(renamed);
}

/** Read beside a good file: no error, every member of the branch reviewed. */
async function expectReadInFull(data: Buffer): Promise<string[]> {
  const fx = await fixture();
  const run = await checkCorpus([...goodFiles(fx), { name: 'variant.xlsx', data }], fx);
  expectGoodRead(run, fx);
  const f = run.file('variant.xlsx');
  expect(f.problems.filter((p) => p.severity === 'error').map((p) => `${p.rule}: ${p.message}`)).toEqual([]);
  expect(f.summary?.membersReviewed).toBe(fx.goodMembers[1]);
  return f.problems.map((p) => p.rule);
}

describe('valid packages are read, not 文件已损坏', () => {
  test('part names that differ from their references only in case', async () => {
    const fx = await fixture();
    const upper = (name: string) =>
      name === '[Content_Types].xml'
        ? '[CONTENT_TYPES].XML'
        : name
            .replace(/^xl\//, 'XL/')
            .replace(/workbook\.xml/, 'Workbook.xml')
            .replace(/sheet(\d+)\.xml$/, 'Sheet$1.xml')
            .replace('sharedStrings', 'SharedStrings');
    const data = await renameParts(fx.good[1], upper);
    const names = [...(await unzipEntries(data)).keys()];
    expect(names).toContain('XL/Workbook.xml');
    expect(names).not.toContain('xl/workbook.xml');
    expect(await expectReadInFull(data)).toEqual([]);
    // Found in any case, listed as stored (a writer that copies the parts keeps their names).
    const zip = await openZip(data);
    try {
      expect(zip.has('xl/workbook.xml')).toBe(true);
      expect([...zip.names].sort()).toEqual([...names].sort());
    } finally {
      zip.close();
    }
  });

  test('a workbook part not at xl/workbook.xml, named by _rels/.rels', async () => {
    const fx = await fixture();
    const move = (name: string) => name.replace(/^xl\/workbook\.xml$/, 'xl/book.xml').replace(/^xl\/_rels\/workbook\.xml\.rels$/, 'xl/_rels/book.xml.rels');
    const data = await renameParts(fx.good[1], move, (name, xml) =>
      name === '_rels/.rels' || name === '[Content_Types].xml' ? xml.replace(/\/?xl\/workbook\.xml/g, (m) => m.replace('workbook.xml', 'book.xml')) : xml,
    );
    const names = [...(await unzipEntries(data)).keys()];
    expect(names).toContain('xl/book.xml');
    expect(names).not.toContain('xl/workbook.xml');
    expect(await expectReadInFull(data)).toEqual([]);
  });
});

describe('a row number held twice', () => {
  /** The member sheet with its `<row r="3">` element written twice, the copy changed by `change`. */
  async function repeatedRow(change: (row: string) => string = (r) => r): Promise<Buffer> {
    const fx = await fixture();
    const part = await sheetPart(fx.good[1], MEMBER_FORM.sheetName);
    return editParts(fx.good[1], (name, xml) => {
      if (name !== part) return xml;
      const row = /<row [^>]*r="3"[^>]*>.*?<\/row>/s.exec(xml)?.[0];
      if (!row) throw new Error('no row 3');
      return xml.replace(row, row + change(row));
    });
  }

  test('is read as one row and said once, never 已在第 3 行点评过 pointing at itself', async () => {
    const rules = await expectReadInFull(await repeatedRow());
    expect(rules).toEqual(['rowRepeated']);
  });

  test('two different values in one cell are an error at that cell, not a silent pick', async () => {
    const fx = await fixture();
    const col = columnOf(MEMBER_FORM, 'achievements').index;
    const cell = a1(col, 3);
    const data = await repeatedRow((row) =>
      row.replace(new RegExp(`<c r="${cell}"[^>]*?(/>|>.*?</c>)`, 's'), `<c r="${cell}" t="inlineStr"><is><t>另一份成绩</t></is></c>`),
    );
    const { problems } = await loadOne(data, fx);
    const errors = problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => [p.rule, p.cell])).toEqual([['rowRepeatedConflict', cell]]);
    expect(errors[0].message).toContain('第 3 行在文件中出现了不止一次，「主要成绩」各次的内容不同');
  });
});
