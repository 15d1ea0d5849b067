/**
 * A branch workbook as a whole: find its form sheets among the grids, read `_meta`, read every
 * form, and run the rules against the roster (the full one when given, else the part in `_meta`).
 * Shared by the add-in (grids from Office.js) and the scripts (grids from the xlsx reader).
 */
import type { Grid } from '../cell';
import { type BranchContext, type BranchForms, checkBranchForms } from './branch-rules';
import { digestOf } from '../digest';
import type { FormDef } from '../form';
import { parseInstant } from '../instants';
import { BranchMeta, META_SHEET, PANE_SETUP_DIGEST, SCHEMA_VERSION, membersOfMeta, metaFromGrid, stageOfMeta } from '../meta';
import { type Problem, hasErrors, problem, quote } from '../problems';
import { normalizeName } from '../text';
import { type FormRead, type ReadFormOptions, headerKey, isAccepted, readForm } from './sheet-reader';
import { BRANCH_FORMS, MEMBER_FORM, OPTIONAL_FORMS, ORG_FORM, RECTIFICATION_FORM, SCHEDULE_FORM } from '../branch-forms';
import { type Roster, findBranch, findStage, membersOf, rosterDigest } from '../roster';
import { sameSheetName } from '../text';

export interface SheetPick {
  grid?: Grid;
  problems: Problem[];
}

function looksLike(form: FormDef, grid: Grid): boolean {
  const probe = readForm(form, grid);
  return probe.headerRow > 0 && probe.readable;
}

/**
 * Finds the sheet of a form: by its exact name, else by its name without spaces, else by its
 * header. Hidden sheets are read with a 提示; more than one candidate is an error.
 */
export function pickSheet(form: FormDef, grids: readonly Grid[], taken: ReadonlySet<string> = new Set()): SheetPick {
  const problems: Problem[] = [];
  const candidates = grids.filter((g) => !sameSheetName(g.name, META_SHEET) && !taken.has(g.name));
  let found = candidates.filter((g) => sameSheetName(g.name, form.sheetName));
  if (found.length === 0) found = candidates.filter((g) => headerKey(g.name) === headerKey(form.sheetName));
  if (found.length === 0) found = candidates.filter((g) => looksLike(form, g));
  // A copy of the sheet ("党员点评 (2)") holding the same form makes the file ambiguous.
  const copies = candidates.filter((g) => !found.includes(g) && headerKey(g.name).startsWith(headerKey(form.sheetName)) && looksLike(form, g));
  const all = [...found, ...copies];
  if (all.length === 0) {
    problems.push(problem('sheetMissing', { sheet: form.sheetName }, { sheet: form.sheetName }));
    return { problems };
  }
  if (all.length > 1) {
    problems.push(problem('sheetDuplicated', { sheet: form.sheetName, names: all.map((g) => `「${g.name}」`).join('') }, { sheet: all[1].name }));
    return { problems };
  }
  const grid = all[0];
  if (grid.name !== form.sheetName) problems.push(problem('sheetRenamed', { found: grid.name, sheet: form.sheetName }, { sheet: grid.name }));
  if (grid.state !== 'visible') problems.push(problem('sheetHidden', { sheet: grid.name }, { sheet: grid.name }));
  return { grid, problems };
}

export type MetaRead = { kind: 'branch'; meta: BranchMeta } | { kind: 'report' } | { kind: 'none'; problems: Problem[] };

export function readMeta(grids: readonly Grid[]): MetaRead {
  const grid = grids.find((g) => g.name === META_SHEET) ?? grids.find((g) => sameSheetName(g.name, META_SHEET));
  if (!grid) return { kind: 'none', problems: [problem('metaMissing', {}, {})] };
  const loose = metaFromGrid(grid);
  if (loose.kind === 'report') return { kind: 'report' };
  if (loose.schemaVersion !== SCHEMA_VERSION) {
    return {
      kind: 'none',
      problems: [problem('schemaVersion', { value: String(loose.schemaVersion ?? '无'), expected: SCHEMA_VERSION }, { sheet: META_SHEET })],
    };
  }
  const parsed = BranchMeta.safeParse(loose);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => i.path.join('.')).join('、');
    return { kind: 'none', problems: [problem('metaInvalid', { detail }, { sheet: META_SHEET })] };
  }
  return { kind: 'branch', meta: parsed.data };
}

