import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { buildReportWorkbook } from '../../../addin/report/exceljs-renderer';
import { readReportContent } from '../../../addin/report/model/report-reader';
import { type ReportModel, reportDigest } from '../../../addin/report/model/report-model';
import { onTime } from '../../../addin/report/model/report-sheets';
import { totalRow } from '../../../addin/report/model/summary';
import { membersOf } from '../../../addin/forms/roster';
import { fillBranchWorkbook } from '../../../scripts/lib/demo/fill';
import { sampleBranchRows, sampleSchool } from '../../../scripts/lib/demo/sample';
import { finalizeXlsx } from '../../../scripts/lib/commands/finalize';
import { buildMergeModel, formatMergeSummary, mergeSummary } from '../../../scripts/lib/commands/merge';
import { writeBranchTemplates } from '../../../scripts/lib/commands/template';
import { reportToXlsx } from '../../../scripts/lib/workbook/report-writer';
import { unlistedText } from '../../../scripts/lib/load/outline';
import { gridsOf } from '../../helpers/workbooks';

const STAGE = '全面争创';
let dir: string;
const schools = [
  sampleSchool(11, { branches: 2, membersPerBranch: 4, unit: '台子乡中心学校' }),
  sampleSchool(12, { branches: 3, membersPerBranch: 3, unit: '河口镇中心学校' }),
];
const reports: string[] = [];
const branchFiles: string[][] = [];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schools-'));
  for (const [i, school] of schools.entries()) {
    const inbox = path.join(dir, `school${i}`);
    const templates = await writeBranchTemplates(school.roster, STAGE, inbox);
    const files: string[] = [];
    // The last branch of each school sends nothing: a gap the county must see.
    for (const [j, t] of templates.files.slice(0, -1).entries()) {
      const rows = sampleBranchRows(school, t.branch, STAGE, 50 + 10 * i + j);
      await fs.writeFile(
        t.file,
        await fillBranchWorkbook(await fs.readFile(t.file), { org: [rows.org], member: rows.members, rectification: rows.rectification }),
      );
      files.push(t.file);
    }
    for (const t of templates.files.slice(-1)) await fs.rm(t.file);
    branchFiles.push(files);
    const model = await buildMergeModel([inbox], { roster: school.roster, stage: STAGE });
    const out = path.join(dir, `report-${i}.xlsx`);
    await fs.writeFile(out, Buffer.from(await buildReportWorkbook(model).xlsx.writeBuffer()));
    reports.push(out);
  }
}, 120_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('merge of schools’ reports (county bureau)', () => {
  it('gives per-school rows on 汇总, a 学校 column on the details, and totals that add up', async () => {
    const county = await buildMergeModel(reports, { unit: '县教育局', stage: STAGE });
    expect(county.unit).toBe('县教育局');
    expect(county.summary.map((s) => s.school)).toEqual([...Array(2).fill('台子乡中心学校'), ...Array(3).fill('河口镇中心学校')]);
    const perSchool = await Promise.all(
      schools.map((s) => buildMergeModel([path.dirname(branchFiles[schools.indexOf(s)][0])], { roster: s.roster, stage: STAGE })),
    );
    const sum = (key: 'membersExpected' | 'membersReviewed' | 'rectifications') => perSchool.reduce((n, m) => n + totalRow(m.summary)[key], 0);
    const total = totalRow(county.summary);
    expect(total.membersExpected).toBe(sum('membersExpected'));
    expect(total.membersReviewed).toBe(sum('membersReviewed'));
    expect(total.rectifications).toBe(sum('rectifications'));
    expect(new Set(county.member.map((m) => m.school))).toEqual(new Set(['台子乡中心学校', '河口镇中心学校']));
    expect(county.member).toHaveLength(perSchool.reduce((n, m) => n + m.member.length, 0));
    expect(county.uncovered.filter((u) => u.kind === '党组织').map((u) => u.school)).toEqual(['台子乡中心学校', '河口镇中心学校']);
    expect(county.sources.map((s) => s.status)).toEqual(['采用', '采用']);
  });

  it('does not depend on the order of the reports', async () => {
    const a = await buildMergeModel(reports, { unit: '县教育局', stage: STAGE });
    const b = await buildMergeModel([...reports].reverse(), { unit: '县教育局', stage: STAGE });
    expect(b.contentDigest).toBe(a.contentDigest);
  });

  it('reports a branch file passed beside the report that already holds it as a duplicate', async () => {
    const model = await buildMergeModel([reports[0], branchFiles[0][0]], { roster: schools[1].roster, stage: STAGE });
    const dup = model.sources.find((s) => s.file === path.basename(branchFiles[0][0]));
    expect(dup?.status).toBe('拒收');
    expect(dup?.reason).toContain('重复');
    expect(dup?.reason).toContain(path.basename(reports[0]));
  });

  it('rejects two different reports of one school as a conflict, and the same report twice as a duplicate', async () => {
    const copy = path.join(dir, 'copy.xlsx');
    await fs.copyFile(reports[0], copy);
    const dup = await buildMergeModel([reports[0], copy], { unit: '县教育局', stage: STAGE });
    expect(dup.sources.map((s) => s.status).sort()).toEqual(['被替代', '采用'].sort());
    const other = await buildMergeModel([path.join(dir, 'school0')], { roster: schools[0].roster, stage: STAGE, asOf: '2010-12-31' });
    const changed = path.join(dir, 'changed.xlsx');
    await fs.writeFile(changed, Buffer.from(await buildReportWorkbook(other).xlsx.writeBuffer()));
    const conflict = await buildMergeModel([reports[0], changed], { unit: '县教育局', stage: STAGE });
    expect(conflict.sources.map((s) => s.status)).toEqual(['拒收', '拒收']);
  });

  it('takes a report and its copy re-saved by another program (other bytes, the same verified content) as one report sent twice', async () => {
    const resaved = await editReport(reports[0], path.join(dir, 'resaved.xlsx'), (wb) => {
      wb.creator = 'WPS 表格';
    });
    expect((await fs.readFile(resaved)).equals(await fs.readFile(reports[0]))).toBe(false);
    const county = await buildMergeModel([reports[0], resaved], { unit: '县教育局', stage: STAGE });
    expect(county.sources.map((s) => [path.basename(s.file), s.status])).toEqual([
      ['report-0.xlsx', '采用'],
      ['resaved.xlsx', '被替代'],
    ]);
    expect(county.sources[1].reason).toBe('与 report-0.xlsx 内容完全相同（重复提交）');
  });
});

