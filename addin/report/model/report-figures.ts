/**
 * A school's report as a source of figures: every 汇总 figure is computed again from its detail
 * sheets (汇总 is a view of them), and a report whose parts disagree — a figure, a branch row, a
 * gap or an example that its details do not bear out — is told, naming the school and branch.
 * Who was to be reviewed is the detail sheets' reviewed members plus 未覆盖's (the roster is not
 * in a report); the digest keeps 未覆盖 from being emptied.
 */
import { type Problem, problem } from '../../forms/problems';
import { examplesOf } from './branch-part';
import type { ReportMemberRow, ReportOrgRow, ReportRectificationRow, ReportScheduleRow } from './report-forms';
import type { ExampleRow, FinalizationRow, UncoveredRow } from './report-model';
import { normalizeName } from '../../forms/text';
import { SUMMARY_COLUMNS, type SummaryRow, flagText, summarizeBranch } from './summary';

/** What of a report the figures are computed from. */
export interface ReportDetails {
  org: readonly ReportOrgRow[];
  member: readonly ReportMemberRow[];
  rectification: readonly ReportRectificationRow[];
  schedule: readonly ReportScheduleRow[];
  uncovered: readonly UncoveredRow[];
  /** 汇总 as written: only its order of branches is taken. */
  summary: readonly SummaryRow[];
  /** The branch files used (报送情况: a branch without one is 未交). */
  finalizations: readonly FinalizationRow[];
}

interface BranchKey {
  school: string;
  branch: string;
}

const keyOf = (k: BranchKey) => `${k.school}\u0000${k.branch}`;

/** Every branch the detail sheets speak of, in 汇总's order, then those 汇总 lacks (in detail order). */
function branchesOf(details: ReportDetails): BranchKey[] {
  const found = new Map<string, BranchKey>();
  const note = (school: string | undefined, branch: string) => {
    const k = { school: school ?? '', branch };
    if (!found.has(keyOf(k))) found.set(keyOf(k), k);
  };
  for (const r of details.org) note(r.school, r.branch);
  for (const r of details.member) note(r.school, r.branch);
  for (const r of details.rectification) note(r.school, r.branch);
  for (const r of details.schedule) note(r.school, r.branch);
  for (const u of details.uncovered) note(u.school, u.branch);
  const ordered = new Set(details.summary.map((s) => keyOf(s)).filter((k) => found.has(k)));
  const rest = [...found.keys()].filter((k) => !ordered.has(k));
  return [...ordered, ...rest].map((k) => found.get(k) as BranchKey);
}

