import { finalizationsOf, reportDigest } from '../../../addin/report/model/report-model';
import { recomputeSummary } from '../../../addin/report/model/report-figures';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Grid, cellAt } from '../../../addin/forms/cell';
import { denseLine } from '../../helpers/grids';
import { buildReportWorkbook } from '../../../addin/report/exceljs-renderer';
import { fillBranchWorkbook } from '../../../scripts/lib/demo/fill';
import { sampleBranchRows, sampleSchool } from '../../../scripts/lib/demo/sample';
import { finalizeXlsx } from '../../../scripts/lib/commands/finalize';
import { buildMergeModel, mergeExitCode, mergeSummary } from '../../../scripts/lib/commands/merge';
import { publishReport } from '../../../scripts/lib/commands/publish';
import { reportToXlsx } from '../../../scripts/lib/workbook/report-writer';
import { writeRosterFile } from '../../../scripts/lib/workbook/roster-file';
import { writeBranchTemplates } from '../../../scripts/lib/commands/template';
import { readXlsx } from '../../../scripts/lib/xlsx/xlsx-reader';
import { main } from '../../../scripts/bin/review-forms';
import { unzipEntries } from '../../helpers/zip';
import { libreOfficeResave } from '../../helpers/workbooks';

const STAGE = '全面争创';
const school = sampleSchool(7, { branches: 4, membersPerBranch: 5 });
const roster = school.roster;
let dir: string;
let inbox: string;
let files: string[];
let libreOfficeCopy = '';
const appXml = async (file = '') => (await unzipEntries(await fs.readFile(file))).get('docProps/app.xml')?.toString('utf8') ?? '';

async function grids(file: string): Promise<Grid[]> {
  return (await readXlsx(await fs.readFile(file), file)).grids;
}

