/**
 * `review-forms merge`: branch files → the standard report workbook. Every input gets a 来源文件
 * row (采用 / 被替代 / 拒收 / 跳过); for each file, rows read = rows accepted + rows rejected.
 * Sort orders: branches and members in roster order, rows of a file in sheet order, files by
 * name then sha256; so the same inputs in any order give the same report.
 */
import { SCHEMA_VERSION } from '../../../addin/forms/meta';
import { SEVERITY_LABEL, hasErrors } from '../../../addin/forms/problems';
import { normalizeName } from '../../../addin/forms/text';
import type { ReportContent } from '../../../addin/report/model/report-reader';
import { recomputeSummary } from '../../../addin/report/model/report-figures';
import {
  type FinalizationRow,
  type ProblemRow,
  type ReportModel,
  type SourceRow,
  finalizationsOf,
  schoolsNotCounted,
  problemCounts,
  reportDigest,
} from '../../../addin/report/model/report-model';
import { type Roster, type RosterStage, membersOf, stageReferenceDate } from '../../../addin/forms/roster';
import { branchReportPart } from '../../../addin/report/model/branch-part';
import { UsageError } from '../errors';
import { type ReasonId, reasonText } from '../reasons';
import { writeFileAtomic } from '../files/atomic-write';
import { reportToXlsx } from '../workbook/report-writer';
import { collectInputs } from '../load/intake';
import { excludeOwnOutput } from './merge-output';
import { stageNamed } from './stage';
import { loadFiles } from '../load/pool';
import { notUsed, resolveResubmissions, submissionOf } from '../load/resubmissions';
import { type BranchOutline, type OutlinedFile, outlineFile, recordsDigestOfFile, unlistedCounts, unlistedText } from '../load/outline';

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
  /** What the file holds; known only where a branch has more than one file (withContent). */
  content?: string;
}

