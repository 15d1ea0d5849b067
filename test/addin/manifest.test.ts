/** manifest.xml against the Office add-in XSDs (offline), and the checks the XSDs cannot make. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateFile } = require('../../addin/tools/validate-manifest.js') as { validateFile(file: string, production: boolean): Promise<string[]> };

const root = path.resolve(__dirname, '..', '..');
const manifest = path.join(root, 'manifest.xml');

async function variant(edit: (xml: string) => string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'manifest-'));
  const file = path.join(dir, 'manifest.xml');
  await fs.writeFile(file, edit(await fs.readFile(manifest, 'utf8')));
  return file;
}

test('manifest.xml is valid: TaskPaneApp, Workbook, ExcelApi 1.8, Home tab button, zh-CN overrides', async () => {
  expect(await validateFile(manifest, false)).toEqual([]);
  const xml = await fs.readFile(manifest, 'utf8');
  expect(xml).toMatch(/xsi:type="TaskPaneApp"/);
  expect(xml).toMatch(/<Host Name="Workbook"\/>/);
  expect(xml).toMatch(/<Set Name="ExcelApi" MinVersion="1\.8"\/>/);
  expect(xml).toMatch(/<OfficeTab id="TabHome">/);
  expect(xml).toMatch(/<DisplayName DefaultValue="[^"]+">\s*<Override Locale="zh-CN" Value="领导点评表"\/>/);
});

test('a misplaced element, an undefined resid and a dev URL in production are all reported', async () => {
  const misplaced = await variant((x) => x.replace('<Hosts>', '<Permissions>ReadItem</Permissions><Hosts>'));
  expect((await validateFile(misplaced, false)).join('\n')).toMatch(/not expected/);
  const resid = await variant((x) => x.replace('resid="Taskpane.Url"', 'resid="Nope.Url"'));
  expect(await validateFile(resid, false)).toEqual(['resid "Nope.Url" is not defined under <Resources>']);
  expect((await validateFile(manifest, true)).join('\n')).toMatch(/production manifest still points at https:\/\/localhost:3000/);
});
