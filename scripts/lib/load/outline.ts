/**
 * One file, loaded for merge or check and cut down, where it was read, to what they use: the
 * meta, the counts, the problems and — for merge — the branch's part of the report (its accepted
 * rows in report order). The records, cells and grids are let go in the thread that read them,
 * so the merge holds the report's rows once and check holds only problems, whatever the number
 * of files. The result is plain data a worker thread can send back.
 * The sequential path and the worker threads both call `outlineFile`, so both give the same files.
 */
import { type BranchRead, formsInOrder, isAccepted, recordsDigestOf, trustedFinalizedAt } from '../../../addin/forms/read/branch-reader';
import { type BranchReportPart, branchReportPart } from '../../../addin/report/model/branch-part';
import type { BranchMeta } from '../../../addin/forms/meta';
import type { Problem } from '../../../addin/forms/problems';
import type { FormRead } from '../../../addin/forms/read/sheet-reader';
import { type Roster, findBranch, findStage, membersOf, stageReferenceDate } from '../../../addin/forms/roster';
import { reasonText } from '../reasons';
import type { InputFile } from './intake';
import { type LoadedFile, loadInputFile } from './load-file';

export interface OutlineOptions {
  roster?: Roster;
  asOf: string;
  /**
   * Judge each file against its own stage's reference date, or `asOf` when that is earlier
   * (merge without --as-of, whose `asOf` is then the end of time; serve's check, today).
   */
  byStage?: boolean;
  /** Make each branch file's part of the report (merge; needs the roster). */
  parts?: boolean;
}

/**
 * Problems listed per file in check's output and --json and in the report's 问题清单; the rest
 * are counted. A file of 20,000 bad rows gave 756,200 problems, and every file's were kept to
 * the end of the run: six such files held 4.46 GB.
 */
export const PROBLEMS_LISTED = 200;

/** A file's problems as kept: the first PROBLEMS_LISTED in the order they are listed, and exact counts of all. */
export interface ProblemList {
  listed: Problem[];
  errors: number;
  warnings: number;
}

/** The problems of `list` counted but not listed, by severity. */
export function unlistedCounts(list: ProblemList): { errors: number; warnings: number } {
  let { errors, warnings } = list;
  for (const p of list.listed) {
    if (p.severity === 'error') errors--;
    else warnings--;
  }
  return { errors, warnings };
}

/** The line that stands for the problems not listed (check's output, the report's 问题清单). */
export function unlistedText(counts: { errors: number; warnings: number }): string {
  return reasonText('problems-unlisted', { count: counts.errors + counts.warnings, ...counts });
}

/** Lists the first PROBLEMS_LISTED of `groups` (in order) and counts them all; nothing is copied beyond those listed. */
export function listProblems(...groups: Iterable<Problem>[]): ProblemList {
  const list: ProblemList = { listed: [], errors: 0, warnings: 0 };
  for (const group of groups) {
    for (const p of group) {
      if (p.severity === 'error') list.errors++;
      else list.warnings++;
      if (list.listed.length < PROBLEMS_LISTED) list.listed.push(p);
    }
  }
  return list;
}

function* rowProblemsOf(forms: BranchRead['forms']): Iterable<Problem> {
  for (const form of formsInOrder(forms)) for (const row of form?.rows ?? []) yield* row.problems;
}

/** What merge and check use of a branch workbook. */
export interface BranchOutline {
  meta: Omit<BranchMeta, 'members'>;
  /** Sheet-level errors make the whole file unusable for a merge. */
  usable: boolean;
  /** File- and sheet-level problems (BranchRead.problems, the first PROBLEMS_LISTED): why an unusable file is refused. */
  sheetProblems: Problem[];
  /** Data rows read on the four forms, and those without an error. */
  rowsRead: number;
  rowsAccepted: number;
  /** Members the branch should review (roster or `_meta`), and the accepted rows per form. */
  members: number;
  /** Those members without an accepted review, in roster order (check names them). */
  unreviewed: string[];
  accepted: { org: number; member: number; rectification: number; schedule: number };
  /** The branch's part of the report, judged at `asOf` (merge, when the roster has the branch). */
  part?: BranchReportPart;
}

