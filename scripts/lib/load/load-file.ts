/** One input file → its bytes' hash and the branch (or report) read; never throws for a bad file. */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { type BranchRead, recordsDigestOf, isBranchRead, readBranchWorkbook, readMeta } from '../../../addin/forms/read/branch-reader';
import { INSTRUCTIONS_SHEET } from '../../../addin/forms/layout';
import { LISTS_SHEET, stageOfMeta } from '../../../addin/forms/meta';
import type { Problem } from '../../../addin/forms/problems';
import { type ReportContent, readReportContent } from '../../../addin/report/model/report-reader';
import type { Roster, RosterStage } from '../../../addin/forms/roster';
import { ReviewFormsError, WorkbookError } from '../errors';
import { mb, reasonText } from '../reasons';
import type { Grid } from '../../../addin/forms/cell';
import { workbookKind } from './file-kind';
import type { InputFile } from './intake';
import { LIMITS } from '../xlsx/limits';
import { readXlsx } from '../xlsx/xlsx-reader';
import { systemErrorText } from '../files/system-error';

export interface LoadedFile {
  input: InputFile;
  sha256?: string;
  /** 'branch': a branch workbook was read (its rows may still have errors). */
  kind: 'branch' | 'report' | 'rejected' | 'skipped';
  read?: BranchRead;
  /** A report workbook (a school's merge result), read back for a bureau's merge. */
  report?: ReportContent;
  /** File-level problems (why it was rejected); row problems stay on the rows. */
  problems: Problem[];
  /** The reference date the rules judged "in the future" against. */
  asOf?: string;
}

export interface LoadOptions {
  roster?: Roster;
  asOf: string;
  /**
   * The reference date for a file of this stage, when known (merge: the stage's 上报截止), so a
   * file is read once, not once to learn its stage and again for the stage's date. `own` is the
   * stage as the file's `_meta` describes it.
   */
  asOfForStage?: (stage: string, own: RosterStage) => string | undefined;
}

/** The instructions and the lists behind the drop-downs hold no data of the file: not parsed. */
function isDataSheet(name: string): boolean {
  return name !== INSTRUCTIONS_SHEET && name !== LISTS_SHEET;
}

/** Why a file is refused: its reason, or — for anything else thrown while reading it — read-crashed, as the load pool says. */
function fileProblem(err: unknown): Problem {
  const known =
    err instanceof ReviewFormsError ? err : new WorkbookError('read-crashed', { detail: err instanceof Error ? err.message : String(err) }, { cause: err });
  return { severity: 'error', rule: known.reason, message: known.message };
}

const OTHER_KINDS = { roster: 'file-is-roster', public: 'file-is-public', printed: 'file-is-printed' } as const;

/** A roster, 公开版 or printed forms among the inputs: what it is, rather than what it lacks (_meta). */
function otherKindProblems(grids: readonly Grid[]): Problem[] | undefined {
  const kind = workbookKind(grids);
  if (kind !== 'roster' && kind !== 'public' && kind !== 'printed') return undefined;
  const rule = OTHER_KINDS[kind];
  return [{ severity: 'error', rule, message: reasonText(rule) }];
}

export async function loadInputFile(input: InputFile, options: LoadOptions): Promise<LoadedFile> {
  if (input.kind === 'skipped') return { input, kind: 'skipped', problems: [] };
  if (input.kind === 'invalid') return { input, kind: 'rejected', problems: [{ severity: 'error', rule: 'not-a-file', message: input.reason ?? '无法读取' }] };
  let buf: Buffer;
  try {
    // Checked before reading: a huge (or sparse) file must not be read into memory first.
    const { size } = await fs.stat(input.path);
    if (size > LIMITS.maxFileBytes) {
      return {
        input,
        kind: 'rejected',
        problems: [fileProblem(new WorkbookError('file-too-large', { mb: mb(size), limitMb: mb(LIMITS.maxFileBytes) }))],
      };
    }
    buf = await fs.readFile(input.path);
  } catch (err) {
    return { input, kind: 'rejected', problems: [fileProblem(new WorkbookError('unreadable', { detail: systemErrorText(err) }, { cause: err }))] };
  }
  const sha256 = createHash('sha256').update(buf).digest('hex');
  try {
    const data = await readXlsx(buf, input.path, { wantSheet: isDataSheet });
    const meta = options.asOfForStage ? readMeta(data.grids) : undefined;
    const asOf = (meta?.kind === 'branch' ? options.asOfForStage?.(meta.meta.stage, stageOfMeta(meta.meta)) : undefined) ?? options.asOf;
    const read = readBranchWorkbook(data.grids, { roster: options.roster, asOf, date1904: data.date1904 });
    if (!isBranchRead(read)) {
      if (read.kind !== 'report') return { input, sha256, kind: 'rejected', problems: otherKindProblems(data.grids) ?? read.problems };
      const report = readReportContent(data.grids, { date1904: data.date1904 });
      if (!('meta' in report)) return { input, sha256, kind: 'rejected', problems: report.problems };
      return { input, sha256, kind: 'report', report, problems: read.problems };
    }
    // An annotated copy nobody has edited holds its original's rows: skipped, never a resubmission.
    if (read.meta.annotatedCopy !== undefined && read.meta.annotatedCopy === recordsDigestOf(read.forms)) {
      return { input: { ...input, kind: 'skipped', reason: reasonText('annotated-copy') }, sha256, kind: 'skipped', problems: [] };
    }
    return { input, sha256, kind: 'branch', read, problems: [], asOf };
  } catch (err) {
    return { input, sha256, kind: 'rejected', problems: [fileProblem(err)] };
  }
}
