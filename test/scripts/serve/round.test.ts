/**
 * `review-forms serve` through its HTTP API, no browser: what the office does with the files of
 * one round and what a non-programmer gets wrong — a report uploaded as the roster, a corrected
 * file sent again, two branches' files under one name, a file of another stage among the returned
 * ones, a report made before the files or the roster changed, a zip whose entries all say 1980.
 * Each test has its own working folder and server (the demo's files are made once for the suite).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { finalizeXlsx } from '../../../scripts/lib/commands/finalize';
import { DEMO_STAGE, type DemoResult } from '../../../scripts/lib/demo/demo';
import { fillBranchWorkbook } from '../../../scripts/lib/demo/fill';
import { sampleBranchRows, sampleSchool } from '../../../scripts/lib/demo/sample';
import type { RemoveResult, RosterUploadResult, StateView, UploadResult } from '../../../scripts/lib/serve/api';
import { type RunningServer, startServer } from '../../../scripts/lib/serve/server';
import type * as RosterFile from '../../../scripts/lib/workbook/roster-file';
import { inspectRosterFile, readRosterFile, writeRosterFile } from '../../../scripts/lib/workbook/roster-file';
import { demoIn } from '../../helpers/demo';
import { tempDir } from '../../helpers/workbooks';

// The roster's reader as it is, watched: one test makes it fail as no bad file can.
jest.mock('../../../scripts/lib/workbook/roster-file', () => {
  const actual = jest.requireActual<typeof RosterFile>('../../../scripts/lib/workbook/roster-file');
  return { ...actual, inspectRosterFile: jest.fn(actual.inspectRosterFile) };
});

jest.setTimeout(120_000);

let root: string;
let demo: DemoResult;
let issued: string[];
/** 语文党小组's file filled again, otherwise: the secretary's corrected copy, not finalized like the first. */
let corrected: string;
/** 语文党小组's returned file finalized 2010-09-25 10:00, and the corrected copy finalized earlier (2010-09-20 10:00). */
let finalizedLate: string;
let finalizedEarly: string;
/** The demo's roster with one more member of 语文党小组: a roster corrected after the report was made. */
let correctedRoster: string;
/** A blank roster (what 下载空白名单 gives). */
let blankRoster: string;
/** This test's server, on its own working folder. */
let server: RunningServer;
let workspaces = 0;

const returnedFile = (branch: string) => path.join(demo.returned, `台子乡中心学校-${branch}-全面争创-点评表.xlsx`);
const issuedFile = (branch: string) => issued.find((f) => f.includes(branch)) as string;

beforeAll(async () => {
  root = await tempDir('serve-round');
  demo = await demoIn(path.join(root, 'demo'));
  issued = (await fs.readdir(path.join(demo.dir, '下发'))).map((n) => path.join(demo.dir, '下发', n));
  const rows = sampleBranchRows(sampleSchool(2010), '语文党小组', DEMO_STAGE, 999);
  corrected = path.join(root, '语文-改过.xlsx');
  await fs.writeFile(
    corrected,
    await fillBranchWorkbook(await fs.readFile(issuedFile('语文党小组')), {
      org: [rows.org],
      member: rows.members,
      rectification: rows.rectification,
      schedule: rows.schedule,
    }),
  );
  finalizedLate = path.join(root, '语文-定稿-25日.xlsx');
  await fs.writeFile(finalizedLate, await finalizeXlsx(await fs.readFile(returnedFile('语文党小组')), 'x.xlsx', '2010-09-25T10:00:00+08:00', '2010-09-30'));
  finalizedEarly = path.join(root, '语文-改过-定稿-20日.xlsx');
  await fs.writeFile(finalizedEarly, await finalizeXlsx(await fs.readFile(corrected), 'x.xlsx', '2010-09-20T10:00:00+08:00', '2010-09-30'));
  const { roster } = await readRosterFile(demo.roster);
  correctedRoster = path.join(root, '改过的名单.xlsx');
  await writeRosterFile(correctedRoster, {
    ...roster,
    members: [...roster.members, { name: '补录党员', branch: '语文党小组', post: '语文教师', category: '教师' }],
  });
  blankRoster = path.join(root, '空白名单.xlsx');
  await writeRosterFile(blankRoster);
});

