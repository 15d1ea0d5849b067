/**
 * Sheet layouts derived from the forms: headers, widths, data validation, protection, print
 * setup and pre-filled rows. One layout, two writers: `template` (exceljs) and the add-in
 * (Office.js) both render exactly this, and a test holds them to it.
 */
import { type CellValue, a1, columnLetter } from './cell';
import { isoToChinese } from './dates';
import type { DynamicList, FieldMeta } from './fields';
import { toCellValue } from './fields';
import { type FormDef, objectColumn } from './form';
import { LISTS_SHEET } from './meta';
import { BRANCH_FORMS, MEMBER_FORM, ORG_FORM, RECTIFICATION_FORM, SCHEDULE_FORM, USUAL_METHOD } from './branch-forms';
import { type MarkSpec, STATUS_LABEL, STATUS_WIDTH, markSpecs, statusFormula, statusLetter, statusValue } from './guidance';
import { FORM_MARGINS, type PrintSpec, formScale } from './print-layout';
import type { RosterBranch, RosterMember, RosterStage } from './roster';

export const HEADER_ROW = 1;
export const FIRST_DATA_ROW = 2;
/** Rows below the pre-filled ones that still get validation, for rows a secretary adds. */
export const SPARE_ROWS = 300;
export const INSTRUCTIONS_SHEET = '填表说明';

export interface ValidationSpec {
  type: 'list' | 'date' | 'whole' | 'textLength';
  /** list: the items (inline) or a range formula on the lists sheet (=_lists!$A$2:$A$9). */
  items?: readonly string[];
  source?: string;
  operator?: 'between' | 'greaterThanOrEqual' | 'lessThanOrEqual';
  /** ISO dates for `date`, numbers otherwise. */
  min?: string | number;
  max?: string | number;
  promptTitle: string;
  prompt: string;
  errorTitle: string;
  error: string;
}

export interface ColumnLayout {
  key: string;
  header: string;
  letter: string;
  width: number;
  wrap: boolean;
  required: boolean;
  /** Pre-filled from the roster and locked. */
  locked: boolean;
  numFmt?: string;
  validation?: ValidationSpec;
}

export interface ProtectionSpec {
  selectLockedCells: true;
  selectUnlockedCells: true;
  formatColumns: true;
  formatRows: true;
  insertRows: true;
  autoFilter: true;
}

/**
 * The 填写状态 column after the form's columns: a formula per pre-filled row (one per member, one
 * for the branch), locked. Not on the spare rows: a formula cell is content, and Excel and
 * LibreOffice would print hundreds of empty rows.
 */
export interface StatusColumnLayout {
  header: string;
  letter: string;
  width: number;
  /** One per pre-filled row, from firstDataRow on, without "=". */
  formulas: string[];
  /** What each formula gives before anything is filled (written as the cached value). */
  results: string[];
}

export interface SheetLayout {
  name: string;
  title: string;
  columns: ColumnLayout[];
  status?: StatusColumnLayout;
  /** Conditional formats that mark cells check would reject (and colour 填写状态). */
  marks: MarkSpec[];
  headerRow: number;
  firstDataRow: number;
  /** Last row that carries validation. */
  lastDataRow: number;
  /** Pre-filled rows from firstDataRow on; each row indexed like `columns`. */
  prefill: CellValue[][];
  freeze: { rows: number; columns: number };
  /** Null: the sheet is not protected. */
  protection: ProtectionSpec | null;
  print: PrintSpec;
}

/** What a branch workbook is about: the roster part its layouts need. */
export interface LayoutContext {
  unit: string;
  /** The unit's 党组织书记 (reviews the branch leader in the plan). */
  secretary?: string;
  stage: RosterStage;
  branch: RosterBranch;
  members: readonly RosterMember[];
}

export interface ListColumn {
  list: DynamicList;
  header: string;
  items: string[];
}

/** The very hidden `_lists` sheet that dynamic dropdowns point at. */
export function listColumns(ctx: LayoutContext): ListColumn[] {
  return [
    { list: 'stages', header: '阶段', items: [ctx.stage.name] },
    { list: 'branches', header: '党小组', items: [ctx.branch.name] },
    { list: 'objects', header: '整改对象', items: [ctx.branch.name, ...ctx.members.map((m) => m.name)] },
  ];
}

function listRange(ctx: LayoutContext, list: DynamicList): string {
  const columns = listColumns(ctx);
  const index = columns.findIndex((c) => c.list === list);
  const letter = columnLetter(index);
  return `${LISTS_SHEET}!$${letter}$2:$${letter}$${columns[index].items.length + 1}`;
}

