/**
 * Resource attacks: bombs, lying sizes, huge entry counts, huge sheets. Each is refused or read
 * within LIMITS (scripts/lib/xlsx/limits.ts), beside a good file that is still read in full.
 */
import { LIMITS } from '../../../scripts/lib/xlsx/limits';
import { type BadCase, editParts, sheetPart } from '../helpers/corpus';
import { type ZipEntrySpec, buildZip, deflateBomb } from '../helpers/zip-writer';
import { unzipEntries } from '../../helpers/zip';

export async function withEntries(buf: Buffer, change: (entries: ZipEntrySpec[]) => ZipEntrySpec[]): Promise<Buffer> {
  const entries = [...(await unzipEntries(buf))].map(([name, data]): ZipEntrySpec => ({ name, data }));
  return buildZip(change(entries));
}

/** Replaces the XML of the 党员点评 sheet. */
export async function editMemberSheet(buf: Buffer, edit: (xml: string) => string): Promise<Buffer> {
  const part = await sheetPart(buf, '党员点评');
  return editParts(buf, (name, xml) => (name === part ? edit(xml) : xml));
}

export const GIB2 = 2048;

export const RESOURCE_ATTACKS: BadCase[] = [
  {
    id: 'an entry declaring 2 GB (zip bomb, honest sizes)',
    name: '炸弹.xlsx',
    make: async (fx) => withEntries(fx.good[1], (e) => [...e, { name: 'xl/media/image1.png', raw: deflateBomb(GIB2), rawSize: GIB2 * 1048576, rawCrc: 0 }]),
    rule: 'zip-bomb',
    says: /压缩炸弹.*已拒收/,
  },
  {
    id: 'a sheet inflating to 2 GB while declaring 2 KB (sizes that lie)',
    name: '炸弹2.xlsx',
    make: async (fx) => {
      const part = await sheetPart(fx.good[1], '党员点评');
      return withEntries(fx.good[1], (e) => e.map((x) => (x.name === part ? { name: part, raw: deflateBomb(GIB2), rawSize: 2048, rawCrc: 0 } : x)));
    },
    rule: 'zip-size-mismatch',
    says: /实际大小与记录的不符/,
  },
  {
    // Spaces are valid before the root element, so the parser does not stop early: the size does.
    id: 'a sheet of spaces inflating to 2 GB while declaring just under the part limit',
    name: '炸弹3.xlsx',
    make: async (fx) => {
      const part = await sheetPart(fx.good[1], '党员点评');
      return withEntries(fx.good[1], (e) =>
        e.map((x) => (x.name === part ? { name: part, raw: deflateBomb(GIB2, 0x20), rawSize: LIMITS.maxPartBytes - 1, rawCrc: 0 } : x)),
      );
    },
    rule: 'zip-size-mismatch',
  },
  {
    id: 'a sheet of zeros inflating to 2 GB: stops at the first invalid character',
    name: '炸弹4.xlsx',
    make: async (fx) => {
      const part = await sheetPart(fx.good[1], '党员点评');
      return withEntries(fx.good[1], (e) =>
        e.map((x) => (x.name === part ? { name: part, raw: deflateBomb(GIB2), rawSize: LIMITS.maxPartBytes - 1, rawCrc: 0 } : x)),
      );
    },
    rule: 'xml-invalid',
  },
  {
    id: 'a million formatted empty rows (64 MB of XML): refused, with what to do',
    name: '百万空行.xlsx',
    make: async (fx) =>
      editMemberSheet(fx.good[1], (xml) => {
        const rows: string[] = [];
        for (let r = 100; r < 1_000_100; r++) rows.push(`<row r="${r}" s="2" customFormat="1"><c r="A${r}" s="2"/></row>`);
        return xml.replace('</sheetData>', `${rows.join('')}</sheetData>`);
      }),
    rule: 'zip-bomb',
    says: /删除多余的空行/,
  },
  {
    id: 'central directory claiming more compressed bytes than the file holds',
    name: '越界.xlsx',
    make: async (fx) => withEntries(fx.good[1], (e) => e.map((x) => (x.name === 'xl/workbook.xml' ? { ...x, centralSizes: { compressed: 50_000_000 } } : x))),
    rule: 'corrupt-zip',
    says: /损坏/,
  },
  {
    id: 'a stored entry whose sizes disagree',
    name: '大小不符.xlsx',
    make: async (fx) =>
      withEntries(fx.good[1], (e) => e.map((x) => (x.name === 'xl/workbook.xml' ? { ...x, method: 0, centralSizes: { uncompressed: 10 } } : x))),
    rule: 'zip-size-mismatch',
  },
  {
    id: 'a zip with 100,000 entries',
    name: '十万.xlsx',
    make: async (fx) =>
      withEntries(fx.good[1], (e) => {
        const extra: ZipEntrySpec[] = [];
        for (let i = 0; i < 100_000; i++) extra.push({ name: `x/${i}`, method: 0 });
        return [...e, ...extra];
      }),
    rule: 'too-many-entries',
    says: /个文件.*已拒收/,
  },
  {
    id: 'a workbook listing 300 sheets',
    name: '多表.xlsx',
    make: async (fx) =>
      editParts(fx.good[1], (name, xml) => {
        if (name !== 'xl/workbook.xml') return xml;
        const many = Array.from({ length: 300 }, (_v, i) => `<sheet name="表${i}" sheetId="${1000 + i}" r:id="rId3"/>`).join('');
        return xml.replace('</sheets>', `${many}</sheets>`);
      }),
    rule: 'too-many-sheets',
  },
  {
    id: 'a sheet with 20,000 merged ranges',
    name: '合并.xlsx',
    make: async (fx) =>
      editMemberSheet(fx.good[1], (xml) => {
        const merges = Array.from({ length: 20_000 }, (_v, i) => `<mergeCell ref="A${i + 2}:B${i + 2}"/>`).join('');
        return xml
          .replace(/<mergeCells[^>]*>.*?<\/mergeCells>|<mergeCells[^>]*\/>/s, '')
          .replace('</sheetData>', `</sheetData><mergeCells count="20000">${merges}</mergeCells>`);
      }),
    rule: 'too-many-merges',
  },
  {
    id: 'a sheet with more data rows than the reader takes (30,000)',
    name: '三万行.xlsx',
    make: async (fx) =>
      editMemberSheet(fx.good[1], (xml) => {
        const rows: string[] = [];
        for (let r = 1000; r < 31_000; r++) rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>某某${r}</t></is></c></row>`);
        return xml.replace('</sheetData>', `${rows.join('')}</sheetData>`);
      }),
    rule: 'rowsTruncated',
    says: /超过上限/,
  },
];
