/**
 * One file, loaded for merge or check and cut down, where it was read, to what they use: the
 * meta, the counts, the problems and — for merge — the branch's part of the report (its accepted
 * rows in report order). The records, cells and grids are let go in the thread that read them,
 * so the merge holds the report's rows once and check holds only problems, whatever the number
 * of files. The result is plain data a worker thread can send back.
 * The sequential path and the worker threads both call `outlineFile`, so both give the same files.
 */
import { type BranchRead, formsInOrder, isAccepted, rowProblems } from '../../../addin/forms/read/branch-reader';
import { type BranchReportPart, branchReportPart } from '../../../addin/report/model/branch-part';
import type { BranchMeta } from '../../../addin/forms/meta';
import type { Problem } from '../../../addin/forms/problems';
import type { FormRead } from '../../../addin/forms/read/sheet-reader';
import { type Roster, findBranch, findStage, membersOf, stageReferenceDate } from '../../../addin/forms/roster';
import type { InputFile } from './intake';
import { type LoadedFile, loadInputFile } from './load-file';

export interface OutlineOptions {
  roster?: Roster;
  asOf: string;
  /** Judge each file against its own stage's reference date (merge without --as-of). */
  byStage?: boolean;
  /** Make each branch file's part of the report (merge; needs the roster). */
  parts?: boolean;
}

/** What merge and check use of a branch workbook. */
export interface BranchOutline {
  meta: Omit<BranchMeta, 'members'>;
  /** Sheet-level errors make the whole file unusable for a merge. */
  usable: boolean;
  /** File- and sheet-level problems (BranchRead.problems). */
  sheetProblems: Problem[];
  /** The rows' problems, in sheet order: schedule, org, member, rectification. */
  rowProblems: Problem[];
  /** Data rows read on the four forms, and those without an error. */
  rowsRead: number;
  rowsAccepted: number;
  /** Members the branch should review (roster or `_meta`), and the accepted rows per form. */
  members: number;
  accepted: { org: number; member: number; rectification: number; schedule: number };
  /** The branch's part of the report, judged at `asOf` (merge, when the roster has the branch). */
  part?: BranchReportPart;
}

/** A loaded file as merge and check keep it: LoadedFile without the read, with its outline. */
export type OutlinedFile = Omit<LoadedFile, 'read' | 'grids'> & { branch?: BranchOutline };

/** Every problem of a branch file: sheet-level first, then its rows' in sheet order (as allProblems). */
export function outlineProblems(outline: BranchOutline): Problem[] {
  return [...outline.sheetProblems, ...outline.rowProblems];
}

function acceptedRows(read: FormRead<unknown> | undefined): number {
  let n = 0;
  for (const r of read?.rows ?? []) if (isAccepted(r)) n++;
  return n;
}

export function outlineOf(read: BranchRead, file: string, options: Pick<OutlineOptions, 'roster' | 'parts'> & { asOf: string }): BranchOutline {
  const { forms } = read;
  const { members: _members, ...meta } = read.meta;
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
    sheetProblems: read.problems,
    rowProblems: rowProblems(forms),
    rowsRead,
    rowsAccepted: read.usable ? accepted.org + accepted.member + accepted.rectification + accepted.schedule : 0,
    members: read.context.members.length,
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

function referenceDateFor(roster: Roster | undefined): (stage: string) => string | undefined {
  return (name) => {
    const stage = roster ? findStage(roster, name) : undefined;
    return stage ? stageReferenceDate(stage) : undefined;
  };
}

export async function outlineFile(input: InputFile, options: OutlineOptions): Promise<OutlinedFile> {
  const loaded = await loadInputFile(input, {
    roster: options.roster,
    asOf: options.asOf,
    asOfForStage: options.byStage ? referenceDateFor(options.roster) : undefined,
  });
  const { read, grids: _grids, ...rest } = loaded;
  if (!read) return rest;
  return { ...rest, branch: outlineOf(read, input.name, { roster: options.roster, parts: options.parts, asOf: loaded.asOf ?? options.asOf }) };
}
