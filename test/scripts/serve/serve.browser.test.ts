/**
 * `review-forms serve` end to end in headless Chromium, one server for the suite: the office
 * uploads the demo's roster, generates the branch workbooks, uploads the demo's filled files
 * (some with errors) as a folder, sees the problems and the coverage, merges and downloads; the
 * downloaded report holds the same cell values as `merge` run on the same files. A second tab sees
 * the same state; requests without the token, or to another address, get nothing; hostile uploads
 * meet the CLI's readers; a bureau merges two schools' reports. Screenshots go to test-artifacts/.
 * The page is served from build/page, which jest's globalSetup builds (test/setup/build.js).
 */
import { promises as fs } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Browser, Page } from 'playwright-core';
import { readRosterFile } from '../../../scripts/lib/workbook/roster-file';
import { mergeToFile } from '../../../scripts/lib/commands/merge';
import { writeBranchTemplates } from '../../../scripts/lib/commands/template';
import { DEMO_STAGE, type DemoResult } from '../../../scripts/lib/demo/demo';
import { demoIn } from '../../helpers/demo';
import { sampleSchool } from '../../../scripts/lib/demo/sample';
import { type RunningServer, startServer } from '../../../scripts/lib/serve/server';
import { tempDir } from '../../helpers/workbooks';
import { ARTIFACTS, launchChromium } from '../../helpers/browser';

jest.setTimeout(300_000);

let root: string;
let demo: DemoResult;
let server: RunningServer;
let browser: Browser;
let origin: string;
let first: Page;
const outside: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  root = await tempDir('serve');
  await fs.mkdir(ARTIFACTS, { recursive: true });
  demo = await demoIn(path.join(root, 'demo'));
  server = await startServer({ dir: path.join(root, '工作目录'), port: 0 });
  origin = new URL(server.url).origin;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fs.rm(root, { recursive: true, force: true });
});

async function openTab(): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('request', (r) => {
    if (!r.url().startsWith(`${origin}/`)) outside.push(r.url());
  });
  await page.goto(server.url);
  await page.locator('#work-dir', { hasText: server.dir }).waitFor();
  return page;
}

async function download(page: Page, selector: string, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
  const target = path.join(root, '下载', name);
  await file.saveAs(target);
  return target;
}

/** Every sheet's cell values as exceljs reads them (a formula by its cached result). */
async function cellValues(file: string): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const plain = (v: unknown): unknown => {
    if (v instanceof Date) return v.toISOString();
    // exceljs reads a formula's cached <v>0</v> as no result at all: 0 is what the file holds.
    if (v && typeof v === 'object' && 'formula' in v) return (v as { result?: unknown }).result ?? 0;
    if (v && typeof v === 'object' && 'richText' in v) return (v as { richText: { text: string }[] }).richText.map((t) => t.text).join('');
    return v ?? null;
  };
  const out: Record<string, unknown[][]> = {};
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1).map(plain)));
    out[ws.name] = rows;
  });
  return out;
}

