/**
 * The standard report workbook (the contract documented in README) as sheets of data:
 * 说明, 汇总, 党组织点评, 党员点评, 整改台账, 点评安排, 典型推荐, 未覆盖, 来源文件, 问题清单, _meta.
 * Both writers render this one list: exceljs in the add-in, the streaming writer in Node.
 */
import { columnLetter } from '../../forms/cell';
import { isoToUtcDate } from '../../forms/dates';
import { toCellValue } from '../../forms/fields';
import type { Column, FormDef } from '../../forms/form';
import { META_SHEET, type ReportMeta, SCHEMA_VERSION, metaToRows } from '../../forms/meta';
import { REPORT_MEMBER_FORM, REPORT_ORG_FORM, REPORT_RECTIFICATION_FORM, REPORT_SCHEDULE_FORM } from './report-forms';
import { EXAMPLE_COLUMNS, PROBLEM_COLUMNS, type ReportModel, SOURCE_COLUMNS, UNCOVERED_COLUMNS } from './report-model';
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
import { DONE, NOT_DONE, SUMMARY_COLUMNS, totalRow } from './summary';

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

/** A form's columns as a report table's: its labels and widths, long text wrapped, dates formatted. */
export function tableColumns(columns: readonly Column[]): TableColumn[] {
  return columns.map((c) => ({
    header: c.meta.label,
    width: c.meta.width,
    wrap: c.meta.kind === 'longText',
    numFmt: c.meta.kind === 'date' ? DATE_FORMAT : undefined,
  }));
}

export function detailSheet(form: FormDef, records: readonly object[]): TableSheet {
  return { name: form.sheetName, title: form.title, columns: tableColumns(form.columns), rows: rowsOf(records, (rec) => detailRow(form, rec)) };
}

/** 汇总: a row per branch, then the total row (formulas with their results), highlighted. */
export function summarySheet(model: ReportModel): TableSheet {
  const n = model.summary.length;
  const last = n + 1;
  const rows: CellData[][] = model.summary.map((s, i) =>
    SUMMARY_COLUMNS.map((c) => {
      const r = i + 2;
      if (c.kind === 'ratio') return { formula: `IF(C${r}=0,1,D${r}/C${r})`, result: s.coverage };
      if (c.kind === 'done') return s.orgReviewed ? DONE : NOT_DONE;
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
      if (c.kind === 'ratio') return { formula: `IF(C${t}=0,1,D${t}/C${t})`, result: total.coverage };
      if (c.kind === 'done') return { formula: `COUNTIF(${col}2:${col}${last},"${DONE}")`, result: total.orgReviewed };
      return { formula: n === 0 ? '0' : `SUM(${col}2:${col}${last})`, result: total[c.key] as number };
    }),
  );
  const conditionalFormats: ConditionalFormat[] = [];
  if (n > 0) {
    const coverage = columnLetter(SUMMARY_COLUMNS.findIndex((c) => c.kind === 'ratio'));
    const overdue = columnLetter(SUMMARY_COLUMNS.findIndex((c) => c.key === 'overdue'));
    const org = columnLetter(SUMMARY_COLUMNS.findIndex((c) => c.kind === 'done'));
    conditionalFormats.push(
      { ref: `${coverage}2:${coverage}${last}`, rules: [{ type: 'dataBar', priority: 1, min: 0, max: 1, color: 'FF638EC6' }] },
      {
        ref: `A2:${columnLetter(SUMMARY_COLUMNS.length - 1)}${last}`,
        rules: [
          { type: 'expression', priority: 2, formula: `$${coverage}2<1`, fill: 'FFFFF2CC' },
          { type: 'expression', priority: 3, formula: `$${org}2="${NOT_DONE}"`, fill: 'FFFFF2CC' },
        ],
      },
      {
        ref: `${overdue}2:${overdue}${last}`,
        rules: [{ type: 'cellIs', priority: 4, operator: 'greaterThan', formula: '0', fill: 'FFFFC7CE', fontColor: 'FF9C0006' }],
      },
    );
  }
  return {
    name: '汇总',
    title: `${model.unit} 领导点评情况汇总（${model.stage.name}）`,
    columns: SUMMARY_COLUMNS.map((c) => ({ header: c.label, width: c.width, numFmt: c.kind === 'ratio' ? PERCENT_FORMAT : undefined })),
    rows,
    boldLastRow: true,
    conditionalFormats,
  };
}

