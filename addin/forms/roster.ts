/**
 * The unit configuration (名单.xlsx): basic information, stages with their date windows and
 * deadlines, branches (党小组) and members (党员). Read with the same field machinery as the forms.
 */
import { z } from 'zod';
import { digestOf } from './digest';
import { choice, date, text } from './fields';
import { defineForm } from './form';
import { type Problem, problem } from './problems';
import { POST_CATEGORIES } from './branch-forms';
import { normalizeName } from './text';

export const RosterStage = z.object({
  name: text({ label: '阶段名称', required: true, isName: true, width: 14, prompt: '活动阶段名称。' }),
  start: date({ label: '开始日期', required: true, prompt: '本阶段开始日期。' }),
  end: date({ label: '结束日期', required: true, prompt: '本阶段结束日期。' }),
  planDue: date({ label: '安排报送截止', required: false, width: 14, prompt: '各党小组向办公室报送点评安排的截止日期。' }),
  reportDue: date({ label: '上报截止', required: false, width: 14, prompt: '向县教育局上报点评情况的截止日期。' }),
});
export type RosterStage = z.infer<typeof RosterStage>;

export const RosterBranch = z.object({
  name: text({ label: '名称', required: true, isName: true, width: 18, prompt: '党小组（党组织）名称，不要重复。', aliases: ['党小组名称', '党小组'] }),
  leader: text({ label: '组长', required: false, isName: true, width: 10, prompt: '党小组组长（负责填表并点评党员）。' }),
  liaison: text({ label: '联系领导', required: false, isName: true, width: 10, prompt: '联系该党小组、对其进行点评的领导小组成员。' }),
});
export type RosterBranch = z.infer<typeof RosterBranch>;

export const RosterMember = z.object({
  name: text({ label: '姓名', required: true, isName: true, width: 10, prompt: '党员姓名。' }),
  branch: text({ label: '所在党小组', required: true, isName: true, list: 'branches', width: 18, prompt: '须与「党小组」表中的名称一致。' }),
  post: text({ label: '职务/岗位', required: false, width: 14, prompt: '如 语文教师、教务主任。' }),
  category: choice(POST_CATEGORIES, { label: '岗位类别', required: false, width: 10, prompt: '用于分类点评。' }),
});
export type RosterMember = z.infer<typeof RosterMember>;

export const STAGES_FORM = defineForm({ id: 'stages', sheetName: '阶段', title: '活动阶段', schema: RosterStage });
export const BRANCHES_FORM = defineForm({ id: 'branches', sheetName: '党小组', title: '党小组名单', schema: RosterBranch });
export const MEMBERS_FORM = defineForm({ id: 'members', sheetName: '党员', title: '党员名单', schema: RosterMember });

export const INFO_SHEET = '基本信息';
export const INFO_HEADERS = ['项目', '内容'] as const;
export const INFO_ITEMS = [
  { key: 'unit', label: '单位名称', required: true, prompt: '学校（单位）全称。' },
  { key: 'reportTo', label: '上报单位', required: false, prompt: '汇总表上报的单位，如 县教育局。' },
  { key: 'secretary', label: '党组织书记', required: false, prompt: '负责点评党员的党组织书记姓名。' },
] as const;

export const Roster = z.object({
  unit: z.string().min(1),
  reportTo: z.string(),
  secretary: z.string(),
  stages: z.array(z.custom<RosterStage>()),
  branches: z.array(z.custom<RosterBranch>()),
  members: z.array(z.custom<RosterMember>()),
});
export type Roster = z.infer<typeof Roster>;

/** The campaign's stages (domain guide), pre-filled by `init`; a unit edits the windows. */
export const DEFAULT_STAGES: readonly RosterStage[] = [
  { name: '动员部署', start: '2010-05-01', end: '2010-07-31', planDue: '2010-06-30', reportDue: '2010-07-31' },
  { name: '全面争创', start: '2010-08-01', end: '2010-09-30', planDue: '2010-08-31', reportDue: '2010-09-30' },
  { name: '整改提升', start: '2010-10-01', end: '2011-06-30', planDue: '2010-10-31', reportDue: '2011-06-30' },
  { name: '总结表彰', start: '2011-07-01', end: '2011-12-31', planDue: '2011-07-31', reportDue: '2011-12-31' },
];

/** Per roster object: a county's roster (100,000 members) takes a second to digest, and every file is checked against it. */
const digests = new WeakMap<Roster, string>();

