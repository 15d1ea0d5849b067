/**
 * Acceptance: the reviewer's round trip, automated. A roster written from scratch (openpyxl, not
 * `init`), branch files from `template` filled by another program (openpyxl) like a secretary,
 * problems planted at recorded cells, some files re-saved by LibreOffice; then `check`, `merge`
 * and `publish`, with the report read back by an independent reader (openpyxl, warnings = errors)
 * and its figures compared with counts made in Python from what was written.
 * Scripts: test/acceptance/py (roster.py, fill.py, read_report.py, validations.py).
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { libreOfficeResave, runCli } from '../helpers/workbooks';

const PY = '/usr/bin/python3';
const PY_DIR = path.join(__dirname, 'py');
const STAGE = '全面争创';
const REFERENCE = '2010-09-28'; // the stage's 上报截止 in roster.py

function requireOpenpyxl(): void {
  try {
    execFileSync(PY, ['-c', 'import openpyxl'], { stdio: 'pipe' });
  } catch {
    throw new Error(`acceptance tests need ${PY} with openpyxl: apt-get install python3-openpyxl (CI: .ci/run installs it)`);
  }
}

function py(script: string, args: string[], opts: { warningsAreErrors?: boolean } = {}): Promise<string> {
  const argv = [...(opts.warningsAreErrors ? ['-W', 'error'] : []), path.join(PY_DIR, script), ...args];
  return new Promise((resolve, reject) => {
    execFile(PY, argv, { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${script} failed: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

interface CliProblem {
  severity: string;
  rule: string;
  message: string;
  file?: string;
  sheet?: string;
  cell?: string;
}
interface Planted {
  file: string;
  sheet: string;
  cell: string | null;
  severity: '错误' | '提示';
  keyword: string;
}
interface Expected {
  branches: Record<string, string | number>[];
  files: Record<string, { read: number; accepted: number; rejected: number }>;
  uncovered: [string, string, string][];
  reference: string;
  libreoffice: string[];
  memberProblems: string[];
}
interface ReadBack {
  sheets: Record<string, unknown[][]>;
  states: Record<string, string>;
  formulaCells: Record<string, string[]>;
}

const SEVERITY: Record<string, string> = { error: '错误', warning: '提示' };
const TEMPLATE_NAME = (branch: string) => `阳光中心学校-${branch}-${STAGE}-点评表.xlsx`;

let dir: string;
let roster: string;
let templates: string;
let out: string;
let expected: Expected;
let manifest: Planted[];
let rosterJson: { branches: { name: string }[]; members: { name: string; branch: string }[] };
const lo = { template: '', clean: '' };

/** Rows of a read-back sheet as objects keyed by the header row. */
function records(sheet: unknown[][]): Record<string, unknown>[] {
  const [head, ...rows] = sheet;
  return rows.filter((r) => r.some((v) => v !== null)).map((r) => Object.fromEntries((head as string[]).map((h, i) => [h, r[i]])));
}

beforeAll(async () => {
  requireOpenpyxl();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'acceptance-'));
  roster = path.join(dir, '名单.xlsx');
  templates = path.join(dir, '下发');
  out = path.join(dir, 'filled');
  rosterJson = JSON.parse(await py('roster.py', [roster]));
  const t = await runCli('template', '--roster', roster, '--stage', STAGE, '--out', templates);
  if (t.code !== 0) throw new Error(`template failed (${t.code}): ${t.stderr}`);
  await py('fill.py', [templates, out]);
  expected = JSON.parse(await fs.readFile(path.join(out, 'expected.json'), 'utf8'));
  manifest = JSON.parse(await fs.readFile(path.join(out, 'manifest.json'), 'utf8'));
  // One LibreOffice run: a blank template, a clean filled file, a file to merge, every planted file.
  const loOut = path.join(dir, 'lo');
  const tpl = path.join(templates, TEMPLATE_NAME('语文党小组'));
  const clean = path.join(out, 'clean', '数学党小组.xlsx');
  const toMerge = expected.libreoffice.map((f) => path.join(out, 'merge', f));
  // soffice writes by base name: give each its own name first.
  await fs.mkdir(path.join(dir, 'lo-in'), { recursive: true });
  const planted = (await fs.readdir(path.join(out, 'planted'))).filter((f) => f.endsWith('.xlsx'));
  const finalized = path.join(dir, 'finalized.xlsx');
  const fin = await runCli('finalize', path.join(out, 'clean', '后勤党小组.xlsx'), '--out', finalized, '--at', '2010-09-26T10:00:00');
  if (fin.code !== 0) throw new Error(`finalize failed (${fin.code}): ${fin.stderr}`);
  const inputs = [
    ['template.xlsx', tpl],
    ['clean.xlsx', clean],
    ['finalized.xlsx', finalized],
    ...toMerge.map((f) => [path.basename(f), f]),
    ...planted.map((f) => [f, path.join(out, 'planted', f)]),
  ];
  for (const [name, src] of inputs) await fs.copyFile(src, path.join(dir, 'lo-in', name));
  await libreOfficeResave(
    inputs.map(([name]) => path.join(dir, 'lo-in', name)),
    loOut,
  );
  lo.template = path.join(loOut, 'template.xlsx');
  lo.clean = path.join(dir, 'clean-lo', '数学党小组-LibreOffice.xlsx');
  await fs.mkdir(path.dirname(lo.clean), { recursive: true });
  await fs.copyFile(path.join(loOut, 'clean.xlsx'), lo.clean);
  await fs.copyFile(path.join(loOut, 'finalized.xlsx'), path.join(path.dirname(lo.clean), '后勤党小组-定稿-LibreOffice.xlsx'));
  for (const f of toMerge) await fs.copyFile(path.join(loOut, path.basename(f)), f);
  await fs.mkdir(path.join(dir, 'planted-lo'));
  for (const f of planted) await fs.copyFile(path.join(loOut, f), path.join(dir, 'planted-lo', f));
}, 300_000);

afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe('roster, init and template', () => {
  it('init writes a blank roster; a hand-written roster (date and text dates) gives one workbook per branch', async () => {
    expect((await runCli('init', '--out', path.join(dir, 'blank.xlsx'))).code).toBe(0);
    const files = (await fs.readdir(templates)).sort();
    expect(files).toEqual(rosterJson.branches.map((b) => TEMPLATE_NAME(b.name)).sort());
  });

  it('a hand-written roster with README’s roster errors: template refuses (exit 2) naming each cell, and only those', async () => {
    const bad = path.join(dir, '名单-有错.xlsx');
    const planted: [string, string, string][] = JSON.parse(await py('roster.py', [bad, '--planted']));
    const r = await runCli('template', '--roster', bad, '--stage', STAGE, '--out', path.join(dir, 'not-written'));
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => /!.*\s错误\s/.test(l));
    expect(lines.map((l) => l.split(/\s+/)[0]).sort()).toEqual(planted.map(([sheet, cell]) => `${bad}!${sheet}!${cell}`).sort());
    for (const [sheet, cell, keyword] of planted) expect(lines.find((l) => l.includes(`!${sheet}!${cell} `))).toContain(keyword);
    await expect(fs.readdir(path.join(dir, 'not-written'))).rejects.toThrow();
  });

  it('the dropdowns are there, and survive a LibreOffice re-save', async () => {
    const before = JSON.parse(await py('validations.py', [path.join(templates, TEMPLATE_NAME('语文党小组'))]));
    const after = JSON.parse(await py('validations.py', [lo.template]));
    for (const sheet of ['党组织点评', '党员点评', '点评安排']) expect(before[sheet]?.['点评方式']).toContain('集中点评');
    expect(before['整改台账']?.['状态']).toContain('已整改');
    expect(before['整改台账']?.['整改对象']).toMatch(/_lists!/);
    expect(after).toEqual(before);
  });
});

