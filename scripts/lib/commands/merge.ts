/**
 * `review-forms merge`: branch files → the standard report workbook. Every input gets a 来源文件
 * row (采用 / 被替代 / 拒收 / 跳过); for each file, rows read = rows accepted + rows rejected.
 * Sort orders: branches and members in roster order, rows of a file in sheet order, files by
 * name then sha256; so the same inputs in any order give the same report.
 */
import { SCHEMA_VERSION } from '../../../addin/forms/meta';
import { SEVERITY_LABEL } from '../../../addin/forms/problems';
import type { ReportContent } from '../../../addin/report/model/report-reader';
import type { ReportMemberRow, ReportOrgRow, ReportRectificationRow, ReportScheduleRow } from '../../../addin/report/model/report-forms';
import {
  type ExampleRow,
  type ProblemRow,
  type ReportModel,
  type SourceRow,
  type UncoveredRow,
  problemCounts,
  reportDigest,
} from '../../../addin/report/model/report-model';
import { type Roster, type RosterStage, findStage, membersOf, stageReferenceDate } from '../../../addin/forms/roster';
import type { SummaryRow } from '../../../addin/report/model/summary';
import { branchReportPart } from '../../../addin/report/model/branch-part';
import { UsageError } from '../errors';
import { reasonText } from '../reasons';
import { writeFileAtomic } from '../files/atomic-write';
import { reportToXlsx } from '../workbook/report-writer';
import { collectInputs } from '../load/intake';
import { excludeOwnOutput } from './merge-output';
import { loadFiles } from '../load/pool';
import { resolveResubmissions, shownTime, supersededReason } from '../load/resubmissions';
import { type BranchOutline, type OutlinedFile, outlineFile, unlistedCounts, unlistedText } from '../load/outline';

export interface MergeOptions {
  /** The school's roster; needed for branch files, optional when only reports are merged. */
  roster?: Roster;
  /** The merged report's unit when there is no roster (a bureau merging its schools). */
  unit?: string;
  stage?: string;
  /** Overrides the reference date (default: the stage's 上报截止, else its end). */
  asOf?: string;
  onProgress?: (done: number, total: number) => void;
  /** The report's path and the roster's file: never read as inputs, never written over (merge-output.ts). */
  out?: string;
  rosterFile?: string;
}

