/**
 * The official review forms on paper, as data: 《基层党组织开展创先争优活动领导点评表》 and
 * 《党员开展创先争优活动领导点评表》, one accepted review per A4 portrait page (a sheet each), in
 * roster order — the branch's review first, then its members'. `review-forms print` renders them
 * with exceljs (addin/report/print-renderer.ts), the add-in's 打印点评表 with exceljs or Office.js
 * (addin/excel/print-sheets.ts); both take this layout as it is.
 *
 * It lives beside the report's sheets (sheet-layout.ts) because it is an output made of accepted
 * reviews, as the report is: it takes a report's rows (ReportOrgRow, ReportMemberRow: a branch
 * file's part, the add-in's own branch, a report read back) and shares the report's cell styles
 * and font. Labels come from the form model (addin/forms/branch-forms.ts); only what a paper form
 * adds (signature lines, the ☐ marks) is written here. Merged cells are fine: nothing reads it back.
 */
import { MEMBER_FORM, ORG_FORM } from '../../forms/branch-forms';
import { isoToChinese } from '../../forms/dates';
import { type FormDef, columnOf } from '../../forms/form';
import { uniqueSheetName } from '../../forms/text';
import { MAX_ROW_HEIGHT, textHeight } from '../../forms/text-fit';
import type { ReportMemberRow, ReportOrgRow } from './report-forms';
import { type BorderLine, type CellStyle, FONT_NAME, type FontStyle } from './sheet-layout';

/** A rectangle of cells (1-based rows and columns), merged when it is more than one cell. */
export interface PrintBlock {
  top: number;
  left: number;
  bottom: number;
  right: number;
  value: string;
  /** Every cell of the block has it (borders show on merged cells only so). */
  style: CellStyle;
}

export interface PrintPage {
  paperSize: 9;
  orientation: 'portrait';
  /** Inches, as Excel's page setup takes them. */
  margins: { left: number; right: number; top: number; bottom: number; header: number; footer: number };
  horizontalCentered: true;
  /** Always one page across; one page down unless the form is too long to shrink legibly. */
  fitToWidth: 1;
  fitToHeight: 0 | 1;
  /** The footer's left and right parts, in Excel's header/footer codes: unit and branch, the page number. */
  footer: { left: string; right: string };
}

export interface PrintSheet {
  name: string;
  /** What the form is about: 党组织 or 党员 and the name (for messages). */
  object: { kind: '党组织' | '党员'; name: string };
  /** Column widths in Excel units (the workbook's default font, Calibri 11). */
  widths: readonly number[];
  /** Row heights in points, row 1 first. */
  heights: readonly number[];
  blocks: readonly PrintBlock[];
  page: PrintPage;
}

/** A branch's printed forms: its accepted reviews, the branch's own first, then its members' in roster order. */
export interface PrintBranch {
  unit: string;
  branch: string;
  stage: string;
  org: readonly ReportOrgRow[];
  member: readonly ReportMemberRow[];
}

// ---- the page ----

const MARGINS = { left: 0.6, right: 0.6, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 };
/** A4 inside the margins, in points. */
const PAGE = { width: 595.3 - (MARGINS.left + MARGINS.right) * 72, height: 841.9 - (MARGINS.top + MARGINS.bottom) * 72 };
/** A form may shrink to this scale to stay on its page; a longer one runs on to a second page. */
export const MIN_FORM_SCALE = 0.75;

/** label | value | label | value: 88 units, 462 points, inside A4's 509 with room for a viewer's rounding. */
const WIDTHS = [15, 29, 15, 29] as const;
const ALL = { left: 1, right: 4 };
const LABEL = { left: 1, right: 1 };
const VALUE = { left: 2, right: 4 };

const TITLE_SIZE = 18;
const BODY_SIZE = 12;
const LINE: BorderLine = { style: 'thin', color: 'FF000000' };
const font = (size: number, bold = false): FontStyle => ({ name: FONT_NAME, size, ...(bold ? { bold: true } : {}) });