/** The branch's files with what each holds, where there is more than one to weigh. */
async function withContent(list: Candidate[], options: { roster?: Roster; asOf: string }): Promise<Candidate[]> {
  if (list.length < 2) return list;
  return Promise.all(list.map(async (c) => ({ ...c, content: await recordsDigestOfFile(c.loaded.input, options) })));
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const fileName = (f: OutlinedFile) => f.input.name;
const byFile = (a: OutlinedFile, b: OutlinedFile) => byText(fileName(a), fileName(b)) || byText(a.sha256 ?? '', b.sha256 ?? '');

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
  if (wanted) return stageNamed({ stages: [...stages] }, wanted);
  const counts = new Map<string, number>();
  for (const f of loaded) {
    const name = f.branch?.meta.stage ?? f.report?.meta.stage;
    if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const ranked = stages.filter((s) => counts.has(s.name)).sort((a, b) => (counts.get(b.name) ?? 0) - (counts.get(a.name) ?? 0));
  if (ranked.length === 0) throw new UsageError('no-stage');
  return ranked[0];
}

const sameName = (a: string, b: string) => normalizeName(a) === normalizeName(b);

/** `id`: the reason's id, where the page acts on it (a conflict: 移除 the file not wanted). */
type RecordSource = (f: OutlinedFile, status: SourceRow['status'], reason: string, id?: ReasonId) => void;

/** 来源文件: one row per input, recorded as merge decides about it. */
function sourceBook(unit: string): { record: RecordSource; rows: Map<OutlinedFile, SourceRow>; ids: Map<OutlinedFile, ReasonId> } {
  const rows = new Map<OutlinedFile, SourceRow>();
  const ids = new Map<OutlinedFile, ReasonId>();
  const record: RecordSource = (f, status, reason, id) => {
    if (id) ids.set(f, id);
    else ids.delete(f);
    const counts = f.report
      ? { read: f.report.rowsRead, accepted: f.report.org.length + f.report.member.length + f.report.rectification.length + f.report.schedule.length }
      : { read: f.branch?.rowsRead ?? 0, accepted: f.branch?.rowsAccepted ?? 0 };
    const accepted = status === '采用' ? counts.accepted : 0;
    // A skipped file's rows were not taken as data (this unit's own earlier report): none is read.
    if (status === '跳过') counts.read = 0;
    rows.set(f, {
      file: fileName(f),
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
    });
  };
  return { record, rows, ids };
}

/** The errors that keep a file out, as one 原因: the first few, and how many more the problem list has. */
function errorsReason(problems: readonly { severity: string; message: string }[]): string {
  const errors = problems.filter((p) => p.severity === 'error').map((p) => p.message);
  return errors.length <= 3 ? errors.join('；') : `${errors.slice(0, 3).join('；')}；${reasonText('errors-in-problem-list', { count: errors.length - 3 })}`;
}

interface AcceptedReport {
  name: string;
  content: ReportContent;
}

/**
 * Schools' reports: one per school and stage, each verified (its digest, its parts agreeing) when
 * it was read. The same report twice is a duplicate; two different reports of one school conflict
 * (both rejected); a report of the roster's own school would count its branches twice.
 */
function acceptReports(loaded: readonly OutlinedFile[], stage: RosterStage, roster: Roster | undefined, record: RecordSource): AcceptedReport[] {
  const byUnit = new Map<string, OutlinedFile[]>();
  for (const f of loaded) {
    if (f.kind !== 'report') continue;
    if (!f.report) record(f, '拒收', f.problems.map((p) => p.message).join('；') || reasonText('report-unreadable-in-merge'));
    else if (hasErrors(f.report.problems)) record(f, '拒收', errorsReason(f.report.problems));
    else if (!sameName(f.report.meta.stage, stage.name))
      record(f, '拒收', reasonText('report-other-stage', { stage: f.report.meta.stage, wanted: stage.name }));
    else if (roster && sameName(f.report.meta.unit, roster.unit)) record(f, '跳过', reasonText('report-own-unit', { unit: roster.unit }));
    else {
      const unit = normalizeName(f.report.meta.unit);
      byUnit.set(unit, [...(byUnit.get(unit) ?? []), f]);
    }
  }
  const accepted: AcceptedReport[] = [];
  for (const unit of [...byUnit.keys()].sort(byText)) {
    const list = (byUnit.get(unit) ?? []).sort(byFile);
    const [first, ...copies] = list;
    const shown = first.report?.meta.unit ?? unit;
    // Copies hold one content (a report re-saved by WPS differs in bytes, not in its verified digest).
    if (new Set(list.map((f) => f.report?.meta.contentDigest ?? f.sha256)).size > 1) {
      for (const f of list) record(f, '拒收', reasonText('reports-conflict', { unit: shown, count: list.length }), 'reports-conflict');
      continue;
    }
    record(first, '采用', '');
    for (const c of copies) record(c, '被替代', reasonText('duplicate-copy', { file: fileName(first) }));
    accepted.push({ name: fileName(first), content: first.report as ReportContent });
  }
  return accepted;
}

/** Why a readable branch file is not a candidate for its branch, or undefined when it is one. */
function refusal(
  f: OutlinedFile & { branch: BranchOutline },
  roster: Roster | undefined,
  stage: RosterStage,
  included: Map<string, string>,
): string | undefined {
  if (f.sha256 && included.has(f.sha256)) return reasonText('included-in-report', { file: included.get(f.sha256) ?? '' });
  if (!roster) return reasonText('merge-needs-roster');
  if (!sameName(f.branch.meta.stage, stage.name)) return reasonText('branch-other-stage', { stage: f.branch.meta.stage, wanted: stage.name });
  if (!f.branch.usable) return errorsReason(f.branch.sheetProblems);
  return undefined;
}

/** Branch files that may stand for their branch, by the roster's name of the branch. */
function branchCandidates(
  final: readonly OutlinedFile[],
  roster: Roster | undefined,
  stage: RosterStage,
  included: Map<string, string>,
  record: RecordSource,
): Map<string, Candidate[]> {
  const candidates = new Map<string, Candidate[]>();
  for (const f of final) {
    if (f.kind === 'skipped') record(f, '跳过', f.input.reason ?? '已跳过');
    else if (f.kind === 'report') continue;
    else if (!f.branch) record(f, '拒收', f.problems.map((p) => p.message).join('；'));
    else {
      const loaded = f as Candidate['loaded'];
      const why = refusal(loaded, roster, stage, included);
      if (why !== undefined) {
        record(f, '拒收', why);
        continue;
      }
      // A usable file's branch is in the roster; its part carries the roster's spelling.
      const branch = loaded.branch.part?.summary.branch ?? loaded.branch.meta.branch;
      candidates.set(branch, [...(candidates.get(branch) ?? []), { loaded, name: fileName(f) }]);
    }
  }
  return candidates;
}

/** Resubmissions (resubmissions.ts, shared with print): the file finalized latest wins; equal times with different content conflict. */
async function pickWinners(
  candidates: Map<string, Candidate[]>,
  record: RecordSource,
  options: { roster?: Roster; asOf: string },
): Promise<Map<string, Candidate>> {
  const winners = new Map<string, Candidate>();
  for (const [branch, files] of candidates) {
    const list = await withContent(files, options);
    const resolution = resolveResubmissions(list, submissionOf);
    // notUsed gives each file of a conflict 'resubmissions-conflict' (the others are superseded).
    for (const { item, status, reason } of notUsed(resolution, branch))
      record(item.loaded, status, reason, resolution.conflict.includes(item) ? 'resubmissions-conflict' : undefined);
    const { winner, ordered } = resolution;
    if (!winner) continue;
    winners.set(branch, winner);
    record(winner.loaded, '采用', ordered.length > 1 ? reasonText('supersedes-earlier', { count: ordered.length - 1 }) : '');
  }
  return winners;
}

/** The report's row lists; a branch part or a school's report is appended to them. */
type ReportRows = Pick<ReportModel, 'org' | 'member' | 'rectification' | 'schedule' | 'examples' | 'uncovered' | 'summary'>;

/** Appends in a loop: a county's lists are too long to spread into one call's arguments. */
function pushAll<T>(into: T[], from: readonly T[]): void {
  for (const item of from) into.push(item);
}

function appendRows(into: ReportRows, from: ReportRows): void {
  pushAll(into.org, from.org);
  pushAll(into.member, from.member);
  pushAll(into.rectification, from.rectification);
  pushAll(into.schedule, from.schedule);
  pushAll(into.examples, from.examples);
  pushAll(into.uncovered, from.uncovered);
  pushAll(into.summary, from.summary);
}

/**
 * The rows: each roster branch's part (the winner's, made where the file was read, judged at this
 * reference date; else an empty part listing its gaps), then the schools' reports by school —
 * their 汇总 figures computed again from their detail sheets, at this merge's reference date.
 */
function reportRows(
  roster: Roster | undefined,
  unit: string,
  winners: Map<string, Candidate>,
  reports: readonly AcceptedReport[],
  referenceDate: string,
): ReportRows {
  const rows: ReportRows = { org: [], member: [], rectification: [], schedule: [], examples: [], uncovered: [], summary: [] };
  for (const branch of roster?.branches ?? []) {
    const win = winners.get(branch.name);
    const part = win
      ? win.loaded.branch.part
      : branchReportPart({ school: unit, branch: branch.name, members: membersOf(roster as Roster, branch.name), file: '', referenceDate });
    if (!part) throw new Error(`internal: no report part for ${win?.name}`);
    appendRows(rows, { ...part, summary: [part.summary] });
  }
  for (const r of reports) appendRows(rows, { ...r.content, summary: recomputeSummary(r.content, referenceDate) });
  return rows;
}

/** 问题清单: the problems of every file not superseded, files in name order; a file's problems beyond those listed on one line. */
function problemRows(final: readonly OutlinedFile[], sources: Map<OutlinedFile, SourceRow>): ProblemRow[] {
  const problems: ProblemRow[] = [];
  for (const f of [...final].sort(byFile)) {
    if (f.kind === 'skipped' || sources.get(f)?.status === '被替代') continue;
    const file = fileName(f);
    for (const p of f.problemList.listed)
      problems.push({ file, sheet: p.sheet ?? '', cell: p.cell ?? '', severity: SEVERITY_LABEL[p.severity] as ProblemRow['severity'], message: p.message });
    const unlisted = unlistedCounts(f.problemList);
    if (unlisted.errors + unlisted.warnings > 0)
      problems.push({ file, sheet: '', cell: '', severity: unlisted.errors > 0 ? '错误' : '提示', message: unlistedText(unlisted), unlisted });
  }
  return problems;
}

/**
 * When schools' reports were merged: every branch file behind the figures with its finalize
 * time, per school — this merge's own, then each report's (carried through) — so 是否按期 judges
 * each school truthfully.
 */
function finalizations(sources: readonly SourceRow[], reports: readonly AcceptedReport[]): FinalizationRow[] | undefined {
  if (reports.length === 0) return undefined;
  return [...finalizationsOf({ sources }), ...reports.flatMap((r) => r.content.finalizations)];
}

/** A merge's model and, beside its 来源文件 rows, the id of a row's reason where merge gives one (see RecordSource). */
export interface MergeJudgement {
  model: ReportModel;
  reasonIds: ReadonlyMap<SourceRow, ReasonId>;
}

export async function buildMergeModel(args: readonly string[], options: MergeOptions): Promise<ReportModel> {
  return (await judgeMerge(args, options)).model;
}

export async function judgeMerge(args: readonly string[], options: MergeOptions): Promise<MergeJudgement> {
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

  const { record, rows: sources, ids } = sourceBook(unit);
  const reports = acceptReports(final, stage, roster, record);
  const included = new Map<string, string>();
  for (const r of reports) for (const h of r.content.inputHashes) included.set(h, r.name);
  const winners = await pickWinners(branchCandidates(final, roster, stage, included, record), record, { roster, asOf: referenceDate });

  const sourceRows = [...sources.values()].sort((a, b) => byText(a.file, b.file) || byText(a.sha256, b.sha256));
  const body: Omit<ReportModel, 'contentDigest'> = {
    unit,
    stage,
    referenceDate,
    schemaVersion: SCHEMA_VERSION,
    sources: sourceRows,
    ...reportRows(roster, unit, winners, reports, referenceDate),
    problems: problemRows(final, sources),
    finalizations: finalizations(sourceRows, reports),
  };
  const reasonIds = new Map<SourceRow, ReasonId>();
  for (const [f, id] of ids) reasonIds.set(sources.get(f) as SourceRow, id);
  return { model: { ...body, contentDigest: reportDigest(body) }, reasonIds };
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
  /** Schools whose report was refused, none of theirs used: not in the figures. */
  notCounted: string[];
  out?: string;
}

/** How a line names a branch: with its school when the report spans several (two schools may both have a 数学党小组). */
function branchLabeller(model: ReportModel): (row: { school: string; branch: string }) => string {
  const several = new Set(model.summary.map((s) => s.school)).size > 1;
  return (row) => (several ? `${row.school}·${row.branch}` : row.branch);
}

export function mergeSummary(model: ReportModel): MergeSummary {
  const label = branchLabeller(model);
  const count = (s: SourceRow['status']) => model.sources.filter((x) => x.status === s).length;
  const sum = (k: 'read' | 'accepted' | 'rejected') => model.sources.reduce((n, s) => n + s[k], 0);
  const expected = model.summary.reduce((n, s) => n + s.membersExpected, 0);
  const reviewed = model.summary.reduce((n, s) => n + s.membersReviewed, 0);
  const problems = problemCounts(model.problems);
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
    errors: problems.errors,
    warnings: problems.warnings,
    uncovered: model.uncovered.length,
    planned: model.summary.reduce((n, s) => n + s.planned, 0),
    plannedDone: model.summary.reduce((n, s) => n + s.plannedDone, 0),
    planOverdue: model.summary.reduce((n, s) => n + s.planOverdue, 0),
    behindPlan: model.summary.filter((s) => s.planOverdue > 0).map((s) => `${label(s)}（逾期 ${s.planOverdue}）`),
    referenceDate: model.referenceDate,
    notCounted: schoolsNotCounted(model),
  };
}