/**
 * A loaded file as merge and check keep it: LoadedFile without the read, with its outline, and
 * its problems as listed: a branch file's sheet-level ones first, then its rows' in sheet order
 * (as allProblems); a report's; or why the file was refused.
 */
export type OutlinedFile = Omit<LoadedFile, 'read'> & { branch?: BranchOutline; problemList: ProblemList };

function acceptedRows(read: FormRead<unknown> | undefined): number {
  let n = 0;
  for (const r of read?.rows ?? []) if (isAccepted(r)) n++;
  return n;
}

function unreviewedMembers(read: BranchRead): string[] {
  const reviewed = new Set<string>();
  for (const r of read.forms.member?.rows ?? []) if (isAccepted(r)) reviewed.add(r.record.name);
  return read.context.members.map((m) => m.name).filter((n) => !reviewed.has(n));
}

export function outlineOf(read: BranchRead, file: string, options: Pick<OutlineOptions, 'roster' | 'parts'> & { asOf: string }): BranchOutline {
  const { forms } = read;
  const { members: _members, ...stamped } = read.meta;
  const meta = { ...stamped, finalizedAt: trustedFinalizedAt(read) };
  const accepted = {
    org: acceptedRows(forms.org),
    member: acceptedRows(forms.member),
    rectification: acceptedRows(forms.rectification),
    schedule: acceptedRows(forms.schedule),
  };
  const rowsRead = formsInOrder(forms).reduce((n, f) => n + (f?.rows.length ?? 0), 0);
  const outline: BranchOutline = {
    meta,
    usable: read.usable,
    sheetProblems: listProblems(read.problems).listed,
    rowsRead,
    rowsAccepted: read.usable ? accepted.org + accepted.member + accepted.rectification + accepted.schedule : 0,
    members: read.context.members.length,
    unreviewed: unreviewedMembers(read),
    accepted,
  };
  const { roster } = options;
  const branch = roster && options.parts && read.usable ? findBranch(roster, read.meta.branch)?.name : undefined;
  if (roster && branch) {
    outline.part = branchReportPart({
      school: roster.unit,
      branch,
      members: membersOf(roster, branch),
      forms,
      file,
      referenceDate: options.asOf,
    });
  }
  return outline;
}

function referenceDateFor(roster: Roster | undefined, notAfter: string): (stage: string) => string | undefined {
  return (name) => {
    const stage = roster ? findStage(roster, name) : undefined;
    if (!stage) return undefined;
    const date = stageReferenceDate(stage);
    return date < notAfter ? date : notAfter;
  };
}

export async function outlineFile(input: InputFile, options: OutlineOptions): Promise<OutlinedFile> {
  const loaded = await loadInputFile(input, {
    roster: options.roster,
    asOf: options.asOf,
    asOfForStage: options.byStage ? referenceDateFor(options.roster, options.asOf) : undefined,
  });
  const { read, ...rest } = loaded;
  if (!read) return { ...rest, problemList: listProblems(rest.report ? rest.report.problems : rest.problems) };
  const branch = outlineOf(read, input.name, { roster: options.roster, parts: options.parts, asOf: loaded.asOf ?? options.asOf });
  return { ...rest, branch, problemList: listProblems(read.problems, rowProblemsOf(read.forms)) };
}

/**
 * What a file holds, for telling one submission sent twice from two versions (resubmissions.ts):
 * the digest of its records as read. Read again, and only for a branch with more than one file:
 * an outline does not keep its records, and hashing every file's cost merge a tenth of its time.
 */
export async function recordsDigestOfFile(input: InputFile, options: Pick<OutlineOptions, 'roster' | 'asOf'>): Promise<string | undefined> {
  const { read } = await loadInputFile(input, { roster: options.roster, asOf: options.asOf });
  return read ? recordsDigestOf(read.forms) : undefined;
}
