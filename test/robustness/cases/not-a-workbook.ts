/**
 * Files that are not workbooks, other formats and lock files: each is named with its Chinese
 * reason and what to do, beside a good file that is still read in full.
 */
import { randomBytes } from 'node:crypto';
import { type BadCase, editParts, sheetPart } from '../helpers/corpus';
import { etFile, encryptedXlsx, xlsFile } from '../helpers/ole';
import { buildZip, rezip } from '../helpers/zip-writer';
import { unzipEntries } from '../../helpers/zip';
import { LIMITS } from '../../../scripts/lib/xlsx/limits';

export const without = async (buf: Buffer, drop: (name: string) => boolean): Promise<Buffer> => rezip(await unzipEntries(buf), (n, d) => (drop(n) ? null : d));

export const NOT_A_WORKBOOK: BadCase[] = [
  { id: 'zero bytes', name: '空文件.xlsx', make: () => Buffer.alloc(0), rule: 'empty', says: /空的.*重新发送/ },
  {
    id: 'random bytes named .xlsx',
    name: '乱码.xlsx',
    make: () => Buffer.concat([Buffer.from([0, 1, 2, 3, 0xff]), randomBytes(5000)]),
    rule: 'unknown-format',
    says: /无法识别.*重新发送/,
  },
  {
    id: 'text named .xlsx',
    name: '文本.xlsx',
    make: () => Buffer.from('这是一段说明文字，不是表格。\n请查收。\n', 'utf8'),
    rule: 'text',
    says: /文本文件.*扩展名为 \.xlsx/,
  },
  { id: 'a .csv', name: '党员点评.csv', make: () => Buffer.from('姓名,点评人,点评日期\n张三,李四,2010-09-01\n', 'utf8'), rule: 'csv', says: /CSV.*\.xlsx/ },
  {
    id: 'UTF-16 tab-separated text named .xls (Unicode 文本)',
    name: 'unicode.xls',
    make: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名\t点评人\r\n张三\t李四\r\n', 'utf16le')]),
    rule: 'csv',
    says: /CSV/,
  },
  {
    id: 'an HTML page saved as .xls',
    name: '网页.xls',
    make: () => Buffer.from('<html><body><table><tr><td>姓名</td></tr></table></body></html>'),
    rule: 'text',
    says: /文本文件.*扩展名为 \.xls\b/,
  },
  { id: 'a folder named x.xlsx', name: 'x.xlsx', make: () => ({ folder: true }), rule: 'not-a-file', says: /文件夹/ },
  {
    id: 'a truncated file',
    name: '截断.xlsx',
    make: async (fx) => fx.good[1].subarray(0, Math.floor(fx.good[1].length / 2)),
    rule: 'corrupt-zip',
    says: /损坏或不完整.*重新发送/,
  },
  {
    id: 'a zip without its central directory',
    name: '半截.xlsx',
    make: () => buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }], { omitCentral: true }),
    rule: 'corrupt-zip',
    says: /损坏/,
  },
  {
    id: 'a zip without [Content_Types].xml',
    name: '无类型.xlsx',
    make: async (fx) => without(fx.good[1], (n) => n === '[Content_Types].xml'),
    rule: 'not-ooxml',
    says: /Content_Types/,
  },
  {
    id: 'a plain zip renamed .xlsx',
    name: '压缩包.xlsx',
    make: () => buildZip([{ name: 'readme.txt', data: 'hello' }]),
    rule: 'not-ooxml',
    says: /不是 Excel 工作簿/,
  },
  {
    id: 'a zip without its workbook part',
    name: '无工作簿.xlsx',
    make: async (fx) => without(fx.good[1], (n) => n === 'xl/workbook.xml'),
    rule: 'no-workbook-part',
    says: /xl\/workbook\.xml/,
  },
  {
    id: 'a workbook pointing to a missing sheet part',
    name: '缺工作表.xlsx',
    make: async (fx) => {
      const part = await sheetPart(fx.good[1], '党员点评');
      return without(fx.good[1], (n) => n === part);
    },
    rule: 'missing-sheet-part',
    says: /党员点评.*缺失.*另存为/,
  },
  {
    id: 'a Word document named .xlsx',
    name: '文档.xlsx',
    make: () =>
      buildZip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'word/document.xml', data: '<w:document/>' },
      ]),
    rule: 'word-document',
    says: /Word/,
  },
  {
    id: 'an OpenDocument spreadsheet (.ods)',
    name: '点评.ods',
    make: () =>
      buildZip([
        { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet', method: 0 },
        { name: 'content.xml', data: '<office:document-content/>' },
      ]),
    rule: 'ods',
    says: /另存为.*xlsx/,
  },
  {
    id: 'an Excel binary workbook (.xlsb)',
    name: '点评.xlsb',
    make: () =>
      buildZip([
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'xl/workbook.bin', data: Buffer.alloc(100) },
      ]),
    rule: 'xlsb',
    says: /xlsb.*另存为/,
  },
  {
    id: 'a broken XML part',
    name: '坏XML.xlsx',
    make: async (fx) => editParts(fx.good[1], (n, x) => (n === 'xl/workbook.xml' ? x.slice(0, x.length - 40) : x)),
    rule: 'xml-invalid',
    says: /不是有效的 XML/,
  },
];