/**
 * Whether the branches finalized by the 上报截止: judged from the finalize times of the files used,
 * never from "now", so the report stays the same whenever it is made.
 */
export function onTime(model: ReportModel): string {
  const due = model.stage.reportDue;
  if (!due) return '名单未设定上报截止日期';
  const used = model.sources.filter((s) => s.status === '采用' && s.branch !== '');
  const missing = used.filter((s) => !s.finalizedAt).length;
  const late = used.filter((s) => s.finalizedAt && s.finalizedAt.slice(0, 10) > due);
  if (late.length > 0) return `逾期：${late.length} 个党小组在 ${due} 之后定稿（${late.map((s) => s.branch).join('、')}）`;
  if (missing > 0) return `${missing} 个文件未定稿，无法判断是否按期`;
  return `按期：所采用文件均在 ${due} 前定稿`;
}

/** 说明: what the report is, how to read it, and the input files. */
export function readmeSheet(model: ReportModel): TableSheet {
  const accepted = model.sources.filter((s) => s.status === '采用').length;
  const rows: CellData[][] = [
    ['单位', model.unit],
    ['阶段', model.stage.name],
    ['阶段时间', `${model.stage.start} 至 ${model.stage.end}`],
    ['统计基准日', model.referenceDate],
    ['安排报送截止', model.stage.planDue ?? '（名单未设定）'],
    ['上报截止', model.stage.reportDue ?? '（名单未设定）'],
    ['是否按期', onTime(model)],
    ['文件数', `${model.sources.length}（采用 ${accepted}）`],
    ['表格版本', model.schemaVersion],
    ['内容摘要', model.contentDigest],
    ['', ''],
    ['如何阅读', '「汇总」每个党小组一行，末行为合计；覆盖率不足 100% 或党组织未点评的行以黄色标出，逾期未整改以红色标出。'],
    ['', '「党组织点评」「党员点评」「整改台账」为采用的点评内容，按名单顺序排列；「未覆盖」列出尚未点评的党小组和党员。'],
    ['', '「来源文件」说明每个收到的文件是否采用及原因；「问题清单」列出所有错误（该行未采用）和提示。'],
    ['', '逾期未整改：状态不是“已整改”且整改时限早于统计基准日的事项。'],
    ['', ''],
    ['输入文件', 'sha256'],
    ...[...model.sources]
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.sha256 < b.sha256 ? -1 : 1))
      .map((s) => [s.file, s.sha256 || '（未读取）']),
  ];
  return {
    name: '说明',
    title: `${model.unit} 领导点评汇总表说明`,
    columns: [
      { header: '项目', width: 16 },
      { header: '内容', width: 90, wrap: true },
    ],
    rows,
    orientation: 'portrait',
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
  return { name: META_SHEET, state: 'veryHidden', rows: metaToRows(meta) };
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
          width: h === '先进事迹' ? 50 : 12,
          wrap: h === '先进事迹',
          numFmt: h === '点评日期' ? DATE_FORMAT : undefined,
        })),
        rows: rowsOf(model.examples, (e) => [e.school, e.branch, e.kind, e.name, e.reviewer, dateCell(e.date), e.deeds]),
      },
    },
    {
      table: {
        name: '未覆盖',
        title: '未覆盖的党组织和党员',
        columns: UNCOVERED_COLUMNS.map((h) => ({ header: h, width: 16 })),
        rows: rowsOf(model.uncovered, (u) => [u.school, u.kind, u.branch, u.name]),
      },
    },
    {
      table: {
        name: '来源文件',
        title: '来源文件',
        columns: SOURCE_COLUMNS.map((h) => ({
          header: h,
          width: h === 'sha256' ? 30 : h === '文件名' || h === '原因' ? 40 : 10,
          wrap: h === '原因' || h === '文件名',
        })),
        rows: rowsOf(model.sources, (s) => [s.file, s.sha256, s.school, s.branch, s.stage, s.finalizedAt, s.read, s.accepted, s.rejected, s.status, s.reason]),
      },
    },
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