/** A fresh working folder and a server on it; `roster`: with the demo's roster uploaded and its stage chosen. */
async function fresh(options: { roster?: boolean } = { roster: true }): Promise<void> {
  server = await startServer({ dir: path.join(root, `工作目录-${++workspaces}`), port: 0 });
  if (!options.roster) return;
  expect((await uploadRoster(demo.roster)).state.roster.unit).toBe('台子乡中心学校');
  await call('api/stage', post({ stage: DEMO_STAGE }));
}

afterEach(async () => {
  await server?.close();
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function call<T>(
  route: string,
  init: RequestInit = {},
  params: Record<string, string> = {},
  on: RunningServer = server,
): Promise<{ status: number; body: T }> {
  const query = new URLSearchParams({ ...params, token: on.token });
  const response = await fetch(`${new URL(on.url).origin}/${route}?${query.toString()}`, init);
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
const merge = async () => (await call<StateView>('api/merge', post({ stage: DEMO_STAGE }))).body;
const remove = async (file: string) => (await call<{ removed: RemoveResult; state: StateView }>('api/remove', post({ stage: DEMO_STAGE, file }))).body;
const stageDir = () => path.join(server.dir, DEMO_STAGE);

/** The state as a server started again on the same folder sees it (nothing remembered in memory). */
async function stateAfterRestart(): Promise<StateView> {
  const again = await startServer({ dir: server.dir, port: 0 });
  try {
    return (await call<StateView>('api/state', {}, {}, again)).body;
  } finally {
    await again.close();
  }
}

describe('1 名单: an upload replaces the roster only when it is one', () => {
  const roster = () => path.join(server.dir, '名单.xlsx');

  test('a roster with errors is kept when there is no better one, so its errors stay on the page', async () => {
    await fresh({ roster: false });
    const blank = path.join(server.dir, '..', `下载的空白名单-${workspaces}.xlsx`);
    await fs.writeFile(blank, Buffer.from(await (await fetch(`${new URL(server.url).origin}/api/blank-roster?token=${server.token}`)).arrayBuffer()));
    const answer = await uploadRoster(blank, '名单.xlsx');
    expect(answer.upload.refused).toEqual([]);
    expect(answer.state.roster.present).toBe(true);
    expect(answer.state.roster.problems.some((p) => p.severity === '错误')).toBe(true);
  });

  test('a valid roster replaces it; then a report, a branch file, a roster with errors or no workbook leave it as it was', async () => {
    await fresh();
    const good = await fs.readFile(roster());

    const report = await uploadRoster(demo.report, '汇总.xlsx');
    expect(report.upload.stored).toEqual([]);
    expect(report.upload.refused[0].reason).toMatch(/^名单未保存，原来的名单保留不变：汇总\.xlsx 是汇总表，不是名单/);
    const branch = await uploadRoster(returnedFile('语文党小组'));
    expect(branch.upload.refused[0].reason).toMatch(/是党小组的点评表，不是名单/);
    const published = await uploadRoster(demo.publicReport, '公开版.xlsx');
    expect(published.upload.refused[0].reason).toMatch(/公开版\.xlsx 是公开版，不是名单/);
    const printed = await uploadRoster(demo.printed[0], '打印.xlsx');
    expect(printed.upload.refused[0].reason).toMatch(/打印\.xlsx 是打印版点评表，不是名单/);
    const blank = await uploadRoster(blankRoster);
    expect(blank.upload.refused[0].reason).toMatch(/上传的名单有 \d+ 个错误/);
    expect(blank.upload.problems.length).toBeGreaterThan(0);
    const text = path.join(server.dir, '..', '名单.txt');
    await fs.writeFile(text, '姓名,党小组\n');
    expect((await uploadRoster(text, '名单.xlsx')).upload.refused[0].reason).toMatch(/^名单未保存，原来的名单保留不变：无法读取名单文件 名单\.xlsx/);

    expect(await fs.readFile(roster())).toEqual(good);
    const after = await state();
    expect(after.roster.unit).toBe('台子乡中心学校');
    // The stage chosen before stays chosen.
    expect(after.stage).toBe(DEMO_STAGE);
    expect((await fs.readdir(server.dir)).filter((n) => n.startsWith('.upload-'))).toEqual([]);
  });

  test('a roster over the size limit, or one the old roster cannot be kept for, leaves the roster as it was and says so', async () => {
    await fresh();
    const huge = path.join(server.dir, '..', `巨大名单-${workspaces}.xlsx`);
    await fs.writeFile(huge, Buffer.alloc(51 * 1024 * 1024));
    const big = await uploadRoster(huge, '名单.xlsx');
    expect(big.upload.refused).toEqual([
      { file: '名单.xlsx', reason: '名单未保存，原来的名单保留不变：文件超过 50 MB，远大于正常的名单。请删除多余的图片、空行后另存为 .xlsx 再上传' },
    ]);
    await fs.rm(huge);
    // 已移除 is a file: the old roster could not be kept, so it is not replaced.
    await fs.writeFile(path.join(server.dir, '已移除'), '');
    const answer = await uploadRoster(correctedRoster, '名单.xlsx');
    expect(answer.upload.stored).toEqual([]);
    expect(answer.upload.refused).toEqual([
      { file: '名单.xlsx', reason: expect.stringMatching(/^名单未保存，原来的名单保留不变：无法把原来的名单存入“已移除”文件夹 .*：.*（E[A-Z]+）$/) },
    ]);
    expect(await fs.readFile(roster())).toEqual(await fs.readFile(demo.roster));
    expect((await fs.readdir(server.dir)).filter((n) => n.startsWith('.upload-'))).toEqual([]);
  });

  test('an upload the reader fails on unexpectedly leaves no temporary file behind', async () => {
    await fresh();
    jest.mocked(inspectRosterFile).mockRejectedValueOnce(new Error('读取时出了意外'));
    const answer = await call<{ error: string }>('api/roster', await form([{ file: correctedRoster, as: '名单.xlsx' }]));
    expect(answer.status).toBe(500);
    expect(answer.body.error).toMatch(/读取时出了意外/);
    expect((await fs.readdir(server.dir)).filter((n) => n.startsWith('.upload-'))).toEqual([]);
    expect(await fs.readFile(roster())).toEqual(await fs.readFile(demo.roster));
  });
});

describe('3 收回与检查 and 4 汇总', () => {
  test('a file of another stage is judged by its own stage: no 日期不能在将来, no annotated copy', async () => {
    await fresh();
    await call('api/stage', post({ stage: '动员部署' }));
    const answer = await uploadReturned([{ file: returnedFile('语文党小组') }], '动员部署');
    const [file] = answer.state.returns?.files ?? [];
    expect(file.status).toBe('拒收');
    expect(file.reason).toMatch(/本表属于「全面争创」阶段/);
    const messages = file.groups.flatMap((g) => g.problems.map((p) => p.message));
    expect(messages.filter((m) => /日期不能在将来/.test(m))).toEqual([]);
    expect(file.annotated).toBe(false);
    expect(file.school).toBe('台子乡中心学校');
  });

  test('two different files of one branch conflict; the page says what to do, and 移除 moves one aside', async () => {
    await fresh();
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
    await fresh();
    await uploadReturned([{ file: returnedFile('语文党小组') }]);
    await fs.mkdir(path.join(stageDir(), '已移除'), { recursive: true });
    await fs.copyFile(corrected, path.join(stageDir(), '已移除', '语文-改过.xlsx'));
    for (const file of ['../名单.xlsx', '../../名单.xlsx', '/etc/passwd', '', '.', '没有这个.xlsx', '../已移除/语文-改过.xlsx']) {
      const answer = await call<{ error: string }>('api/remove', post({ stage: DEMO_STAGE, file }));
      expect([file, answer.status, answer.body.error]).toEqual([file, 400, `“收回”文件夹中没有文件“${file}”。`]);
    }
    expect(await fs.readdir(server.dir)).toContain('名单.xlsx');
    expect(await fs.readdir(path.join(stageDir(), '已移除'))).toEqual(['语文-改过.xlsx']);
    // A body the page never sends is answered in Chinese too.
    const text = await call<{ error: string }>('api/remove', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'file=x.xlsx',
    });
    expect([text.status, text.body.error]).toEqual([415, '请求格式不对：工作页面不接受这种格式的数据。请刷新页面后重试。']);
    const broken = await call<{ error: string }>('api/remove', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"file":' });
    expect([broken.status, broken.body.error]).toEqual([400, '请求内容格式有误，无法读取。请刷新页面后重试。']);
    // The token guards it like every other route.
    const response = await fetch(`${new URL(server.url).origin}/api/remove`, post({ stage: DEMO_STAGE, file: 'x.xlsx' }));
    expect(response.status).toBe(403);
  });

  test("the branch's later file under its name replaces the one there, the old one moved to 已移除", async () => {
    await fresh();
    const name = '台子乡中心学校-语文党小组-全面争创-点评表.xlsx';
    // The file as returned (not finalized), then the same finalized: merge would use the later one.
    expect((await uploadReturned([{ file: returnedFile('语文党小组') }])).upload.replaced).toEqual([]);
    const again = await uploadReturned([{ file: finalizedLate, as: name }]);
    expect(again.upload.stored).toEqual([name]);
    expect(again.upload.numbered).toEqual([]);
    expect(again.upload.replaced).toEqual([{ file: name, note: expect.stringMatching(/^已替换同名文件 .*语文党小组.*（原来的文件已移到“已移除”文件夹/) }]);
    expect(await fs.readFile(path.join(stageDir(), '收回', name))).toEqual(await fs.readFile(finalizedLate));
    expect(await fs.readdir(path.join(stageDir(), '已移除'))).toEqual([name]);
    // The same bytes again change nothing.
    const same = await uploadReturned([{ file: finalizedLate, as: name }]);
    expect(same.upload).toEqual({ stored: [name], refused: [], replaced: [], numbered: [] });
  });

  test('an older file of the branch under the name of a later one is kept beside it, and merge uses the later one', async () => {
    await fresh();
    const name = '台子乡中心学校-语文党小组-全面争创-点评表.xlsx';
    await uploadReturned([{ file: finalizedLate, as: name }]);
    // Not finalized, then finalized earlier than the file there: each is the older one.
    const notFinalized = await uploadReturned([{ file: corrected, as: name }]);
    const earlier = await uploadReturned([{ file: finalizedEarly, as: name }]);
    for (const [answer, as, own] of [
      [notFinalized, name.replace('.xlsx', ' (2).xlsx'), '未定稿'],
      [earlier, name.replace('.xlsx', ' (3).xlsx'), '2010-09-20 10:00'],
    ] as const) {
      expect(answer.upload.replaced).toEqual([]);
      expect(answer.upload.stored).toEqual([as]);
      expect(answer.upload.numbered).toEqual([
        {
          file: as,
          note: `${name} 不比已有的同名文件新（新文件：${own}；已有的：2010-09-25 10:00），合并时采用已有的那个，没有替换它：新文件另存为 ${as}，两个都保留，页面上新文件标为“被替代”。`,
        },
      ]);
    }
    expect(await fs.readFile(path.join(stageDir(), '收回', name))).toEqual(await fs.readFile(finalizedLate));
    await expect(fs.stat(path.join(stageDir(), '已移除'))).rejects.toThrow();
    expect(earlier.state.returns?.files.map((f) => [f.file, f.status])).toEqual([
      [name.replace('.xlsx', ' (2).xlsx'), '被替代'],
      [name.replace('.xlsx', ' (3).xlsx'), '被替代'],
      [name, '采用'],
    ]);
  });

  test('a different file of the branch finalized at the same time (here: neither finalized) is kept beside it: merge decides', async () => {
    await fresh();
    const name = '台子乡中心学校-语文党小组-全面争创-点评表.xlsx';
    await uploadReturned([{ file: returnedFile('语文党小组') }]);
    const answer = await uploadReturned([{ file: corrected, as: name }]);
    const as = name.replace('.xlsx', ' (2).xlsx');
    expect(answer.upload.replaced).toEqual([]);
    expect(answer.upload.numbered).toEqual([
      {
        file: as,
        note: `${name} 与已有的同名文件定稿时间相同（未定稿）而内容不同，没有替换它：新文件另存为 ${as}，两个都保留。合并时两个都不采用，请把不要的那个点“移除”。`,
      },
    ]);
    expect(answer.state.returns?.files.map((f) => f.status)).toEqual(['拒收', '拒收']);
  });

  test("an annotated copy sent back under its original's name never replaces the original", async () => {
    await fresh();
    const name = '台子乡中心学校-数学党小组-全面争创-点评表.xlsx';
    const first = await uploadReturned([{ file: returnedFile('数学党小组') }]);
    expect(first.state.returns?.files.find((f) => f.file === name)?.annotated).toBe(true);
    const copy = path.join(server.dir, '..', `标注副本-${workspaces}.xlsx`);
    await fs.copyFile(path.join(stageDir(), '退回标注', name), copy);
    const answer = await uploadReturned([{ file: copy, as: name }]);
    const as = name.replace('.xlsx', ' (2).xlsx');
    expect(answer.upload.replaced).toEqual([]);
    expect(answer.upload.numbered).toEqual([
      { file: as, note: expect.stringMatching(/^\S+ 合并时不会被采用（标注副本（.*），没有替换已有的同名文件：新文件另存为 .* \(2\)\.xlsx，两个都保留。$/) },
    ]);
    expect(await fs.readFile(path.join(stageDir(), '收回', name))).toEqual(await fs.readFile(returnedFile('数学党小组')));
    expect(answer.state.returns?.files.map((f) => [f.file, f.status])).toEqual([
      [as, '跳过'],
      [name, '有错误'],
    ]);
    expect(answer.state.returns?.coverage.find((c) => c.branch === '数学党小组')?.membersReviewed).toBeGreaterThan(0);
  });

  test('a file that cannot be moved aside is not stored, with its reason; the rest of the upload is', async () => {
    await fresh();
    const name = '台子乡中心学校-语文党小组-全面争创-点评表.xlsx';
    await uploadReturned([{ file: returnedFile('语文党小组') }]);
    // 已移除 is a file: nothing can be moved into it.
    await fs.writeFile(path.join(stageDir(), '已移除'), '');
    const answer = await uploadReturned([{ file: finalizedLate, as: name }, { file: returnedFile('村小党小组') }]);
    expect(answer.upload.stored).toEqual(['台子乡中心学校-村小党小组-全面争创-点评表.xlsx']);
    expect(answer.upload.refused).toEqual([
      {
        file: name,
        reason: expect.stringMatching(
          new RegExp(
            `^无法把已有的同名文件 ${name} 移到“已移除”文件夹 .*：.*（E[A-Z]+）。新文件未保存，已有的文件保留不变；如它正在 Excel/WPS 中打开，请先关闭再上传一次。$`,
          ),
        ),
      },
    ]);
    expect(await fs.readFile(path.join(stageDir(), '收回', name))).toEqual(await fs.readFile(returnedFile('语文党小组')));
    expect((await fs.readdir(path.join(stageDir(), '收回'))).filter((n) => n.startsWith('.'))).toEqual([]);

    // 移除 of it: a Chinese reason naming the file, not 程序出错.
    const removed = await call<{ error: string }>('api/remove', post({ stage: DEMO_STAGE, file: name }));
    expect(removed.status).toBe(400);
    expect(removed.body.error).toMatch(new RegExp(`^无法移除 ${name}：.*（E[A-Z]+）。文件仍在“收回”文件夹中`));
  });

  test('a file open in Excel (on Windows: busy) cannot be removed or replaced: the page says so and the rest is stored', async () => {
    await fresh();
    const name = '台子乡中心学校-语文党小组-全面争创-点评表.xlsx';
    await uploadReturned([{ file: returnedFile('语文党小组') }]);
    const rename = fs.rename.bind(fs);
    const busy = jest.spyOn(fs, 'rename').mockImplementation(async (from, to) => {
      if (String(from).endsWith(name))
        throw Object.assign(new Error(`EBUSY: resource busy or locked, rename '${String(from)}'`), { code: 'EBUSY', syscall: 'rename' });
      return rename(from, to);
    });
    try {
      const removed = await call<{ error: string }>('api/remove', post({ stage: DEMO_STAGE, file: name }));
      expect([removed.status, removed.body.error]).toEqual([
        400,
        `无法移除 ${name}：文件正被其他程序占用（EBUSY）。文件仍在“收回”文件夹中；如它正在 Excel/WPS 中打开，请先关闭再移除。`,
      ]);
      const answer = await uploadReturned([{ file: finalizedLate, as: name }, { file: returnedFile('村小党小组') }]);
      expect(answer.upload.stored).toEqual(['台子乡中心学校-村小党小组-全面争创-点评表.xlsx']);
      expect(answer.upload.refused.map((r) => [r.file, r.reason.replace(/ \/.*：/, ' …：')])).toEqual([
        [
          name,
          `无法把已有的同名文件 ${name} 移到“已移除”文件夹 …：文件正被其他程序占用（EBUSY）。新文件未保存，已有的文件保留不变；如它正在 Excel/WPS 中打开，请先关闭再上传一次。`,
        ],
      ]);
    } finally {
      busy.mockRestore();
    }
    expect(await fs.readFile(path.join(stageDir(), '收回', name))).toEqual(await fs.readFile(returnedFile('语文党小组')));
  });

  test("two branches' files under one name, uploaded one after the other, are both kept and the page says so", async () => {
    await fresh();
    // A chat app names every file it passes on 点评表.xlsx.
    await uploadReturned([{ file: returnedFile('语文党小组'), as: '点评表.xlsx' }]);
    const second = await uploadReturned([{ file: returnedFile('村小党小组'), as: '点评表.xlsx' }]);
    expect(second.upload.replaced).toEqual([]);
    expect(second.upload.stored).toEqual(['点评表 (2).xlsx']);
    expect(second.upload.numbered).toEqual([
      {
        file: '点评表 (2).xlsx',
        note: '点评表.xlsx 与已有的同名文件不是同一份表（单位、党小组或阶段不同），没有替换它：新文件另存为 点评表 (2).xlsx，两个都保留。',
      },
    ]);
    expect(second.state.returns?.files.map((f) => [f.file, f.branch, f.status])).toEqual([
      ['点评表 (2).xlsx', '村小党小组', '采用'],
      ['点评表.xlsx', '语文党小组', '采用'],
    ]);
    expect(second.state.returns?.coverage.find((c) => c.branch === '语文党小组')?.missing).toEqual([]);
    await expect(fs.stat(path.join(stageDir(), '已移除'))).rejects.toThrow();
  });

  test('a name taken twice in one upload is numbered, and the page says so', async () => {
    await fresh();
    const twice = await uploadReturned([
      { file: issued[0], as: '同名.xlsx' },
      { file: issued[1], as: '同名.xlsx' },
    ]);
    expect(twice.upload).toEqual({
      stored: ['同名.xlsx', '同名 (2).xlsx'],
      refused: [],
      replaced: [],
      numbered: [{ file: '同名 (2).xlsx', note: '这次上传中有几个文件同名，同名.xlsx 另存为 同名 (2).xlsx。' }],
    });
  });

  test('the report is out of date once the files change, also for a server started again; made again, it is current', async () => {
    await fresh();
    const files = ['村小党小组', '离退休党小组', '综合党小组'].map((b) => ({ file: returnedFile(b) }));
    await uploadReturned(files);
    let s = await merge();
    expect(s.report?.stale).toBe(false);
    expect(s.report?.rows.length).toBeGreaterThan(1);

    s = (await remove(path.basename(files[0].file))).state;
    expect(s.report?.stale).toBe(true);
    expect((await stateAfterRestart()).report?.stale).toBe(true);

    await uploadReturned([files[0]]);
    expect((await state()).report?.stale).toBe(false);
    await uploadReturned([{ file: issuedFile('语文党小组'), as: '新交回.xlsx' }]);
    expect((await state()).report?.stale).toBe(true);
    expect((await merge()).report?.stale).toBe(false);
  });

  test('the report is out of date once a corrected roster is uploaded, also for a server started again', async () => {
    await fresh();
    await uploadReturned([{ file: returnedFile('语文党小组') }, { file: returnedFile('村小党小组') }]);
    expect((await merge()).report?.stale).toBe(false);

    const answer = await uploadRoster(correctedRoster, '名单.xlsx');
    expect(answer.upload.stored).toEqual(['名单.xlsx']);
    expect(answer.state.roster.members).toBe(63);
    // The roster it replaced is kept in 已移除.
    const removed = path.join(server.dir, '已移除');
    expect(answer.upload.replaced).toEqual([{ file: '名单.xlsx', note: `原来的名单已移到 ${path.join(removed, '名单.xlsx')}（没有删除，需要时可以移回）。` }]);
    expect(await fs.readFile(path.join(removed, '名单.xlsx'))).toEqual(await fs.readFile(demo.roster));
    expect(answer.state.report?.stale).toBe(true);
    expect((await stateAfterRestart()).report?.stale).toBe(true);

    expect((await merge()).report?.stale).toBe(false);
    expect((await stateAfterRestart()).report?.stale).toBe(false);
    // The old roster back: the report is of the corrected one.
    expect((await uploadRoster(demo.roster)).state.report?.stale).toBe(true);
    expect(await fs.readFile(path.join(removed, '名单 (2).xlsx'))).toEqual(await fs.readFile(correctedRoster));
    // The same roster again replaces nothing.
    expect((await uploadRoster(demo.roster)).upload.replaced).toEqual([]);
    expect(await fs.readdir(removed)).toEqual(['名单 (2).xlsx', '名单.xlsx']);
  });

  test('a roster, a 公开版 or printed forms among the returned files say what they are', async () => {
    await fresh();
    const answer = await uploadReturned([{ file: demo.roster }, { file: demo.publicReport }, { file: demo.printed[0], as: '打印.xlsx' }]);
    const reason = (name: string) => answer.state.returns?.files.find((f) => f.file === name)?.reason;
    expect(reason('名单.xlsx')).toMatch(/^这是名单/);
    expect(reason('公开版.xlsx')).toMatch(/^这是公开版/);
    expect(reason('打印.xlsx')).toMatch(/^这是打印版点评表/);
    for (const f of ['名单.xlsx', '公开版.xlsx', '打印.xlsx']) expect(reason(f)).not.toMatch(/_meta/);
  });
});

describe('5 县教育局', () => {
  test('two different reports of one school conflict, and the page says what to do', async () => {
    await fresh({ roster: false });
    const reports = path.join(server.dir, '..', `各校-${workspaces}`);
    await fs.mkdir(reports, { recursive: true });
    // The demo's report, and one made from fewer of its files: the same school, other figures.
    await call('api/bureau/reports', await form([{ file: demo.report, as: '台子乡-汇总.xlsx' }]));
    const other = await startServer({ dir: path.join(reports, '学校'), port: 0 });
    try {
      await call('api/roster', await form([{ file: demo.roster }]), {}, other);
      await call('api/returned', await form([{ file: returnedFile('语文党小组') }]), { stage: DEMO_STAGE }, other);
      await call('api/merge', post({ stage: DEMO_STAGE }), {}, other);
    } finally {
      await other.close();
    }
    const answer = await call<{ upload: UploadResult; state: StateView }>(
      'api/bureau/reports',
      await form([{ file: path.join(reports, '学校', DEMO_STAGE, '汇总.xlsx'), as: '台子乡-汇总-改.xlsx' }]),
    );
    const files = answer.body.state.bureau.files;
    expect(files.map((f) => [f.file, f.status])).toEqual([
      ['台子乡-汇总-改.xlsx', '拒收'],
      ['台子乡-汇总.xlsx', '拒收'],
    ]);
    for (const f of files) expect(f.advice).toMatch(/请把不要的那份点“移除”/);
  });
});

test('the zips give each file its own time, not 1980-01-01', async () => {
  await fresh();
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
