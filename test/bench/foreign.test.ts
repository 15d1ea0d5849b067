/**
 * The bench's script writer (bench/foreign.ts): a workbook rewritten with inline strings reads
 * back as the same grids, with no shared-strings part left and every text cell inline.
 */
import { cellAt } from '../../addin/forms/cell';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { inlineStrings } from '../../bench/foreign';
import { readXlsx } from '../../scripts/lib/xlsx/xlsx-reader';

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员点评');
  ws.addRow(['姓名', '点评日期', '人数', '备注']);
  ws.addRow(['张三', new Date(Date.UTC(2010, 8, 1)), 12, '<第一条> & “引号”']);
  ws.addRow(['李四', null, 0, { richText: [{ text: '数学第' }, { text: '8', font: { name: 'Cambria' } }, { text: '党小组' }] }]);
  ws.addRow(['张三', null, null, '  前后有空格  ']);
  wb.addWorksheet('_meta').addRow(['branch', '语文党小组']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('every shared-string cell becomes an inline string; the grids read the same', async () => {
  const original = await workbook();
  const zip = await JSZip.loadAsync(original);
  expect(zip.file('xl/sharedStrings.xml')).not.toBeNull();
  await inlineStrings(zip);
  const rewritten = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });

  expect(zip.file('xl/sharedStrings.xml')).toBeNull();
  expect(await zip.file('[Content_Types].xml')?.async('string')).not.toMatch(/sharedStrings/);
  expect(await zip.file('xl/_rels/workbook.xml.rels')?.async('string')).not.toMatch(/sharedStrings/);
  const sheet = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) ?? '';
  expect(sheet).not.toMatch(/ t="s"/);
  expect(sheet.match(/t="inlineStr"/g)).toHaveLength(4 + 2 + 2 + 2);

  const [before, after] = [await readXlsx(original, 'a.xlsx'), await readXlsx(rewritten, 'b.xlsx')];
  expect(after.grids).toEqual(before.grids);
  expect(cellAt(after.grids[0].rows[2], 3)).toBe('数学第8党小组');
});