interface LayoutOptions {
  prefill: readonly object[];
  /** The range a dynamic list's items are on (`_lists!$C$2:$C$9`): its dropdown's source, its marks' list. */
  listRange(list: DynamicList): string | undefined;
  /** The stage whose window bounds in-stage dates. */
  stage?: RosterStage;
  lockPrefilled: boolean;
  /** Protect the sheet (header and pre-filled cells locked; no password). */
  protect: boolean;
  /** The branch workbook's guidance: 填写状态 and conditional formats (needs `stage`). */
  guidance?: boolean;
}

/**
 * Excel's limits on data validation texts, in characters: the input title and the error title 32,
 * the input message 255, the error message 225. Longer texts make Office.js fail and Excel report
 * the file as damaged, so both writers get them clipped here.
 */
export const VALIDATION_TEXT_LIMITS = { title: 32, prompt: 255, error: 225 } as const;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function withinLimits(v: ValidationSpec): ValidationSpec {
  const { title, prompt, error } = VALIDATION_TEXT_LIMITS;
  return { ...v, promptTitle: clip(v.promptTitle, title), prompt: clip(v.prompt, prompt), errorTitle: clip(v.errorTitle, title), error: clip(v.error, error) };
}

function stageWindowError(stage: RosterStage): string {
  const window = `${isoToChinese(stage.start)}至${isoToChinese(stage.end)}`;
  const named = `日期须在「${stage.name}」阶段内：${window}。`;
  // A long stage name would push the dates out of the message: name the stage only when it fits.
  return named.length <= VALIDATION_TEXT_LIMITS.error ? named : `日期须在本阶段内：${window}。`;
}

function validationFor(meta: FieldMeta, opts: LayoutOptions): ValidationSpec | undefined {
  const spec = validationSpecFor(meta, opts);
  return spec && withinLimits(spec);
}

function validationSpecFor(meta: FieldMeta, opts: LayoutOptions): ValidationSpec | undefined {
  const promptTitle = meta.label;
  const prompt = [meta.prompt, meta.required ? '（必填）' : ''].join('');
  const errorTitle = '输入有误';
  if (meta.kind === 'choice' || meta.kind === 'yesNo') {
    const items = meta.options ?? [];
    return { type: 'list', items, promptTitle, prompt, errorTitle, error: `请从下拉列表中选择：${items.join('、')}` };
  }
  const range = meta.list && !meta.prefilled ? opts.listRange(meta.list) : undefined;
  if (range) {
    return { type: 'list', source: `=${range}`, promptTitle, prompt, errorTitle, error: '请从下拉列表中选择。' };
  }
  if (meta.kind === 'date') {
    if (meta.dateRule === 'inStage' && opts.stage) {
      const { start, end } = opts.stage;
      return { type: 'date', operator: 'between', min: start, max: end, promptTitle, prompt, errorTitle, error: stageWindowError(opts.stage) };
    }
    return { type: 'date', operator: 'greaterThanOrEqual', min: '2000-01-01', promptTitle, prompt, errorTitle, error: '请填写日期，如 2010-09-15。' };
  }
  if (meta.kind === 'count') {
    return { type: 'whole', operator: 'between', min: 0, max: 100000, promptTitle, prompt, errorTitle, error: '请填写不小于 0 的整数。' };
  }
  if (meta.prefilled) return undefined;
  return { type: 'textLength', operator: 'lessThanOrEqual', max: 32767, promptTitle, prompt, errorTitle, error: '内容超过 Excel 单元格上限 32767 个字符。' };
}

/** The plan `template` suggests: the branch by its 联系领导 on site, each member by the 组长 in a meeting. */
function schedulePrefill(ctx: LayoutContext): Record<string, unknown>[] {
  const leader = ctx.branch.leader ?? ctx.secretary;
  return [
    { object: ctx.branch.name, reviewer: ctx.branch.liaison, method: USUAL_METHOD.org, scope: '党员群众代表座谈会' },
    ...ctx.members.map((m) => ({
      object: m.name,
      reviewer: m.name === leader ? ctx.secretary : leader,
      reviewerPost: m.name === leader ? '党组织书记' : '党小组组长',
      method: USUAL_METHOD.member,
      scope: '党小组党员大会',
    })),
  ];
}

/** The values `template` pre-fills: the branch on its review, every member on theirs, the plan. */
function prefillRows(form: FormDef, ctx: LayoutContext): Record<string, unknown>[] {
  if (form === SCHEDULE_FORM) return schedulePrefill(ctx);
  if (form === ORG_FORM) return [{ branch: ctx.branch.name, branchLeader: ctx.branch.leader, memberCount: ctx.members.length, stage: ctx.stage.name }];
  if (form === MEMBER_FORM)
    return ctx.members.map((m) => ({ name: m.name, branch: ctx.branch.name, post: m.post, category: m.category, stage: ctx.stage.name }));
  return [];
}

