/**
 * `review-forms serve` through its HTTP API, no browser: what the office does with the files of
 * one round and what a non-programmer gets wrong — a report uploaded as the roster, a corrected
 * file sent again, a file of another stage among the returned ones, a report made before the
 * files changed, a zip whose entries all say 1980.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { DEMO_STAGE, type DemoResult } from '../../../scripts/lib/demo/demo';
import { fillBranchWorkbook } from '../../../scripts/lib/demo/fill';
import { sampleBranchRows, sampleSchool } from '../../../scripts/lib/demo/sample';
import type { RemoveResult, RosterUploadResult, StateView, UploadResult } from '../../../scripts/lib/serve/api';
import { type RunningServer, startServer } from '../../../scripts/lib/serve/server';
import { demoIn } from '../../helpers/demo';
import { tempDir } from '../../helpers/workbooks';

jest.setTimeout(120_000);

let root: string;
let demo: DemoResult;
let server: RunningServer;
let issued: string[];
/** 语文党小组's file filled again, otherwise: the secretary's corrected copy, not finalized like the first. */
let corrected: string;

const returnedFile = (branch: string) => path.join(demo.returned, `台子乡中心学校-${branch}-全面争创-点评表.xlsx`);

beforeAll(async () => {
  root = await tempDir('serve-round');
  demo = await demoIn(path.join(root, 'demo'));
  issued = (await fs.readdir(path.join(demo.dir, '下发'))).map((n) => path.join(demo.dir, '下发', n));
  server = await startServer({ dir: path.join(root, '工作目录'), port: 0 });
  const rows = sampleBranchRows(sampleSchool(2010), '语文党小组', DEMO_STAGE, 999);
  const template = await fs.readFile(issued.find((f) => f.includes('语文党小组')) as string);
  corrected = path.join(root, '语文-改过.xlsx');
  await fs.writeFile(
    corrected,
    await fillBranchWorkbook(template, { org: [rows.org], member: rows.members, rectification: rows.rectification, schedule: rows.schedule }),
  );
});

afterAll(async () => {
  await server?.close();
  await fs.rm(root, { recursive: true, force: true });
});

async function call<T>(route: string, init: RequestInit = {}, params: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const query = new URLSearchParams({ ...params, token: server.token });
  const response = await fetch(`${new URL(server.url).origin}/${route}?${query.toString()}`, init);
  return { status: response.status, body: (await response.json()) as T };
}

