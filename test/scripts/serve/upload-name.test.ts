/**
 * A file name from an upload never leaves the folder it is stored in: paths, NUL, control and
 * bidirectional characters, names Windows reserves and over-long names all become one plain name;
 * lock and hidden files are not kept; a different file of the same name is numbered, the same
 * file is kept once.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { isSkippedUpload, uploadFileName } from '../../../scripts/lib/serve/upload-name';
import { storeUpload } from '../../../scripts/lib/serve/workspace';
import { tempDir } from '../../helpers/workbooks';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('upload-name');
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

test.each([
  ['语文党小组.xlsx', '语文党小组.xlsx'],
  ['../../etc/passwd', 'passwd'],
  ['..\\..\\Windows\\win.ini', 'win.ini'],
  ['/etc/cron.d/evil.xlsx', 'evil.xlsx'],
  ['C:\\Users\\张老师\\桌面\\数学党小组.xlsx', '数学党小组.xlsx'],
  ['a\u0000b.xlsx', 'ab.xlsx'],
  ['tab\there.xlsx', 'tab_here.xlsx'],
  ['问题<1>:"?*|.xlsx', '问题_1______.xlsx'],
  ['CON.xlsx', '_CON.xlsx'],
  ['nul.tar.gz', '_nul.tar.gz'],
  ['COM1', '_COM1'],
  ['lpt9.xlsx', '_lpt9.xlsx'],
  ['report.xlsx. . ', 'report.xlsx'],
  ['\u202eslx.exe', 'slx.exe'],
  ['..', '未命名'],
  ['', '未命名'],
  ['. .xlsx', '未命名.xlsx'],
])('%j is kept as %j', (raw, kept) => {
  expect(uploadFileName(raw)).toBe(kept);
});

test('a long name is cut to fit a file system, keeping its extension', () => {
  const name = uploadFileName(`${'很长的名字'.repeat(40)}.xlsx`);
  expect(name.endsWith('.xlsx')).toBe(true);
  expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200);
});

test('lock and hidden files are not kept', () => {
  expect(isSkippedUpload('~$语文党小组.xlsx')).toBe('lock-file');
  expect(isSkippedUpload('收回/.~lock.语文.xlsx#')).toBe('lock-file');
  expect(isSkippedUpload('.DS_Store')).toBe('hidden-file');
  expect(isSkippedUpload('语文.xlsx')).toBeUndefined();
});

const store = (name: string, text: string) => storeUpload(dir, name, Readable.from([Buffer.from(text)]), { maxBytes: 1000, truncated: () => false });

test('stored uploads land in the folder, whatever the name says; same name: numbered unless the same file', async () => {
  const inside = path.join(dir, '收回');
  const names = ['../../逃出.xlsx', '/tmp/逃出.xlsx', 'C:\\逃出.xlsx'];
  const kept = [];
  for (const [i, name] of names.entries())
    kept.push((await storeUpload(inside, name, Readable.from([Buffer.from(`内容${i}`)]), { maxBytes: 1000, truncated: () => false })).file);
  expect(kept).toEqual(['逃出.xlsx', '逃出 (2).xlsx', '逃出 (3).xlsx']);
  expect((await fs.readdir(inside)).sort()).toEqual(['逃出 (2).xlsx', '逃出 (3).xlsx', '逃出.xlsx']);
  expect(await fs.readdir(dir)).toEqual(['收回']);
  // The same bytes again are not stored twice.
  expect((await storeUpload(inside, '逃出.xlsx', Readable.from([Buffer.from('内容0')]), { maxBytes: 1000, truncated: () => false })).file).toBe('逃出.xlsx');
  expect(await fs.readdir(inside)).toHaveLength(3);
});

test('a lock file is drained, not stored; a cut-short upload is refused and leaves nothing', async () => {
  const lock = await store('~$a.xlsx', 'x');
  expect(lock).toEqual({ reason: 'Office 临时锁定文件，已跳过' });
  const big = await storeUpload(path.join(dir, '大'), 'big.xlsx', Readable.from([Buffer.alloc(10)]), { maxBytes: 10, truncated: () => true });
  expect(big.file).toBeUndefined();
  expect(big.reason).toMatch(/^文件超过 0 MB，远大于正常点评表，未保存/);
  expect(await fs.readdir(path.join(dir, '大'))).toEqual([]);
});
