/**
 * The standard report workbook (the contract documented in README) as sheets of data:
 * 说明, 汇总, 党组织点评, 党员点评, 整改台账, 点评安排, 典型推荐, 未覆盖, 来源文件, 问题清单, _meta.
 * Both writers render this one list: exceljs in the add-in, the streaming writer in Node.
 */
import { columnLetter } from '../../forms/cell';
import { isoToUtcDate, offsetOf, officeTime, zoneLabel } from '../../forms/dates';
import { toCellValue } from '../../forms/fields';
import type { Column, FormDef } from '../../forms/form';
import { META_SHEET, type ReportMeta, SCHEMA_VERSION, metaToRows } from '../../forms/meta';
import { REPORT_MEMBER_FORM, REPORT_ORG_FORM, REPORT_RECTIFICATION_FORM, REPORT_SCHEDULE_FORM } from './report-forms';
import {
  EXAMPLE_COLUMNS,
  FINALIZATIONS_SHEET,
  FINALIZATION_COLUMNS,
  FINGERPRINT_HEADER,
  type FinalizationRow,
  PROBLEM_COLUMNS,
  type ReportModel,
  SOURCE_COLUMNS,
  SOURCE_TIME_KEY,
  type SourceRow,
  TIME_ZONE_KEY,
  UNCOVERED_COLUMNS,
  finalizationsOf,
  schoolsNotCounted,
} from './report-model';
import {
  type CellData,
  type ConditionalFormat,
  DATE_FORMAT,
  PERCENT_FORMAT,
  type PlainSheet,
  type ReportSheet,
  type TableColumn,
  type TableSheet,
  type WorkbookView,
} from './sheet-layout';
import { DONE, NOT_DONE, NOT_SUBMITTED, SUBMITTED, SUMMARY_COLUMNS, flagText, totalRow } from './summary';

/** 未交 rows on 汇总: grey, with dark grey text. */
export const NOT_SUBMITTED_FILL = 'FFD9D9D9';
export const NOT_SUBMITTED_FONT = 'FF595959';

export const REPORT_SHEETS = ['说明', '汇总', '党组织点评', '党员点评', '整改台账', '点评安排', '典型推荐', '未覆盖', '来源文件', '问题清单'] as const;

/**
 * Dates repeat across rows (a stage has a few hundred days), so each is made once; the cache is
 * cleared if it ever grows large. Writers only read these Date objects.
 */
const dates = new Map<string, Date>();

function dateCell(iso: string | undefined): CellData {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso ?? null;
  let date = dates.get(iso);
  if (!date) {
    if (dates.size >= 10_000) dates.clear();
    date = isoToUtcDate(iso);
    dates.set(iso, date);
  }
  return date;
}

function detailRow(form: FormDef, rec: object): CellData[] {
  return form.columns.map((c) => {
    const v = (rec as Record<string, unknown>)[c.key];
    if (c.meta.kind === 'date') return dateCell(v as string | undefined);
    const cell = toCellValue(c.meta, v);
    return typeof cell === 'object' && cell !== null ? null : cell;
  });
}

/** A list's rows made one at a time, as the sheet takes them (the streaming writer never holds them all). */
function* rowsOf<T>(items: readonly T[], row: (item: T) => CellData[]): Generator<CellData[]> {
  for (const item of items) yield row(item);
}

/**
 * A form's columns as a report table's: its labels and widths, text wrapped (a long school or
 * file name too, not only comments: the row grows rather than the text being cut), dates formatted.
 */
export function tableColumns(columns: readonly Column[]): TableColumn[] {
  return columns.map((c) => {
    const short = c.meta.kind === 'date' || c.meta.kind === 'count' || c.meta.kind === 'yesNo';
    return {
      header: c.meta.label,
      // A date needs 13 units to keep clear of its neighbours in any font.
      width: c.meta.kind === 'date' ? Math.max(13, c.meta.width) : c.meta.width,
      wrap: c.meta.kind === 'longText' || c.meta.kind === 'text',
      numFmt: c.meta.kind === 'date' ? DATE_FORMAT : undefined,
      ...(short ? { center: true } : {}),
    };
  });
}

