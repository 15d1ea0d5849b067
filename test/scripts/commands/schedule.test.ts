import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Grid, cellAt } from '../../../addin/forms/cell';
import { denseLine } from '../../helpers/grids';
import { allProblems, isBranchRead, readBranchWorkbook } from '../../../addin/forms/read/branch-reader';
import { buildReportWorkbook } from '../../../addin/report/exceljs-renderer';
import { type FillInput, fillBranchWorkbook } from '../../../scripts/lib/demo/fill';
import { sampleBranchRows, sampleSchool } from '../../../scripts/lib/demo/sample';
import { buildMergeModel } from '../../../scripts/lib/commands/merge';
import { buildRosterWorkbook } from '../../../scripts/lib/workbook/roster-file';
import { buildBranchWorkbook, layoutContext } from '../../../scripts/lib/commands/template';
import { readXlsx } from '../../../scripts/lib/xlsx/xlsx-reader';

const STAGE = '全面争创';
const school = sampleSchool(21, { branches: 3, membersPerBranch: 4 });
const { roster } = school;
let dir: string;

async function template(branchIndex: number): Promise<Buffer> {
  const wb = await buildBranchWorkbook(roster, layoutContext(roster, STAGE, roster.branches[branchIndex]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function grids(buf: Buffer): Promise<Grid[]> {
  return (await readXlsx(buf, 'x.xlsx')).grids;
}

async function filled(branchIndex: number, mutate?: (input: Required<FillInput>) => void): Promise<Buffer> {
  const rows = sampleBranchRows(school, roster.branches[branchIndex].name, STAGE, 300 + branchIndex);
  const input: Required<FillInput> = { org: [rows.org], member: rows.members, rectification: rows.rectification, schedule: rows.schedule };
  mutate?.(input);
  return fillBranchWorkbook(await template(branchIndex), input);
}

async function problemsOf(buf: Buffer) {
  const read = readBranchWorkbook(await grids(buf), { roster, asOf: '2010-09-30' });
  if (!isBranchRead(read)) throw new Error('not a branch workbook');
  return allProblems(read);
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'schedule-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('点评安排 in the branch workbook', () => {
  it('is pre-filled by template: the branch by its 联系领导, each member by the 组长', async () => {
    const g = (await grids(await template(0))).find((x) => x.name === '点评安排') as Grid;
    const header = denseLine(g.rows[0]);
    expect(header.slice(0, 7)).toEqual(['点评对象', '点评人', '点评人职务', '计划日期', '点评方式', '参加范围', '备注']);
    const branch = roster.branches[0];
    expect(denseLine(g.rows[1]).slice(0, 2)).toEqual([branch.name, branch.liaison]);
    expect(cellAt(g.rows[1], 4)).toBe('现场点评');
    const members = roster.members.filter((m) => m.branch === branch.name);
    expect(g.rows.slice(2).map((r) => cellAt(r, 0))).toEqual(members.map((m) => m.name));
    expect(cellAt(g.rows[3], 1)).toBe(branch.leader);
  });

  it('gives no plan warnings when nothing was planned, and none for a clean planned file', async () => {
    expect(await problemsOf(await filled(0, (i) => (i.schedule = [])))).toEqual([]);
    expect(await problemsOf(await filled(0))).toEqual([]);
  });

  it('validates plan rows: object and reviewer in the roster, date in the stage, one row per object', async () => {
    const other = roster.members.find((m) => m.branch === roster.branches[1].name)?.name;
    const problems = await problemsOf(
      await filled(0, (i) => {
        i.schedule[1].plannedDate = '2010-12-01';
        i.schedule.push({ object: '不存在的人', reviewer: roster.branches[0].liaison, plannedDate: '2010-09-01', method: '集中点评' });
        i.schedule.push({ object: other, reviewer: '路人甲', plannedDate: '2010-09-01', method: '集中点评' });
      }),
    );
    const byRule = (rule: string) => problems.filter((p) => p.rule === rule && p.sheet === '点评安排');
    expect(byRule('dateOutsideStage').map((p) => p.cell)).toEqual(['D3']);
    expect(byRule('scheduleObjectUnknown').map((p) => p.cell)).toEqual(['A7']);
    expect(byRule('memberOfOtherBranch').map((p) => p.cell)).toEqual(['A8']);
    expect(byRule('scheduleReviewerUnknown').map((p) => p.cell)).toEqual(['B8']);
  });

  it('warns about a review with no plan row and one far from its planned date', async () => {
    const rows = sampleBranchRows(school, roster.branches[0].name, STAGE, 300);
    const unplanned = rows.members[1].name as string;
    const problems = await problemsOf(
      await filled(0, (i) => {
        i.schedule = i.schedule.filter((p) => p.object !== unplanned);
        i.member[2].date = '2010-08-01';
        const planOf = i.schedule.find((p) => p.object === i.member[2].name);
        if (planOf) planOf.plannedDate = '2010-09-25';
      }),
    );
    expect(problems.filter((p) => p.rule === 'reviewWithoutPlan').map((p) => [p.sheet, p.cell, p.severity])).toEqual([['党员点评', 'A3', 'warning']]);
    expect(problems.filter((p) => p.rule === 'reviewFarFromPlan').map((p) => [p.cell, p.severity])).toEqual([['G4', 'warning']]);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('plan against what was done in the report', () => {
  it('counts 计划点评数, 已按计划完成 and 逾期未点评 on 汇总 as the detail sheets say', async () => {
    await fs.writeFile(path.join(dir, 'b0.xlsx'), await filled(0));
    // Branch 1 is behind: two planned members not reviewed yet.
    await fs.writeFile(path.join(dir, 'b1.xlsx'), await filled(1, (i) => i.member.splice(0, 2)));
    // Branch 2 did not plan at all.
    await fs.writeFile(path.join(dir, 'b2.xlsx'), await filled(2, (i) => (i.schedule = [])));
    const model = await buildMergeModel([dir], { roster, stage: STAGE });
    const g = await grids(Buffer.from(await buildReportWorkbook(model).xlsx.writeBuffer()));
    const sheet = (name: string) => g.find((x) => x.name === name) as Grid;
    const cols = (grid: Grid) => denseLine(grid.rows[0]) as string[];
    const rowsOf = (grid: Grid) => grid.rows.slice(1).map((r) => Object.fromEntries(cols(grid).map((h, i) => [h, cellAt(r, i)])));
    const plans = rowsOf(sheet('点评安排'));
    const reviewed = new Set([...rowsOf(sheet('党组织点评')).map((r) => r['党组织名称']), ...rowsOf(sheet('党员点评')).map((r) => r['姓名'])]);
    const reference = model.referenceDate;
    for (const s of rowsOf(sheet('汇总')).filter((r) => r['党小组'] !== '合计')) {
      const mine = plans.filter((p) => p['所在党小组'] === s['党小组']);
      expect(s['计划点评数']).toBe(mine.length);
      expect(s['已按计划完成']).toBe(mine.filter((p) => reviewed.has(p['点评对象'])).length);
      const serialRef = Date.parse(reference) / 86_400_000 + 25569;
      expect(s['逾期未点评']).toBe(mine.filter((p) => !reviewed.has(p['点评对象']) && (p['计划日期'] as number) < serialRef).length);
    }
    expect(model.summary.map((s) => s.planOverdue)).toEqual([0, 2, 0]);
    expect(model.summary.map((s) => s.planned)).toEqual([5, 5, 0]);
  });
});

describe('roster deadlines', () => {
  it('init writes 安排报送截止 and 上报截止, pre-filled with the campaign defaults', async () => {
    const wb = await buildRosterWorkbook();
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const stages = (await grids(buf)).find((x) => x.name === '阶段') as Grid;
    expect(denseLine(stages.rows[0])).toEqual(['阶段名称', '开始日期', '结束日期', '安排报送截止', '上报截止']);
    const fullStage = stages.rows.find((r) => cellAt(r, 0) === STAGE);
    expect(typeof (fullStage && cellAt(fullStage, 3))).toBe('number');
    expect(typeof (fullStage && cellAt(fullStage, 4))).toBe('number');
  });
});