/** A report edited as someone would in Excel (exceljs). */
async function editReport(file: string, out: string, edit: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await fs.readFile(file)) as unknown as ExcelJS.Buffer);
  edit(wb);
  await fs.writeFile(out, Buffer.from(await wb.xlsx.writeBuffer()));
  return out;
}

async function writeModel(model: ReportModel, name: string): Promise<string> {
  const out = path.join(dir, name);
  await fs.writeFile(out, Buffer.from(await buildReportWorkbook(model).xlsx.writeBuffer()));
  return out;
}

describe('the county trusts nothing in a report it can recompute', () => {
  it('refuses a report whose 汇总 was raised and 未覆盖 emptied after it was made; the county counts the other school only', async () => {
    const forged = await editReport(reports[0], path.join(dir, 'forged.xlsx'), (wb) => {
      const summary = wb.getWorksheet('汇总') as ExcelJS.Worksheet;
      summary.eachRow((row, n) => {
        if (n > 1) row.getCell(4).value = row.getCell(3).value;
      });
      const uncovered = wb.getWorksheet('未覆盖') as ExcelJS.Worksheet;
      uncovered.spliceRows(2, uncovered.rowCount);
    });
    const county = await buildMergeModel([forged, reports[1]], { unit: '县教育局', stage: STAGE });
    const row = county.sources.find((s) => s.file === 'forged.xlsx');
    expect(row?.status).toBe('拒收');
    expect(row?.reason).toContain('汇总表生成后内容又被修改');
    expect(new Set(county.summary.map((s) => s.school))).toEqual(new Set(['河口镇中心学校']));
    expect(county.problems.some((p) => p.file === 'forged.xlsx' && p.severity === '错误')).toBe(true);
    // The refused school is not silently absent: 是否按期 and the summary name it as not counted.
    expect(onTime(county)).toBe('河口镇中心学校：2 个文件未定稿，无法判断是否按期；台子乡中心学校：汇总表未被采用（原因见「来源文件」），未计入本表');
    // Had the counted school finalized in time, it alone is 按期: the refused one is not among them.
    const finalized = { ...county, finalizations: (county.finalizations ?? []).map((f) => ({ ...f, finalizedAt: '2010-09-20T10:00:00+08:00' })) };
    expect(onTime(finalized)).toBe('台子乡中心学校：汇总表未被采用（原因见「来源文件」），未计入本表；其余 1 个单位按期');
    expect(mergeSummary(county).notCounted).toEqual(['台子乡中心学校']);
    expect(formatMergeSummary(mergeSummary(county))).toContain('未计入的单位（汇总表被拒收，见「来源文件」）：台子乡中心学校。');
  });

  it('with every report refused: nothing is counted, and neither 按期 nor 100 % is claimed', async () => {
    const forged = await editReport(reports[0], path.join(dir, 'forged-alone.xlsx'), (wb) => {
      (wb.getWorksheet('党员点评') as ExcelJS.Worksheet).getCell('B2').value = '张三';
    });
    const county = await buildMergeModel([forged], { unit: '县教育局', stage: STAGE });
    expect(county.sources.map((s) => s.status)).toEqual(['拒收']);
    expect(onTime(county)).toBe('台子乡中心学校：汇总表未被采用（原因见「来源文件」），未计入本表');
    const text = formatMergeSummary(mergeSummary(county));
    expect(text).toContain('覆盖：党员 0/0（没有可统计的党员）');
    expect(text).not.toContain('100.0%');
  });

  it('a school merge that used no file does not say 按期', async () => {
    const empty = await buildMergeModel([path.join(dir, 'forged-alone.xlsx')], { roster: schools[0].roster, stage: STAGE });
    expect(empty.sources.map((s) => s.status)).toEqual(['拒收']);
    expect(onTime(empty)).toBe('没有采用的党小组文件，无法判断是否按期');
  });

  it('flags a report whose 汇总 disagrees with its details even when its digest was made to match', async () => {
    const model = await buildMergeModel([path.join(dir, 'school0')], { roster: schools[0].roster, stage: STAGE });
    const { contentDigest: _old, ...body } = model;
    const raised = { ...body, summary: body.summary.map((s) => ({ ...s, membersReviewed: s.membersExpected, coverage: 1 })) };
    const file = await writeModel({ ...raised, contentDigest: reportDigest(raised) }, 'consistent-forgery.xlsx');
    const content = readReportContent(await gridsOf(file));
    if (!('meta' in content)) throw new Error('not a report');
    // The school's last branch sent nothing: none of its members was reviewed.
    const branch = schools[0].roster.branches[1].name;
    const members = membersOf(schools[0].roster, branch).length;
    expect(content.problems.map((p) => p.message)).toEqual([
      `汇总表各部分不一致，不能采用：「汇总」中台子乡中心学校「${branch}」的已点评党员数为 ${members}，按明细表应为 0`,
      `汇总表各部分不一致，不能采用：「汇总」中台子乡中心学校「${branch}」的覆盖率为 100.0%，按明细表应为 0.0%`,
    ]);
    const county = await buildMergeModel([file, reports[1]], { unit: '县教育局', stage: STAGE });
    expect(county.sources.find((s) => s.file === 'consistent-forgery.xlsx')?.status).toBe('拒收');
  });

  it('names a disagreeing 报送情况 as 汇总 shows it (已交 / 未交), not as 已 / 未', async () => {
    const model = await buildMergeModel([path.join(dir, 'school0')], { roster: schools[0].roster, stage: STAGE });
    const { contentDigest: _old, ...body } = model;
    const claimed = { ...body, summary: body.summary.map((s) => ({ ...s, submitted: true })) };
    const file = await writeModel({ ...claimed, contentDigest: reportDigest(claimed) }, 'claims-submitted.xlsx');
    const content = readReportContent(await gridsOf(file));
    if (!('meta' in content)) throw new Error('not a report');
    // The school's last branch sent nothing.
    const branch = schools[0].roster.branches[1].name;
    expect(content.problems.map((p) => p.message)).toEqual([
      `汇总表各部分不一致，不能采用：「汇总」中台子乡中心学校「${branch}」的报送情况为 已交，按明细表应为 未交`,
    ]);
  });

  it('computes every school figure again from the detail sheets, at the county’s reference date', async () => {
    // The schools counted overdue items at 2010-09-30 (none yet); at 2010-12-31 every open item is overdue.
    const county = await buildMergeModel(reports, { unit: '县教育局', stage: STAGE, asOf: '2010-12-31' });
    const open = county.rectification.filter((r) => r.status !== '已整改').length;
    expect(open).toBeGreaterThan(0);
    expect(totalRow(county.summary).overdue).toBe(open);
    const perSchool = await Promise.all(
      schools.map((s, i) => buildMergeModel([path.join(dir, `school${i}`)], { roster: s.roster, stage: STAGE, asOf: '2010-12-31' })),
    );
    expect(county.summary).toEqual(perSchool.flatMap((m) => m.summary));
  });

  it('verifies the digest of a report whose 问题清单 stands for problems not listed', async () => {
    const model = await buildMergeModel([path.join(dir, 'school1')], { roster: schools[1].roster, stage: STAGE });
    const { contentDigest: _old, ...body } = model;
    const unlisted = { errors: 250, warnings: 3 };
    // The line merge writes (reasons.ts problems-unlisted): the reader takes the counts back from it.
    const message = unlistedText(unlisted);
    const withMore = { ...body, problems: [...body.problems, { file: 'x.xlsx', sheet: '', cell: '', severity: '错误' as const, message, unlisted }] };
    const file = path.join(dir, 'unlisted.xlsx');
    await fs.writeFile(file, await reportToXlsx({ ...withMore, contentDigest: reportDigest(withMore) }));
    const content = readReportContent(await gridsOf(file));
    expect('meta' in content && content.problems).toEqual([]);
  });

  it('reads a report the streaming writer made (merge --out) and verifies its digest', async () => {
    const model = await buildMergeModel([path.join(dir, 'school1')], { roster: schools[1].roster, stage: STAGE });
    const file = path.join(dir, 'streamed.xlsx');
    await fs.writeFile(file, await reportToXlsx(model));
    const content = readReportContent(await gridsOf(file));
    expect('meta' in content && content.problems).toEqual([]);
    const county = await buildMergeModel([reports[0], file], { unit: '县教育局', stage: STAGE });
    expect(county.sources.map((s) => s.status)).toEqual(['采用', '采用']);
  });

  it('states each school’s finalize facts in 是否按期, carried through 定稿情况 to a merge of the county’s report', async () => {
    // School 0 finalized its files after 上报截止 (2010-09-30); school 1 did not finalize them.
    const late = path.join(dir, 'late-school0');
    await fs.mkdir(late, { recursive: true });
    for (const f of branchFiles[0]) {
      const name = path.basename(f);
      await fs.writeFile(path.join(late, name), await finalizeXlsx(await fs.readFile(f), name, '2010-10-02T09:00:00+08:00', '2010-09-30'));
    }
    const school0 = await writeModel(await buildMergeModel([late], { roster: schools[0].roster, stage: STAGE }), 'late-report.xlsx');
    const county = await buildMergeModel([school0, reports[1]], { unit: '县教育局', stage: STAGE });
    const lateBranches = schools[0].roster.branches.slice(0, -1).map((b) => b.name);
    const text = onTime(county);
    expect(text).toBe(
      `台子乡中心学校：逾期：${lateBranches.length} 个党小组在 2010-09-30 之后定稿（${lateBranches.join('、')}）；河口镇中心学校：${branchFiles[1].length} 个文件未定稿，无法判断是否按期`,
    );
    expect(county.finalizations?.map((f) => [f.school, f.finalizedAt])).toEqual([
      ...lateBranches.map(() => ['台子乡中心学校', '2010-10-02T09:00:00+08:00']),
      ...branchFiles[1].map(() => ['河口镇中心学校', '']),
    ]);
    // The county's report read back (a province merging counties) keeps every school's facts.
    const countyFile = path.join(dir, 'county.xlsx');
    await fs.writeFile(countyFile, await reportToXlsx(county));
    const back = readReportContent(await gridsOf(countyFile));
    if (!('meta' in back)) throw new Error('not a report');
    expect(back.problems).toEqual([]);
    expect(back.finalizations).toEqual(county.finalizations);
  });

  it('names the school with the branch where two schools have a branch of the same name', () => {
    const row = (school: string) => ({ ...totalRow([]), school, branch: '数学党小组', orgReviewed: true, planOverdue: 1 });
    const model = { summary: [row('台子乡中心学校'), row('河口镇中心学校')], sources: [], problems: [], uncovered: [], referenceDate: '2010-09-30' };
    expect(mergeSummary(model as unknown as ReportModel).behindPlan).toEqual(['台子乡中心学校·数学党小组（逾期 1）', '河口镇中心学校·数学党小组（逾期 1）']);
  });
});