function values(grid: Grid | undefined): unknown[][] {
  return (grid?.rows ?? []).map((r) => [r.r, ...denseLine(r)]);
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'merge-'));
  inbox = path.join(dir, 'inbox');
  await fs.mkdir(inbox);
  await writeRosterFile(path.join(dir, '名单.xlsx'), roster);
  const templates = await writeBranchTemplates(roster, STAGE, path.join(dir, 'issued'));
  const [b0, b1, b2] = templates.files;
  const fill = async (t: typeof b0, seed: number, mutate?: (rows: ReturnType<typeof sampleBranchRows>) => void) => {
    const rows = sampleBranchRows(school, t.branch, STAGE, seed);
    mutate?.(rows);
    return fillBranchWorkbook(await fs.readFile(t.file), { org: [rows.org], member: rows.members, rectification: rows.rectification });
  };
  // Branch 0: submitted twice; the later finalize wins.
  const older = await finalizeXlsx(await fill(b0, 1, (r) => r.members.splice(2)), 'old.xlsx', '2010-09-20T10:00:00+08:00', '2010-09-30');
  const newer = await finalizeXlsx(await fill(b0, 2), 'new.xlsx', '2010-09-25T10:00:00+08:00', '2010-09-30');
  await fs.writeFile(path.join(inbox, 'b0-first.xlsx'), older);
  await fs.writeFile(path.join(inbox, 'b0-second.xlsx'), newer);
  // Branch 1: a spoofed row about a member of branch 2.
  const outsider = roster.members.find((m) => m.branch === b2.branch);
  const spoofed = await fill(b1, 3, (r) => r.members.push({ ...r.members[0], name: outsider?.name, branch: b1.branch, stage: STAGE }));
  await fs.writeFile(path.join(inbox, 'b1.xlsx'), spoofed);
  // Branch 2: re-saved by LibreOffice when it is installed (CI installs it).
  const b2file = path.join(dir, 'b2.xlsx');
  await fs.writeFile(b2file, await fill(b2, 4));
  // LibreOffice is a test requirement (.ci/run installs it): without it this suite fails.
  [libreOfficeCopy] = await libreOfficeResave([b2file], path.join(dir, 'lo'));
  await fs.copyFile(libreOfficeCopy, path.join(inbox, 'b2.xlsx'));
  // Branch 3 sends nothing; a lock file lies around.
  await fs.writeFile(path.join(inbox, '~$b1.xlsx'), 'lock');
  files = (await fs.readdir(inbox)).map((f) => path.join(inbox, f));
}, 180_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('merge', () => {
  it('accounts for every row of every file: read = accepted + rejected', async () => {
    const model = await buildMergeModel([inbox], { roster, stage: STAGE });
    for (const s of model.sources) expect(s.read).toBe(s.accepted + s.rejected);
    const summary = mergeSummary(model);
    expect(summary.rowsRead).toBe(summary.rowsAccepted + summary.rowsRejected);
    expect(Object.fromEntries(model.sources.map((s) => [s.file, s.status]))).toEqual({
      'b0-first.xlsx': '被替代',
      'b0-second.xlsx': '采用',
      'b1.xlsx': '采用',
      'b2.xlsx': '采用',
      '~$b1.xlsx': '跳过',
    });
  });

  it('keeps the later finalized resubmission and lists the other as superseded with both hashes', async () => {
    const model = await buildMergeModel([inbox], { roster, stage: STAGE });
    const first = model.sources.find((s) => s.file === 'b0-first.xlsx');
    const second = model.sources.find((s) => s.file === 'b0-second.xlsx');
    expect(second?.status).toBe('采用');
    expect(first?.status).toBe('被替代');
    expect(first?.reason).toContain(second?.sha256.slice(0, 12));
    expect(first?.reason).toContain(first?.sha256.slice(0, 12));
    const branch0 = roster.branches[0].name;
    expect(model.member.filter((m) => m.branch === branch0)).toHaveLength(5);
  });

  it('rejects a row about another branch member and still merges the rest of that file', async () => {
    const model = await buildMergeModel([inbox], { roster, stage: STAGE });
    const b1 = roster.branches[1].name;
    const spoof = model.problems.find((p) => p.file === 'b1.xlsx' && p.severity === '错误');
    expect(spoof?.message).toContain(roster.branches[2].name);
    expect(spoof?.sheet).toBe('党员点评');
    expect(spoof?.cell).toMatch(/^A\d+$/);
    expect(model.member.filter((m) => m.branch === b1)).toHaveLength(5);
    expect(model.sources.find((s) => s.file === 'b1.xlsx')).toMatchObject({ status: '采用', rejected: 1 });
  });

  it('reads the LibreOffice re-saved file like the original', async () => {
    const model = await buildMergeModel([inbox], { roster, stage: STAGE });
    const b2 = roster.branches[2].name;
    expect(model.sources.find((s) => s.file === 'b2.xlsx')?.status).toBe('采用');
    expect(model.member.filter((m) => m.branch === b2)).toHaveLength(5);
    expect(model.problems.filter((p) => p.file === 'b2.xlsx')).toEqual([]);
    expect(/<Application>LibreOffice/.test(await appXml(libreOfficeCopy))).toBe(true);
  });

  it('lists the branch that sent nothing, and all its members, as not covered', async () => {
    const model = await buildMergeModel([inbox], { roster, stage: STAGE });
    const b3 = roster.branches[3].name;
    const gaps = model.uncovered.filter((u) => u.branch === b3);
    expect(gaps.map((g) => g.kind)).toEqual(['党组织', ...Array(5).fill('党员')]);
    expect(model.summary[3]).toMatchObject({ branch: b3, membersReviewed: 0, orgReviewed: false, coverage: 0 });
    expect(mergeExitCode(mergeSummary(model))).toBe(1);
  });

  it('writes 汇总 figures equal to counts over the detail sheets, with formulas on 合计', async () => {
    const model = await buildMergeModel([inbox], { roster, stage: STAGE });
    const out = path.join(dir, 'report.xlsx');
    await fs.writeFile(out, Buffer.from(await buildReportWorkbook(model).xlsx.writeBuffer()));
    const g = await grids(out);
    const sheet = (name: string) => g.find((x) => x.name === name) as Grid;
    const header = denseLine(sheet('汇总').rows[0]);
    const col = (label: string) => header.indexOf(label);
    const memberRows = sheet('党员点评').rows.slice(1);
    const memberBranchCol = denseLine(sheet('党员点评').rows[0]).indexOf('所在党小组');
    for (const row of sheet('汇总').rows.slice(1, 1 + roster.branches.length)) {
      const branch = cellAt(row, col('党小组'));
      expect(cellAt(row, col('已点评党员数'))).toBe(memberRows.filter((r) => cellAt(r, memberBranchCol) === branch).length);
      expect(typeof cellAt(row, col('覆盖率'))).toBe('number');
    }
    const total = sheet('汇总').rows[1 + roster.branches.length];
    expect(cellAt(total, col('党小组'))).toBe('合计');
    expect(cellAt(total, col('已点评党员数'))).toBe(memberRows.length);
    expect(total.formulaCols).toContain(col('已点评党员数'));
    expect(g.find((x) => x.name === '_meta')?.state).toBe('veryHidden');
    expect(g.map((x) => x.name)).toEqual([
      '说明',
      '汇总',
      '党组织点评',
      '党员点评',
      '整改台账',
      '点评安排',
      '典型推荐',
      '未覆盖',
      '来源文件',
      '问题清单',
      '_meta',
    ]);
  });

  it('gives the same report content whatever the order of the inputs', async () => {
    const a = await buildMergeModel(files, { roster, stage: STAGE });
    const b = await buildMergeModel([...files].reverse(), { roster, stage: STAGE });
    expect(b.contentDigest).toBe(a.contentDigest);
    const outA = path.join(dir, 'a.xlsx');
    const outB = path.join(dir, 'b.xlsx');
    await fs.writeFile(outA, Buffer.from(await buildReportWorkbook(a).xlsx.writeBuffer()));
    await fs.writeFile(outB, Buffer.from(await buildReportWorkbook(b).xlsx.writeBuffer()));
    const [ga, gb] = [await grids(outA), await grids(outB)];
    expect(gb.map((g) => [g.name, values(g)])).toEqual(ga.map((g) => [g.name, values(g)]));
  });

  it('publishes a public version without any member review or a person’s problems', async () => {
    const model = await buildMergeModel([inbox], { roster, stage: STAGE });
    const report = path.join(dir, 'for-publish.xlsx');
    await fs.writeFile(report, Buffer.from(await buildReportWorkbook(model).xlsx.writeBuffer()));
    const out = path.join(dir, 'public.xlsx');
    const result = await publishReport(report, out);
    expect(result.org).toBe(model.org.length);
    const g = await grids(out);
    expect(g.map((x) => x.name)).toEqual(['说明', '汇总', '党组织点评', '整改台账']);
    const text = JSON.stringify(g.map((x) => values(x)));
    for (const m of model.member) expect(text).not.toContain(m.problems);
    expect(text).toContain(model.org[0].problems);
  });

  it('publishes a county-sized report, whose 党员点评 is larger than a branch workbook may be', async () => {
    const model = await buildMergeModel([inbox], { roster, stage: STAGE });
    // 40,000 member rows of long text: the part is over 100 MB.
    const long = '认真学习，积极参加组织生活，'.repeat(60);
    const extra = Array.from({ length: 40_000 }, (_v, i) => ({ ...model.member[i % model.member.length], problems: `${long}${i}`, example: false }));
    const member = [...model.member, ...extra];
    // A report as merge would make it of these rows (publish verifies its digest and its parts).
    const details = { ...model, member, finalizations: finalizationsOf(model) };
    const { contentDigest: _made, ...rest } = { ...model, member, summary: recomputeSummary(details, model.referenceDate) };
    const report = path.join(dir, 'county.xlsx');
    await fs.writeFile(report, await reportToXlsx({ ...rest, contentDigest: reportDigest(rest) }));
    // Within a branch workbook's limits it could not be read at all.
    await expect(readXlsx(await fs.readFile(report), report)).rejects.toMatchObject({ reason: 'zip-bomb' });
    const result = await publishReport(report, path.join(dir, 'county-public.xlsx'));
    expect(result.org).toBe(model.org.length);
    expect(result.rectification).toBe(model.rectification.length);
  }, 120_000);

  it('exits 1 with a written report when there are gaps, 2 without a roster', async () => {
    const out = path.join(dir, 'cli.xlsx');
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['node', 'review-forms', 'merge', inbox, '--roster', path.join(dir, '名单.xlsx'), '--out', out])).toBe(1);
      await expect(fs.stat(out)).resolves.toBeTruthy();
      process.exitCode = undefined;
      expect(await main(['node', 'review-forms', 'merge', inbox, '--roster', path.join(dir, 'missing.xlsx'), '--out', out])).toBe(2);
    } finally {
      write.mockRestore();
      process.exitCode = undefined;
    }
  });
});