describe('check', () => {
  it('reports nothing at all in the clean files, as written by openpyxl and as re-saved by LibreOffice (also after 定稿)', async () => {
    const r = await runCli('check', path.join(out, 'clean'), path.dirname(lo.clean), '--roster', roster, '--json');
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect((await fs.readdir(path.dirname(lo.clean))).length).toBe(2);
    expect(r.code).toBe(0);
    const text = await runCli('check', path.join(out, 'clean'), '--roster', roster);
    expect(text.stdout).not.toMatch(/错误\s|提示\s/);
  });

  it.each([
    ['as written by openpyxl', () => path.join(out, 'planted')],
    ['after a LibreOffice re-save', () => path.join(dir, 'planted-lo')],
  ])('reports every planted problem at its cell with its severity, and nothing else (%s)', async (_how, folder) => {
    const r = await runCli('check', folder(), '--roster', roster, '--as-of', REFERENCE, '--json');
    expect(r.code).toBe(1);
    const got: CliProblem[] = JSON.parse(r.stdout);
    const key = (file: string, sheet: string | undefined, cell: string | null | undefined, severity: string) =>
      `${path.basename(file)}!${sheet ?? ''}!${cell ?? ''} ${severity}`;
    const remaining = got.map((p) => ({ key: key(p.file ?? '', p.sheet, p.cell, SEVERITY[p.severity] ?? p.severity), message: p.message }));
    const missing: string[] = [];
    for (const m of manifest) {
      const k = key(m.file, m.sheet, m.cell, m.severity);
      const i = remaining.findIndex((p) => p.key === k && p.message.includes(m.keyword));
      if (i < 0) missing.push(`${k} “${m.keyword}”`);
      else remaining.splice(i, 1);
    }
    expect({ missing, unexpected: remaining.map((p) => `${p.key} ${p.message}`) }).toEqual({ missing: [], unexpected: [] });
    // every kind of problem the README lists was planted
    expect(new Set(got.map((p) => p.rule)).size).toBeGreaterThanOrEqual(25);
  });

  it('--annotate: each planted cell carries a note in the copy, which an independent reader opens without a warning', async () => {
    const annotated = path.join(dir, '退回');
    expect((await runCli('check', path.join(out, 'planted'), '--roster', roster, '--as-of', REFERENCE, '--annotate', annotated)).code).toBe(1);
    const notes = new Set(
      (JSON.parse(await py('notes.py', [annotated], { warningsAreErrors: true })) as string[][]).map(
        ([file, sheet, cell]) => `${file.replace(/-标注/, '')}!${sheet}!${cell}`,
      ),
    );
    const missing = manifest
      .filter((m) => m.cell)
      .map((m) => `${m.file}!${m.sheet}!${m.cell}`)
      .filter((k) => !notes.has(k));
    expect(missing).toEqual([]);
  });
});

