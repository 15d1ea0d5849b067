/**
 * The built pane (production dist) in headless Chromium with a fake Office/Excel host: every
 * request is answered offline (the pane from the build, office.js by the fake). Clicking 检查 on a
 * workbook with planted problems lists them; clicking one selects its cell. The same build's
 * scripts are parsed at the ES level docs/addin.md claims for them. Screenshots are kept in
 * test-artifacts/.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { runExcel } from '../../../addin/excel/run';
import { saveSetup } from '../../../addin/excel/setup';
import { columnOf } from '../../../addin/forms/form';
import { branchLayouts } from '../../../addin/forms/layout';
import { REPORT_SHEETS } from '../../../addin/report/model/report-sheets';
import { MEMBER_FORM } from '../../../addin/forms/branch-forms';
import { key } from '../fake-excel';
import { serializeBook } from '../fake-excel/serialize';
import { filledWorkbook, fixture, sheetOf } from '../helpers';
import { PANE_ORIGIN, buildFakeHost, buildPane } from './build';
import { esLevelProblems } from './es-levels';
import { ARTIFACTS, launchChromium } from '../../helpers/browser';

jest.setTimeout(180_000);

const ORIGIN = PANE_ORIGIN;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml',
};

let browser: Browser;
let paneDir: string;
let fakeOffice: string;

beforeAll(async () => {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  [paneDir, fakeOffice] = await Promise.all([buildPane(), buildFakeHost()]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

interface PaneOptions {
  apiVersion?: number;
  /** Pane files answered with a network error, as if the webview could not load them. */
  fail?: RegExp;
  /** Playwright's fake clock, to move the boot watch's timer on without waiting. */
  clock?: boolean;
}

async function openPane(book: unknown, options: PaneOptions = {}): Promise<{ page: Page; errors: string[]; blocked: string[] }> {
  const page = await browser.newPage({ viewport: { width: 320, height: 900 }, locale: 'zh-CN' });
  const errors: string[] = [];
  const blocked: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (options.clock) await page.clock.install();
  const fake = await fs.readFile(fakeOffice, 'utf8');
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('https://appsforoffice.microsoft.com/')) {
      const prelude = `window.__FAKE_BOOK__ = ${JSON.stringify(book)};${options.apiVersion ? `window.__FAKE_API_VERSION__ = ${options.apiVersion};` : ''}\n`;
      return route.fulfill({ status: 200, contentType: TYPES['.js'], body: prelude + fake });
    }
    if (url.startsWith(`${ORIGIN}/`)) {
      if (options.fail?.test(url)) return route.abort();
      const file = path.join(paneDir, decodeURIComponent(new URL(url).pathname));
      if (!file.startsWith(paneDir)) return route.abort();
      try {
        return await route.fulfill({ status: 200, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream', body: await fs.readFile(file) });
      } catch {
        return route.fulfill({ status: 404, body: 'not found' });
      }
    }
    blocked.push(url);
    return route.abort();
  });
  await page.goto(`${ORIGIN}/taskpane.html`);
  return { page, errors, blocked };
}

async function plantedWorkbook() {
  const f = fixture({ membersPerBranch: 8 });
  await filledWorkbook(f);
  const members = sheetOf(f.host.book, MEMBER_FORM.sheetName);
  members.cells.delete(key(2, columnOf(MEMBER_FORM, 'aspect3').index));
  members.cells.set(key(4, columnOf(MEMBER_FORM, 'method').index), { value: '开会点评' });
  members.cells.set(key(5, columnOf(MEMBER_FORM, 'achievements').index), { value: '无' });
  return f;
}