/**
 * The leading columns of `columns` (the form's, or those of it shown) that say whose row it is,
 * through the form's object (党组织名称, 姓名, 整改对象, 点评对象): repeated on every page when the
 * sheet prints several pages across.
 */
export function keyColumnsOf(form: FormDef, columns: readonly Pick<Column, 'key'>[] = form.columns): number {
  return columns.findIndex((c) => c.key === form.objectKey) + 1;
}

export function detailSheet(form: FormDef, records: readonly object[]): TableSheet {
  return {
    name: form.sheetName,
    title: form.title,
    columns: tableColumns(form.columns),
    keyColumns: keyColumnsOf(form),
    rows: rowsOf(records, (rec) => detailRow(form, rec)),
  };
}

const summaryLetter = (pick: (c: (typeof SUMMARY_COLUMNS)[number]) => boolean) => columnLetter(SUMMARY_COLUMNS.findIndex(pick));

/**
 * 汇总's highlights on `rows` branch rows: 未交 grey (before the others, so a branch that sent
 * nothing is not mistaken for a partly done one), coverage under 100 % or the branch not reviewed
 * yellow, overdue rectification red; data bars on 覆盖率 (not on the printed 公开版: exceljs writes
 * them with an empty extension other readers warn about). The report and the 公开版 use these.
 */
export function summaryHighlights(rows: number, options: { dataBar?: boolean } = {}): ConditionalFormat[] {
  if (rows === 0) return [];
  const last = rows + 1;
  const coverage = summaryLetter((c) => c.kind === 'ratio');
  const overdue = summaryLetter((c) => c.key === 'overdue');
  const org = summaryLetter((c) => c.kind === 'done');
  const submitted = summaryLetter((c) => c.kind === 'submitted');
  return [
    ...(options.dataBar === false
      ? []
      : [{ ref: `${coverage}2:${coverage}${last}`, rules: [{ type: 'dataBar', priority: 1, min: 0, max: 1, color: 'FF638EC6' } as const] }]),
    {
      ref: `A2:${columnLetter(SUMMARY_COLUMNS.length - 1)}${last}`,
      rules: [
        { type: 'expression', priority: 2, formula: `$${submitted}2="${NOT_SUBMITTED}"`, fill: NOT_SUBMITTED_FILL, fontColor: NOT_SUBMITTED_FONT },
        { type: 'expression', priority: 3, formula: `$${coverage}2<1`, fill: 'FFFFF2CC' },
        { type: 'expression', priority: 4, formula: `$${org}2="${NOT_DONE}"`, fill: 'FFFFF2CC' },
      ],
    },
    {
      ref: `${overdue}2:${overdue}${last}`,
      rules: [{ type: 'cellIs', priority: 5, operator: 'greaterThan', formula: '0', fill: 'FFFFC7CE', fontColor: 'FF9C0006' }],
    },
  ];
}

/** 汇总's columns: counts, 覆盖率 as a percentage. */
export const SUMMARY_TABLE_COLUMNS: readonly TableColumn[] = SUMMARY_COLUMNS.map((c) => ({
  header: c.label,
  width: c.width,
  wrap: c.kind === 'text',
  numFmt: c.kind === 'ratio' ? PERCENT_FORMAT : undefined,
}));

