/**
 * The figures of the 汇总 sheet, per branch and in total, computed from accepted records only.
 * The merge report, the add-in's 覆盖情况 and its 生成汇总 all use these definitions:
 * - 问题条数: accepted reviews whose 存在问题 says something (not a placeholder such as “无”);
 * - 逾期未整改: ledger items not 已整改 whose 整改时限 is before the report's reference date;
 * - 集中/现场/谈话点评: accepted reviews (organization and members) by method;
 * - 计划点评数: accepted 点评安排 rows; 已按计划完成: planned objects with an accepted review;
 *   逾期未点评: planned objects without an accepted review whose 计划日期 is before the reference date.
 */
import type { MemberReview, OrgReview, Rectification, ScheduleRow } from '../../forms/branch-forms';
import { isPlaceholderComment } from '../../forms/text';

export interface SummaryRow {
  school: string;
  branch: string;
  /** A file of the branch was used (已交); false: nothing came in (未交), told apart from a partly done branch. */
  submitted: boolean;
  membersExpected: number;
  membersReviewed: number;
  /** 0..1; a branch with no members counts as covered. */
  coverage: number;
  orgReviewed: boolean;
  concentrated: number;
  onSite: number;
  talk: number;
  problemsRaised: number;
  rectifications: number;
  rectified: number;
  overdue: number;
  replies: number;
  attendingMembers: number;
  attendingPublic: number;
  examples: number;
  planned: number;
  plannedDone: number;
  planOverdue: number;
}

/** 汇总's columns, in order; `kind` says how a writer formats and totals them. */
export const SUMMARY_COLUMNS: readonly { key: keyof SummaryRow; label: string; kind: 'text' | 'count' | 'ratio' | 'done' | 'submitted'; width: number }[] = [
  { key: 'school', label: '学校', kind: 'text', width: 16 },
  { key: 'branch', label: '党小组', kind: 'text', width: 16 },
  { key: 'submitted', label: '报送情况', kind: 'submitted', width: 8 },
  { key: 'membersExpected', label: '应点评党员数', kind: 'count', width: 8 },
  { key: 'membersReviewed', label: '已点评党员数', kind: 'count', width: 8 },
  { key: 'coverage', label: '覆盖率', kind: 'ratio', width: 12 },
  { key: 'orgReviewed', label: '党组织点评', kind: 'done', width: 8 },
  { key: 'concentrated', label: '集中点评', kind: 'count', width: 8 },
  { key: 'onSite', label: '现场点评', kind: 'count', width: 8 },
  { key: 'talk', label: '谈话点评', kind: 'count', width: 8 },
  { key: 'problemsRaised', label: '问题条数', kind: 'count', width: 8 },
  { key: 'rectifications', label: '整改事项数', kind: 'count', width: 8 },
  { key: 'rectified', label: '已整改', kind: 'count', width: 8 },
  { key: 'overdue', label: '逾期未整改', kind: 'count', width: 8 },
  { key: 'replies', label: '书面回复数', kind: 'count', width: 8 },
  { key: 'attendingMembers', label: '参加党员人数', kind: 'count', width: 8 },
  { key: 'attendingPublic', label: '群众代表人数', kind: 'count', width: 8 },
  { key: 'examples', label: '推荐典型数', kind: 'count', width: 8 },
  { key: 'planned', label: '计划点评数', kind: 'count', width: 8 },
  { key: 'plannedDone', label: '已按计划完成', kind: 'count', width: 8 },
  { key: 'planOverdue', label: '逾期未点评', kind: 'count', width: 8 },
];

export const TOTAL_LABEL = '合计';
export const DONE = '已';
export const NOT_DONE = '未';
export const SUBMITTED = '已交';
export const NOT_SUBMITTED = '未交';

/** What 汇总 shows in a yes/no column: 党组织点评 已 / 未, 报送情况 已交 / 未交. */
export function flagText(kind: 'done' | 'submitted', value: boolean): string {
  if (kind === 'submitted') return value ? SUBMITTED : NOT_SUBMITTED;
  return value ? DONE : NOT_DONE;
}

