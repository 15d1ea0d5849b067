/**
 * 覆盖情况: members reviewed / total, reviews by method, rectification items open and overdue.
 * The figures are the summary model's (addin/report/model/summary.ts), counted as the merge counts
 * them: against the stage's reference date (上报截止, else its end), never today, so the pane,
 * 生成汇总 and the merge report agree. Two syncs (the workbook read).
 */
import { type BranchRead, isAccepted } from '../forms/read/branch-reader';
import type { FormRead, ReadRow } from '../forms/read/sheet-reader';
import type { MemberReview, OrgReview, Rectification, ScheduleRow } from '../forms/branch-forms';
import { type SummaryRow, isOverdue, summarizeBranch } from '../report/model/summary';
import { AddinError } from './errors';
import { atReferenceDate, isBranchRead, readOpenWorkbook } from './workbook-read';

export interface Coverage {
  summary: SummaryRow;
  /** Members of the branch without an accepted review. */
  unreviewed: string[];
  open: number;
  overdueItems: { object: string; dueDate: string }[];
  /** Rows not counted because they still have errors. */
  rowsWithErrors: number;
  /** The date overdue items and future dates are judged against: the stage's reference date. */
  asOf: string;
}

function accepted<T>(read: FormRead<T> | undefined): T[] {
  return (read?.rows ?? []).filter((r) => isAccepted(r)).map((r) => r.record as T);
}

export function coverageOf(branch: BranchRead, asOf: string): Coverage {
  const org = accepted<OrgReview>(branch.forms.org);
  const member = accepted<MemberReview>(branch.forms.member);
  const rectification = accepted<Rectification>(branch.forms.rectification);
  const schedule = accepted<ScheduleRow>(branch.forms.schedule);
  const expectedMembers = branch.context.members.map((m) => m.name);
  const summary = summarizeBranch({ school: branch.meta.unit, branch: branch.meta.branch, expectedMembers, org, member, rectification, schedule }, asOf);
  const reviewed = new Set(member.map((m) => m.name));
  const all: ReadRow<unknown>[] = Object.values(branch.forms).flatMap((f: FormRead<unknown> | undefined) => f?.rows ?? []);
  return {
    summary,
    unreviewed: expectedMembers.filter((n) => !reviewed.has(n)),
    open: rectification.filter((r) => r.status !== '已整改').length,
    overdueItems: rectification.filter((r) => isOverdue(r, asOf)).map((r) => ({ object: r.object, dueDate: r.dueDate })),
    rowsWithErrors: all.filter((r) => !isAccepted(r)).length,
    asOf,
  };
}

export async function computeCoverage(context: Excel.RequestContext, today: string): Promise<Coverage> {
  const read = await readOpenWorkbook(context, today);
  if (!isBranchRead(read.branch)) throw new AddinError('notBranchWorkbook', read.branch.problems.map((p) => p.message).join('；'));
  const { branch, referenceDate } = atReferenceDate(read, read.branch);
  return coverageOf(branch, referenceDate);
}
