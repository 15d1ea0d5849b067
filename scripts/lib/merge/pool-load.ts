/**
 * One file, loaded for merge or check and cut down to what they use: the meta, the rows' records
 * and problems, the file's problems. Dropped: the row → cell maps, untouched template rows, the
 * per-file copy of the roster in the rules' context. Memory then grows with the accepted rows
 * only, not with whole reads of every file, and the result is plain data a worker thread can
 * send back (a FormDef holds zod schemas, which cannot be cloned; it is restored by form id).
 * The sequential path and the worker threads both call `loadSlim`, so both give the same files.
 */
import type { BranchRead } from '../../../addin/forms/branch-workbook';
import type { FormRead } from '../../../addin/forms/read-sheet';
import { BRANCH_FORMS } from '../../../addin/forms/review-forms';
import { type Roster, findStage, stageReferenceDate } from '../../../addin/forms/roster';
import type { InputFile } from '../intake';
import { type LoadedFile, loadBranchFile } from '../load-branch';

export interface SlimOptions {
  roster?: Roster;
  asOf: string;
  /** Judge each file against its own stage's reference date (merge without --as-of). */
  byStage?: boolean;
}

type SlimForm = Omit<FormRead<unknown>, 'form' | 'untouchedRows'> & { formId: string; form?: FormRead<unknown>['form'] };

function slimForm(read: FormRead<unknown> | undefined): SlimForm | undefined {
  if (!read) return undefined;
  return {
    formId: read.form.id,
    sheet: read.sheet,
    readable: read.readable,
    headerRow: read.headerRow,
    rows: read.rows.map((r) => ({ row: r.row, record: r.record, cells: {}, problems: r.problems })),
    problems: read.problems,
  };
}

function slimRead(read: BranchRead): BranchRead {
  const { context } = read;
  const forms = {
    org: slimForm(read.forms.org),
    member: slimForm(read.forms.member),
    rectification: slimForm(read.forms.rectification),
    schedule: slimForm(read.forms.schedule),
  };
  return {
    meta: { ...read.meta, members: [] },
    context: { unit: context.unit, secretary: context.secretary, branch: context.branch, members: context.members, stage: context.stage, asOf: context.asOf },
    forms: forms as unknown as BranchRead['forms'],
    problems: read.problems,
    usable: read.usable,
  };
}

/** Puts the form definitions back on a slim read that came through a worker's message. */
export function restoreForms(file: LoadedFile): LoadedFile {
  const forms = file.read?.forms as Record<string, SlimForm | undefined> | undefined;
  for (const slim of Object.values(forms ?? {})) {
    if (slim && !slim.form) slim.form = BRANCH_FORMS.find((f) => f.id === slim.formId) as unknown as SlimForm['form'];
  }
  return file;
}

export function referenceDateFor(roster: Roster | undefined): (stage: string) => string | undefined {
  return (name) => {
    const stage = roster ? findStage(roster, name) : undefined;
    return stage ? stageReferenceDate(stage) : undefined;
  };
}

export async function loadSlim(input: InputFile, options: SlimOptions): Promise<LoadedFile> {
  const loaded = await loadBranchFile(input, { roster: options.roster, asOf: options.asOf, asOfForStage: options.byStage ? referenceDateFor(options.roster) : undefined });
  // Not restored here: the worker sends this back, and a FormDef cannot be cloned.
  return loaded.read ? { ...loaded, read: slimRead(loaded.read) } : loaded;
}
