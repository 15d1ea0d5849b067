/**
 * The office's round as the page walks it, each step the CLI's own function on the working
 * folder's files: the roster (inspectRosterFile), 下发 (writeBranchTemplates), 收回与检查 (runCheck
 * with annotate, and merge's judgement of each file: buildMergeModel), 汇总 (the report written as
 * merge writes it, then publishReport), and the bureau's merge of schools' reports (merge --unit).
 * What is shown is computed from the files on disk, so a reload, a second tab or a restart shows
 * the same; results that read many files are remembered until those files change.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { todayIso } from '../../../addin/forms/dates';
import { type Problem, SEVERITY_LABEL } from '../../../addin/forms/problems';
import type { Roster } from '../../../addin/forms/roster';
import { readReportContent } from '../../../addin/report/model/report-reader';
import type { ReportModel, SourceRow } from '../../../addin/report/model/report-model';
import { DONE, NOT_DONE, NOT_SUBMITTED, SUBMITTED, SUMMARY_COLUMNS, type SummaryRow, totalRow } from '../../../addin/report/model/summary';
import { type CheckOutcome, runCheck } from '../commands/check';
import { unlistedText } from '../load/outline';
import { buildMergeModel, judgeMerge, writeReportFile } from '../commands/merge';
import { publishReport } from '../commands/publish';
import { stageNamed } from '../commands/stage';
import { writeBranchTemplates } from '../commands/template';
import { ReviewFormsError, UsageError } from '../errors';
import { type ReasonId, reasonText } from '../reasons';
import { type RosterInspection, inspectRosterFile, notARosterReason, otherKindOf, writeRosterFile } from '../workbook/roster-file';
import { REPORT_LIMITS } from '../xlsx/limits';
import { readXlsx } from '../xlsx/xlsx-reader';
import { systemErrorText } from '../files/system-error';
import type {
  BureauView,
  CoverageView,
  FileStatus,
  IssuedView,
  ProblemGroup,
  ProblemView,
  RemoveResult,
  ReportView,
  ReturnedFileView,
  ReturnsView,
  RosterUploadResult,
  RosterView,
  StateView,
} from './api';
import { DEFAULT_BUREAU_UNIT, type Workspace, exists, fileInside, listFiles, moveAside, replaceWith, sha256OfFile } from './workspace';

function problemView(p: Pick<Problem, 'sheet' | 'cell' | 'severity' | 'message'>): ProblemView {
  return { sheet: p.sheet ?? '', cell: p.cell ?? '', severity: SEVERITY_LABEL[p.severity] as ProblemView['severity'], message: p.message };
}

/** A file's problems by sheet (the whole-file ones first), errors before hints within a sheet. */
function groupProblems(problems: readonly ProblemView[]): ProblemGroup[] {
  const groups = new Map<string, ProblemView[]>();
  for (const p of problems) groups.set(p.sheet, [...(groups.get(p.sheet) ?? []), p]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : 0))
    .map(([sheet, list]) => ({ sheet, problems: [...list].sort((x, y) => (x.severity === y.severity ? 0 : x.severity === '错误' ? -1 : 1)) }));
}

/** What a folder's files are now: names, sizes and times (a change means the results must be redone). */
async function signature(...parts: (string | undefined)[]): Promise<string> {
  const out: unknown[] = [];
  for (const p of parts) {
    if (p === undefined) continue;
    const stat = await fs.stat(p).catch(() => undefined);
    out.push(stat?.isDirectory() ? await listFiles(p) : [p, stat?.size, stat?.mtimeMs]);
  }
  return JSON.stringify(out);
}

/** Which files (by name and content) a merge read: a report made from other files is out of date. */
function inputsOf(sources: readonly Pick<SourceRow, 'file' | 'sha256'>[]): string {
  return JSON.stringify(sources.map((s) => `${s.file}\u0000${s.sha256}`).sort());
}

/** What a report is made from: the files merge reads (by name and content), and the roster's sha256 (a school's). */
interface MadeFrom {
  /** Undefined when the files could not be judged. */
  inputs?: string;
  roster?: string;
}

interface ReturnsRead {
  view: ReturnsView;
  /** The inputs as merge reads them now. */
  now: MadeFrom;
}

interface ReportRead {
  view: ReportView;
  inputs?: string;
  /** The report file's own sha256 (what the roster it was made with is recorded against). */
  sha256: string;
}

export class Round {
  private readonly memo = new Map<string, { signature: string; value: unknown }>();

