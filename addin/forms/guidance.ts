/**
 * The branch workbook's own guidance, for a secretary without the add-in (WPS, Excel 2010+,
 * LibreOffice): a 填写状态 column, conditional formats on cells `check` would reject, and the
 * progress block of 填表说明. Only ordinary formulas (no dynamic arrays, TEXTJOIN, FILTER or LET),
 * every one generated from the form model: required flags, options, lists, the stage window.
 *
 * 已完成 means every required cell of a started row holds something. A row may still have errors
 * no formula sees (see FORMULA_BLIND_RULES); `check` and the add-in's 检查 remain the judges.
 */
import { columnLetter } from './cell';
import { NO_WORDS, YES_WORDS } from './fields';
import { type Column, type FormDef, objectColumn } from './form';
import type { RuleId } from './problems';
import type { RosterStage } from './roster';

export const STATUS_LABEL = '填写状态';
export const STATUS_WIDTH = 10;
export const STATUS_DONE = '已完成';
export const STATUS_UNTOUCHED = '未填写';
export const statusMissing = (n: number): string => `缺${n}项`;

/** What a conditional format marks, and the rules of `check` that report the same cell. */
export const MARK_RULES = {
  missing: ['required', 'missingAspect', 'missingElement'],
  outsideStage: ['dateOutsideStage'],
  notInList: ['notInList', 'notYesNo', 'stageMismatch', 'branchMismatch', 'rowBranchNotInRoster', 'rectificationObjectUnknown', 'memberOfOtherBranch'],
  requiredWhen: ['doneWithoutDate'],
  duplicate: ['duplicateReview'],
} as const satisfies Record<string, readonly RuleId[]>;

export type ProblemMark = keyof typeof MARK_RULES;
/** Problem marks, and the colours of the 填写状态 cells themselves. */
export type MarkKind = ProblemMark | 'statusDone' | 'statusMissing';

/**
 * Rules no formula of the workbook can see: they need the roster beyond this branch, text dates
 * in any of the accepted spellings, the as-of day, the plan, or the wording of a comment.
 */
export const FORMULA_BLIND_RULES: readonly RuleId[] = [
  'memberNotInRoster',
  'notDate',
  'dateInFuture',
  'rectificationObjectKind',
  'completedNotDone',
  'replyBeforeCompletion',
  'duplicatePlan',
  'scheduleObjectUnknown',
  'scheduleReviewerUnknown',
  'tooLong',
  'cellError',
];

export interface MarkSpec {
  kind: MarkKind;
  /** A1 range the format covers, e.g. "E2:H301". */
  range: string;
  /** The condition, relative to the range's top-left cell, without "=". */
  formula: string;
  /** Colours, "#RRGGBB". */
  fill: string;
  font: string;
}

const PROBLEM_COLORS = { fill: '#FFC7CE', font: '#9C0006' };
const MARK_COLORS: Record<MarkKind, { fill: string; font: string }> = {
  missing: PROBLEM_COLORS,
  outsideStage: PROBLEM_COLORS,
  notInList: PROBLEM_COLORS,
  requiredWhen: PROBLEM_COLORS,
  duplicate: PROBLEM_COLORS,
  statusDone: { fill: '#C6EFCE', font: '#006100' },
  statusMissing: { fill: '#FFEB9C', font: '#9C5700' },
};

/** The rows a sheet's guidance covers. */
export interface RowSpan {
  first: number;
  last: number;
}

const IDEOGRAPHIC_SPACE = '\u3000';
const str = (s: string) => `"${s.replace(/"/g, '""')}"`;
/** A cell's text without spaces (ASCII and ideographic), as names and choices are compared. */
const squeezed = (ref: string) => `SUBSTITUTE(SUBSTITUTE(${ref}," ",""),"${IDEOGRAPHIC_SPACE}","")`;
/** Whether a cell (or each cell of a range) holds something: blank and space-only cells do not. */
const filled = (ref: string) => `LEN(TRIM(SUBSTITUTE(${ref},"${IDEOGRAPHIC_SPACE}","")))>0`;

const letterOf = (c: Column) => columnLetter(c.index);

/** Consecutive columns as runs, so a count is one SUMPRODUCT per run. */
function runs(columns: readonly Column[]): [Column, Column][] {
  const out: [Column, Column][] = [];
  for (const c of [...columns].sort((a, b) => a.index - b.index)) {
    const last = out[out.length - 1];
    if (last && last[1].index === c.index - 1) last[1] = c;
    else out.push([c, c]);
  }
  return out;
}