const STYLES = {
  title: { font: font(TITLE_SIZE, true), alignment: { horizontal: 'center', vertical: 'middle' } },
  subtitle: { font: font(BODY_SIZE), alignment: { horizontal: 'left', vertical: 'bottom' } },
  label: { font: font(BODY_SIZE, true), border: LINE, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } },
  value: { font: font(BODY_SIZE), border: LINE, alignment: { horizontal: 'left', vertical: 'middle', wrapText: true, indent: 1 } },
  text: { font: font(BODY_SIZE), border: LINE, alignment: { horizontal: 'left', vertical: 'top', wrapText: true, indent: 1 } },
  section: { font: font(BODY_SIZE, true), border: LINE, fill: 'FFF2F2F2', alignment: { horizontal: 'center', vertical: 'middle' } },
  signature: { font: font(BODY_SIZE), alignment: { horizontal: 'left', vertical: 'bottom' } },
} as const satisfies Record<string, CellStyle>;

/** The lowest row of label/value cells, and of a text box (points). */
const FIELD_HEIGHT = 24;
const BOX_HEIGHT = 40;
const width = (span: { left: number; right: number }) => WIDTHS.slice(span.left - 1, span.right).reduce((n, w) => n + w, 0);

/** An indent level takes about a character's width (two units, to be safe) from the text. */
const INDENT_UNITS = 2;

/** The height a text in `style` needs in `span`, at least `min`. */
function heightFor(text: string, span: { left: number; right: number }, style: CellStyle, min: number): number {
  const indent = (style.alignment?.indent ?? 0) * INDENT_UNITS;
  return Math.max(min, textHeight({ text, width: width(span) - indent, fontSize: style.font.size }));
}

/** Rows added one at a time; a block taller than Excel's tallest row spreads over several. */
class FormBuilder {
  readonly heights: number[] = [];
  readonly blocks: PrintBlock[] = [];

  /** Adds rows of `height` points in all (split so none exceeds 409) holding `cells`; returns the first row. */
  row(height: number, cells: readonly { span: { left: number; right: number }; value: string; style: CellStyle }[]): number {
    const top = this.heights.length + 1;
    const parts = Math.ceil(height / MAX_ROW_HEIGHT);
    const each = Math.ceil((height / parts) * 4) / 4;
    for (let i = 0; i < parts; i++) this.heights.push(each);
    for (const c of cells) this.blocks.push({ top, bottom: top + parts - 1, left: c.span.left, right: c.span.right, value: c.value, style: c.style });
    return top;
  }

  /** One or two label/value pairs on a row; a single pair's value spans the rest. */
  fields(pairs: readonly (readonly [string, string])[]): void {
    const spans =
      pairs.length === 1
        ? [[LABEL, VALUE]]
        : [
            [LABEL, { left: 2, right: 2 }],
            [
              { left: 3, right: 3 },
              { left: 4, right: 4 },
            ],
          ];
    const cells = pairs.flatMap(([label, value], i) => [
      { span: spans[i][0], value: label, style: STYLES.label },
      { span: spans[i][1], value, style: STYLES.value },
    ]);
    this.row(Math.max(...cells.map((c) => heightFor(c.value, c.span, c.style, FIELD_HEIGHT))), cells);
  }

  /** A label at the left and a bordered box for its text across the rest, tall enough for the text. */
  box(label: string, text: string, min = BOX_HEIGHT): void {
    const height = Math.max(heightFor(label, LABEL, STYLES.label, min), heightFor(text, VALUE, STYLES.text, min));
    this.row(height, [
      { span: LABEL, value: label, style: STYLES.label },
      { span: VALUE, value: text, style: STYLES.text },
    ]);
  }

  section(title: string): void {
    this.row(FIELD_HEIGHT, [{ span: ALL, value: title, style: STYLES.section }]);
  }
}

// ---- values ----

const labelOf = (form: FormDef, key: string): string => columnOf(form, key).meta.label;

/** 是 / 否 as marks to read at a glance (■ the answer, □ the other), both blank when not given. */
export function yesNoMarks(value: boolean | undefined): string {
  if (value === undefined) return '□ 是　　□ 否';
  return value ? '■ 是　　□ 否' : '□ 是　　■ 否';
}

