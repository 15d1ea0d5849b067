/**
 * Rules across the rows of one branch's forms, against its roster and stage. Row-level
 * problems are appended to the row they concern (an error rejects that row).
 */
import { type IsoDate, daysBetween } from '../dates';
import type { FormDef } from '../form';
import { type MessageParams, type RuleId, problem, quote } from '../problems';
import type { ReadRow, FormRead } from './sheet-reader';
import {
  DONE_STATUS,
  MEMBER_FORM,
  ORG_FORM,
  PLAN_TOLERANCE_DAYS,
  SCHEDULE_FORM,
  USUAL_METHOD,
  type MemberReview,
  type OrgReview,
  type Rectification,
  type ScheduleRow,
} from '../branch-forms';
import type { RosterBranch, RosterMember, RosterStage } from '../roster';
import { isPlaceholderComment } from '../text';

/** What the rules know about the branch a file speaks for. */
export interface BranchContext {
  unit: string;
  secretary?: string;
  branch: RosterBranch;
  /** Members of this branch. */
  members: readonly RosterMember[];
  /** Every member of the unit, when the whole roster is known (finds members of other branches). */
  allMembers?: readonly RosterMember[];
  /** Every branch name of the unit, when the whole roster is known. */
  allBranches?: readonly string[];
  stage: RosterStage;
  /** Dates after this day are "in the future". */
  asOf: IsoDate;
}

export interface BranchForms {
  org?: FormRead<OrgReview>;
  member?: FormRead<MemberReview>;
  rectification?: FormRead<Rectification>;
  schedule?: FormRead<ScheduleRow>;
}

function add<T>(form: FormDef, read: FormRead<T>, row: ReadRow<T>, rule: RuleId, key: string, params: MessageParams = {}): void {
  row.problems.push(problem(rule, params, { sheet: read.sheet, cell: row.cells[key] ?? row.cells[form.columns[0].key] }));
}

/** Rules declared on the fields themselves: date windows and placeholder comments. */
function checkFieldRules<T>(ctx: BranchContext, form: FormDef, read: FormRead<T>): void {
  for (const row of read.rows) {
    // A row with one bad cell still gets its other cells checked: a reviewer who plants a date
    // outside the stage and an empty aspect in one row must hear about both.
    const fields = row.record ?? row.values;
    if (!fields) continue;
    for (const column of form.columns) {
      const value = (fields as Record<string, unknown>)[column.key];
      if (typeof value !== 'string') continue;
      if (column.meta.kind === 'date') checkDate(ctx, form, read, row, column.key, value, column.meta.dateRule);
      if (column.meta.comment && isPlaceholderComment(value))
        add(form, read, row, 'placeholderComment', column.key, { label: column.meta.label, value: quote(value, 10) });
    }
  }
}

/** Rules both review forms share: the stage, and deeds for a recommended example. */
function checkReviewCommon<T extends OrgReview | MemberReview>(ctx: BranchContext, form: FormDef, read: FormRead<T>): void {
  checkFieldRules(ctx, form, read);
  for (const row of read.rows) {
    const r = row.record;
    const stage = r?.stage ?? row.values?.stage;
    if (stage !== undefined && stage !== ctx.stage.name) add(form, read, row, 'stageMismatch', 'stage', { value: stage, stage: ctx.stage.name });
    if (!r) continue;
    if (r.example && !r.deeds) add(form, read, row, 'exampleWithoutDeeds', 'deeds');
  }
}

function checkDate<T>(
  ctx: BranchContext,
  form: FormDef,
  read: FormRead<T>,
  row: ReadRow<T>,
  key: string,
  value: string,
  rule: 'inStage' | 'notFuture' | undefined,
): void {
  const label = form.columns.find((c) => c.key === key)?.meta.label ?? key;
  if (rule === 'inStage' && (value < ctx.stage.start || value > ctx.stage.end)) {
    add(form, read, row, 'dateOutsideStage', key, { label, value, stage: ctx.stage.name, start: ctx.stage.start, end: ctx.stage.end });
  } else if (rule && value > ctx.asOf && form !== SCHEDULE_FORM) {
    // A plan's 计划日期 is meant to lie ahead: only its stage window is checked (README 点评安排).
    add(form, read, row, 'dateInFuture', key, { label, value, asOf: ctx.asOf });
  }
}

/** The same object twice in one stage: the later rows are errors pointing at the first. */
function checkDuplicates<T>(
  form: FormDef,
  read: FormRead<T>,
  keyOf: (r: T) => string,
  cellKey: string,
  rule: 'duplicateReview' | 'duplicatePlan' = 'duplicateReview',
): void {
  const first = new Map<string, number>();
  for (const row of read.rows) {
    // A first row with another error still names its object: the repeat is reported now, not after a fix.
    const fields = row.record ?? row.values;
    const key = fields ? (keyOf(fields as T) as string | undefined) : undefined;
    if (!key) continue;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, row.row);
    else add(form, read, row, rule, cellKey, { value: key, firstRow: seen });
  }
}