/** The roster's digest, computed once per roster object (rosters are not mutated once read). */
export function rosterDigest(roster: Roster): string {
  let digest = digests.get(roster);
  if (digest === undefined) {
    digest = digestOf(roster);
    digests.set(roster, digest);
  }
  return digest;
}

/**
 * Takes a digest already computed for an equal roster (a worker thread gets a copy of the
 * roster and its digest, and need not hash a county's roster again).
 */
export function rememberRosterDigest(roster: Roster, digest: string): void {
  digests.set(roster, digest);
}

export function findStage(roster: Pick<Roster, 'stages'>, name: string): RosterStage | undefined {
  const n = normalizeName(name);
  return roster.stages.find((s) => s.name === n);
}

export function findBranch(roster: Pick<Roster, 'branches'>, name: string): RosterBranch | undefined {
  const n = normalizeName(name);
  return roster.branches.find((b) => b.name === n);
}

/** Members by branch, per members array: a filter over a county's roster for each of its 4,000 branches would be quadratic. */
const byBranch = new WeakMap<readonly RosterMember[], Map<string, RosterMember[]>>();

/** The branch's members in roster order (a new array each call; the index is built once per roster). */
export function membersOf(roster: Pick<Roster, 'members'>, branch: string): RosterMember[] {
  let index = byBranch.get(roster.members);
  if (!index) {
    index = new Map();
    for (const m of roster.members) {
      const list = index.get(m.branch);
      if (list) list.push(m);
      else index.set(m.branch, [m]);
    }
    byBranch.set(roster.members, index);
  }
  return [...(index.get(branch) ?? [])];
}

/** The date the report counts overdue items against: the stage's 上报截止, else its end. */
export function stageReferenceDate(stage: RosterStage): string {
  return stage.reportDue ?? stage.end;
}

/** A record with the row it came from and the A1 cell of each of its fields. */
export interface Located<T> {
  value: T;
  row: number;
  cells: Partial<Record<keyof T & string, string>>;
}

/** Cross-row rules of the roster: unknown branches, duplicates, stage windows. */
export function checkRoster(input: { stages: Located<RosterStage>[]; branches: Located<RosterBranch>[]; members: Located<RosterMember>[] }): Problem[] {
  const problems: Problem[] = [];
  const firstRow = new Map<string, number>();
  const seen = (key: string, row: number) => {
    const first = firstRow.get(key);
    if (first === undefined) firstRow.set(key, row);
    return first;
  };
  for (const { value, row, cells } of input.stages) {
    const first = seen(`stage:${value.name}`, row);
    if (first !== undefined)
      problems.push(problem('rosterDuplicateStage', { value: value.name, firstRow: first }, { sheet: STAGES_FORM.sheetName, cell: cells.name }));
    if (value.end < value.start) problems.push(problem('rosterStageOrder', { value: value.name }, { sheet: STAGES_FORM.sheetName, cell: cells.end }));
  }
  const ordered = [...input.stages].sort((a, b) => (a.value.start < b.value.start ? -1 : a.value.start > b.value.start ? 1 : a.row - b.row));
  for (let i = 1; i < ordered.length; i++) {
    const prev = ordered[i - 1].value;
    const cur = ordered[i];
    if (cur.value.start <= prev.end && cur.value.name !== prev.name) {
      problems.push(problem('rosterStageOverlap', { value: cur.value.name, other: prev.name }, { sheet: STAGES_FORM.sheetName, cell: cur.cells.start }));
    }
  }
  const branchNames = new Set<string>();
  for (const { value, row, cells } of input.branches) {
    const first = seen(`branch:${value.name}`, row);
    if (first !== undefined)
      problems.push(problem('rosterDuplicateBranch', { value: value.name, firstRow: first }, { sheet: BRANCHES_FORM.sheetName, cell: cells.name }));
    branchNames.add(value.name);
  }
  for (const { value, row, cells } of input.members) {
    if (!branchNames.has(value.branch)) {
      problems.push(problem('rosterUnknownBranch', { value: value.name, branch: value.branch }, { sheet: MEMBERS_FORM.sheetName, cell: cells.branch }));
    }
    const first = seen(`member:${value.branch}:${value.name}`, row);
    if (first !== undefined)
      problems.push(
        problem('rosterDuplicateMember', { value: value.name, branch: value.branch, firstRow: first }, { sheet: MEMBERS_FORM.sheetName, cell: cells.name }),
      );
  }
  return problems;
}

export function isInStage(stage: RosterStage, iso: string): boolean {
  return iso >= stage.start && iso <= stage.end;
}