/** 汇总: a row per branch, then the total row (formulas with their results), highlighted. */
export function summarySheet(model: ReportModel): TableSheet {
  const n = model.summary.length;
  const last = n + 1;
  const expected = summaryLetter((c) => c.key === 'membersExpected');
  const reviewed = summaryLetter((c) => c.key === 'membersReviewed');
  const coverage = (r: number) => `IF(${expected}${r}=0,1,${reviewed}${r}/${expected}${r})`;
  const rows: CellData[][] = model.summary.map((s, i) =>
    SUMMARY_COLUMNS.map((c) => {
      if (c.kind === 'ratio') return { formula: coverage(i + 2), result: s.coverage };
      if (c.kind === 'done' || c.kind === 'submitted') return flagText(c.kind, s[c.key] as boolean);
      return s[c.key] as string | number;
    }),
  );
  const total = totalRow(model.summary);
  const t = last + 1;
  rows.push(
    SUMMARY_COLUMNS.map((c, i) => {
      const col = columnLetter(i);
      if (c.key === 'school') return '';
      if (c.key === 'branch') return total.branch;
      if (c.kind === 'ratio') return { formula: coverage(t), result: total.coverage };
      if (c.kind === 'done') return { formula: `COUNTIF(${col}2:${col}${last},"${DONE}")`, result: total.orgReviewed };
      if (c.kind === 'submitted') return { formula: `COUNTIF(${col}2:${col}${last},"${SUBMITTED}")`, result: total.submitted };
      return { formula: n === 0 ? '0' : `SUM(${col}2:${col}${last})`, result: total[c.key] as number };
    }),
  );
  return {
    name: '汇总',
    title: `${model.unit} 领导点评情况汇总（${model.stage.name}）`,
    columns: SUMMARY_TABLE_COLUMNS,
    rows,
    boldLastRow: true,
    conditionalFormats: summaryHighlights(n),
  };
}

/**
 * The time zone finalize times are shown in: the offset most of the files were finalized with
 * (each file records its PC's offset when it is finalized). Not the merging PC's zone: the same
 * files give the same report wherever and whenever it is made, and a school's PCs share its
 * zone, so this is the school's local time; one PC set to another zone does not move the rest.
 * Ties go to the first offset in text order. None when no file carries an offset.
 */
export function reportTimeZone(model: { sources: readonly Pick<SourceRow, 'finalizedAt'>[] }): string | undefined {
  const counts = new Map<string, number>();
  for (const s of model.sources) {
    const offset = s.finalizedAt ? offsetOf(s.finalizedAt) : undefined;
    if (offset) counts.set(offset, (counts.get(offset) ?? 0) + 1);
  }
  let best: string | undefined;
  for (const [offset, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) if (best === undefined || n > (counts.get(best) ?? 0)) best = offset;
  return best;
}

/** What one school's used files say about its deadline: late branches, files never finalized. */
function schoolOnTime(rows: readonly FinalizationRow[], due: string, zone: string | undefined): { late: string[]; missing: number } {
  const late: string[] = [];
  let missing = 0;
  for (const r of rows) {
    if (!r.finalizedAt) missing++;
    else if (officeTime(r.finalizedAt, zone).slice(0, 10) > due) late.push(r.branch);
  }
  return { late, missing };
}

function verdictText(v: { late: string[]; missing: number }, due: string): string {
  const late = v.late.length > 0 ? `逾期：${v.late.length} 个党小组在 ${due} 之后定稿（${v.late.join('、')}）` : '';
  const missing = v.missing > 0 ? `${v.missing} 个文件未定稿，无法判断是否按期` : '';
  return late && missing ? `${late}；另有 ${missing}` : late || missing;
}

const NO_FILES_USED = '没有采用的党小组文件，无法判断是否按期';
const NOT_COUNTED = '汇总表未被采用（原因见「来源文件」），未计入本表';

/**
 * Whether the branches finalized by the 上报截止: judged from the finalize times of the files used
 * (in the report's time zone; a county's: every school's, carried through its report), never from
 * "now", so the report stays the same whenever it is made. Each school is judged on its own files.
 */
export function onTime(model: ReportModel): string {
  const due = model.stage.reportDue;
  if (!due) return '名单未设定上报截止日期';
  const facts = finalizationsOf(model);
  // A county's times are those its schools' files carry; a school's, its report's zone.
  const zone = reportTimeZone(model.finalizations ? { sources: facts } : model);
  const schools = [...new Set([...model.summary.map((s) => s.school), ...facts.map((f) => f.school)])];
  const notCounted = schoolsNotCounted(model);
  if (schools.length <= 1 && notCounted.length === 0) {
    if (facts.length === 0) return NO_FILES_USED;
    return verdictText(schoolOnTime(facts, due, zone), due) || `按期：所采用文件均在 ${due} 前定稿`;
  }
  const behind = schools
    .map((school) => {
      const own = facts.filter((f) => f.school === school);
      return { school, text: own.length === 0 ? NO_FILES_USED : verdictText(schoolOnTime(own, due, zone), due) };
    })
    .filter((v) => v.text !== '');
  const onTimeCount = schools.length - behind.length;
  if (behind.length === 0 && notCounted.length === 0) return `按期：${schools.length} 个单位所采用文件均在 ${due} 前定稿`;
  return [
    ...behind.map((v) => `${v.school}：${v.text}`),
    ...notCounted.map((school) => `${school}：${NOT_COUNTED}`),
    ...(onTimeCount > 0 ? [`${behind.length + notCounted.length > 0 ? '其余 ' : ''}${onTimeCount} 个单位按期`] : []),
  ].join('；');
}

const byFileName = (a: SourceRow, b: SourceRow) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0);