export interface BranchRead {
  meta: BranchMeta;
  context: BranchContext;
  forms: BranchForms;
  /** File- and sheet-level problems; row problems stay on their rows. */
  problems: Problem[];
  /** Sheet-level errors make the whole file unusable for a merge. */
  usable: boolean;
}

export interface ReadBranchOptions extends ReadFormOptions {
  roster?: Roster;
  asOf: string;
  /** The stage the caller expects (merge --stage). */
  stage?: string;
}

/** What of `_meta` the merge trusts — whose file it is and when it was finalized — sealed with the records. */
export type Seal = Pick<BranchMeta, 'unit' | 'branch' | 'stage' | 'finalizedAt'>;

function recordsOf(forms: BranchForms): Record<'org' | 'member' | 'rectification' | 'schedule', unknown[]> {
  const records = (read?: FormRead<unknown>) => (read?.rows ?? []).map((r) => r.record);
  return { org: records(forms.org), member: records(forms.member), rectification: records(forms.rectification), schedule: records(forms.schedule) };
}

/** The digest of the records alone, in row order (what an annotated copy is marked with; the unsealed digest of earlier versions). */
export function recordsDigestOf(forms: BranchForms): string {
  return digestOf(recordsOf(forms));
}

/**
 * The canonical digest of a finalized branch workbook: every record of the forms, in row order,
 * and the seal (unit, branch, stage, finalize time), so editing any of them after 定稿 shows.
 */
export function contentDigestOf(forms: BranchForms, seal: Seal): string {
  const { unit, branch, stage, finalizedAt } = seal;
  return digestOf({ ...recordsOf(forms), seal: { unit, branch, stage, finalizedAt } });
}

/**
 * The finalize stamp judged: a time that is an instant, and a digest over the records and the
 * seal. A digest over the records alone was written by an earlier version, which left the time
 * unsealed: such a file must be finalized again before its time can be trusted.
 */
function stampProblems(meta: BranchMeta, forms: BranchForms): Problem[] {
  if (!meta.finalizedAt) return [];
  const where = { sheet: META_SHEET };
  if (!parseInstant(meta.finalizedAt)) return [problem('finalizedAtInvalid', { value: quote(meta.finalizedAt, 40) }, where)];
  if (meta.contentDigest === contentDigestOf(forms, meta)) return [];
  if (meta.contentDigest === recordsDigestOf(forms)) return [problem('finalizedBeforeSeal', {}, where)];
  return [problem('editedAfterFinalize', {}, where)];
}