const text = (v: string | number | undefined): string => (v === undefined ? '' : String(v));

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七'];

/** A form's sheet when its object's name leaves nothing Excel takes. */
const BLANK_NAME = '点评表';

/** `&` is Excel's header/footer code character: a literal one is written twice. */
const footerText = (s: string) => s.replace(/&/g, '&&');

interface Common {
  reviewer: string;
  reviewerPost: string;
  date: string;
  method: string;
  stage: string;
  promises?: string;
  deadline?: boolean;
  example?: boolean;
  deeds?: string;
  note?: string;
}

/** 点评人 … 所属阶段, as label/value pairs in the form's field order. */
function reviewFields(form: FormDef, r: Common): [string, string][] {
  return [
    [labelOf(form, 'reviewer'), r.reviewer],
    [labelOf(form, 'reviewerPost'), r.reviewerPost],
    [labelOf(form, 'date'), isoToChinese(r.date)],
    [labelOf(form, 'method'), r.method],
  ];
}

function pairs(list: readonly [string, string][]): (readonly [string, string])[][] {
  const out: (readonly [string, string])[][] = [];
  for (let i = 0; i < list.length; i += 2) out.push(list.slice(i, i + 2));
  return out;
}

/** The four aspects and the three elements, as numbered boxes under their headings. */
function reviewBoxes(b: FormBuilder, form: FormDef, r: Record<string, unknown>, elements: readonly string[]): void {
  b.section('点评内容');
  ['aspect1', 'aspect2', 'aspect3', 'aspect4'].forEach((key, i) => b.box(`${ORDINALS[i]}、${labelOf(form, key)}`, text(r[key] as string | undefined)));
  b.section('点评意见');
  elements.forEach((key) => b.box(labelOf(form, key), text(r[key] as string | undefined)));
}

function closing(b: FormBuilder, form: FormDef, r: Common): void {
  b.fields([
    [labelOf(form, 'deadline'), yesNoMarks(r.deadline)],
    [labelOf(form, 'example'), yesNoMarks(r.example)],
  ]);
  if (r.example || r.deeds) b.box(labelOf(form, 'deeds'), text(r.deeds));
  if (r.note) b.box(labelOf(form, 'note'), r.note, FIELD_HEIGHT);
  b.row(8, []);
  b.row(36, [
    { span: { left: 1, right: 2 }, value: '点评人（签字）：', style: STYLES.signature },
    { span: { left: 3, right: 4 }, value: '被点评人（签字）：', style: STYLES.signature },
  ]);
  b.row(28, [
    { span: { left: 1, right: 2 }, value: '日期：　　　　年　　月　　日', style: STYLES.signature },
    { span: { left: 3, right: 4 }, value: '日期：　　　　年　　月　　日', style: STYLES.signature },
  ]);
}

function header(b: FormBuilder, form: FormDef, unit: string): void {
  b.row(36, [{ span: ALL, value: form.title, style: STYLES.title }]);
  b.row(20, [{ span: ALL, value: `单位：${unit}`, style: STYLES.subtitle }]);
}

function page(b: FormBuilder, unit: string, branch: string): PrintPage {
  const total = b.heights.reduce((n, h) => n + h, 0);
  return {
    paperSize: 9,
    orientation: 'portrait',
    margins: { ...MARGINS },
    horizontalCentered: true,
    fitToWidth: 1,
    fitToHeight: total * MIN_FORM_SCALE <= PAGE.height ? 1 : 0,
    footer: { left: `&9${footerText(`${unit}　${branch}`)}`, right: '&9第 &P 页，共 &N 页' },
  };
}

/** The built form as a sheet about `object`, named after it (unique among `taken`). */
function finished(b: FormBuilder, object: PrintSheet['object'], unit: string, branch: string, taken: ReadonlySet<string>): PrintSheet {
  return {
    name: uniqueSheetName(object.name, taken, BLANK_NAME),
    object,
    widths: WIDTHS,
    heights: b.heights,
    blocks: b.blocks,
    page: page(b, unit, branch),
  };
}