/** How many of `columns` hold something on `row` (columns absolute, the row relative). */
function countFilled(columns: readonly Column[], row: number): string {
  if (columns.length === 0) return '0';
  return runs(columns)
    .map(([a, b]) => (a === b ? `--(${filled(`$${letterOf(a)}${row}`)})` : `SUMPRODUCT(--(${filled(`$${letterOf(a)}${row}:$${letterOf(b)}${row}`)}))`))
    .join('+');
}

/** Cells that alone do not make a row started: pre-filled from the roster or suggested by `template`. */
const isGiven = (c: Column) => !!c.meta.prefilled || !!c.meta.suggested;

export function statusLetter(form: FormDef): string {
  return columnLetter(form.columns.length);
}

/** The 填写状态 formula of one row: 已完成, 缺N项 (N required cells empty), 未填写, or "" for a blank row. */
export function statusFormula(form: FormDef, row: number): string {
  const required = form.columns.filter((c) => c.meta.required);
  const started = countFilled(
    form.columns.filter((c) => !isGiven(c)),
    row,
  );
  const given = countFilled(form.columns.filter(isGiven), row);
  const missing = `${required.length}-(${countFilled(required, row)})`;
  return `IF(${started}>0,SUBSTITUTE("缺"&(${missing})&"项","缺0项",${str(STATUS_DONE)}),IF(${given}>0,${str(STATUS_UNTOUCHED)},""))`;
}

const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.replace(/[ \u3000]/g, '') === '');

/** What statusFormula computes for a row of values (the cached result a viewer shows before recalculating). */
export function statusValue(form: FormDef, values: readonly unknown[]): string {
  const has = (c: Column) => !isBlank(values[c.index]);
  if (form.columns.some((c) => !isGiven(c) && has(c))) {
    const missing = form.columns.filter((c) => c.meta.required && !has(c)).length;
    return missing === 0 ? STATUS_DONE : statusMissing(missing);
  }
  return form.columns.some((c) => isGiven(c) && has(c)) ? STATUS_UNTOUCHED : '';
}

/**
 * Whether the row holds a record `check` reads (not blank, not only pre-filled), as a condition.
 * Summed from the cells, not read from 填写状态: rows added below the table have no 填写状态.
 */
function startedCondition(form: FormDef, row: number): string {
  const terms = runs(form.columns.filter((c) => !isGiven(c))).map(([a, b]) => {
    const range = a === b ? `$${letterOf(a)}${row}` : `$${letterOf(a)}${row}:$${letterOf(b)}${row}`;
    return `SUMPRODUCT(LEN(TRIM(SUBSTITUTE(${range},"${IDEOGRAPHIC_SPACE}",""))))`;
  });
  return `${terms.join('+')}>0`;
}

/** Excel 2007's limit on a conditional format's formula, kept so that every version takes the file. */
export const MAX_MARK_FORMULA = 255;

function dateSerial(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `DATE(${y},${m},${d})`;
}

export interface MarkContext {
  stage: RosterStage;
  /** The range a dynamic list's items are on (`_lists!$C$2:$C$9`), without "=". */
  listRange(list: NonNullable<Column['meta']['list']>): string | undefined;
}

