/** manifest.xml against the Office add-in XSDs (offline), and the checks the XSDs cannot make. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/temp';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateFile } = require('../../addin/tools/validate-manifest.js') as { validateFile(file: string, production: boolean): Promise<string[]> };

const root = path.resolve(__dirname, '..', '..');
const manifest = path.join(root, 'manifest.xml');

async function variant(edit: (xml: string) => string): Promise<string> {
  const dir = await tempDir('manifest-');
  const file = path.join(dir, 'manifest.xml');
  await fs.writeFile(file, edit(await fs.readFile(manifest, 'utf8')));
  return file;
}

test('manifest.xml is valid: TaskPaneApp, Workbook, ExcelApi 1.7, Home tab button, zh-CN overrides', async () => {
  expect(await validateFile(manifest, false)).toEqual([]);
  const xml = await fs.readFile(manifest, 'utf8');
  expect(xml).toMatch(/xsi:type="TaskPaneApp"/);
  expect(xml).toMatch(/<Host Name="Workbook"\/>/);
  expect(xml).toMatch(/<Set Name="ExcelApi" MinVersion="1\.7"\/>/);
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

// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require('../../webpack.config.js') as ((env: unknown, argv: { mode: string }) => Promise<unknown>) & {
  DEV_ID: string;
  PRODUCTION_ID: string;
  productionManifest(xml: string, url: string): string;
};

test('the development manifest has its own <Id>; the production manifest gets the production Id and address, and is valid', async () => {
  const xml = await fs.readFile(manifest, 'utf8');
  expect(xml).toContain(`<Id>${build.DEV_ID}</Id>`);
  expect(build.DEV_ID).not.toBe(build.PRODUCTION_ID);
  const production = build.productionManifest(xml, 'https://intranet.example.edu.cn/review-forms/');
  expect(production).toContain(`<Id>${build.PRODUCTION_ID}</Id>`);
  expect(production).not.toContain(build.DEV_ID);
  expect(production).toContain('<AppDomain>https://intranet.example.edu.cn</AppDomain>');
  const file = await variant(() => production);
  expect(await validateFile(file, true)).toEqual([]);
});

test('npm run build without ADDIN_PUBLIC_URL stops with a message saying what to set', async () => {
  const saved = process.env.ADDIN_PUBLIC_URL;
  delete process.env.ADDIN_PUBLIC_URL;
  try {
    await expect(build({}, { mode: 'production' })).rejects.toThrow(/没有设置 ADDIN_PUBLIC_URL[\s\S]*ADDIN_PUBLIC_URL is not set/);
    await expect(build({ ADDIN_PUBLIC_URL: 'http://intranet/review-forms' }, { mode: 'production' })).rejects.toThrow(/https/);
    await expect(build({}, { mode: 'development' })).resolves.toBeDefined();
  } finally {
    if (saved !== undefined) process.env.ADDIN_PUBLIC_URL = saved;
  }
});