  constructor(readonly ws: Workspace) {}

  private async remember<T>(key: string, sig: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.memo.get(key);
    if (hit && hit.signature === sig) return hit.value as T;
    const value = await compute();
    this.memo.set(key, { signature: sig, value });
    return value;
  }

  // ── 1 名单 ──────────────────────────────────────────────────────────────────────────────
  async blankRoster(): Promise<string> {
    if (!(await exists(this.ws.blankRoster))) await writeRosterFile(this.ws.blankRoster);
    return this.ws.blankRoster;
  }

  private async inspectRoster(): Promise<{ view: RosterView; roster?: Roster }> {
    return this.remember('roster', await signature(this.ws.roster), async () => {
      const view: RosterView = { present: false, file: this.ws.roster, branches: 0, members: 0, stages: [], problems: [] };
      if (!(await exists(this.ws.roster))) return { view };
      view.present = true;
      try {
        const read = await inspectRosterFile(this.ws.roster);
        view.problems = read.problems.map(problemView);
        const r = read.roster;
        if (!r) return { view };
        return { view: { ...view, unit: r.unit, branches: r.branches.length, members: r.members.length, stages: r.stages.map((s) => ({ ...s })) }, roster: r };
      } catch (err) {
        if (err instanceof ReviewFormsError) return { view: { ...view, readError: err.message } };
        throw err;
      }
    });
  }

  /**
   * An uploaded roster (received into `tmp`, shown as `shownAs`), judged by the CLI's reader before
   * it may replace 名单.xlsx: a valid roster does; a roster with errors does only when the current
   * one is no better (none, or with errors), so its errors stay on the page; anything else (a
   * report, a branch workbook, an unreadable file) is refused and the current roster is kept. A
   * roster replaced is kept in 已移除 (copied there before the new one takes its place).
   */
  async acceptRoster(tmp: string, shownAs: string): Promise<RosterUploadResult> {
    const result: RosterUploadResult = { stored: [], refused: [], replaced: [], numbered: [], problems: [] };
    let read: RosterInspection | undefined;
    let detail = '';
    let placed = false;
    try {
      try {
        read = await inspectRosterFile(tmp, shownAs);
        const other = otherKindOf(read);
        if (other) detail = reasonText(...notARosterReason(other, shownAs));
      } catch (err) {
        if (!(err instanceof ReviewFormsError)) throw err;
        detail = err.message;
      }
      const current = read && !read.roster && !detail ? await this.inspectRoster() : undefined;
      const mayReplace = read?.roster || (current && !current.roster && read?.kind === 'roster');
      if (read && mayReplace) {
        const name = path.basename(this.ws.roster);
        const same = (await exists(this.ws.roster)) && (await sha256OfFile(this.ws.roster)) === (await sha256OfFile(tmp));
        let copy: string | undefined;
        try {
          copy = same ? undefined : await replaceWith(tmp, this.ws.roster, this.ws.removedRosters);
        } catch (err) {
          if (!(err instanceof ReviewFormsError)) throw err;
          result.refused.push({ file: shownAs, reason: reasonText('roster-kept', { detail: err.message }) });
          return result;
        }
        placed = !same;
        result.stored.push(name);
        if (copy) result.replaced.push({ file: name, note: reasonText('roster-replaced', { to: copy }) });
        return result;
      }
    } finally {
      // Whatever went wrong, the received file does not stay in the working folder.
      if (!placed) await fs.rm(tmp, { force: true });
    }
    if (!detail && read) {
      result.problems = read.problems.map(problemView);
      detail = read.kind === 'roster' ? reasonText('roster-upload-invalid', { count: read.problems.filter((p) => p.severity === 'error').length }) : '';
      // Not a roster at all: its first problems say what it lacks (缺少工作表…).
      if (!detail) detail = read.problems.find((p) => p.severity === 'error')?.message ?? '';
    }
    result.refused.push({ file: shownAs, reason: reasonText('roster-kept', { detail }) });
    return result;
  }

  /** The roster, which every later step needs; its absence or errors are the user's to fix. */
  async roster(): Promise<Roster> {
    const { view, roster } = await this.inspectRoster();
    if (roster) return roster;
    throw new UsageError(view.present ? 'roster-invalid' : 'roster-not-found', { file: this.ws.roster, lines: view.readError ?? '请先改正名单中的错误。' });
  }

  async stage(name: string): Promise<{ roster: Roster; stage: string }> {
    const roster = await this.roster();
    return { roster, stage: stageNamed(roster, name).name };
  }

