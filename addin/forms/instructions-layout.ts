/**
 * The 填表说明 sheet: the title, the branch's progress (formulas over 填写状态), then what to fill
 * and how, in plain Chinese. Both writers render it; row heights come with it.
 */
import { columnLetter } from './cell';
import { MEMBER_FORM, ORG_FORM, RECTIFICATION_FORM, SCHEDULE_FORM } from './branch-forms';
import { type FormDef, objectColumn } from './form';
import { type ProgressCell, type StatusSheet, STATUS_LABEL, progressCells } from './guidance';
import { type LayoutContext, type SheetLayout, INSTRUCTIONS_SHEET, branchLayouts } from './layout';
import { isoToChinese } from './dates';
import { INSTRUCTIONS_PRINT, type PrintSpec } from './print-layout';
import { rowHeight } from './text-fit';

/** A line of 填表说明: text, or a formula with the text it shows before anything is filled. */
export interface InstructionRow {
  text: string;
  formula?: string;
  style: 'title' | 'heading' | 'body';
  /** Points: tall enough for the wrapped text. */
  height: number;
}

export interface InstructionsLayout {
  name: string;
  /** Column A's width in character units: the page's width, portrait, at 100 %. */
  width: number;
  rows: InstructionRow[];
  print: PrintSpec;
}

// Fits A4 portrait at 100 % in Calibri (Excel, WPS) and in the wider DejaVu Sans LibreOffice falls back to.
const INSTRUCTIONS_WIDTH = 74;
const TITLE_POINTS = 14;
const BODY_POINTS = 11;
/** An empty line keeps Excel's default height. */
const EMPTY_ROW_POINTS = 15;

function statusSheet(layout: SheetLayout, form: FormDef): StatusSheet | undefined {
  const object = objectColumn(form);
  if (!layout.status || !object) return undefined;
  const rows = { first: layout.firstDataRow, last: layout.firstDataRow + layout.status.formulas.length - 1 };
  return { sheet: layout.name, object: columnLetter(object.index), status: layout.status.letter, rows };
}

/** 填表说明: the title, the branch's progress (formulas), then what to fill and how. */
export function instructionsLayout(ctx: LayoutContext, layouts: readonly SheetLayout[] = branchLayouts(ctx)): InstructionsLayout {
  const find = (form: FormDef) => layouts.find((l) => l.name === form.sheetName);
  const org = find(ORG_FORM);
  const member = find(MEMBER_FORM);
  const orgSheet = org && statusSheet(org, ORG_FORM);
  const memberSheet = member && statusSheet(member, MEMBER_FORM);
  const progress: ProgressCell[] =
    orgSheet && memberSheet
      ? progressCells(
          orgSheet,
          memberSheet,
          ctx.members.map((m) => m.name),
        )
      : [];
  const lines = instructionLines(ctx);
  const row = (text: string, style: InstructionRow['style'], formula?: string): InstructionRow => {
    const height = rowHeight([{ text, width: INSTRUCTIONS_WIDTH, fontSize: style === 'title' ? TITLE_POINTS : BODY_POINTS }], EMPTY_ROW_POINTS);
    return formula ? { text, formula, style, height } : { text, style, height };
  };
  const rows: InstructionRow[] = [row(lines[0], 'title'), row('', 'body')];
  if (progress.length > 0) {
    rows.push(row('本党小组填写进度（自动计算，随填写更新）', 'heading'));
    rows.push(row(`应点评党员：${ctx.members.length} 人`, 'body'));
    for (const cell of progress) rows.push(row(cell.result, 'body', cell.formula));
    rows.push(row('', 'body'));
  }
  for (const line of lines.slice(1)) rows.push(row(line, /^[一二三四五六七]、/.test(line) ? 'heading' : 'body'));
  return {
    name: INSTRUCTIONS_SHEET,
    width: INSTRUCTIONS_WIDTH,
    rows,
    print: INSTRUCTIONS_PRINT,
  };
}

/** The lines of the 填表说明 sheet, in plain Chinese. */
function instructionLines(ctx: LayoutContext): string[] {
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
    `「${ORG_FORM.sheetName}」「${MEMBER_FORM.sheetName}」最后一列“${STATUS_LABEL}”自动显示每行填到哪一步：已完成、未填写，或“缺N项”（还有N个必填项空着）。`,
    '漏填的必填项、不在本阶段内的日期、不在下拉列表中的内容（如粘贴进来的）、已整改却没有完成日期、同一人填了两行，都会自动标成红色。',
    '“已完成”只说明必填项都填了；是否符合名单、评语是否具体等，以加载项“检查”或办公室的检查为准。',
    '打印：各表横向 A4，每页都重复表头和姓名（党组织名称）列，宽表分几页打印，不缩小字号。',
    '填好后用加载项“检查”并“定稿”，或直接发送给创先争优活动办公室。',
  ];
}
