import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildReportWorkbook } from '../../../addin/report/exceljs-renderer';
import { totalRow } from '../../../addin/report/model/summary';
import { fillBranchWorkbook } from '../../../scripts/lib/demo/fill';
import { sampleBranchRows, sampleSchool } from '../../../scripts/lib/demo/sample';
import { buildMergeModel } from '../../../scripts/lib/commands/merge';
import { writeBranchTemplates } from '../../../scripts/lib/commands/template';

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
});