/** The conditional formats of a form sheet: one per kind and run of columns, over the data rows. */
export function markSpecs(form: FormDef, rows: RowSpan, ctx: MarkContext): MarkSpec[] {
  const { first, last } = rows;
  const started = startedCondition(form, first);
  const specs: MarkSpec[] = [];
  const add = (kind: MarkKind, from: Column | string, to: Column | string, formula: string) => {
    const a = typeof from === 'string' ? from : letterOf(from);
    const b = typeof to === 'string' ? to : letterOf(to);
    specs.push({ kind, range: `${a}${first}:${b}${last}`, formula, ...MARK_COLORS[kind] });
  };

  for (const [a, b] of runs(form.columns.filter((c) => c.meta.required))) {
    add('missing', a, b, `AND(${started},NOT(${filled(`${letterOf(a)}${first}`)}))`);
  }
  for (const c of form.columns) {
    const cell = `${letterOf(c)}${first}`;
    // A value in a cell the secretary fills starts the row; a pre-filled or suggested one does not.
    const and = (...conditions: string[]) => `AND(${[...(isGiven(c) ? [started] : []), ...conditions].join(',')})`;
    if (c.meta.kind === 'date' && c.meta.dateRule === 'inStage') {
      const { start, end } = ctx.stage;
      add('outsideStage', c, c, and(`ISNUMBER(${cell})`, `OR(INT(${cell})<${dateSerial(start)},INT(${cell})>${dateSerial(end)})`));
    }
    const items = c.meta.kind === 'yesNo' ? [...YES_WORDS, ...NO_WORDS] : c.meta.options;
    const listRange = c.meta.list ? ctx.listRange(c.meta.list) : undefined;
    if (items) {
      add('notInList', c, c, and(`${squeezed(cell)}<>""`, `ISNA(MATCH(${squeezed(cell)},{${items.map(str).join(',')}},0))`));
    } else if (listRange) {
      add('notInList', c, c, and(`${squeezed(cell)}<>""`, `COUNTIF(${listRange},${squeezed(cell)})=0`));
    }
    const when = c.meta.requiredWhen;
    const other = when && form.columns.find((o) => o.key === when.key);
    if (when && other) {
      add('requiredWhen', c, c, `AND(${squeezed(`$${letterOf(other)}${first}`)}=${str(when.equals)},NOT(${filled(cell)}))`);
    }
  }
  const object = objectColumn(form);
  if (form.statusColumn) {
    const s = statusLetter(form);
    if (object) {
      // A started row naming the object of a row above it that is not an untouched table row: marked
      // where check reports the repeat, on the later row. Rows above start at the header (no match
      // there), so the first data row needs no case of its own.
      const above = (letter: string) => `$${letter}$${first - 1}:$${letter}${first - 1}`;
      const self = `$${letterOf(object)}${first}`;
      add('duplicate', object, object, `AND(${started},COUNTIFS(${above(letterOf(object))},${self},${above(s)},"<>${STATUS_UNTOUCHED}")>0)`);
    }
    add('statusDone', s, s, `$${s}${first}=${str(STATUS_DONE)}`);
    add('statusMissing', s, s, `LEFT($${s}${first},1)="缺"`);
  }
  return specs;
}

/** Where a review sheet's rows and 填写状态 are, for the progress formulas of 填表说明. */
export interface StatusSheet {
  sheet: string;
  /** Column letters of the object (姓名, 党组织名称) and of 填写状态. */
  object: string;
  status: string;
  rows: RowSpan;
}

export interface ProgressCell {
  formula: string;
  /** What the formula shows before anything is filled. */
  result: string;
}

const ref = (s: StatusSheet, letter: string, from = s.rows.first) => `'${s.sheet.replace(/'/g, "''")}'!$${letter}$${from}:$${letter}$${s.rows.last}`;
/** Far beyond any data row: the key SMALL gives rows that are not listed. */
const NOT_LISTED = 100000;

/** The progress lines of 填表说明: reviewed members, the branch review, and each member not yet complete. */
export function progressCells(org: StatusSheet, member: StatusSheet, members: readonly string[]): ProgressCell[] {
  const states = ref(member, member.status);
  const orgStates = ref(org, org.status);
  const open = `COUNTIF(${states},${str(STATUS_UNTOUCHED)})+COUNTIF(${states},"缺*")`;
  const cells: ProgressCell[] = [
    {
      formula: `"已点评党员："&COUNTIF(${states},${str(STATUS_DONE)})&" 人（“填写状态”为“已完成”）"`,
      result: '已点评党员：0 人（“填写状态”为“已完成”）',
    },
    {
      formula: `"党组织点评："&IF(COUNTIF(${orgStates},${str(STATUS_DONE)})>0,${str(STATUS_DONE)},"未完成")`,
      result: '党组织点评：未完成',
    },
    { formula: `"尚未完成的党员（"&(${open})&" 人）："`, result: `尚未完成的党员（${members.length} 人）：` },
  ];
  // The k-th row whose state is neither 已完成 nor blank, in the table's order (SUMPRODUCT makes SMALL take the array).
  const rowOf = (k: number) => `SUMPRODUCT(SMALL(ROW(${states})+((${states}=${str(STATUS_DONE)})+(${states}=""))*${NOT_LISTED},${k}))`;
  const column = (letter: string) => ref(member, letter, 1);
  members.forEach((name, i) => {
    const r = rowOf(i + 1);
    cells.push({
      formula: `IF(${r}>=${NOT_LISTED},"","　"&INDEX(${column(member.object)},${r})&"（"&INDEX(${column(member.status)},${r})&"）")`,
      result: `　${name}（${STATUS_UNTOUCHED}）`,
    });
  });
  return cells;
}
