/**
 * Resource attacks: bombs, lying sizes, huge entry counts, huge sheets. Each is refused or read
 * within LIMITS (scripts/lib/xlsx/limits.ts), beside a good file that is still read in full.
 */
import { crc32 } from 'node:zlib';
import { expectCheckCase, expectGoodRead, fixture, checkCorpus, goodFiles } from './helpers/corpus';
import { withEntries, editMemberSheet, RESOURCE_ATTACKS } from './cases/resource';

jest.setTimeout(120_000);

beforeAll(() => fixture());

describe('resource attacks are refused within limits', () => {
  test.each(RESOURCE_ATTACKS)('$id', async (c) => {
    await expectCheckCase(c, await fixture());
  });
});

describe('resource attacks that are read within limits', () => {
  test('sizes in the local headers that lie: the central directory is used, the file is read', async () => {
    const fx = await fixture();
    const lying = await withEntries(fx.good[0], (e) => e.map((x) => ({ ...x, localSizes: { compressed: 7, uncompressed: 0xfffffff0 } })));
    const run = await checkCorpus([{ name: 'good-1.xlsx', data: lying }], fx);
    expectGoodRead(run, fx);
  });

  test('a million empty rows in a form sheet are read quickly and ignored', async () => {
    const fx = await fixture();
    const big = await editMemberSheet(fx.good[1], (xml) => {
      const rows: string[] = [];
      for (let r = 100; r < 1_000_100; r++) rows.push(`<row r="${r}" s="2" customFormat="1" ht="15"/>`);
      return xml.replace('</sheetData>', `${rows.join('')}</sheetData>`);
    });
    const run = await checkCorpus([...goodFiles(fx), { name: 'good-2.xlsx', data: big }], fx);
    expectGoodRead(run, fx, 0);
    expectGoodRead(run, fx, 1);
  });

  test('a merged range over whole columns is cut to the rows that exist', async () => {
    const fx = await fixture();
    const merged = await editMemberSheet(fx.good[1], (xml) =>
      xml
        .replace(/<mergeCells[^>]*>.*?<\/mergeCells>/s, '')
        .replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="Z2:XFD1048576"/></mergeCells>'),
    );
    const run = await checkCorpus([...goodFiles(fx), { name: 'merged.xlsx', data: merged }], fx);
    expectGoodRead(run, fx);
    expect(run.file('merged.xlsx').status).not.toBe('rejected');
  });

  test('the CRC of a part is not what makes a file readable (no crash on a wrong CRC)', async () => {
    const fx = await fixture();
    const wrong = await withEntries(fx.good[1], (e) =>
      e.map((x) =>
        x.name === 'xl/workbook.xml'
          ? { name: x.name, raw: x.data as Buffer, method: 0 as const, rawSize: (x.data as Buffer).length, rawCrc: crc32(Buffer.from('x')) }
          : x,
      ),
    );
    const run = await checkCorpus([...goodFiles(fx), { name: 'crc.xlsx', data: wrong }], fx);
    expectGoodRead(run, fx);
    expect(['ok', 'warnings', 'errors', 'rejected']).toContain(run.file('crc.xlsx').status);
  });
});