export const OTHER_FORMATS: BadCase[] = [
  { id: 'legacy .xls (OLE compound file)', name: '点评表.xls', make: () => xlsFile(), rule: 'legacy-xls', says: /97-2003.*另存为.*xlsx/ },
  { id: 'an .xls renamed .xlsx', name: '改名.xlsx', make: () => xlsFile(), rule: 'legacy-xls', says: /另存为/ },
  { id: 'WPS .et', name: '点评表.et', make: () => etFile(), rule: 'wps-et', says: /WPS.*另存为.*xlsx/ },
  { id: 'password-protected .xlsx', name: '加密.xlsx', make: () => encryptedXlsx(), rule: 'encrypted', says: /密码.*取消密码|密码.*清空密码/ },
];

export const LOCK_FILES: BadCase[] = [
  { id: 'Excel lock file ~$', name: '~$good-1.xlsx', make: () => Buffer.from('owner name', 'utf16le'), rule: 'skipped' },
  {
    id: 'LibreOffice lock file .~lock.#',
    name: '.~lock.good-1.xlsx#',
    make: () => Buffer.from('1,user,host,27.11.2026 09:00,file:///home/u/.config/libreoffice/4;'),
    rule: 'skipped',
  },
  { id: 'WPS lock file ~$ of an .et', name: '~$点评表.et', make: () => randomBytes(162), rule: 'skipped' },
];

/** A zip whose entries claim another compression method (in both headers). */
export function withMethod(buf: Buffer, method: number): Buffer {
  const out = Buffer.from(buf);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50) out.writeUInt16LE(method, i + 8);
    else if (sig === 0x02014b50) out.writeUInt16LE(method, i + 10);
  }
  return out;
}

/** A zip whose entries carry the (traditional PKWARE) encryption flag. */
export function zipEncrypted(buf: Buffer): Buffer {
  const out = Buffer.from(buf);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50) out.writeUInt16LE(out.readUInt16LE(i + 6) | 1, i + 6);
    else if (sig === 0x02014b50) out.writeUInt16LE(out.readUInt16LE(i + 8) | 1, i + 8);
  }
  return out;
}

export const MORE_FORMATS: BadCase[] = [
  {
    id: 'a zip encrypted with a password (zip tool)',
    name: '压缩加密.xlsx',
    make: (fx) => zipEncrypted(fx.good[1]),
    rule: 'encrypted-zip-entry',
    says: /密码/,
  },
  {
    id: 'a zip with an unsupported compression method (LZMA)',
    name: '压缩方法.xlsx',
    make: (fx) => withMethod(fx.good[1], 14),
    rule: 'corrupt-zip',
    says: /损坏/,
  },
  {
    id: 'a file over the size limit (read no further than its size)',
    name: '超大.xlsx',
    make: () => {
      const big = Buffer.alloc(LIMITS.maxFileBytes + 1);
      big.write('PK\u0003\u0004', 0, 'latin1');
      return big;
    },
    rule: 'file-too-large',
    says: /MB.*已拒收/,
  },
];