  async chooseStage(name: string): Promise<void> {
    const { stage } = await this.stage(name);
    await this.ws.saveSettings({ stage });
  }

  // ── 2 下发 ──────────────────────────────────────────────────────────────────────────────
  async issue(stageName: string): Promise<void> {
    const { roster, stage } = await this.stage(stageName);
    // 下发/ holds only what serve issued: re-issuing replaces it (never the roster).
    await writeBranchTemplates(roster, stage, this.ws.issued(stage), { force: true, rosterFile: this.ws.roster });
  }

  async issuedView(stage: string): Promise<IssuedView> {
    const folder = this.ws.issued(stage);
    return { folder, files: (await listFiles(folder)).map((f) => ({ name: f.name, bytes: f.bytes })) };
  }

  // ── 3 收回与检查 ─────────────────────────────────────────────────────────────────────────
  async returnsView(stageName: string): Promise<ReturnsView> {
    return (await this.returnsRead(stageName)).view;
  }

  private async returnsRead(stageName: string): Promise<ReturnsRead> {
    const folder = this.ws.returned(stageName);
    const sig = await signature(this.ws.roster, folder);
    return this.remember(`returns:${stageName}`, sig, async (): Promise<ReturnsRead> => {
      const roster = (await exists(this.ws.roster)) ? await sha256OfFile(this.ws.roster) : undefined;
      if ((await listFiles(folder)).length === 0) return { view: { folder, files: [], coverage: [], annotated: 0 }, now: { inputs: inputsOf([]), roster } };
      try {
        const { roster: read, stage } = await this.stage(stageName);
        const annotateDir = this.ws.annotated(stage);
        // The annotated copies are this folder's own output: last time's would describe old files.
        await fs.rm(annotateDir, { recursive: true, force: true });
        // "In the future" as the CLI's check (today) and as merge (the stage's reference date)
        // judge it, each file by its own stage (one of another stage may be among them).
        const check = await runCheck([folder], { roster: read, rosterFile: this.ws.roster, asOf: todayIso(), byStage: true, annotateDir });
        const { model, reasonIds } = await judgeMerge([folder], { roster: read, stage });
        return { view: { folder, ...fileViews(check, model, reasonIds), coverage: coverage(model) }, now: { inputs: inputsOf(model.sources), roster } };
      } catch (err) {
        if (err instanceof ReviewFormsError) return { view: { folder, files: [], coverage: [], annotated: 0, error: err.message }, now: { roster } };
        throw err;
      }
    });
  }

  /**
   * 移除: a file of `folder` (as the page names it) moved into `removedDir` beside it, never
   * deleted; a name that is not a file inside `folder` is refused, and so is a file that cannot be
   * moved (open in Excel on Windows, 已移除 a file), with the reason.
   */
  private async removeFrom(folder: string, removedDir: string, name: string): Promise<RemoveResult> {
    const from = path.basename(folder);
    const file = await fileInside(folder, name);
    if (!file) throw new UsageError('no-such-file', { file: name, folder: from });
    let to: string;
    try {
      to = await moveAside(file, removedDir);
    } catch (err) {
      throw new UsageError('remove-failed', { file: name, from, detail: systemErrorText(err) }, { cause: err });
    }
    return { note: reasonText('removed-to', { file: name, to, from }) };
  }

  async remove(stageName: string, name: string): Promise<RemoveResult> {
    const { stage } = await this.stage(stageName);
    return this.removeFrom(this.ws.returned(stage), this.ws.removed(stage), name);
  }

  async bureauRemove(name: string): Promise<RemoveResult> {
    return this.removeFrom(this.ws.bureauReports, this.ws.bureauRemoved, name);
  }

  async annotatedFiles(stage: string): Promise<string[]> {
    const dir = this.ws.annotated(stage);
    return (await listFiles(dir)).map((f) => path.join(dir, f.name));
  }

  // ── 4 汇总 ──────────────────────────────────────────────────────────────────────────────
  async merge(stageName: string): Promise<void> {
    const { roster, stage } = await this.stage(stageName);
    const rosterSha = await sha256OfFile(this.ws.roster);
    const model = await buildMergeModel([this.ws.returned(stage)], { roster, stage, out: this.ws.report(stage), rosterFile: this.ws.roster });
    await writeReportFile(model, this.ws.report(stage));
    await publishReport(this.ws.report(stage), this.ws.publicReport(stage));
    const madeWith = {
      ...(await this.ws.settings()).madeWith,
      [this.reportKey(this.ws.report(stage))]: { report: await sha256OfFile(this.ws.report(stage)), roster: rosterSha },
    };
    await this.ws.saveSettings({ madeWith });
  }