/** Cells that wrap: free text, and dates (a date typed as text, 2010年9月16日, is wider than its column). */
export function wraps(meta: FieldMeta): boolean {
  return meta.kind === 'longText' || meta.kind === 'date';
}

/** Any form's sheet layout; `sheetLayout` and the roster sheets of `init` are built on it. */
export function formLayout(form: FormDef, opts: LayoutOptions): SheetLayout {
  const columns: ColumnLayout[] = form.columns.map((c) => ({
    key: c.key,
    header: c.meta.label,
    letter: columnLetter(c.index),
    width: c.meta.width,
    wrap: wraps(c.meta),
    required: c.meta.required,
    locked: !!c.meta.prefilled && opts.lockPrefilled,
    numFmt: c.meta.kind === 'date' ? 'yyyy-mm-dd' : undefined,
    validation: validationFor(c.meta, opts),
  }));
  const prefill = opts.prefill.map((values) => form.columns.map((c) => toCellValue(c.meta, (values as Record<string, unknown>)[c.key])));
  const frozenColumns = form === MEMBER_FORM ? 1 : 0;
  const lastDataRow = FIRST_DATA_ROW + prefill.length + SPARE_ROWS - 1;
  const rows = { first: FIRST_DATA_ROW, last: lastDataRow };
  const guidance = opts.guidance && opts.stage ? { stage: opts.stage, listRange: opts.listRange } : undefined;
  const object = objectColumn(form);
  return {
    name: form.sheetName,
    title: form.title,
    columns,
    status: guidance && form.statusColumn && prefill.length > 0 ? statusColumn(form, prefill) : undefined,
    marks: guidance ? markSpecs(form, rows, guidance) : [],
    headerRow: HEADER_ROW,
    firstDataRow: FIRST_DATA_ROW,
    lastDataRow,
    prefill,
    freeze: { rows: HEADER_ROW, columns: frozenColumns },
    protection: opts.protect
      ? { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, insertRows: true, autoFilter: true }
      : null,
    print: {
      orientation: 'landscape',
      paperSize: 'A4',
      scale: formScale([...columns.map((c) => c.width), ...(guidance && form.statusColumn ? [STATUS_WIDTH] : [])]),
      printTitleRows: `${HEADER_ROW}:${HEADER_ROW}`,
      printTitleColumns: object ? `A:${columnLetter(object.index)}` : undefined,
      order: 'overThenDown',
      margins: FORM_MARGINS,
    },
  };
}

function statusColumn(form: FormDef, prefill: readonly CellValue[][]): StatusColumnLayout {
  return {
    header: STATUS_LABEL,
    letter: statusLetter(form),
    width: STATUS_WIDTH,
    formulas: prefill.map((_, i) => statusFormula(form, FIRST_DATA_ROW + i)),
    results: prefill.map((values) => statusValue(form, values)),
  };
}

/** The layout of a branch workbook's form sheet. */
export function sheetLayout(form: FormDef, ctx: LayoutContext): SheetLayout {
  return formLayout(form, {
    prefill: prefillRows(form, ctx),
    listRange: (list) => listRange(ctx, list),
    stage: ctx.stage,
    lockPrefilled: form !== RECTIFICATION_FORM,
    protect: true,
    guidance: true,
  });
}

export function branchLayouts(ctx: LayoutContext): SheetLayout[] {
  return BRANCH_FORMS.map((form) => sheetLayout(form, ctx));
}

/** The range a column's validation covers, e.g. "H2:H331". */
export function validationRange(layout: SheetLayout, column: ColumnLayout): string {
  return `${column.letter}${layout.firstDataRow}:${column.letter}${layout.lastDataRow}`;
}

/** The form's header cells (without 填写状态). */
export function headerRange(layout: SheetLayout): string {
  return `A${layout.headerRow}:${a1(layout.columns.length - 1, layout.headerRow)}`;
}

/** The header with 填写状态, where a filter goes. */
export function filterRange(layout: SheetLayout): string {
  const width = layout.columns.length + (layout.status ? 1 : 0);
  return `A${layout.headerRow}:${a1(width - 1, layout.headerRow)}`;
}

/** The 填写状态 cells, e.g. "U2:U8". */
export function statusRange(layout: SheetLayout): string | undefined {
  const s = layout.status;
  return s && `${s.letter}${layout.firstDataRow}:${s.letter}${layout.firstDataRow + s.formulas.length - 1}`;
}
