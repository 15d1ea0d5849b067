/**
 * 生成汇总: this branch's part of the merge report, as a ReportModel the report writer
 * (addin/report) renders. It follows the merge (scripts/lib/merge/merge.ts) row for row for one
 * branch: accepted records only, members in roster order, the same examples, gaps and problems.
 */
import { type BranchRead, allProblems, isAccepted } from '../forms/branch-workbook';
import { SCHEMA_VERSION } from '../forms/meta';
import { SEVERITY_LABEL } from '../forms/problems';
import type { FormRead } from '../forms/read-sheet';
import { type ExampleRow, type ProblemRow, type ReportModel, type UncoveredRow, reportDigest } from '../forms/report-model';
import type { MemberReview, OrgReview, Rectification, ScheduleRow } from '../forms/review-forms';
import { summarizeBranch } from '../forms/summary';

function accepted<T>(read: FormRead<T> | undefined): T[] {
  return (read?.rows ?? []).filter((r) => isAccepted(r)).map((r) => r.record as T);
}

export function branchReportModel(read: BranchRead, file: string, referenceDate: string): ReportModel {
  const { meta, context } = read;
  const school = meta.unit;
  const branch = meta.branch;
  const order = new Map(context.members.map((m, i) => [m.name, i]));
  const rank = (name: string) => order.get(name) ?? 1e9;
  const org = accepted<OrgReview>(read.forms.org);
  const member = accepted<MemberReview>(read.forms.member).sort((a, b) => rank(a.name) - rank(b.name));
  const rectification = accepted<Rectification>(read.forms.rectification);
  const schedule = accepted<ScheduleRow>(read.forms.schedule).sort((a, b) => (a.object === branch ? -1 : rank(a.object)) - (b.object === branch ? -1 : rank(b.object)));

  const examples: ExampleRow[] = [
    ...org.filter((o) => o.example).map((r): ExampleRow => ({ school, branch, kind: '党组织', name: r.branch, reviewer: r.reviewer, date: r.date, deeds: r.deeds ?? '' })),
    ...member.filter((m) => m.example).map((r): ExampleRow => ({ school, branch, kind: '党员', name: r.name, reviewer: r.reviewer, date: r.date, deeds: r.deeds ?? '' })),
  ];
  const reviewed = new Set(member.map((m) => m.name));
  const uncovered: UncoveredRow[] = [
    ...(org.length === 0 ? [{ school, kind: '党组织' as const, branch, name: branch }] : []),
    ...context.members.filter((m) => !reviewed.has(m.name)).map((m): UncoveredRow => ({ school, kind: '党员', branch, name: m.name })),
  ];
  const problems: ProblemRow[] = allProblems(read).map((p) => ({ file, sheet: p.sheet ?? '', cell: p.cell ?? '', severity: SEVERITY_LABEL[p.severity] as ProblemRow['severity'], message: p.message }));
  const all = Object.values(read.forms).flatMap((f: FormRead<unknown> | undefined) => f?.rows ?? []);
  const acceptedRows = all.filter((r) => isAccepted(r)).length;
  const body: Omit<ReportModel, 'contentDigest'> = {
    unit: school,
    stage: context.stage,
    referenceDate,
    schemaVersion: SCHEMA_VERSION,
    sources: [{ file, sha256: '', school, branch, stage: meta.stage, finalizedAt: meta.finalizedAt ?? '', read: all.length, accepted: acceptedRows, rejected: all.length - acceptedRows, status: '采用', reason: '加载项按本工作簿生成' }],
    summary: [summarizeBranch({ school, branch, expectedMembers: context.members.map((m) => m.name), org, member, rectification, schedule }, referenceDate)],
    org: org.map((r) => ({ school, ...r, sourceFile: file })),
    member: member.map((r) => ({ school, ...r, sourceFile: file })),
    rectification: rectification.map((r) => ({ school, branch, ...r, sourceFile: file })),
    schedule: schedule.map((r) => ({ school, branch, ...r, sourceFile: file })),
    examples,
    uncovered,
    problems,
  };
  return { ...body, contentDigest: reportDigest(body) };
}