test('检查 lists the planted problems; clicking one selects its cell', async () => {
  const f = await plantedWorkbook();
  const { page, errors, blocked } = await openPane(serializeBook(f.host.book));
  await page.getByText('已读取本工作簿的设置').waitFor();
  await page.getByRole('button', { name: '检查', exact: true }).click();
  const list = page.locator('#problem-list');
  await list.locator('button.problem').first().waitFor();

  const texts = await list.locator('button.problem').allTextContents();
  expect(texts.some((t) => /D4|缺少点评内容「为民办实事好事」/.test(t) && /缺少点评内容/.test(t))).toBe(true);
  expect(texts.some((t) => /不在下拉列表中/.test(t) && /开会点评/.test(t))).toBe(true);
  expect(texts.some((t) => /提示/.test(t) && /只写了“无”/.test(t))).toBe(true);
  await expect(page.locator('#status-text').textContent()).resolves.toMatch(/发现 \d+ 个错误/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'taskpane-check.png'), fullPage: true });

  // Keyboard: the problem is a button; Enter on it selects the cell in the (fake) workbook.
  const method = list.locator('button.problem', { hasText: '开会点评' });
  await method.focus();
  await page.keyboard.press('Enter');
  await page.getByText(/已定位到/).waitFor();
  const selection = await page.evaluate(() => (window as unknown as { __fakeHost: { book: { selection: unknown } } }).__fakeHost.book.selection);
  const col = String.fromCharCode(65 + columnOf(MEMBER_FORM, 'method').index);
  expect(selection).toEqual({ sheet: MEMBER_FORM.sheetName, address: `${col}5` });

  // 定稿 is refused while errors remain, and says so.
  await page.getByRole('button', { name: '定稿', exact: true }).click();
  await page.getByText(/不能定稿/).waitFor();

  // 覆盖情况 shows the figures and the chart.
  await page.getByRole('button', { name: '覆盖情况' }).click();
  await page.locator('#coverage-panel svg.chart').waitFor();
  await expect(page.locator('#coverage-body').textContent()).resolves.toMatch(/已点评 \/ 应点评党员/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'taskpane-coverage.png'), fullPage: true });

  expect(errors).toEqual([]);
  expect(blocked).toEqual([]);
  await page.close();
});

test('a workbook without setup opens 设置; an Office failure is shown, not swallowed', async () => {
  const f = fixture();
  const { page, errors } = await openPane(serializeBook(f.host.book));
  await page.getByText('本工作簿还没有设置').first().waitFor();
  expect(await page.locator('#setup-panel').isVisible()).toBe(true);
  expect(await page.locator('#f-unit').inputValue()).toBe('');
  // Saving an empty setup shows the field messages.
  await page.getByRole('button', { name: '保存设置' }).click();
  await page.getByText('请填写单位名称').waitFor();
  // 插入点评表 without a setup: a typed error in Chinese in the status bar.
  await page.getByRole('button', { name: '插入点评表' }).click();
  await page.locator('#status.error').getByText('请先在“设置”中填写').waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'taskpane-setup.png'), fullPage: true });
  expect(errors).toEqual([]);
  await page.close();
});

test('插入点评表 then 生成汇总: the sheets appear and the report opens as a new workbook (exceljs in the browser)', async () => {
  const f = fixture({ membersPerBranch: 5 });
  await runExcel('保存设置', (ctx) => saveSetup(ctx, f.meta));
  const { page, errors, blocked } = await openPane(serializeBook(f.host.book));
  await page.getByText('已读取本工作簿的设置').waitFor();
  await page.getByRole('button', { name: '插入点评表' }).click();
  await page.getByText(/已插入：/).waitFor();
  const names = await page.evaluate(() =>
    (window as unknown as { __fakeHost: { book: { sheets: { name: string }[] } } }).__fakeHost.book.sheets.map((s) => s.name),
  );
  for (const layout of branchLayouts(f.ctx)) expect(names).toContain(layout.name);

  await page.getByRole('button', { name: '生成汇总' }).click();
  await page.getByText(/已生成汇总工作簿/).waitFor({ timeout: 60_000 });
  const created = await page.evaluate(() => (window as unknown as { __fakeHost: { created: string[] } }).__fakeHost.created);
  expect(created).toHaveLength(1);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(created[0], 'base64') as unknown as ExcelJS.Buffer);
  expect(wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual([...REPORT_SHEETS]);
  await page.screenshot({ path: path.join(ARTIFACTS, 'taskpane-summary.png'), fullPage: true });
  expect(errors).toEqual([]);
  expect(blocked).toEqual([]);
  await page.close();
});

