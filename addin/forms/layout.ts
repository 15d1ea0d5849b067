/**
 * Sheet layouts derived from the forms: headers, widths, data validation, protection, print
 * setup and pre-filled rows. One layout, two writers: `template` (exceljs) and the add-in
 * (Office.js) both render exactly this, and a test holds them to it.
 */
import { type CellValue, a1, columnLetter } from './cell';
import { isoToChinese } from './dates';
import type { DynamicList, FieldMeta } from './fields';
import { toCellValue } from './fields';
import type { FormDef } from './form';
import { LISTS_SHEET } from './meta';
import { BRANCH_FORMS, MEMBER_FORM, ORG_FORM, RECTIFICATION_FORM, SCHEDULE_FORM, USUAL_METHOD } from './branch-forms';
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

export interface SheetLayout {
  name: string;
  title: string;
  columns: ColumnLayout[];
  headerRow: number;
  firstDataRow: number;
  /** Last row that carries validation. */
  lastDataRow: number;
  /** Pre-filled rows from firstDataRow on; each row indexed like `columns`. */
  prefill: CellValue[][];
  freeze: { rows: number; columns: number };
  /** Null: the sheet is not protected. */
  protection: ProtectionSpec | null;
  print: { orientation: 'landscape'; paperSize: 'A4'; fitToWidth: 1; printTitleRows: string };
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

function listSource(ctx: LayoutContext, list: DynamicList): string {
  const columns = listColumns(ctx);
  const index = columns.findIndex((c) => c.list === list);
  const letter = columnLetter(index);
  return `=${LISTS_SHEET}!$${letter}$2:$${letter}$${columns[index].items.length + 1}`;
}

interface LayoutOptions {
  prefill: readonly object[];
  /** The range formula a dynamic dropdown points at. */
  listSource(list: DynamicList): string | undefined;
  /** The stage whose window bounds in-stage dates. */
  stage?: RosterStage;
  lockPrefilled: boolean;
  /** Protect the sheet (header and pre-filled cells locked; no password). */
  protect: boolean;
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
  const source = meta.list && !meta.prefilled ? opts.listSource(meta.list) : undefined;
  if (source) {
    return { type: 'list', source, promptTitle, prompt, errorTitle, error: '请从下拉列表中选择。' };
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

/** Any form's sheet layout; `sheetLayout` and the roster sheets of `init` are built on it. */
export function formLayout(form: FormDef, opts: LayoutOptions): SheetLayout {
  const columns: ColumnLayout[] = form.columns.map((c) => ({
    key: c.key,
    header: c.meta.label,
    letter: columnLetter(c.index),
    width: c.meta.width,
    wrap: c.meta.kind === 'longText',
    required: c.meta.required,
    locked: !!c.meta.prefilled && opts.lockPrefilled,
    numFmt: c.meta.kind === 'date' ? 'yyyy-mm-dd' : undefined,
    validation: validationFor(c.meta, opts),
  }));
  const prefill = opts.prefill.map((values) => form.columns.map((c) => toCellValue(c.meta, (values as Record<string, unknown>)[c.key])));
  const frozenColumns = form === MEMBER_FORM ? 1 : 0;
  return {
    name: form.sheetName,
    title: form.title,
    columns,
    headerRow: HEADER_ROW,
    firstDataRow: FIRST_DATA_ROW,
    lastDataRow: FIRST_DATA_ROW + prefill.length + SPARE_ROWS - 1,
    prefill,
    freeze: { rows: HEADER_ROW, columns: frozenColumns },
    protection: opts.protect
      ? { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true, insertRows: true, autoFilter: true }
      : null,
    print: { orientation: 'landscape', paperSize: 'A4', fitToWidth: 1, printTitleRows: `${HEADER_ROW}:${HEADER_ROW}` },
  };
}

/** The layout of a branch workbook's form sheet. */
export function sheetLayout(form: FormDef, ctx: LayoutContext): SheetLayout {
  return formLayout(form, {
    prefill: prefillRows(form, ctx),
    listSource: (list) => listSource(ctx, list),
    stage: ctx.stage,
    lockPrefilled: form !== RECTIFICATION_FORM,
    protect: true,
  });
}

export function branchLayouts(ctx: LayoutContext): SheetLayout[] {
  return BRANCH_FORMS.map((form) => sheetLayout(form, ctx));
}

/** The range a column's validation covers, e.g. "H2:H331". */
export function validationRange(layout: SheetLayout, column: ColumnLayout): string {
  return `${column.letter}${layout.firstDataRow}:${column.letter}${layout.lastDataRow}`;
}

export function headerRange(layout: SheetLayout): string {
  return `A${layout.headerRow}:${a1(layout.columns.length - 1, layout.headerRow)}`;
}

/** The lines of the 填表说明 sheet, in plain Chinese. */
export function instructionLines(ctx: LayoutContext): string[] {
  const required = (form: FormDef) =>
    form.columns
      .filter((c) => c.meta.required && !c.meta.prefilled)
      .map((c) => c.meta.label)
      .join('、');
  const aspects = (form: FormDef) =>
    form.columns.filter((c) => c.meta.comment === 'aspect').map((c, i) => `  ${i + 1}. ${c.meta.label}：${c.meta.prompt.replace(/^方面.：/, '')}`);
  return [
    `${ctx.unit} ${ctx.branch.name} 创先争优活动领导点评表（${ctx.stage.name}阶段：${isoToChinese(ctx.stage.start)}至${isoToChinese(ctx.stage.end)}）`,
    '',
    '一、填什么',
    `「${SCHEDULE_FORM.sheetName}」：点评的具体安排，每个点评对象一行，已按名单建议了点评人和方式，请填写计划日期（可修改点评人）。`,
    `「${ORG_FORM.sheetName}」：联系领导对本党小组的点评，一个阶段一行。`,
    `「${MEMBER_FORM.sheetName}」：对本党小组每一名党员的点评，姓名等已预先填好，每人一行，不要增删人员。`,
    `「${RECTIFICATION_FORM.sheetName}」：点评指出的问题，一条问题一行，整改完成后填写完成日期并把状态改为“已整改”（销号）。`,
    '',
    '二、必填内容',
    `党组织点评：${required(ORG_FORM)}。`,
    `党员点评：${required(MEMBER_FORM)}。`,
    `整改台账：${required(RECTIFICATION_FORM)}。`,
    `点评安排：计划日期（点评人、点评方式已建议）。安排须在阶段的“安排报送截止”日前报送办公室。`,
    '点评要做到“三要素”：肯定成绩、指出问题、提出努力方向；四个方面都要写具体，不要只写“无”“同上”“好”。',
    '',
    '三、对党小组点评的四个方面',
    ...aspects(ORG_FORM),
    '四、对党员点评的四个方面',
    ...aspects(MEMBER_FORM),
    '',
    '五、注意',
    `点评日期须在本阶段时间内（${ctx.stage.start} 至 ${ctx.stage.end}）；日期请写成 2010-09-15 的样子。`,
    '点评方式：联点领导对党小组一般用“现场点评”，书记（组长）对党员一般用“集中点评”，也可以谈话点评。',
    '点评方式、状态、是否等栏目请从下拉列表中选择；选中单元格时会显示填写提示。',
    '表头和预先填写的姓名已锁定；其他单元格可以直接填写，不需要密码。',
    '不要改动工作表名称和表头，不要合并单元格；可以调整列宽和行高。',
    '填好后用加载项“检查”并“定稿”，或直接发送给创先争优活动办公室。',
  ];
}