interface Candidate {
  loaded: OutlinedFile & { branch: BranchOutline };
  name: string;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function rowCounts(branch: BranchOutline | undefined): { read: number; accepted: number } {
  return { read: branch?.rowsRead ?? 0, accepted: branch?.rowsAccepted ?? 0 };
}

/** The stages known to this merge: the roster's, else those the reports describe. */
function knownStages(roster: Roster | undefined, loaded: readonly OutlinedFile[]): RosterStage[] {
  if (roster) return roster.stages;
  const stages: RosterStage[] = [];
  for (const f of loaded) {
    const m = f.report?.meta;
    if (m && !stages.some((s) => s.name === m.stage))
      stages.push({ name: m.stage, start: m.stageStart, end: m.stageEnd, planDue: m.planDue, reportDue: m.reportDue });
  }
  return stages.sort((a, b) => byText(a.start, b.start) || byText(a.name, b.name));
}

/** The asked-for stage, else the one most files belong to (ties: the earlier stage). */
function chooseStage(stages: readonly RosterStage[], loaded: readonly OutlinedFile[], wanted?: string): RosterStage {
  if (wanted) {
    const stage = findStage({ stages: [...stages] }, wanted);
    if (!stage) throw new UsageError('unknown-stage', { stage: wanted, options: stages.map((s) => s.name).join('、') || '（无）' });
    return stage;
  }
  const counts = new Map<string, number>();
  for (const f of loaded) {
    const name = f.branch?.meta.stage ?? f.report?.meta.stage;
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const ranked = stages.filter((s) => counts.has(s.name)).sort((a, b) => (counts.get(b.name) ?? 0) - (counts.get(a.name) ?? 0));
  if (ranked.length === 0) throw new UsageError('no-stage');
  return ranked[0];
}

function reportCounts(report: ReportContent): { read: number; accepted: number } {
  return { read: report.rowsRead, accepted: report.org.length + report.member.length + report.rectification.length + report.schedule.length };
}

interface AcceptedReport {
  name: string;
  content: ReportContent;
}

/**
 * Schools' reports: one per school and stage. The same report twice is a duplicate; two different
 * reports of one school conflict (both rejected); a report of the roster's own school would count
 * its branches twice.
 */
function acceptReports(
  loaded: readonly OutlinedFile[],
  stage: RosterStage,
  roster: Roster | undefined,
  source: (f: OutlinedFile, status: SourceRow['status'], reason: string) => SourceRow,
): AcceptedReport[] {
  const byUnit = new Map<string, OutlinedFile[]>();
  for (const f of loaded) {
    if (f.kind !== 'report') continue;
    if (!f.report) source(f, '拒收', f.problems.map((p) => p.message).join('；') || reasonText('report-unreadable-in-merge'));
    else if (f.report.meta.stage !== stage.name) source(f, '拒收', reasonText('report-other-stage', { stage: f.report.meta.stage, wanted: stage.name }));
    else if (roster && f.report.meta.unit === roster.unit) source(f, '拒收', reasonText('report-own-unit', { unit: roster.unit }));
    else byUnit.set(f.report.meta.unit, [...(byUnit.get(f.report.meta.unit) ?? []), f]);
  }
  const accepted: AcceptedReport[] = [];
  for (const unit of [...byUnit.keys()].sort(byText)) {
    const list = (byUnit.get(unit) ?? []).sort((a, b) => byText(a.input.name, b.input.name) || byText(a.sha256 ?? '', b.sha256 ?? ''));
    const distinct = new Set(list.map((f) => f.sha256));
    if (distinct.size > 1) {
      for (const f of list) source(f, '拒收', reasonText('reports-conflict', { unit, count: list.length }));
      continue;
    }
    const [first, ...copies] = list;
    source(first, '采用', '');
    for (const c of copies) source(c, '被替代', reasonText('report-duplicate', { file: first.input.name }));
    accepted.push({ name: first.input.name, content: first.report as ReportContent });
  }
  return accepted;
}

export async function buildMergeModel(args: readonly string[], options: MergeOptions): Promise<ReportModel> {
  const { roster } = options;
  const unit = roster?.unit ?? options.unit ?? '汇总';
  const collected = await collectInputs(args);
  const inputs = options.out === undefined ? collected : await excludeOwnOutput(collected, { args, out: options.out, unit, rosterFile: options.rosterFile });
  // Each file is judged against its own stage's reference date (the stage is in its `_meta`), so
  // it is read once; only a file of a stage other than the chosen one is read again below.
  // Files are loaded on every core, each cut down to its part of the report there (pool.ts).
  const loaded = await loadFiles(inputs, { roster, asOf: options.asOf ?? '9999-12-31', byStage: !options.asOf, parts: true, onProgress: options.onProgress });
  if (!roster && !loaded.some((f) => f.report)) {
    // Without a roster only schools' reports can be merged: say so rather than blame the stage.
    const branchFiles = loaded.filter((f) => f.branch);
    if (branchFiles.length > 0) throw new UsageError('branch-files-need-roster', { file: branchFiles[0].input.display, count: branchFiles.length });
  }
  const stage = chooseStage(knownStages(roster, loaded), loaded, options.stage);
  const referenceDate = options.asOf ?? stageReferenceDate(stage);
  // Dates "in the future" are judged against the reference date; re-run the rules for it.
  const final = await Promise.all(
    loaded.map((f) => (f.branch && f.asOf !== referenceDate ? outlineFile(f.input, { roster, asOf: referenceDate, parts: true }) : f)),
  );

  const sources = new Map<OutlinedFile, SourceRow>();
  const source = (f: OutlinedFile, status: SourceRow['status'], reason: string): SourceRow => {
    const counts = f.report ? reportCounts(f.report) : rowCounts(f.branch);
    const accepted = status === '采用' ? counts.accepted : 0;
    const row: SourceRow = {
      file: f.input.name,
      sha256: f.sha256 ?? '',
      school: f.report?.meta.unit ?? unit,
      branch: f.branch?.meta.branch ?? '',
      stage: f.branch?.meta.stage ?? f.report?.meta.stage ?? '',
      finalizedAt: f.branch?.meta.finalizedAt ?? '',
      read: counts.read,
      accepted,
      rejected: counts.read - accepted,
      status,
      reason,
    };
    sources.set(f, row);
    return row;
  };

  const reports = acceptReports(final, stage, roster, source);
  const included = new Map<string, string>();
  for (const r of reports) for (const h of r.content.inputHashes) included.set(h, r.name);

  const candidates = new Map<string, Candidate[]>();
  for (const f of final) {
    if (f.kind === 'skipped') source(f, '跳过', f.input.reason ?? '已跳过');
    else if (f.kind === 'report') continue;
    else if (!f.branch) source(f, '拒收', f.problems.map((p) => p.message).join('；'));
    else if (f.sha256 && included.has(f.sha256)) source(f, '拒收', reasonText('included-in-report', { file: included.get(f.sha256) ?? '' }));
    else if (!roster) source(f, '拒收', reasonText('merge-needs-roster'));
    else if (f.branch.meta.stage !== stage.name) source(f, '拒收', reasonText('branch-other-stage', { stage: f.branch.meta.stage, wanted: stage.name }));
    else if (!f.branch.usable)
      source(
        f,
        '拒收',
        f.branch.sheetProblems
          .filter((p) => p.severity === 'error')
          .map((p) => p.message)
          .join('；'),
      );
    else {
      const list = candidates.get(f.branch.meta.branch) ?? [];
      list.push({ loaded: f as Candidate['loaded'], name: f.input.name });
      candidates.set(f.branch.meta.branch, list);
    }
  }

  // Resubmissions: the one finalized later wins; equal times with different content conflict.
  const winners = new Map<string, Candidate>();
  for (const [branch, list] of candidates) {
    const { ordered, winner, conflict } = resolveResubmissions(list, (c) => ({
      name: c.name,
      finalizedAt: c.loaded.branch.meta.finalizedAt,
      sha256: c.loaded.sha256,
    }));
    if (!winner) {
      const names = conflict.map((c) => `${c.name}（${c.loaded.sha256?.slice(0, 12)}）`).join('、');
      for (const c of ordered) {
        if (conflict.includes(c))
          source(
            c.loaded,
            '拒收',
            reasonText('resubmissions-conflict', { branch, finalizedAt: shownTime(ordered[0].loaded.branch.meta.finalizedAt), files: names }),
          );
        else source(c.loaded, '被替代', reasonText('superseded-by-conflict', { files: names }));
      }
      continue;
    }
    winners.set(branch, winner);
    source(winner.loaded, '采用', ordered.length > 1 ? reasonText('supersedes-earlier', { count: ordered.length - 1 }) : '');
    for (const c of ordered.slice(1)) source(c.loaded, '被替代', reasonText(...supersededReason(c, winner)));
  }

  const org: ReportOrgRow[] = [];
  const member: ReportMemberRow[] = [];
  const rectification: ReportRectificationRow[] = [];
  const schedule: ReportScheduleRow[] = [];
  const examples: ExampleRow[] = [];
  const uncovered: UncoveredRow[] = [];
  const summary: SummaryRow[] = [];
  for (const branch of roster?.branches ?? []) {
    const win = winners.get(branch.name);
    // The winner's part was made where the file was read, judged at this reference date.
    const part = win
      ? win.loaded.branch.part
      : branchReportPart({ school: unit, branch: branch.name, members: membersOf(roster as Roster, branch.name), file: '', referenceDate });
    if (!part) throw new Error(`internal: no report part for ${win?.name}`);
    org.push(...part.org);
    member.push(...part.member);
    rectification.push(...part.rectification);
    schedule.push(...part.schedule);
    examples.push(...part.examples);
    uncovered.push(...part.uncovered);
    summary.push(part.summary);
  }

  // Schools' reports follow the roster's own branches, by school name.
  for (const r of reports) {
    org.push(...r.content.org);
    member.push(...r.content.member);
    rectification.push(...r.content.rectification);
    schedule.push(...r.content.schedule);
    examples.push(...r.content.examples);
    uncovered.push(...r.content.uncovered);
    summary.push(...r.content.summary);
  }

  const sourceRows = [...sources.values()].sort((a, b) => byText(a.file, b.file) || byText(a.sha256, b.sha256));
  const problems: ProblemRow[] = [];
  const listed = [...final].sort((a, b) => byText(a.input.name, b.input.name) || byText(a.sha256 ?? '', b.sha256 ?? ''));
  for (const f of listed) {
    if (f.kind === 'skipped' || sources.get(f)?.status === '被替代') continue;
    const file = f.input.name;
    for (const p of f.problemList.listed)
      problems.push({ file, sheet: p.sheet ?? '', cell: p.cell ?? '', severity: SEVERITY_LABEL[p.severity] as ProblemRow['severity'], message: p.message });
    const unlisted = unlistedCounts(f.problemList);
    if (unlisted.errors + unlisted.warnings > 0)
      problems.push({ file, sheet: '', cell: '', severity: unlisted.errors > 0 ? '错误' : '提示', message: unlistedText(unlisted), unlisted });
  }
  const body: Omit<ReportModel, 'contentDigest'> = {
    unit,
    stage,
    referenceDate,
    schemaVersion: SCHEMA_VERSION,
    sources: sourceRows,
    summary,
    org,
    member,
    rectification,
    schedule,
    examples,
    uncovered,
    problems,
  };
  return { ...body, contentDigest: reportDigest(body) };
}

export interface MergeSummary {
  files: number;
  accepted: number;
  superseded: number;
  rejected: number;
  skipped: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  membersExpected: number;
  membersReviewed: number;
  coverage: number;
  branchesReviewed: number;
  branches: number;
  errors: number;
  warnings: number;
  uncovered: number;
  planned: number;
  plannedDone: number;
  planOverdue: number;
  /** Branches with planned reviews overdue at the reference date. */
  behindPlan: string[];
  referenceDate: string;
  out?: string;
}

export function mergeSummary(model: ReportModel): MergeSummary {
  const count = (s: SourceRow['status']) => model.sources.filter((x) => x.status === s).length;
  const sum = (k: 'read' | 'accepted' | 'rejected') => model.sources.reduce((n, s) => n + s[k], 0);
  const expected = model.summary.reduce((n, s) => n + s.membersExpected, 0);
  const reviewed = model.summary.reduce((n, s) => n + s.membersReviewed, 0);
  return {
    files: model.sources.length,
    accepted: count('采用'),
    superseded: count('被替代'),
    rejected: count('拒收'),
    skipped: count('跳过'),
    rowsRead: sum('read'),
    rowsAccepted: sum('accepted'),
    rowsRejected: sum('rejected'),
    membersExpected: expected,
    membersReviewed: reviewed,
    coverage: expected === 0 ? 1 : reviewed / expected,
    branchesReviewed: model.summary.filter((s) => s.orgReviewed).length,
    branches: model.summary.length,
    errors: problemCounts(model.problems).errors,
    warnings: problemCounts(model.problems).warnings,
    uncovered: model.uncovered.length,
    planned: model.summary.reduce((n, s) => n + s.planned, 0),
    plannedDone: model.summary.reduce((n, s) => n + s.plannedDone, 0),
    planOverdue: model.summary.reduce((n, s) => n + s.planOverdue, 0),
    behindPlan: model.summary.filter((s) => s.planOverdue > 0).map((s) => `${s.branch}（逾期 ${s.planOverdue}）`),
    referenceDate: model.referenceDate,
  };
}

/** 0: every roster object covered and nothing wrong; 1: written, but with gaps or problems. */
export function mergeExitCode(s: MergeSummary): 0 | 1 {
  return s.uncovered === 0 && s.errors === 0 && s.rejected === 0 && s.superseded === 0 ? 0 : 1;
}

export function formatMergeSummary(s: MergeSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `文件 ${s.files} 个：采用 ${s.accepted}，被替代 ${s.superseded}，拒收 ${s.rejected}，跳过 ${s.skipped}。`,
    `数据行 ${s.rowsRead} 行：采用 ${s.rowsAccepted}，拒收 ${s.rowsRejected}。`,
    `覆盖：党员 ${s.membersReviewed}/${s.membersExpected}（${pct(s.coverage)}），党组织 ${s.branchesReviewed}/${s.branches}；未覆盖 ${s.uncovered} 项。`,
    `点评安排：计划 ${s.planned} 项，已完成 ${s.plannedDone} 项，截至 ${s.referenceDate} 逾期未点评 ${s.planOverdue} 项${s.behindPlan.length > 0 ? `：${s.behindPlan.join('、')}` : ''}。`,
    `问题：错误 ${s.errors} 个，提示 ${s.warnings} 个（详见「问题清单」）。`,
    s.out ? `汇总表：${s.out}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The report workbook of a model, written atomically to `out`. */
export async function writeReportFile(model: ReportModel, out: string): Promise<void> {
  await writeFileAtomic(out, await reportToXlsx(model));
}

/** merge as the command runs it: the report written to `out` (atomically), its summary returned. */
export async function mergeToFile(args: readonly string[], out: string, options: MergeOptions): Promise<MergeSummary & { out: string }> {
  const model = await buildMergeModel(args, { ...options, out });
  await writeReportFile(model, out);
  return { ...mergeSummary(model), out };
}