/** 0: every roster object covered and nothing wrong; 1: written, but with gaps or problems. */
export function mergeExitCode(s: MergeSummary): 0 | 1 {
  return s.uncovered === 0 && s.errors === 0 && s.rejected === 0 && s.superseded === 0 ? 0 : 1;
}

export function formatMergeSummary(s: MergeSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const behind = s.behindPlan.length > 0 ? `：${s.behindPlan.join('、')}` : '';
  return [
    `文件 ${s.files} 个：采用 ${s.accepted}，被替代 ${s.superseded}，拒收 ${s.rejected}，跳过 ${s.skipped}。`,
    `数据行 ${s.rowsRead} 行：采用 ${s.rowsAccepted}，拒收 ${s.rowsRejected}。`,
    `覆盖：党员 ${s.membersReviewed}/${s.membersExpected}（${s.membersExpected === 0 ? '没有可统计的党员' : pct(s.coverage)}），党组织 ${s.branchesReviewed}/${s.branches}；未覆盖 ${s.uncovered} 项。`,
    s.notCounted.length > 0 ? `未计入的单位（汇总表被拒收，见「来源文件」）：${s.notCounted.join('、')}。` : '',
    `点评安排：计划 ${s.planned} 项，已完成 ${s.plannedDone} 项，截至 ${s.referenceDate} 逾期未点评 ${s.planOverdue} 项${behind}。`,
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