/** 说明: what the report is, how to read it, and the input files. */
export function readmeSheet(model: ReportModel): TableSheet {
  const accepted = model.sources.filter((s) => s.status === '采用').length;
  const zone = reportTimeZone(model);
  const files = [...model.sources].sort(byFileName);
  const rows: CellData[][] = [
    ['单位', model.unit],
    ['阶段', model.stage.name],
    ['阶段时间', `${model.stage.start} 至 ${model.stage.end}`],
    ['统计基准日', model.referenceDate],
    ['安排报送截止', model.stage.planDue ?? '（名单未设定）'],
    ['上报截止', model.stage.reportDue ?? '（名单未设定）'],
    ['是否按期', onTime(model)],
    ...(zone ? [['定稿时间', `按 ${zoneLabel(zone)} 列出，即多数文件定稿时电脑所用的时区。`]] : []),
    ['文件数', `${model.sources.length}（采用 ${accepted}）`],
    ['表格版本', model.schemaVersion],
    ['内容摘要', model.contentDigest],
    ['', ''],
    [
      '如何阅读',
      '「汇总」每个党小组一行，末行为合计；报送情况“未交”指没有采用该党小组的文件（没有报送，或所交文件均被拒收、相互冲突，原因见「来源文件」），这些行以灰色标出；覆盖率不足 100% 或党组织未点评的行以黄色标出，逾期未整改以红色标出。',
    ],
    ['', '「党组织点评」「党员点评」「整改台账」为采用的点评内容，按名单顺序排列；「未覆盖」列出尚未点评的党小组和党员。'],
    ['', '「来源文件」说明每个收到的文件是否采用及原因；「问题清单」列出所有错误（该行未采用）和提示。'],
    ['', '逾期未整改：状态不是“已整改”且整改时限早于统计基准日的事项。'],
    ...(model.finalizations
      ? [['', '合并各单位汇总表时，各单位的数字均按其明细表重新计算；「定稿情况」列出各单位所采用的党小组文件及定稿时间，“是否按期”按单位分别说明。']]
      : []),
    ['', ''],
    ['输入文件', `共 ${files.length} 个，按文件名排列；每个文件下一行是它的${FINGERPRINT_HEADER}，可用来核对收到的是否同一个文件。`],
    ...files.map((s) => ['', `${s.file}\n${s.sha256 || '（未读取）'}`]),
  ];
  return {
    name: '说明',
    title: `${model.unit} 领导点评汇总表说明`,
    columns: [
      { header: '项目', width: 14, wrap: true },
      { header: '内容', width: 84, wrap: true },
    ],
    rows,
    orientation: 'portrait',
  };
}

/**
 * 定稿情况 (a merge of reports only): every school's used branch files and their finalize times,
 * exact (ISO with the finalizing PC's offset: schools may differ), so a merge of this report can
 * judge each school again.
 */
function finalizationsSheet(rows: readonly FinalizationRow[]): TableSheet {
  return {
    name: FINALIZATIONS_SHEET,
    title: '各单位所采用文件的定稿时间',
    columns: FINALIZATION_COLUMNS.map((h) => ({ header: h, width: h === '文件名' ? 36 : h === '定稿时间' ? 26 : 16, wrap: h !== '定稿时间' })),
    rows: rowsOf(rows, (r) => [r.school, r.branch, r.file, r.finalizedAt]),
  };
}