function get(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

test('the server is bound to 127.0.0.1 and answers only requests with its token', async () => {
  expect(server.address).toBe('127.0.0.1');
  // Another loopback address of this machine reaches a server bound to 0.0.0.0, not this one.
  const refused = await new Promise<string>((resolve) => {
    const socket = net.connect({ host: '127.0.0.2', port: server.port });
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
  expect(refused).toBe('ECONNREFUSED');

  const wrong = 'x'.repeat(server.token.length);
  expect(await get(`${origin}/`)).toBe(403);
  expect(await get(`${origin}/app.js`)).toBe(403);
  expect(await get(`${origin}/api/state`)).toBe(403);
  expect(await get(`${origin}/api/state?token=${wrong}`)).toBe(403);
  expect(await get(`${origin}/api/blank-roster?token=${server.token.slice(1)}`)).toBe(403);
  // The right token under another name (DNS rebinding) is refused too.
  expect(await get(`${origin}/api/state?token=${server.token}`, { host: 'attacker.test' })).toBe(403);
  expect(await get(`${origin}/api/state?token=${server.token}`)).toBe(200);
  const html = await (await fetch(server.url)).text();
  expect(html).toContain('办公室工作页面');
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
});

test('the office does the round in the page: roster, 下发, 收回与检查, 汇总', async () => {
  const page = (first = await openTab());
  await page.getByText('还没有上传名单。').waitFor();

  // 1 名单: the blank roster downloads; the demo's filled roster uploads and offers its stages.
  const blank = await download(page, '#blank-roster', '空白名单.xlsx');
  expect(Object.keys(await cellValues(blank))).toEqual(expect.arrayContaining(['基本信息', '阶段', '党小组', '党员']));
  await page.setInputFiles('#roster-input', demo.roster);
  await page.getByText(/名单：台子乡中心学校，6 个党小组，62 名党员/).waitFor();
  await page.selectOption('#stage-select', DEMO_STAGE);
  await page.locator('#stage-window', { hasText: '2010-08-01 至 2010-09-30' }).waitFor();
  // A report picked as the roster is refused and says what it is; the roster and the stage stay.
  await page.setInputFiles('#roster-input', demo.report);
  await page.locator('#status', { hasText: '名单未保存，原来的名单保留不变：汇总.xlsx 是汇总表，不是名单' }).waitFor();
  await page.getByText(/名单：台子乡中心学校，6 个党小组/).waitFor();
  // Said once on the page.
  await expect(page.locator('p', { hasText: '名单未保存' }).count()).resolves.toBe(1);
  // The roster again: the stage chosen stays, and the page says so.
  await page.setInputFiles('#roster-input', demo.roster);
  await page.locator('#status', { hasText: `名单已上传。当前阶段：${DEMO_STAGE}` }).waitFor();
  await expect(page.locator('#roster-upload-notes').textContent()).resolves.toBe('');

  // 2 下发: one workbook per branch, as one zip.
  await page.locator('#issue-button').click();
  await page.locator('#issued-table tbody tr').nth(5).waitFor();
  expect(await page.locator('#issued-table tbody tr').count()).toBe(6);
  const zip = await JSZip.loadAsync(await fs.readFile(await download(page, '#issued-zip', '下发.zip')));
  const issued = await fs.readdir(path.join(demo.dir, '下发'));
  expect(Object.keys(zip.files).sort()).toEqual(issued.sort());

  // 3 收回与检查: the demo's filled files as a folder (and a lock file, not kept); problems grouped
  // by sheet, coverage by branch. What is asked for while that upload runs waits its turn, and
  // runs as things are then: a file picked after switching the stage goes to that stage; the
  // stage back, the same bytes again are kept once. Every button waits until the queue is empty.
  const folder = path.join(root, '收回的文件夹');
  await fs.cp(demo.returned, folder, { recursive: true });
  await fs.writeFile(path.join(folder, '~$锁定.xlsx'), 'lock');
  const holds = [1, 3].map(() => {
    let release = () => {};
    let reached = () => {};
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    return { release, arrived, held, reached };
  });
  let uploads = 0;
  const isUpload = (url: URL) => url.pathname === '/api/returned';
  await page.route(isUpload, async (route) => {
    const hold = holds[[1, 3].indexOf(++uploads)];
    hold?.reached();
    await hold?.held;
    await route.continue();
  });
  await page.setInputFiles('#returned-folder', folder);
  await page.locator('#status', { hasText: '正在上传并检查 7 个文件' }).waitFor();
  const chinese = (await fs.readdir(demo.returned)).find((n) => n.includes('语文党小组')) ?? '';
  await page.selectOption('#stage-select', '动员部署');
  await page.setInputFiles('#returned-files', path.join(demo.returned, chinese));
  await page.selectOption('#stage-select', DEMO_STAGE);
  await page.setInputFiles('#returned-files', path.join(demo.returned, chinese));
  await page.locator('#status', { hasText: '已排队' }).waitFor();
  holds[0].release();
  await holds[1].arrived;
  // The files of the first upload are drawn, and the last upload still runs: nothing can be clicked.
  await page.locator('#returned-table button.remove').nth(5).waitFor();
  const enabled = await page
    .locator('button')
    .evaluateAll((buttons) => buttons.filter((b) => !(b as HTMLButtonElement).disabled).map((b) => b.id || b.textContent));
  expect(enabled).toEqual([]);
  holds[1].release();
  await page.locator('#status p', { hasText: '检查完成' }).nth(2).waitFor();
  expect(uploads).toBe(3);
  await page.unroute(isUpload);
  expect(await fs.readdir(path.join(server.dir, '动员部署', '收回'))).toEqual([chinese]);
  expect((await fs.readdir(path.join(server.dir, DEMO_STAGE, '收回'))).sort()).toEqual((await fs.readdir(demo.returned)).sort());
  // The notes of every upload of the queue stay: the first one's refused lock file too.
  await page.locator('#returned-notes', { hasText: '未保存 ~$锁定.xlsx' }).waitFor();
  const table = page.locator('#returned-table');
  await table.locator('tbody tr').nth(5).waitFor();
  const row = (branch: string) => table.locator(`tr[data-file*="${branch}"]`);
  await expect(row('数学党小组').getAttribute('data-status')).resolves.toBe('有错误');
  await expect(row('行政后勤党小组').getAttribute('data-status')).resolves.toBe('有错误');
  await expect(row('语文党小组').getAttribute('data-status')).resolves.toBe('采用');
  const maths = (await row('数学党小组').textContent()) ?? '';
  expect(maths).toMatch(/党员点评（\d+ 个问题）/);
  expect(maths).toMatch(/错误 [A-Z]+\d+：/);
  expect(maths).toMatch(/同上/);
  const coverage = page.locator('#coverage-table');
  const retired = (await coverage.locator('tr[data-branch="离退休党小组"]').textContent()) ?? '';
  expect(retired).toMatch(/5 \/ 9/);
  const { roster } = await readRosterFile(demo.roster);
  const missing = roster.members.filter((m) => m.branch === '离退休党小组').slice(5);
  for (const m of missing) expect(retired).toContain(m.name);
  await expect(coverage.locator('tr[data-branch="语文党小组"]').textContent()).resolves.toContain('全部已点评');
  const annotated = await JSZip.loadAsync(await fs.readFile(await download(page, '#annotated-zip', '标注.zip')));
  expect(Object.keys(annotated.files).sort()).toEqual(
    (
      await page
        .locator('#returned-table tr[data-status="有错误"], #returned-table tr[data-status="采用"]')
        .evaluateAll((rows) => rows.filter((r) => !/0 \/ 0/.test(r.children[3]?.textContent ?? '')).map((r) => r.getAttribute('data-file') ?? ''))
    ).sort(),
  );
  await page.screenshot({ path: path.join(ARTIFACTS, 'serve-returns.png'), fullPage: true });

  // 4 汇总: chart and table; the downloads are merge's report and publish's public version.
  await page.locator('#merge-button').click();
  await page.locator('#summary-table tbody tr.total').waitFor();
  expect(await page.locator('#report-view svg.chart rect[data-value]').count()).toBe(18);
  const report = await download(page, '#report-download', '汇总.xlsx');
  const publicReport = await download(page, '#public-download', '公开版.xlsx');
  const cli = path.join(root, 'cli-汇总.xlsx');
  await mergeToFile([demo.returned], cli, { roster, stage: DEMO_STAGE });
  const got = await cellValues(report);
  expect(got).toEqual(await cellValues(cli));
  expect(Object.keys(await cellValues(publicReport))).toEqual(expect.arrayContaining(['汇总', '党组织点评', '整改台账']));

  // The page's table holds the report's 汇总 figures, cell for cell.
  const shown = await page
    .locator('#summary-table tbody tr')
    .evaluateAll((rows) => rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.getAttribute('data-value') ?? '')));
  const sheet = got['汇总'];
  const header = sheet[0] as string[];
  const body = sheet.slice(1).filter((r) => r.some((v) => v !== null && v !== ''));
  expect(shown).toHaveLength(body.length);
  shown.forEach((cells, i) => cells.forEach((cell, j) => expect(cell).toBe(String(body[i][j] ?? ''))));
  expect(header[0]).toBe('学校');
  await page.screenshot({ path: path.join(ARTIFACTS, 'serve-merge.png'), fullPage: true });

  // Everything is in the working folder, where the CLI can go on.
  const stageDir = path.join(server.dir, DEMO_STAGE);
  expect((await fs.readdir(stageDir)).sort()).toEqual(['下发', '公开版.xlsx', '收回', '汇总.xlsx', '退回标注'].sort());

  // 移除 moves a file to 已移除; the report made before is then out of date, until the same file is back.
  await expect(page.locator('#report-download').textContent()).resolves.toBe('下载汇总.xlsx');
  await row('语文党小组').locator('button.remove').click();
  await page.locator('#report-view .stale-notice', { hasText: '收回的文件有变化' }).waitFor();
  await expect(page.locator('#report-download').textContent()).resolves.toMatch(/已过时/);
  expect(await fs.readdir(path.join(stageDir, '已移除'))).toEqual([chinese]);
  await page.setInputFiles('#returned-files', path.join(demo.returned, chinese));
  await row('语文党小组').waitFor();
  await expect(page.locator('#report-view .stale-notice').count()).resolves.toBe(0);
  await expect(page.locator('#report-download').textContent()).resolves.toBe('下载汇总.xlsx');
  expect(pageErrors).toEqual([]);
  expect(outside).toEqual([]);
});

test('a second tab sees the same state', async () => {
  const second = await openTab();
  await second.locator('#summary-table tbody tr.total').waitFor();
  await expect(second.locator('#stage-select').inputValue()).resolves.toBe(DEMO_STAGE);
  const text = async (p: Page, sel: string) => p.locator(sel).evaluate((el) => el.textContent);
  for (const sel of ['#roster-result', '#issued-table', '#returned-table', '#coverage-table', '#summary-table'])
    expect(await text(second, sel)).toBe(await text(first, sel));
  await second.context().close();
});

test('uploads meet the CLI readers: a DOCTYPE part and a too-large file are refused, a path never escapes', async () => {
  const source = path.join(demo.returned, (await fs.readdir(demo.returned))[0]);
  const zip = await JSZip.loadAsync(await fs.readFile(source));
  const workbook = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  zip.file('xl/workbook.xml', workbook.replace(/\?>/, '?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'));
  const hostile = await zip.generateAsync({ type: 'arraybuffer' });
  const form = new FormData();
  form.append('file', new Blob([hostile]), '../../带实体.xlsx');
  form.append('file', new Blob([new Uint8Array(51 * 1024 * 1024)]), '太大.xlsx');
  form.append('file', new Blob([new Uint8Array(1)]), '~$临时.xlsx');
  const response = await fetch(`${origin}/api/returned?token=${server.token}&stage=${encodeURIComponent(DEMO_STAGE)}`, { method: 'POST', body: form });
  expect(response.status).toBe(200);
  const answer = (await response.json()) as {
    upload: { stored: string[]; refused: { file: string; reason: string }[] };
    state: { returns: { files: { file: string; status: string; reason: string }[] } };
  };
  expect(answer.upload.stored).toEqual(['带实体.xlsx']);
  expect(answer.upload.refused.map((r) => r.file)).toEqual(['太大.xlsx', '~$临时.xlsx']);
  expect(answer.upload.refused[0].reason).toMatch(/文件超过 50 MB/);
  const entity = answer.state.returns.files.find((f) => f.file === '带实体.xlsx');
  expect(entity?.status).toBe('拒收');
  expect(entity?.reason).toMatch(/DOCTYPE/);
  const returned = path.join(server.dir, DEMO_STAGE, '收回');
  expect(await fs.readdir(returned)).toContain('带实体.xlsx');
  expect((await fs.readdir(returned)).filter((n) => n.startsWith('.'))).toEqual([]);
  await expect(fs.stat(path.join(root, '带实体.xlsx'))).rejects.toThrow();
});

test('县教育局 merges two schools reports in the page, as merge --unit does', async () => {
  // A second school's report: its blank workbooks merged (nothing reviewed yet).
  const other = sampleSchool(7, { branches: 2, membersPerBranch: 3, unit: '红星小学' });
  const otherIssued = await writeBranchTemplates(other.roster, DEMO_STAGE, path.join(root, '红星小学', '下发'));
  const reports = path.join(root, '各校');
  await fs.mkdir(reports, { recursive: true });
  await mergeToFile([path.dirname(otherIssued.files[0].file)], path.join(reports, '红星小学-汇总.xlsx'), { roster: other.roster, stage: DEMO_STAGE });
  await fs.copyFile(demo.report, path.join(reports, '台子乡中心学校-汇总.xlsx'));

  const page = first;
  await page.setInputFiles('#bureau-files', [path.join(reports, '红星小学-汇总.xlsx'), path.join(reports, '台子乡中心学校-汇总.xlsx')]);
  await page.locator('#bureau-table tbody tr').nth(1).waitFor();
  // Step 5 lists schools' reports: its column is 学校, not 党小组.
  await expect(page.locator('#bureau-table thead th').nth(1).textContent()).resolves.toBe('学校');
  expect(new Set(await page.locator('#bureau-table tbody tr td:nth-child(2)').allTextContents())).toEqual(new Set(['台子乡中心学校', '红星小学']));
  await page.locator('#bureau-unit').fill('城关县教育局');
  await page.locator('#bureau-merge-button').click();
  await page.locator('#bureau-summary-table tbody tr.total').waitFor();
  const report = await download(page, '#bureau-report-download', '全县汇总.xlsx');
  const cli = path.join(root, 'cli-全县汇总.xlsx');
  await mergeToFile([reports], cli, { unit: '城关县教育局' });
  expect(await cellValues(report)).toEqual(await cellValues(cli));
  const schools = await page.locator('#bureau-summary-table td[data-key="school"]').allTextContents();
  expect(new Set(schools.filter(Boolean))).toEqual(new Set(['台子乡中心学校', '红星小学']));
  await page.screenshot({ path: path.join(ARTIFACTS, 'serve-bureau.png'), fullPage: true });
  expect(pageErrors).toEqual([]);
  expect(outside).toEqual([]);
});