  /** A report's key in the settings' madeWith: its path in the working folder, with `/`. */
  private reportKey(file: string): string {
    return path.relative(this.ws.dir, file).split(path.sep).join('/');
  }

  private async reportRead(file: string, publicFile: string): Promise<ReportRead | undefined> {
    if (!(await exists(file))) return undefined;
    return this.remember(`report:${file}`, await signature(file, publicFile), async () => {
      const read = await readReportView(file);
      return { ...read, sha256: await sha256OfFile(file), view: { ...read.view, publicFile: (await exists(publicFile)) ? publicFile : undefined } };
    });
  }

  /**
   * The report, marked stale when the folder's files are no longer those it was made from, or the
   * roster is not the one it was made with (as recorded when serve made it; a report made
   * elsewhere is judged by its files alone).
   */
  private async reportView(file: string, publicFile: string, now: MadeFrom): Promise<ReportView | undefined> {
    const read = await this.reportRead(file, publicFile);
    if (!read) return undefined;
    const made = (await this.ws.settings()).madeWith?.[this.reportKey(file)];
    const roster = made?.report === read.sha256 ? made.roster : undefined;
    const otherFiles = now.inputs !== undefined && read.inputs !== undefined && read.inputs !== now.inputs;
    const otherRoster = roster !== undefined && roster !== now.roster;
    return { ...read.view, stale: otherFiles || otherRoster };
  }

  // ── 5 县教育局 ──────────────────────────────────────────────────────────────────────────
  async bureauView(): Promise<BureauView> {
    const folder = this.ws.bureauReports;
    const unit = (await this.ws.settings()).bureauUnit ?? DEFAULT_BUREAU_UNIT;
    const files = await this.remember(`bureau:${unit}`, await signature(folder), async () => {
      if ((await listFiles(folder)).length === 0) return { files: [] as ReturnedFileView[], inputs: inputsOf([]) };
      try {
        const { model, reasonIds } = await judgeMerge([folder], { unit });
        return { ...fileViews(undefined, model, reasonIds), inputs: inputsOf(model.sources) };
      } catch (err) {
        if (err instanceof ReviewFormsError) return { files: [] as ReturnedFileView[], error: err.message, inputs: undefined };
        throw err;
      }
    });
    const report = await this.reportView(this.ws.bureauReport, this.ws.bureauPublic, { inputs: files.inputs });
    return { folder, unit, files: files.files, report, ...('error' in files && files.error ? { error: files.error } : {}) };
  }

  async bureauMerge(unit: string): Promise<void> {
    const name = unit.trim() || DEFAULT_BUREAU_UNIT;
    await this.ws.saveSettings({ bureauUnit: name });
    const model = await buildMergeModel([this.ws.bureauReports], { unit: name, out: this.ws.bureauReport });
    await writeReportFile(model, this.ws.bureauReport);
    await publishReport(this.ws.bureauReport, this.ws.bureauPublic);
  }

  // ── everything the page shows ──────────────────────────────────────────────────────────
  async state(): Promise<StateView> {
    const { view } = await this.inspectRoster();
    const chosen = (await this.ws.settings()).stage;
    const stage = chosen && view.stages.some((s) => s.name === chosen) ? chosen : undefined;
    const state: StateView = { dir: this.ws.dir, roster: view, stage, bureau: await this.bureauView() };
    if (stage) {
      state.issued = await this.issuedView(stage);
      const returns = await this.returnsRead(stage);
      state.returns = returns.view;
      state.report = await this.reportView(this.ws.report(stage), this.ws.publicReport(stage), returns.now);
    }
    return state;
  }
}

/** What the office can do where several files of one branch (or school) conflict: remove the one not wanted. */
const ADVICE: Partial<Record<ReasonId, ReasonId>> = {
  'resubmissions-conflict': 'resubmissions-conflict-advice',
  'reports-conflict': 'reports-conflict-advice',
};