describe('merge and publish', () => {
  let report: ReadBack;
  let code: number;

  beforeAll(async () => {
    const file = path.join(dir, '汇总.xlsx');
    code = (await runCli('merge', path.join(out, 'merge'), '--roster', roster, '--out', file)).code;
    report = JSON.parse(await py('read_report.py', [file], { warningsAreErrors: true }));
  }, 120_000);

  it('exits 1 (rows were rejected) and the report reads without a warning', () => {
    expect(code).toBe(1);
    expect(report.states._meta).toBe('veryHidden');
  });

  it('汇总 has the figures counted independently from what was written, per branch and in total', () => {
    const rows = records(report.sheets['汇总']);
    const total = rows.find((r) => r['党小组'] === '合计');
    const branches = rows.filter((r) => r['党小组'] !== '合计');
    expect(branches.map((r) => Object.fromEntries(Object.keys(expected.branches[0]).map((k) => [k, r[k]])))).toEqual(expected.branches);
    for (const r of branches) expect(r['覆盖率']).toBeCloseTo((r['已点评党员数'] as number) / (r['应点评党员数'] as number), 10);
    for (const k of Object.keys(expected.branches[0])) {
      if (typeof expected.branches[0][k] !== 'number') continue;
      expect([k, total?.[k]]).toEqual([k, expected.branches.reduce((n, b) => n + (b[k] as number), 0)]);
    }
    expect(total?.['党组织点评']).toBe(expected.branches.filter((b) => b['党组织点评'] === '已').length);
    expect(report.formulaCells['汇总'].length).toBeGreaterThan(0);
  });

  it('来源文件 accounts for every row: 读取 = 采用 + 拒收, as counted when writing', () => {
    const files = records(report.sheets['来源文件']);
    expect(files.map((f) => f['文件名']).sort()).toEqual(Object.keys(expected.files).sort());
    for (const f of files) {
      const e = expected.files[f['文件名'] as string];
      expect({ file: f['文件名'], read: f['读取行数'], accepted: f['采用行数'], rejected: f['拒收行数'], status: f['状态'] }).toEqual({
        file: f['文件名'],
        read: e.read,
        accepted: e.accepted,
        rejected: e.rejected,
        status: '采用',
      });
    }
    const errors = records(report.sheets['问题清单']).filter((p) => p['类别'] === '错误');
    expect(errors.length).toBe(Object.values(expected.files).reduce((n, f) => n + f.rejected, 0));
  });

  it('说明 gives the reference date and deadlines and the sha256 of every input; 典型推荐 lists each example', async () => {
    const info = Object.fromEntries(report.sheets['说明'].filter((r) => r[0] !== null).map((r) => [r[0], r[1]]));
    expect([info['统计基准日'], info['上报截止'], info['安排报送截止']]).toEqual([REFERENCE, REFERENCE, '2010-08-20']);
    // The file list: one cell per file, its name over its SHA-256.
    const listed = report.sheets['说明'].map((r) => String(r[1] ?? '').split('\n')).filter((l) => l.length === 2);
    expect(listed.map((l) => l[0])).toEqual(Object.keys(expected.files).sort());
    for (const name of Object.keys(expected.files)) {
      const sha = createHash('sha256')
        .update(await fs.readFile(path.join(out, 'merge', name)))
        .digest('hex');
      expect(listed.find((l) => l[0] === name)).toEqual([name, sha]);
      expect(records(report.sheets['来源文件']).find((f) => f['文件名'] === name)?.['文件指纹 (SHA-256)']).toBe(sha);
    }
    const examples = records(report.sheets['典型推荐']);
    expect(examples.length).toBe(expected.branches.reduce((n, b) => n + (b['推荐典型数'] as number), 0));
    expect(examples.every((e) => typeof e['先进事迹'] === 'string' && (e['先进事迹'] as string).length > 10)).toBe(true);
  });

  it('accepted member reviews are in roster order', () => {
    const order = rosterJson.members.map((m) => m.name);
    const names = records(report.sheets['党员点评']).map((r) => r['姓名'] as string);
    expect(names).toEqual(order.filter((n) => names.includes(n)));
  });

  it('every roster entry is either reviewed or in 未覆盖, never both', () => {
    const uncovered = records(report.sheets['未覆盖']).map((r) => [r['类别'], r['党小组'], r['名称']]);
    expect(uncovered).toEqual(expected.uncovered);
    const reviewedOrgs = new Set(records(report.sheets['党组织点评']).map((r) => r['党组织名称']));
    const reviewedMembers = new Set(records(report.sheets['党员点评']).map((r) => r['姓名']));
    const entries = [...rosterJson.branches.map((b) => ['党组织', b.name, b.name]), ...rosterJson.members.map((m) => ['党员', m.branch, m.name])];
    for (const [kind, branch, name] of entries) {
      const reviewed = kind === '党组织' ? reviewedOrgs.has(name) : reviewedMembers.has(name);
      const missing = uncovered.some((u) => u[0] === kind && u[1] === branch && u[2] === name);
      expect([kind, name, reviewed !== missing]).toEqual([kind, name, true]);
    }
  });

  it('plan vs actual: late and unplanned reviews are 提示 only; a plan after 上报截止 is not overdue', () => {
    const hints = records(report.sheets['问题清单'])
      .filter((p) => p['类别'] === '提示')
      .map((p) => `${p['文件']}!${p['工作表']}!${p['单元格']} ${p['问题']}`);
    expect(hints.some((h) => /语文党小组\.xlsx!党员点评!G2 .*相差 19 天/.test(h))).toBe(true);
    expect(hints.some((h) => /语文党小组\.xlsx!党员点评!A4 .*没有列入/.test(h))).toBe(true);
    const math = records(report.sheets['点评安排']).filter((r) => r['所在党小组'] === '数学党小组');
    expect(math.map((r) => [r['点评对象'], r['计划日期']])).toEqual([['郑敏', '2010-09-29']]);
  });

  it('each planted file merged alone: every row read is taken or refused, refused = the rows with a planted 错误', async () => {
    const files = [...new Set(manifest.map((m) => m.file))].sort();
    for (const file of files) {
      const target = path.join(dir, `merged-${file}`);
      await runCli('merge', path.join(out, 'planted', file), '--roster', roster, '--out', target);
      const back: ReadBack = JSON.parse(await py('read_report.py', [target], { warningsAreErrors: true }));
      const [src] = records(back.sheets['来源文件']);
      const errorRows = new Set(
        manifest.filter((m) => m.file === file && m.severity === '错误').map((m) => `${m.sheet}!${(m.cell ?? '').replace(/[A-Z]+/, '')}`),
      );
      expect({ file, sum: (src['采用行数'] as number) + (src['拒收行数'] as number), rejected: src['拒收行数'] }).toEqual({
        file,
        sum: src['读取行数'],
        rejected: errorRows.size,
      });
      const listed = records(back.sheets['问题清单'])
        .filter((p) => p['类别'] === '错误')
        .map((p) => `${p['工作表']}!${String(p['单元格'])}`)
        .sort();
      expect(listed).toEqual(
        manifest
          .filter((m) => m.file === file && m.severity === '错误')
          .map((m) => `${m.sheet}!${m.cell}`)
          .sort(),
      );
    }
  }, 60_000);

  it('the same inputs named in another order give the same content digest', async () => {
    const again = path.join(dir, '汇总-again.xlsx');
    const names = Object.keys(expected.files)
      .sort()
      .reverse()
      .map((f) => path.join(out, 'merge', f));
    await runCli('merge', ...names, '--roster', roster, '--out', again);
    const back: ReadBack = JSON.parse(await py('read_report.py', [again], { warningsAreErrors: true }));
    const digest = (r: ReadBack) => r.sheets['说明'].find((row) => row[0] === '内容摘要')?.[1];
    expect(digest(back)).toBeTruthy();
    expect(digest(back)).toBe(digest(report));
    expect(back.sheets['汇总']).toEqual(report.sheets['汇总']);
  });

  it('a resubmission finalized later wins; the earlier one is 被替代 and its rows refused, all accounted for', async () => {
    const inbox = path.join(dir, 'resubmitted');
    await fs.mkdir(inbox);
    const v1 = path.join(inbox, '语文-第一次.xlsx');
    const v2 = path.join(inbox, '语文-第二次.xlsx');
    expect((await runCli('finalize', path.join(out, 'clean', '语文党小组.xlsx'), '--out', v1, '--at', '2010-09-23T10:00:00')).code).toBe(0);
    expect((await runCli('finalize', path.join(out, 'clean', '语文党小组.xlsx'), '--out', v2, '--at', '2010-09-26T09:00:00')).code).toBe(0);
    const target = path.join(dir, '汇总-resubmitted.xlsx');
    expect((await runCli('merge', inbox, '--roster', roster, '--out', target)).code).toBe(1); // other branches missing
    const back: ReadBack = JSON.parse(await py('read_report.py', [target], { warningsAreErrors: true }));
    const src = Object.fromEntries(records(back.sheets['来源文件']).map((f) => [f['文件名'] as string, f] as const));
    expect([src['语文-第一次.xlsx']['状态'], src['语文-第二次.xlsx']['状态']]).toEqual(['被替代', '采用']);
    for (const f of Object.values(src)) expect((f['采用行数'] as number) + (f['拒收行数'] as number)).toBe(f['读取行数']);
    const info = Object.fromEntries(back.sheets['说明'].map((r) => [r[0], r[1]]));
    expect(String(info['是否按期'])).toMatch(/^按期/);
    const ours = records(back.sheets['汇总']).find((r) => r['党小组'] === '语文党小组');
    expect(ours?.['已点评党员数']).toBe(4);
  });

  it('publish leaves out every member’s 存在问题', async () => {
    const pub = path.join(dir, '公开版.xlsx');
    expect((await runCli('publish', path.join(dir, '汇总.xlsx'), '--out', pub)).code).toBe(0);
    const back: ReadBack = JSON.parse(await py('read_report.py', [pub], { warningsAreErrors: true }));
    const cells = Object.values(back.sheets)
      .flat(2)
      .filter((v): v is string => typeof v === 'string');
    for (const text of expected.memberProblems) expect(cells.filter((c) => c.includes(text))).toEqual([]);
    expect(Object.keys(back.sheets).filter((n) => back.states[n] === 'visible')).toEqual(['说明', '汇总', '党组织点评', '整改台账']);
    const headersOf = (sheet: string) => (back.sheets[sheet][0] as string[]).filter(Boolean);
    for (const sheet of Object.keys(back.sheets)) expect(headersOf(sheet)).not.toEqual(expect.arrayContaining(['职务/岗位']));
    for (const sheet of Object.keys(back.sheets)) expect(headersOf(sheet)).not.toEqual(expect.arrayContaining(['岗位类别']));
    // ledger rows about a person: 问题 and 整改措施 hidden; about the branch: shown
    for (const row of records(back.sheets['整改台账'])) {
      const hidden = row['对象类型'] === '党员';
      expect([row['整改对象'], row['问题'] === '（不公开）', row['整改措施'] === '（不公开）']).toEqual([row['整改对象'], hidden, hidden]);
    }
    // the public 汇总 carries the same figures as the report
    const figures = (r: ReadBack) => records(r.sheets['汇总']).map((row) => Object.fromEntries(Object.keys(expected.branches[0]).map((k) => [k, row[k]])));
    expect(figures(back).slice(0, expected.branches.length)).toEqual(expected.branches);
  });
});