/** Fields a row needs once another of its fields holds a value (declared as `requiredWhen` on the field). */
function checkRequiredWhen<T>(form: FormDef, read: FormRead<T>, row: ReadRow<T>, fields: Record<string, unknown>): void {
  for (const column of form.columns) {
    const when = column.meta.requiredWhen;
    if (when && fields[when.key] === when.equals && (fields[column.key] === undefined || fields[column.key] === ''))
      add(form, read, row, when.rule, column.key);
  }
}

/** Objects with a ledger item, counting items whose other cells still have errors (reported there). */
function rectifiedObjects(read: FormRead<Rectification> | undefined): Set<string> {
  return new Set((read?.rows ?? []).map((r) => r.record?.object ?? r.values?.object).filter((o): o is string => !!o));
}

/** A row naming another branch: unknown to the roster, or another branch of the unit. */
function wrongBranch<T>(ctx: BranchContext, form: FormDef, read: FormRead<T>, row: ReadRow<T>, label: string, value: string): void {
  const unknown = ctx.allBranches !== undefined && !ctx.allBranches.includes(value);
  add(form, read, row, unknown ? 'rowBranchNotInRoster' : 'branchMismatch', 'branch', { label, value, branch: ctx.branch.name });
}

function checkOrg(ctx: BranchContext, read: FormRead<OrgReview>, rectified: Set<string>): void {
  const form = ORG_FORM;
  checkReviewCommon(ctx, form, read);
  for (const row of read.rows) {
    // The cells that parsed, when another cell of the row is wrong: every planted problem is told at once.
    const r: Partial<OrgReview> | undefined = row.record ?? row.values;
    if (!r) continue;
    if (r.branch !== undefined && r.branch !== ctx.branch.name) wrongBranch(ctx, form, read, row, '党组织名称', r.branch);
    if (ctx.branch.liaison && r.reviewer !== undefined && r.reviewer !== ctx.branch.liaison)
      add(form, read, row, 'unexpectedOrgReviewer', 'reviewer', { expected: ctx.branch.liaison, value: r.reviewer });
    if (r.method !== undefined && r.method !== USUAL_METHOD.org)
      add(form, read, row, 'unusualMethod', 'method', { object: '联点领导对联系点（党小组）的点评', usual: USUAL_METHOD.org, value: r.method });
    if (r.deadline && r.branch !== undefined && !rectified.has(r.branch)) add(form, read, row, 'deadlineWithoutRectification', 'deadline', { value: r.branch });
  }
  checkDuplicates(form, read, (r) => r.branch, 'branch');
}

function checkMembers(ctx: BranchContext, read: FormRead<MemberReview>, rectified: Set<string>): void {
  const form = MEMBER_FORM;
  checkReviewCommon(ctx, form, read);
  const own = new Set(ctx.members.map((m) => m.name));
  const expected = [ctx.branch.leader, ctx.secretary].filter((n): n is string => !!n);
  for (const row of read.rows) {
    // Who the row is about is checked even when other cells of it are wrong (an added row often
    // lacks the pre-filled 所在党小组 and 所属阶段): an outsider must be named at the name cell.
    const name = row.record?.name ?? row.values?.name;
    if (name !== undefined && !own.has(name)) {
      const other = ctx.allMembers?.find((m) => m.name === name);
      if (other) add(form, read, row, 'memberOfOtherBranch', 'name', { value: name, other: other.branch, branch: ctx.branch.name });
      else add(form, read, row, 'memberNotInRoster', 'name', { value: name });
    }
    const r: Partial<MemberReview> | undefined = row.record ?? row.values;
    if (!r) continue;
    if (r.branch !== undefined && r.branch !== ctx.branch.name) wrongBranch(ctx, form, read, row, '所在党小组', r.branch);
    if (expected.length > 0 && r.reviewer !== undefined && !expected.includes(r.reviewer))
      add(form, read, row, 'unexpectedMemberReviewer', 'reviewer', { expected: expected.join('或'), value: r.reviewer });
    if (r.method !== undefined && r.method !== USUAL_METHOD.member)
      add(form, read, row, 'unusualMethod', 'method', { object: '党组织书记对党员的点评', usual: USUAL_METHOD.member, value: r.method });
    if (r.deadline && name !== undefined && !rectified.has(name)) add(form, read, row, 'deadlineWithoutRectification', 'deadline', { value: name });
  }
  checkDuplicates(form, read, (r) => r.name, 'name');
}