/** Each file as merge judged it (采用/被替代/拒收/跳过), 有错误 where check found errors in it. */
function fileViews(
  check: CheckOutcome | undefined,
  model: ReportModel,
  reasonIds: ReadonlyMap<SourceRow, ReasonId>,
): { files: ReturnedFileView[]; annotated: number } {
  const checked = new Map((check?.files ?? []).map((f) => [path.basename(f.file), f]));
  // A file's first problems are listed, then one line says how many more (另有 N 个问题未列出).
  const listed = new Map<string, ProblemView[]>();
  const unlisted = new Map<string, { errors: number; warnings: number }>();
  for (const p of model.problems) {
    if (p.unlisted) unlisted.set(p.file, p.unlisted);
    else listed.set(p.file, [...(listed.get(p.file) ?? []), { sheet: p.sheet, cell: p.cell, severity: p.severity, message: p.message }]);
  }
  const files = model.sources.map((s: SourceRow): ReturnedFileView => {
    const c = checked.get(s.file);
    const more = c ? c.unlisted : unlisted.get(s.file);
    const problems = c ? c.problems.map(problemView) : (listed.get(s.file) ?? []);
    const listedErrors = problems.filter((p) => p.severity === '错误').length;
    const errors = listedErrors + (more?.errors ?? 0);
    const warnings = problems.length - listedErrors + (more?.warnings ?? 0);
    if (more) problems.push({ sheet: '', cell: '', severity: more.errors > 0 ? '错误' : '提示', message: unlistedText(more) });
    // Not a problem of the file (not counted): why it has no annotated copy to send back.
    if (c?.annotateFailed) problems.push({ sheet: '', cell: '', severity: '提示', message: c.annotateFailed });
    const status: FileStatus = s.status === '采用' && errors > 0 ? '有错误' : s.status;
    const id = reasonIds.get(s);
    const advice = id && ADVICE[id];
    return {
      file: s.file,
      status,
      reason: s.reason,
      ...(advice ? { advice: reasonText(advice) } : {}),
      school: s.school,
      branch: s.branch,
      errors,
      warnings,
      groups: groupProblems(problems),
      annotated: !!c?.annotated,
    };
  });
  return { files, annotated: files.filter((f) => f.annotated).length };
}

function coverage(model: ReportModel): CoverageView[] {
  return model.summary.map((s) => ({
    school: s.school,
    branch: s.branch,
    membersExpected: s.membersExpected,
    membersReviewed: s.membersReviewed,
    orgReviewed: s.orgReviewed,
    missing: model.uncovered.filter((u) => u.school === s.school && u.branch === s.branch).map((u) => ({ kind: u.kind, name: u.name })),
  }));
}

/** 汇总's yes/no columns as the report writes them: 已/未 (党组织点评), 已交/未交 (报送情况). */
function booleanText(kind: (typeof SUMMARY_COLUMNS)[number]['kind'], value: boolean): string {
  if (kind === 'submitted') return value ? SUBMITTED : NOT_SUBMITTED;
  return value ? DONE : NOT_DONE;
}

/** A report on disk, read back as the bureau's merge reads one: its 汇总 rows and the 合计, and the files it was made from. */
async function readReportView(file: string): Promise<Omit<ReportRead, 'sha256'>> {
  const columns = SUMMARY_COLUMNS.map((c) => ({ key: c.key, label: c.label, kind: c.kind }));
  const empty: ReportView = { file, unit: '', stage: '', referenceDate: '', columns, rows: [], uncovered: 0 };
  try {
    const data = await readXlsx(await fs.readFile(file), file, { limits: REPORT_LIMITS });
    const content = readReportContent(data.grids, { date1904: data.date1904 });
    if (!('meta' in content)) return { view: { ...empty, error: content.problems.map((p) => p.message).join('；') } };
    // A report edited after it was made, or whose 汇总 its details do not bear out, is not shown as figures.
    const errors = content.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) return { view: { ...empty, error: errors.map((p) => p.message).join('；') }, inputs: inputsOf(content.sources) };
    const row = (r: SummaryRow | ReturnType<typeof totalRow>) =>
      Object.fromEntries(
        SUMMARY_COLUMNS.map((c) => [c.key, typeof r[c.key] === 'boolean' ? booleanText(c.kind, r[c.key] as boolean) : (r[c.key] as string | number)]),
      );
    const view: ReportView = {
      ...empty,
      unit: content.meta.unit,
      stage: content.meta.stage,
      referenceDate: content.referenceDate,
      rows: [...content.summary.map(row), row(totalRow(content.summary))],
      uncovered: content.uncovered.length,
    };
    return { view, inputs: inputsOf(content.sources) };
  } catch (err) {
    if (err instanceof ReviewFormsError) return { view: { ...empty, error: err.message } };
    throw err;
  }
}
