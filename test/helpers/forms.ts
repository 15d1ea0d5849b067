/**
 * Pure fixtures for the form tests: grids built from records (no xlsx involved), a clean branch
 * of the sample school, and the problems the readers and rules find in them.
 */
import type { BranchContext, BranchForms } from '../../addin/forms/read/branch-rules';
import { checkBranchForms } from '../../addin/forms/read/branch-rules';
import { type CellValue, type Grid, type GridRow, gridRow } from '../../addin/forms/cell';
import type { FormDef } from '../../addin/forms/form';
import type { Problem } from '../../addin/forms/problems';
import { readForm } from '../../addin/forms/read/sheet-reader';
import { MEMBER_FORM, ORG_FORM, RECTIFICATION_FORM, SCHEDULE_FORM } from '../../addin/forms/branch-forms';
import { findStage, membersOf } from '../../addin/forms/roster';
import type { RowInput } from '../../scripts/lib/demo/fill';
import { sampleBranchRows, sampleSchool } from '../../scripts/lib/demo/sample';

export const STAGE = '全面争创';
export const AS_OF = '2010-09-30';

/** A small school: 3 branches of 4 members, deterministic. */
export const school = sampleSchool(11, { branches: 3, membersPerBranch: 4 });
export const roster = school.roster;
export const branch = roster.branches[0];
export const members = membersOf(roster, branch.name);
export const otherBranch = roster.branches[1];
export const otherMember = membersOf(roster, otherBranch.name)[1];

export type Row = Record<string, CellValue | undefined>;

/** A sheet as the reader sees it: the form's headers on row 1, one record per row from row 2. */
export function formGrid(form: FormDef, rows: readonly Row[], name: string = form.sheetName): Grid {
  const header: GridRow = gridRow(
    1,
    form.columns.map((c) => c.meta.label),
  );
  const data = rows.map((row, i) =>
    gridRow(
      i + 2,
      form.columns.map((c) => row[c.key] ?? null),
    ),
  );
  return { name, state: 'visible', rows: [header, ...data] };
}

function toCell(value: RowInput[string]): CellValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new Error(`unexpected fixture value ${String(value)}`);
}

function rowOf(input: RowInput, extra: Row = {}): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(input)) out[k] = toCell(v);
  return { ...out, ...extra };
}

export interface BranchRows {
  org: Row[];
  member: Row[];
  rectification: Row[];
  /** 点评安排: empty unless a test plans (see `planned`). */
  schedule: Row[];
}

/** A clean, complete branch (branch 0), with the cells `template` pre-fills. */
export function cleanBranchRows(seed = 5): BranchRows {
  const rows = sampleBranchRows(school, branch.name, STAGE, seed);
  return {
    org: [rowOf(rows.org, { branch: branch.name, branchLeader: branch.leader, memberCount: members.length, stage: STAGE })],
    member: rows.members.map((m) => {
      const rm = members.find((x) => x.name === m.name);
      return rowOf(m, { branch: branch.name, post: rm?.post, category: rm?.category, stage: STAGE });
    }),
    rectification: rows.rectification.map((r) => rowOf(r)),
    schedule: [],
  };
}

/** The same branch with its 点评安排 filled: reviewers as `template` suggests them, the sample's planned dates. */
export function planned(seed = 5): BranchRows {
  const rows = cleanBranchRows(seed);
  const plan = sampleBranchRows(school, branch.name, STAGE, seed).schedule;
  rows.schedule = plan.map((p) => {
    const isBranch = p.object === branch.name;
    const reviewer = isBranch ? branch.liaison : p.object === branch.leader ? roster.secretary : branch.leader;
    return rowOf(p, { reviewer, method: isBranch ? '现场点评' : '集中点评' });
  });
  return rows;
}

export function branchContext(overrides: Partial<BranchContext> = {}): BranchContext {
  const stage = findStage(roster, STAGE);
  if (!stage) throw new Error('no stage');
  return { unit: roster.unit, secretary: roster.secretary, branch, members, allMembers: roster.members, stage, asOf: AS_OF, ...overrides };
}

/** Reads the three sheets and runs the cross-row rules, as `check` does; returns every problem. */
export function checkRows(rows: BranchRows, ctx: BranchContext = branchContext()): Problem[] {
  const forms: BranchForms = {
    org: readForm(ORG_FORM, formGrid(ORG_FORM, rows.org)),
    member: readForm(MEMBER_FORM, formGrid(MEMBER_FORM, rows.member)),
    rectification: readForm(RECTIFICATION_FORM, formGrid(RECTIFICATION_FORM, rows.rectification)),
    schedule: readForm(SCHEDULE_FORM, formGrid(SCHEDULE_FORM, rows.schedule)),
  };
  checkBranchForms(ctx, forms);
  return [forms.schedule, forms.org, forms.member, forms.rectification].flatMap((f) => [...(f?.problems ?? []), ...(f?.rows ?? []).flatMap((r) => r.problems)]);
}

/** Compact view of problems for assertions: rule@sheet!cell. */
export function where(problems: readonly Problem[]): string[] {
  return problems.map((p) => `${p.rule}@${p.sheet ?? ''}!${p.cell ?? ''}`);
}