test('the production build points nowhere near localhost, and its manifest is valid', async () => {
  const files = (await fs.readdir(paneDir)).filter((f) => /\.(html|js|xml)$/.test(f));
  expect(files).toEqual(expect.arrayContaining(['taskpane.html', 'commands.html', 'manifest.xml']));
  for (const f of files)
    expect({ f, localhost: /localhost|127\.0\.0\.1/.test(await fs.readFile(path.join(paneDir, f), 'utf8')) }).toEqual({ f, localhost: false });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { validateFile } = require('../../../addin/tools/validate-manifest.js') as { validateFile(file: string, production: boolean): Promise<string[]> };
  expect(await validateFile(path.join(paneDir, 'manifest.xml'), true)).toEqual([]);
});

test('every script of the build parses at the level docs/addin.md claims: ES5 for what the pane starts with, ES3 inline, ES2018 only for exceljs', async () => {
  const { checked, problems } = await esLevelProblems(paneDir);
  expect(problems).toEqual([]);
  for (const name of [/^taskpane\.\w+\.js$/, /^commands\.\w+\.js$/, /^report\.\w+\.js$/, /^exceljs\.\w+\.js$/, /^taskpane\.html <script> #1$/])
    expect(checked.filter((c) => name.test(c))).toHaveLength(1);
});

test('the pane bundle cannot start (a webview that cannot run it): after 15 s the page says to install WebView2 or upgrade Office', async () => {
  const f = fixture();
  const { page } = await openPane(serializeBook(f.host.book), { clock: true, fail: /\/taskpane\.\w+\.js$/ });
  await page.waitForLoadState('load');
  expect(await page.locator('#boot-error').isVisible()).toBe(false);
  await page.clock.fastForward(16_000);
  await page.locator('#boot-error').waitFor();
  await expect(page.locator('#boot-error').textContent()).resolves.toMatch(/请安装 WebView2 运行时或升级 Office/);
  expect(await page.locator('#context-line').isVisible()).toBe(false);
  // The buttons would do nothing: they go too.
  expect(await page.getByRole('button', { name: '检查', exact: true }).isVisible()).toBe(false);
  await page.screenshot({ path: path.join(ARTIFACTS, 'taskpane-boot-error.png'), fullPage: true });
  await page.close();
});

test('a pane that starts cancels the boot watch: no WebView2 message, however long it stays open', async () => {
  const f = fixture();
  await runExcel('保存设置', (ctx) => saveSetup(ctx, f.meta));
  const { page, errors } = await openPane(serializeBook(f.host.book), { clock: true });
  await page.getByText('已读取本工作簿的设置').waitFor();
  await page.clock.fastForward(60_000);
  expect(await page.locator('#boot-error').isVisible()).toBe(false);
  expect(await page.locator('#capability-note').isVisible()).toBe(false);
  expect(errors).toEqual([]);
  await page.close();
});

test('Excel 2019 volume-licensed (ExcelApi 1.7): the pane says what is unavailable; 插入点评表 works without dropdowns and says so', async () => {
  const f = fixture({ membersPerBranch: 4 });
  await runExcel('保存设置', (ctx) => saveSetup(ctx, f.meta));
  const { page, errors } = await openPane(serializeBook(f.host.book), { apiVersion: 7 });
  await page.getByText('已读取本工作簿的设置').waitFor();
  await expect(page.locator('#capability-note').textContent()).resolves.toMatch(/ExcelApi 1\.7.*可以检查、查看覆盖情况和定稿.*不能写入下拉列表/);
  await page.getByRole('button', { name: '插入点评表' }).click();
  await page.getByText(/已插入：/).waitFor();
  await expect(page.locator('#status-text').textContent()).resolves.toMatch(/不能写入下拉列表.*请尽量使用办公室下发的点评表/);
  expect(await page.locator('#status').getAttribute('class')).toBe('status warning');
  await page.screenshot({ path: path.join(ARTIFACTS, 'taskpane-excel2019.png'), fullPage: true });
  expect(errors).toEqual([]);
  await page.close();
});

test('an Excel older than the manifest allows (ExcelApi 1.6) is told to fill the issued workbook instead', async () => {
  const f = fixture();
  const { page } = await openPane(serializeBook(f.host.book), { apiVersion: 6 });
  await page
    .locator('#status.error')
    .getByText(/当前 Excel 版本太旧（需要 ExcelApi 1\.7/)
    .waitFor();
  await expect(page.locator('#status-text').textContent()).resolves.toMatch(/请直接在办公室下发的点评表中填写/);
  await page.close();
});