const post = (body: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function form(files: { file: string; as?: string }[]): Promise<RequestInit> {
  const data = new FormData();
  for (const f of files) data.append('file', new Blob([await fs.readFile(f.file)]), f.as ?? path.basename(f.file));
  return { method: 'POST', body: data };
}

const uploadRoster = async (file: string, as?: string) =>
  (await call<{ upload: RosterUploadResult; state: StateView }>('api/roster', await form([{ file, as }]))).body;
const uploadReturned = async (files: { file: string; as?: string }[], stage = DEMO_STAGE) =>
  (await call<{ upload: UploadResult; state: StateView }>('api/returned', await form(files), { stage })).body;
const state = async () => (await call<StateView>('api/state')).body;
const stageDir = () => path.join(server.dir, DEMO_STAGE);

describe('1 名单: an upload replaces the roster only when it is one', () => {
  const roster = () => path.join(server.dir, '名单.xlsx');

  test('a roster with errors is kept when there is no better one, so its errors stay on the page', async () => {
    const blank = path.join(root, '空白名单.xlsx');
    await fs.writeFile(blank, Buffer.from(await (await fetch(`${new URL(server.url).origin}/api/blank-roster?token=${server.token}`)).arrayBuffer()));
    const answer = await uploadRoster(blank, '名单.xlsx');
    expect(answer.upload.refused).toEqual([]);
    expect(answer.state.roster.present).toBe(true);
    expect(answer.state.roster.problems.some((p) => p.severity === '错误')).toBe(true);
  });

  test('a valid roster replaces it; then a report, a branch file, a roster with errors or no workbook leave it as it was', async () => {
    expect((await uploadRoster(demo.roster)).state.roster.unit).toBe('台子乡中心学校');
    await call('api/stage', post({ stage: DEMO_STAGE }));
    const good = await fs.readFile(roster());

    const report = await uploadRoster(demo.report, '汇总.xlsx');
    expect(report.upload.stored).toEqual([]);
    expect(report.upload.refused[0].reason).toMatch(/^名单未保存，原来的名单保留不变：汇总\.xlsx 是汇总表，不是名单/);
    const branch = await uploadRoster(returnedFile('语文党小组'));
    expect(branch.upload.refused[0].reason).toMatch(/是党小组的点评表，不是名单/);
    const published = await uploadRoster(demo.publicReport, '公开版.xlsx');
    expect(published.upload.refused[0].reason).toMatch(/公开版\.xlsx 是公开版，不是名单/);
    const blank = await uploadRoster(path.join(root, '空白名单.xlsx'));
    expect(blank.upload.refused[0].reason).toMatch(/上传的名单有 \d+ 个错误/);
    expect(blank.upload.problems.length).toBeGreaterThan(0);
    const text = path.join(root, '名单.txt');
    await fs.writeFile(text, '姓名,党小组\n');
    expect((await uploadRoster(text, '名单.xlsx')).upload.refused[0].reason).toMatch(/^名单未保存，原来的名单保留不变：无法读取名单文件 名单\.xlsx/);

    expect(await fs.readFile(roster())).toEqual(good);
    const after = await state();
    expect(after.roster.unit).toBe('台子乡中心学校');
    // The stage chosen before stays chosen.
    expect(after.stage).toBe(DEMO_STAGE);
    expect((await fs.readdir(server.dir)).filter((n) => n.startsWith('.upload-'))).toEqual([]);
  });
});

describe('3 收回与检查 and 4 汇总', () => {
  const blankChinese = () => issued.find((f) => f.includes('语文党小组')) as string;

  test('a file of another stage is judged by its own stage: no 日期不能在将来, no annotated copy', async () => {
    await call('api/stage', post({ stage: '动员部署' }));
    const answer = await uploadReturned([{ file: returnedFile('语文党小组') }], '动员部署');
    const [file] = answer.state.returns?.files ?? [];
    expect(file.status).toBe('拒收');
    expect(file.reason).toMatch(/本表属于「全面争创」阶段/);
    const messages = file.groups.flatMap((g) => g.problems.map((p) => p.message));
    expect(messages.filter((m) => /日期不能在将来/.test(m))).toEqual([]);
    expect(file.annotated).toBe(false);
    expect(file.school).toBe('台子乡中心学校');
    await call('api/stage', post({ stage: DEMO_STAGE }));
  });

  test('two different files of one branch conflict; the page says what to do, and 移除 moves one aside', async () => {
    const answer = await uploadReturned([{ file: returnedFile('语文党小组') }, { file: corrected }]);
    const files = answer.state.returns?.files ?? [];
    expect(files.map((f) => f.status)).toEqual(['拒收', '拒收']);
    for (const f of files) expect(f.advice).toMatch(/把不要的那个点“移除”/);

    const removed = await call<{ removed: RemoveResult; state: StateView }>('api/remove', post({ stage: DEMO_STAGE, file: '语文-改过.xlsx' }));
    expect(removed.status).toBe(200);
    expect(removed.body.removed.note).toMatch(/^已移除 语文-改过\.xlsx：移到了 .*已移除/);
    expect(removed.body.state.returns?.files.map((f) => [f.file, f.status, f.advice])).toEqual([
      ['台子乡中心学校-语文党小组-全面争创-点评表.xlsx', '采用', undefined],
    ]);
    expect(await fs.readdir(path.join(stageDir(), '已移除'))).toEqual(['语文-改过.xlsx']);
  });

  test('移除 takes only a file inside 收回', async () => {
    for (const file of ['../名单.xlsx', '../../名单.xlsx', '/etc/passwd', '', '.', '没有这个.xlsx', '../已移除/语文-改过.xlsx']) {
      const answer = await call<{ error: string }>('api/remove', post({ stage: DEMO_STAGE, file }));
      expect([file, answer.status, answer.body.error]).toEqual([file, 400, '没有这个文件。']);
    }
    expect(await fs.readdir(server.dir)).toContain('名单.xlsx');
    // The token guards it like every other route.
    const response = await fetch(`${new URL(server.url).origin}/api/remove`, post({ stage: DEMO_STAGE, file: 'x.xlsx' }));
    expect(response.status).toBe(403);
  });

  test('an upload of a file already there by name replaces it, the old one moved to 已移除 (a name taken twice in one upload is numbered)', async () => {
    const name = '台子乡中心学校-数学党小组-全面争创-点评表.xlsx';
    expect((await uploadReturned([{ file: blankChinese(), as: name }])).upload.replaced).toEqual([]);
    const again = await uploadReturned([{ file: returnedFile('数学党小组') }]);
    expect(again.upload.stored).toEqual([name]);
    expect(again.upload.replaced).toEqual([{ file: name, note: expect.stringMatching(/^已替换同名文件 .*数学党小组.*（原来的文件已移到“已移除”文件夹/) }]);
    expect(await fs.readFile(path.join(stageDir(), '收回', name))).toEqual(await fs.readFile(returnedFile('数学党小组')));
    expect((await fs.readdir(path.join(stageDir(), '已移除'))).sort()).toEqual([name, '语文-改过.xlsx'].sort());
    // The same bytes again change nothing.
    expect((await uploadReturned([{ file: returnedFile('数学党小组') }])).upload.replaced).toEqual([]);

    const twice = await uploadReturned([
      { file: issued[0], as: '同名.xlsx' },
      { file: issued[1], as: '同名.xlsx' },
    ]);
    expect(twice.upload).toEqual({ stored: ['同名.xlsx', '同名 (2).xlsx'], refused: [], replaced: [] });
    for (const file of ['同名.xlsx', '同名 (2).xlsx']) await call('api/remove', post({ stage: DEMO_STAGE, file }));
    expect(await fs.readdir(path.join(stageDir(), '已移除'))).toEqual(expect.arrayContaining(['同名.xlsx', '同名 (2).xlsx']));
  });

  test('the report is out of date once the files change, also for a server started again; made again, it is current', async () => {
    const rest = ['村小党小组', '离退休党小组', '综合党小组', '行政后勤党小组'].map((b) => ({ file: returnedFile(b) }));
    await uploadReturned(rest);
    let s = (await call<StateView>('api/merge', post({ stage: DEMO_STAGE }))).body;
    expect(s.report?.stale).toBe(false);
    expect(s.report?.rows.length).toBeGreaterThan(1);

    s = (await call<{ removed: RemoveResult; state: StateView }>('api/remove', post({ stage: DEMO_STAGE, file: rest[0].file.split(path.sep).pop() ?? '' })))
      .body.state;
    expect(s.report?.stale).toBe(true);

    const again = await startServer({ dir: server.dir, port: 0 });
    try {
      const fresh = (await (await fetch(`${new URL(again.url).origin}/api/state?token=${again.token}`)).json()) as StateView;
      expect(fresh.report?.stale).toBe(true);
    } finally {
      await again.close();
    }
    await uploadReturned([rest[0]]);
    expect((await state()).report?.stale).toBe(false);
    await uploadReturned([{ file: blankChinese(), as: '新交回.xlsx' }]);
    expect((await state()).report?.stale).toBe(true);
    expect((await call<StateView>('api/merge', post({ stage: DEMO_STAGE }))).body.report?.stale).toBe(false);
  });

  test('a roster, a 公开版 or printed forms among the returned files say what they are', async () => {
    const answer = await uploadReturned([{ file: demo.roster }, { file: demo.publicReport }, { file: demo.printed[0], as: '打印.xlsx' }]);
    const reason = (name: string) => answer.state.returns?.files.find((f) => f.file === name)?.reason;
    expect(reason('名单.xlsx')).toMatch(/^这是名单/);
    expect(reason('公开版.xlsx')).toMatch(/^这是公开版/);
    expect(reason('打印.xlsx')).toMatch(/^这是打印版点评表/);
    for (const f of ['名单.xlsx', '公开版.xlsx', '打印.xlsx']) expect(reason(f)).not.toMatch(/_meta/);
  });
});

test('the zips give each file its own time, not 1980-01-01', async () => {
  await call('api/issue', post({ stage: DEMO_STAGE }));
  const dir = path.join(stageDir(), '下发');
  const names = await fs.readdir(dir);
  const when = new Date(2010, 8, 28, 16, 30, 10);
  await fs.utimes(path.join(dir, names[0]), when, when);
  const response = await fetch(`${new URL(server.url).origin}/api/issued.zip?token=${server.token}&stage=${encodeURIComponent(DEMO_STAGE)}`);
  const zip = Buffer.from(await response.arrayBuffer());
  const dates = await new Promise<Map<string, Date>>((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: false }, (err, file) => {
      if (err || !file) return reject(err ?? new Error('no zip'));
      const out = new Map<string, Date>();
      file.on('entry', (e: yauzl.Entry) => out.set(e.fileName, e.getLastModDate()));
      file.on('end', () => resolve(out));
      file.on('error', reject);
    });
  });
  expect(dates.get(names[0])).toEqual(when);
  for (const name of names.slice(1)) {
    const { mtime } = await fs.stat(path.join(dir, name));
    expect(Math.abs((dates.get(name)?.getTime() ?? 0) - mtime.getTime())).toBeLessThan(2000);
  }
});