export interface BranchRecords {
  school: string;
  branch: string;
  /** Roster members of the branch: who should be reviewed. */
  expectedMembers: readonly string[];
  org: readonly OrgReview[];
  member: readonly MemberReview[];
  rectification: readonly Rectification[];
  /** Accepted 点评安排 rows (none when the branch has not planned). */
  schedule?: readonly ScheduleRow[];
  /** Whether a file of the branch was used; by default it was (the add-in reads the branch's own). */
  submitted?: boolean;
}

export function isOverdue(item: Pick<Rectification, 'status' | 'dueDate'>, referenceDate: string): boolean {
  return item.status !== '已整改' && item.dueDate < referenceDate;
}

function raisesProblem(text: string | undefined): boolean {
  return !!text && !isPlaceholderComment(text);
}

export function summarizeBranch(b: BranchRecords, referenceDate: string): SummaryRow {
  const expected = new Set(b.expectedMembers);
  const reviewedObjects = new Set([...b.org.map((o) => o.branch), ...b.member.map((m) => m.name)]);
  const schedule = b.schedule ?? [];
  const reviewed = new Set(b.member.map((m) => m.name).filter((n) => expected.has(n)));
  const reviews = [...b.org, ...b.member];
  const byMethod = (method: string) => reviews.filter((r) => r.method === method).length;
  return {
    school: b.school,
    branch: b.branch,
    submitted: b.submitted ?? true,
    membersExpected: expected.size,
    membersReviewed: reviewed.size,
    coverage: expected.size === 0 ? 1 : reviewed.size / expected.size,
    orgReviewed: b.org.some((o) => o.branch === b.branch),
    concentrated: byMethod('集中点评'),
    onSite: byMethod('现场点评'),
    talk: byMethod('谈话点评'),
    problemsRaised: reviews.filter((r) => raisesProblem(r.problems)).length,
    rectifications: b.rectification.length,
    rectified: b.rectification.filter((r) => r.status === '已整改').length,
    overdue: b.rectification.filter((r) => isOverdue(r, referenceDate)).length,
    replies: b.rectification.filter((r) => !!r.replyDate).length,
    attendingMembers: b.org.reduce((n, o) => n + (o.attendingMembers ?? 0), 0),
    attendingPublic: b.org.reduce((n, o) => n + (o.attendingPublic ?? 0), 0),
    examples: reviews.filter((r) => r.example).length,
    planned: schedule.length,
    plannedDone: schedule.filter((p) => reviewedObjects.has(p.object)).length,
    planOverdue: schedule.filter((p) => !reviewedObjects.has(p.object) && p.plannedDate < referenceDate).length,
  };
}

/** The 合计 row: sums, coverage over the sums, 报送情况 and 党组织点评 as numbers of branches. */
export function totalRow(rows: readonly SummaryRow[]): Omit<SummaryRow, 'orgReviewed' | 'submitted'> & { orgReviewed: number; submitted: number } {
  const sum = (key: keyof SummaryRow) => rows.reduce((n, r) => n + (r[key] as number), 0);
  const expected = sum('membersExpected');
  const reviewed = sum('membersReviewed');
  return {
    school: '',
    branch: TOTAL_LABEL,
    submitted: rows.filter((r) => r.submitted).length,
    membersExpected: expected,
    membersReviewed: reviewed,
    coverage: expected === 0 ? 1 : reviewed / expected,
    orgReviewed: rows.filter((r) => r.orgReviewed).length,
    concentrated: sum('concentrated'),
    onSite: sum('onSite'),
    talk: sum('talk'),
    problemsRaised: sum('problemsRaised'),
    rectifications: sum('rectifications'),
    rectified: sum('rectified'),
    overdue: sum('overdue'),
    replies: sum('replies'),
    attendingMembers: sum('attendingMembers'),
    attendingPublic: sum('attendingPublic'),
    examples: sum('examples'),
    planned: sum('planned'),
    plannedDone: sum('plannedDone'),
    planOverdue: sum('planOverdue'),
  };
}