export function orgPrintSheet(r: ReportOrgRow, unit: string, taken: ReadonlySet<string>): PrintSheet {
  const f = ORG_FORM;
  const b = new FormBuilder();
  header(b, f, unit);
  const fields: [string, string][] = [
    [labelOf(f, 'branch'), r.branch],
    [labelOf(f, 'branchLeader'), text(r.branchLeader)],
    [labelOf(f, 'memberCount'), text(r.memberCount)],
    [labelOf(f, 'stage'), r.stage],
    ...reviewFields(f, r),
  ];
  for (const p of pairs(fields)) b.fields(p);
  b.box(labelOf(f, 'promises'), text(r.promises), FIELD_HEIGHT);
  reviewBoxes(b, f, r, ['achievements', 'problems', 'suggestions']);
  b.fields([
    [labelOf(f, 'attendingMembers'), text(r.attendingMembers)],
    [labelOf(f, 'attendingPublic'), text(r.attendingPublic)],
  ]);
  b.box(labelOf(f, 'publicOpinion'), text(r.publicOpinion), FIELD_HEIGHT);
  closing(b, f, r);
  return finished(b, { kind: '党组织', name: r.branch }, unit, r.branch, taken);
}

export function memberPrintSheet(r: ReportMemberRow, unit: string, taken: ReadonlySet<string>): PrintSheet {
  const f = MEMBER_FORM;
  const b = new FormBuilder();
  header(b, f, unit);
  const fields: [string, string][] = [
    [labelOf(f, 'name'), r.name],
    [labelOf(f, 'branch'), r.branch],
    [labelOf(f, 'post'), text(r.post)],
    [labelOf(f, 'category'), text(r.category)],
    ...reviewFields(f, r),
    [labelOf(f, 'stage'), r.stage],
  ];
  for (const p of pairs(fields)) b.fields(p);
  b.box(labelOf(f, 'promises'), text(r.promises), FIELD_HEIGHT);
  reviewBoxes(b, f, r, ['achievements', 'problems', 'direction']);
  closing(b, f, r);
  return finished(b, { kind: '党员', name: r.name }, unit, r.branch, taken);
}

/** One branch's forms: the branch's own review first, then its members' in the order given (roster order). */
export function printSheets(branch: PrintBranch): PrintSheet[] {
  const taken = new Set<string>();
  const sheets: PrintSheet[] = [];
  const add = (sheet: PrintSheet) => {
    taken.add(sheet.name);
    sheets.push(sheet);
  };
  for (const r of branch.org) add(orgPrintSheet(r, branch.unit, taken));
  for (const r of branch.member) add(memberPrintSheet(r, branch.unit, taken));
  return sheets;
}

/**
 * Report rows → one PrintBranch per school, branch and stage. Branches come in `order` (汇总's
 * rows: roster order) when given, else as their rows first appear; rows keep their report order.
 */
export function printBranches(
  rows: { org: readonly ReportOrgRow[]; member: readonly ReportMemberRow[] },
  order: readonly { school: string; branch: string }[] = [],
): PrintBranch[] {
  const byKey = new Map<string, PrintBranch & { org: ReportOrgRow[]; member: ReportMemberRow[] }>();
  const entry = (school: string | undefined, branch: string, stage: string) => {
    const unit = school ?? '';
    const key = JSON.stringify([unit, branch, stage]);
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { unit, branch, stage, org: [], member: [] }));
    return e;
  };
  for (const r of rows.org) entry(r.school, r.branch, r.stage).org.push(r);
  for (const r of rows.member) entry(r.school, r.branch, r.stage).member.push(r);
  const rank = new Map(order.map((o, i) => [JSON.stringify([o.school, o.branch]), i]));
  const place = (b: PrintBranch) => rank.get(JSON.stringify([b.unit, b.branch])) ?? order.length;
  // A stable sort: branches missing from `order` keep the order they first appeared in.
  return [...byKey.values()].sort((a, b) => place(a) - place(b));
}