/** Reads and checks a branch workbook. Returns problems only when it is not a branch workbook. */
export function readBranchWorkbook(grids: readonly Grid[], options: ReadBranchOptions): BranchRead | { problems: Problem[]; kind: 'report' | 'none' } {
  const metaRead = readMeta(grids);
  if (metaRead.kind === 'report') return { kind: 'report', problems: [problem('notBranchWorkbook', {}, { sheet: META_SHEET })] };
  if (metaRead.kind === 'none') return { kind: 'none', problems: metaRead.problems };
  const meta = metaRead.meta;
  const problems: Problem[] = [];
  const { roster } = options;

  let context: BranchContext = {
    unit: meta.unit,
    secretary: meta.secretary || undefined,
    branch: { name: meta.branch, leader: meta.branchLeader, liaison: meta.liaison },
    members: membersOfMeta(meta),
    stage: stageOfMeta(meta),
    asOf: options.asOf,
  };
  if (options.stage && options.stage !== meta.stage)
    problems.push(problem('fileStageMismatch', { value: meta.stage, stage: options.stage }, { sheet: META_SHEET }));
  if (roster) {
    if (normalizeName(meta.unit) !== normalizeName(roster.unit))
      problems.push(problem('unitMismatch', { value: meta.unit, unit: roster.unit }, { sheet: META_SHEET }));
    const branch = findBranch(roster, meta.branch);
    const stage = findStage(roster, meta.stage);
    if (!branch) problems.push(problem('branchNotInRoster', { value: meta.branch }, { sheet: META_SHEET }));
    if (!stage) problems.push(problem('stageNotInRoster', { value: meta.stage }, { sheet: META_SHEET }));
    if (branch && stage) {
      context = {
        ...context,
        unit: roster.unit,
        secretary: roster.secretary || undefined,
        branch,
        stage,
        members: membersOf(roster, branch.name),
        allMembers: roster.members,
        allBranches: roster.branches.map((b) => b.name),
      };
      if (meta.rosterDigest !== PANE_SETUP_DIGEST && rosterDigest(roster) !== meta.rosterDigest)
        problems.push(problem('rosterChanged', {}, { sheet: META_SHEET }));
    }
  }

  const taken = new Set<string>();
  const reads: FormRead<unknown>[] = [];
  for (const form of BRANCH_FORMS) {
    const pick = pickSheet(form, grids, taken);
    if (!pick.grid && OPTIONAL_FORMS.includes(form) && pick.problems.every((p) => p.rule === 'sheetMissing')) continue;
    problems.push(...pick.problems);
    if (!pick.grid) continue;
    taken.add(pick.grid.name);
    const read = readForm(form as FormDef, pick.grid, options);
    problems.push(...read.problems);
    reads.push(read);
  }
  const byForm = (form: FormDef) => reads.find((r) => r.form === form);
  const forms = {
    org: byForm(ORG_FORM),
    member: byForm(MEMBER_FORM),
    rectification: byForm(RECTIFICATION_FORM),
    schedule: byForm(SCHEDULE_FORM),
  } as BranchForms;
  checkBranchForms(context, forms);
  problems.push(...stampProblems(meta, forms));
  // Nothing entered beyond what `template` pre-filled: an untouched form is not a submission.
  if (!hasErrors(problems) && reads.every((r) => r.rows.length === 0)) problems.push(problem('notFilled', {}, { sheet: ORG_FORM.sheetName }));
  const usable = !problems.some((p) => p.severity === 'error');
  return { meta, context, forms, problems, usable };
}

/**
 * The finalize time merge and print may order resubmissions by: `_meta`'s, unless an earlier
 * version stamped it (its digest covers the rows only), when the file counts as not finalized.
 */
export function trustedFinalizedAt(read: Pick<BranchRead, 'meta' | 'problems'>): string | undefined {
  return read.problems.some((p) => p.rule === 'finalizedBeforeSeal') ? undefined : read.meta.finalizedAt;
}

export function isBranchRead(x: BranchRead | { problems: Problem[] }): x is BranchRead {
  return 'forms' in x;
}

/** Every problem of a branch read, sheet-level first, then rows in sheet order. */
export function allProblems(read: BranchRead): Problem[] {
  return [...read.problems, ...rowProblems(read.forms)];
}

/**
 * What 定稿 judges (the add-in's and the command's): every problem, and a file without a single
 * review is not finished even if its plan is filled.
 */
export function finalizeProblems(read: BranchRead): Problem[] {
  const problems = allProblems(read);
  const reviews = (read.forms.org?.rows.length ?? 0) + (read.forms.member?.rows.length ?? 0);
  if (reviews === 0 && !problems.some((p) => p.rule === 'notFilled')) problems.unshift(problem('notFilled', {}, { sheet: ORG_FORM.sheetName }));
  return problems;
}

/** The forms in the order their rows are reported: schedule, org, member, rectification. */
export function formsInOrder(forms: BranchForms): (FormRead<unknown> | undefined)[] {
  return [forms.schedule, forms.org, forms.member, forms.rectification];
}

/** The rows' problems of every form, in sheet order. */
export function rowProblems(forms: BranchForms): Problem[] {
  return formsInOrder(forms).flatMap((f) => (f?.rows ?? []).flatMap((r) => r.problems));
}

export { isAccepted };
