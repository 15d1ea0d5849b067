/**
 * One branch's part of a report: its accepted rows in report order, its 汇总 row, its examples
 * and gaps. The merge calls it once per roster branch; the add-in's 生成汇总 calls it for the
 * open workbook — one definition, so both give the same rows.
 * Order: members (and plan rows) in roster order, the branch's own plan row first.
 */
import type { BranchForms } from '../../forms/read/branch-rules';
import { type FormRead, isAccepted } from '../../forms/read/sheet-reader';
import type { ExampleRow, ReportModel, UncoveredRow } from './report-model';
import type { MemberReview, OrgReview, Rectification, ScheduleRow } from '../../forms/branch-forms';
import type { RosterMember } from '../../forms/roster';
import { type SummaryRow, summarizeBranch } from './summary';

/** The report's row lists, as far as one branch fills them, and its one 汇总 row. */
export type BranchReportPart = Pick<ReportModel, 'org' | 'member' | 'rectification' | 'schedule' | 'examples' | 'uncovered'> & { summary: SummaryRow };

export interface BranchReportInput {
  school: string;
  branch: string;
  /** The branch's roster members, in roster order: who should be reviewed. */
  members: readonly RosterMember[];
  /** The forms of the file used for this branch; none when no file was accepted. */
  forms?: BranchForms;
  /** 来源文件 of every row. */
  file: string;
  referenceDate: string;
}

function accepted<T>(read: FormRead<T> | undefined): T[] {
  return (read?.rows ?? []).filter((r) => isAccepted(r)).map((r) => r.record as T);
}

/** 典型推荐 of one branch: its recommended organization review, then its members', in order. */
export function examplesOf(school: string, branch: string, org: readonly OrgReview[], member: readonly MemberReview[]): ExampleRow[] {
  return [
    ...org
      .filter((o) => o.example)
      .map((r): ExampleRow => ({ school, branch, kind: '党组织', name: r.branch, reviewer: r.reviewer, date: r.date, deeds: r.deeds ?? '' })),
    ...member
      .filter((m) => m.example)
      .map((r): ExampleRow => ({ school, branch, kind: '党员', name: r.name, reviewer: r.reviewer, date: r.date, deeds: r.deeds ?? '' })),
  ];
}

export function branchReportPart(input: BranchReportInput): BranchReportPart {
  const { school, branch, file, forms } = input;
  const order = new Map(input.members.map((m, i) => [m.name, i]));
  const rank = (name: string) => (name === branch ? -1 : (order.get(name) ?? 1e9));
  const org = accepted<OrgReview>(forms?.org);
  const member = accepted<MemberReview>(forms?.member).sort((a, b) => rank(a.name) - rank(b.name));
  const rectification = accepted<Rectification>(forms?.rectification);
  const schedule = accepted<ScheduleRow>(forms?.schedule).sort((a, b) => rank(a.object) - rank(b.object));
  const reviewed = new Set(member.map((m) => m.name));
  return {
    summary: summarizeBranch(
      { school, branch, expectedMembers: input.members.map((m) => m.name), org, member, rectification, schedule, submitted: forms !== undefined },
      input.referenceDate,
    ),
    org: org.map((r) => ({ school, ...r, sourceFile: file })),
    member: member.map((r) => ({ school, ...r, sourceFile: file })),
    rectification: rectification.map((r) => ({ school, branch, ...r, sourceFile: file })),
    schedule: schedule.map((r) => ({ school, branch, ...r, sourceFile: file })),
    examples: examplesOf(school, branch, org, member),
    uncovered: [
      ...(org.length === 0 ? [{ school, kind: '党组织' as const, branch, name: branch }] : []),
      ...input.members.filter((m) => !reviewed.has(m.name)).map((m): UncoveredRow => ({ school, kind: '党员', branch, name: m.name })),
    ],
  };
}