function checkRectification(ctx: BranchContext, form: FormDef, read: FormRead<Rectification>): void {
  checkFieldRules(ctx, form, read);
  const own = new Set(ctx.members.map((m) => m.name));
  for (const row of read.rows) {
    // A row with another bad cell is still checked on the cells that parsed (an added item often
    // has gaps): an unknown object or 已整改 without a date is reported now, not after a fix.
    const r: Partial<Rectification> | undefined = row.record ?? row.values;
    if (!r) continue;
    const object = r.object;
    const isBranch = object === ctx.branch.name;
    const isMember = object !== undefined && own.has(object);
    if (object !== undefined && !isBranch && !isMember) {
      const other = ctx.allMembers?.find((m) => m.name === object);
      if (other) add(form, read, row, 'memberOfOtherBranch', 'object', { value: object, other: other.branch, branch: ctx.branch.name });
      else add(form, read, row, 'rectificationObjectUnknown', 'object', { value: object });
    } else if (object !== undefined && r.objectKind !== undefined && (r.objectKind === '党组织') !== isBranch) {
      add(form, read, row, 'rectificationObjectKind', 'objectKind', { kind: r.objectKind, value: object, actual: isBranch ? '党组织' : '党员' });
    }
    checkRequiredWhen(form, read, row, r);
    if (r.doneDate && r.status !== undefined && r.status !== DONE_STATUS) add(form, read, row, 'completedNotDone', 'status', { value: r.status });
    if (r.replyDate && r.doneDate && r.replyDate < r.doneDate)
      add(form, read, row, 'replyBeforeCompletion', 'replyDate', { value: r.replyDate, completed: r.doneDate });
  }
}

/** Member names per members array, built once: a county's roster has 100,000 members and every file is checked against it. */
const nameSets = new WeakMap<readonly RosterMember[], ReadonlySet<string>>();

function namesOf(members: readonly RosterMember[]): ReadonlySet<string> {
  let names = nameSets.get(members);
  if (!names) {
    names = new Set(members.map((m) => m.name));
    nameSets.set(members, names);
  }
  return names;
}

/** 点评安排: objects of this branch, reviewers known to the roster, dates in the stage, one row each. */
function checkSchedule(ctx: BranchContext, read: FormRead<ScheduleRow>): void {
  const form = SCHEDULE_FORM;
  checkFieldRules(ctx, form, read);
  const own = new Set(ctx.members.map((m) => m.name));
  const everyone = namesOf(ctx.allMembers ?? ctx.members);
  const known = { has: (n: string) => everyone.has(n) || (n !== '' && (n === ctx.branch.leader || n === ctx.branch.liaison || n === ctx.secretary)) };
  for (const row of read.rows) {
    const r = row.record;
    if (!r) continue;
    if (r.object !== ctx.branch.name && !own.has(r.object)) {
      const other = ctx.allMembers?.find((m) => m.name === r.object);
      if (other) add(form, read, row, 'memberOfOtherBranch', 'object', { value: r.object, other: other.branch, branch: ctx.branch.name });
      else add(form, read, row, 'scheduleObjectUnknown', 'object', { value: r.object });
    }
    if (!known.has(r.reviewer)) add(form, read, row, 'scheduleReviewerUnknown', 'reviewer', { value: r.reviewer });
  }
  checkDuplicates(form, read, (r) => r.object, 'object', 'duplicatePlan');
}

/**
 * Reviews against the plan, once the branch has planned anything: a review with no plan row, or
 * dated far from its plan, is a 提示. A branch that has not used the plan sheet is not nagged.
 */
function checkAgainstPlan<T extends OrgReview | MemberReview>(
  form: FormDef,
  read: FormRead<T>,
  objectOf: (r: T) => string,
  objectKey: string,
  plans: Map<string, string>,
): void {
  if (plans.size === 0) return;
  for (const row of read.rows) {
    const r = row.record;
    if (!r) continue;
    const planned = plans.get(objectOf(r));
    if (planned === undefined) add(form, read, row, 'reviewWithoutPlan', objectKey, { value: objectOf(r) });
    else {
      const days = Math.abs(daysBetween(planned, r.date));
      if (days >= PLAN_TOLERANCE_DAYS) add(form, read, row, 'reviewFarFromPlan', 'date', { value: r.date, planned, days });
    }
  }
}

/** Runs every cross-row rule; problems land on the rows they concern. */
export function checkBranchForms(ctx: BranchContext, forms: BranchForms): void {
  if (forms.schedule?.readable) checkSchedule(ctx, forms.schedule);
  const plans = new Map(
    (forms.schedule?.rows ?? [])
      .filter((r) => r.record && !r.problems.some((p) => p.severity === 'error'))
      .map((r) => [(r.record as ScheduleRow).object, (r.record as ScheduleRow).plannedDate]),
  );
  if (forms.org?.readable) checkAgainstPlan(ORG_FORM, forms.org, (r) => r.branch, 'branch', plans);
  if (forms.member?.readable) checkAgainstPlan(MEMBER_FORM, forms.member, (r) => r.name, 'name', plans);
  const rectified = rectifiedObjects(forms.rectification);
  if (forms.org?.readable) checkOrg(ctx, forms.org, rectified);
  if (forms.member?.readable) checkMembers(ctx, forms.member, rectified);
  if (forms.rectification?.readable) checkRectification(ctx, forms.rectification.form, forms.rectification);
}