function metaSheet(model: ReportModel): PlainSheet {
  const meta: ReportMeta = {
    schemaVersion: SCHEMA_VERSION,
    kind: 'report',
    unit: model.unit,
    stage: model.stage.name,
    stageStart: model.stage.start,
    stageEnd: model.stage.end,
    planDue: model.stage.planDue,
    reportDue: model.stage.reportDue,
    contentDigest: model.contentDigest,
  };
  // The exact finalize times (来源文件 shows them to the minute, in the report's time zone).
  const zone = reportTimeZone(model);
  const times = [...model.sources].sort(byFileName).flatMap((s) => (s.finalizedAt ? [[SOURCE_TIME_KEY, s.file, s.sha256, s.finalizedAt]] : []));
  return { name: META_SHEET, state: 'veryHidden', rows: [...metaToRows(meta), ...(zone ? [[TIME_ZONE_KEY, zone]] : []), ...times] };
}

/** 来源文件: every input, its path relative to the folder given, fingerprint and fate; times in the report's zone. */
function sourcesSheet(model: ReportModel): TableSheet {
  const zone = reportTimeZone(model);
  const widths: Record<string, number> = { 文件名: 30, [FINGERPRINT_HEADER]: 22, 学校: 16, 党小组: 16, 阶段: 10, 定稿时间: 20, 原因: 32 };
  return {
    name: '来源文件',
    title: '来源文件',
    columns: SOURCE_COLUMNS.map((h) => ({ header: h, width: widths[h] ?? 7, wrap: h in widths && h !== '定稿时间' })),
    rows: rowsOf(model.sources, (s) => [
      s.file,
      s.sha256,
      s.school,
      s.branch,
      s.stage,
      s.finalizedAt ? officeTime(s.finalizedAt, zone) : '',
      s.read,
      s.accepted,
      s.rejected,
      s.status,
      s.reason,
    ]),
  };
}

/** The report's sheets in order. One list, so both writers give the same workbook. */
export function reportSheets(model: ReportModel): ReportSheet[] {
  return [
    { table: readmeSheet(model) },
    { table: summarySheet(model) },
    { table: detailSheet(REPORT_ORG_FORM, model.org) },
    { table: detailSheet(REPORT_MEMBER_FORM, model.member) },
    { table: detailSheet(REPORT_RECTIFICATION_FORM, model.rectification) },
    { table: detailSheet(REPORT_SCHEDULE_FORM, model.schedule) },
    {
      table: {
        name: '典型推荐',
        title: '典型推荐',
        columns: EXAMPLE_COLUMNS.map((h) => ({
          header: h,
          width: { 学校: 16, 党小组: 14, 类别: 8, 名称: 12, 点评人: 10, 点评日期: 13, 先进事迹: 50 }[h],
          wrap: h !== '点评日期' && h !== '类别',
          numFmt: h === '点评日期' ? DATE_FORMAT : undefined,
          center: h === '点评日期' || h === '类别',
        })),
        rows: rowsOf(model.examples, (e) => [e.school, e.branch, e.kind, e.name, e.reviewer, dateCell(e.date), e.deeds]),
      },
    },
    {
      table: {
        name: '未覆盖',
        title: '未覆盖的党组织和党员',
        columns: UNCOVERED_COLUMNS.map((h) => ({ header: h, width: 16, wrap: h !== '类别' })),
        rows: rowsOf(model.uncovered, (u) => [u.school, u.kind, u.branch, u.name]),
      },
    },
    { table: sourcesSheet(model) },
    ...(model.finalizations ? [{ table: finalizationsSheet(model.finalizations) }] : []),
    {
      table: {
        name: '问题清单',
        title: '问题清单',
        columns: PROBLEM_COLUMNS.map((h) => ({ header: h, width: h === '问题' ? 70 : h === '文件' ? 36 : 10, wrap: h === '问题' || h === '文件' })),
        rows: rowsOf(model.problems, (p) => [p.file, p.sheet, p.cell, p.severity, p.message]),
      },
    },
    { plain: metaSheet(model) },
  ];
}

export const REPORT_VIEWS: WorkbookView[] = [{ activeTab: 1, x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, visibility: 'visible' }];