function group<T extends { school?: string }>(rows: readonly T[], branchOf: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf({ school: r.school ?? '', branch: branchOf(r) });
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

interface BranchDetails extends BranchKey {
  submitted: boolean;
  org: ReportOrgRow[];
  member: ReportMemberRow[];
  rectification: ReportRectificationRow[];
  schedule: ReportScheduleRow[];
  uncoveredMembers: string[];
}

function perBranch(details: ReportDetails): BranchDetails[] {
  const org = group(details.org, (r) => r.branch);
  const member = group(details.member, (r) => r.branch);
  const rectification = group(details.rectification, (r) => r.branch);
  const schedule = group(details.schedule, (r) => r.branch);
  const uncovered = group(
    details.uncovered.filter((u) => u.kind === '党员'),
    (u) => u.branch,
  );
  const used = new Set(details.finalizations.map((f) => keyOf({ school: f.school, branch: normalizeName(f.branch) })));
  return branchesOf(details).map((b) => {
    const k = keyOf(b);
    return {
      ...b,
      submitted: used.has(keyOf({ school: b.school, branch: normalizeName(b.branch) })),
      org: org.get(k) ?? [],
      member: member.get(k) ?? [],
      rectification: rectification.get(k) ?? [],
      schedule: schedule.get(k) ?? [],
      uncoveredMembers: (uncovered.get(k) ?? []).map((u) => u.name),
    };
  });
}

function summaryOf(b: BranchDetails, referenceDate: string): SummaryRow {
  const expectedMembers = [...new Set([...b.member.map((m) => m.name), ...b.uncoveredMembers])];
  return summarizeBranch({ ...b, expectedMembers }, referenceDate);
}

/** 汇总's rows computed from the detail sheets, counted at `referenceDate`. */
export function recomputeSummary(details: ReportDetails, referenceDate: string): SummaryRow[] {
  return perBranch(details).map((b) => summaryOf(b, referenceDate));
}

/** A figure as 汇总 shows it. */
function shown(row: SummaryRow, column: (typeof SUMMARY_COLUMNS)[number]): string {
  const v = row[column.key];
  if (column.kind === 'done' || column.kind === 'submitted') return flagText(column.kind, v as boolean);
  if (column.kind === 'ratio') return `${(Number(v) * 100).toFixed(1)}%`;
  return String(v);
}

function same(a: SummaryRow[keyof SummaryRow], b: SummaryRow[keyof SummaryRow]): boolean {
  return typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < 1e-9 : a === b;
}

const exampleKey = (e: ExampleRow) => JSON.stringify([e.school, e.branch, e.kind, e.name, e.reviewer, e.date, e.deeds]);

/**
 * Where a report's parts disagree: each 汇总 figure against its details (at the report's own
 * reference date), 汇总's branch rows, 未覆盖 and 典型推荐 against the reviews.
 */
export function reportDisagreements(report: ReportDetails & { examples: readonly ExampleRow[]; referenceDate: string }): Problem[] {
  const problems: Problem[] = [];
  const stored = new Map(report.summary.map((s) => [keyOf(s), s]));
  const branches = perBranch(report);
  const known = new Set(branches.map(keyOf));
  const sheetProblem = (sheet: string, b: BranchKey) =>
    problems.push(problem('reportSheetDisagrees', { sheet, school: b.school, branch: b.branch }, { sheet }));
  for (const s of report.summary) if (!known.has(keyOf(s))) sheetProblem('汇总', s);
  const uncoveredOrg = new Set(report.uncovered.filter((u) => u.kind === '党组织').map((u) => keyOf(u)));
  const examples = new Set(report.examples.map(exampleKey));
  const expectedExamples = new Set<string>();
  for (const b of branches) {
    const row = stored.get(keyOf(b));
    if (!row) sheetProblem('汇总', b);
    else {
      const computed = summaryOf(b, report.referenceDate);
      for (const c of SUMMARY_COLUMNS) {
        // A report made before 报送情况 existed has no `submitted` to compare.
        if (c.kind === 'text' || row[c.key] === undefined || same(row[c.key], computed[c.key])) continue;
        problems.push(
          problem(
            'reportFigureDisagrees',
            { school: b.school, branch: b.branch, label: c.label, stored: shown(row, c), computed: shown(computed, c) },
            { sheet: '汇总' },
          ),
        );
      }
    }
    // 未覆盖 lists the branch exactly when it has no organization review, and no member who has one.
    const orgReviewed = b.org.some((o) => o.branch === b.branch);
    const reviewedYetListed = b.uncoveredMembers.some((n) => b.member.some((m) => m.name === n));
    if (orgReviewed === uncoveredOrg.has(keyOf(b)) || reviewedYetListed) sheetProblem('未覆盖', b);
    for (const e of examplesOf(b.school, b.branch, b.org, b.member)) expectedExamples.add(exampleKey(e));
  }
  const sameExamples = examples.size === expectedExamples.size && [...examples].every((e) => expectedExamples.has(e));
  if (!sameExamples) {
    const odd = report.examples.find((e) => !expectedExamples.has(exampleKey(e)));
    sheetProblem('典型推荐', odd ?? branches[0] ?? { school: '', branch: '' });
  }
  return problems;
}
