/**
 * `review-forms publish`: the public version (公开版) of a report, for 整理公开: 说明, the counts
 * (汇总) and each report form the model publishes, with the columns and cells the fields'
 * visibility allows (addin/report/model/public-version.ts). Member reviews and the problem
 * list stay internal.
 */
import ExcelJSLib from 'exceljs';
import { cellAt } from '../../../addin/forms/cell';
import { isoToUtcDate } from '../../../addin/forms/dates';
import { toCellValue } from '../../../addin/forms/fields';
import type { Column, FormDef, FormId } from '../../../addin/forms/form';
import { META_SHEET, ReportMeta, metaFromGrid } from '../../../addin/forms/meta';
import { PUBLISHED_FORMS, publicCells, publicColumns } from '../../../addin/report/model/public-version';
import { SUMMARY_COLUMNS, TOTAL_LABEL } from '../../../addin/report/model/summary';
import { SUMMARY_TABLE_COLUMNS, keyColumnsOf, summaryHighlights, tableColumns } from '../../../addin/report/model/report-sheets';
import type { CellData, TableSheet } from '../../../addin/report/model/sheet-layout';
import { renderTableSheet } from '../../../addin/report/exceljs-renderer';
import { type ReportContent, readReportContent } from '../../../addin/report/model/report-reader';
import { reasonText } from '../reasons';
import { UsageError } from '../errors';
import { writeFileAtomic } from '../files/atomic-write';
import { InputPlaces, refuseOutputOnInput } from '../files/output-guard';
import { workbookBytes } from '../workbook/exceljs-output';
import { REPORT_LIMITS } from '../xlsx/limits';
import { readXlsx } from '../xlsx/xlsx-reader';
import { readInputFile } from '../files/read-input';
import { systemErrorText } from '../files/system-error';

function cellFor(column: Column, value: unknown): CellData {
  if (column.meta.kind === 'date' && typeof value === 'string') return isoToUtcDate(value);
  const v = toCellValue(column.meta, value);
  return typeof v === 'object' ? null : v;
}

/** A published form's sheet, with the rows published: the report's accepted records of that form. */
function detail(form: FormDef, records: readonly Record<string, unknown>[], title: string): { sheet: TableSheet; count: number } {
  const columns = publicColumns(form);
  const rows = records.map((record) => publicCells(form, record, cellFor));
  return { sheet: { name: form.sheetName, title, columns: tableColumns(columns), keyColumns: keyColumnsOf(form, columns), rows }, count: records.length };
}

/** The report's accepted records of one of its detail forms (as its reader read them, verified). */
function recordsOf(content: ReportContent, form: FormDef): readonly Record<string, unknown>[] {
  const byForm: Partial<Record<FormId, readonly object[]>> = {
    org: content.org,
    member: content.member,
    rectification: content.rectification,
    schedule: content.schedule,
  };
  const records = byForm[form.id];
  if (!records) throw new Error(`${form.id} is not a detail form of the report`);
  return records as readonly Record<string, unknown>[];
}

/** At most this many of an untrusted report's errors are named in the refusal. */
const ERRORS_NAMED = 5;

/**
 * The report as merge made it, or why it cannot be published: its digest and parts are verified
 * as the county's merge verifies them, so a report edited after merge (a ledger row about a 党员
 * relabelled 党组织, a row dropped) never reaches the notice board.
 */
function verifiedReport(grids: Parameters<typeof readReportContent>[0], date1904: boolean, file: string): ReportContent {
  const content = readReportContent(grids, { date1904 });
  if (!('meta' in content)) throw new UsageError('not-a-report', { file });
  const errors = content.problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return content;
  const named = errors.slice(0, ERRORS_NAMED).map((p) => `${[p.sheet, p.cell].filter(Boolean).join('!')} ${p.message}`);
  const more = errors.length > ERRORS_NAMED ? reasonText('more-errors', { count: errors.length - ERRORS_NAMED }) : '';
  throw new UsageError('report-untrusted-publish', { file, problems: named.join('；') + more });
}

export async function publishReport(reportFile: string, out: string): Promise<Partial<Record<FormId, number>>> {
  await refuseOutputOnInput(await InputPlaces.of({ args: [reportFile] }), out);
  let data;
  try {
    // A report is read within the limits of a report, not a branch workbook's (a county's runs to
    // hundreds of MB of XML), and whole: its digest covers every sheet.
    data = await readXlsx(await readInputFile(reportFile), reportFile, { limits: REPORT_LIMITS });
  } catch (err) {
    throw new UsageError('report-unreadable', { file: reportFile, detail: systemErrorText(err) }, { cause: err });
  }
  const grid = (name: string) => data.grids.find((g) => g.name === name);
  const metaGrid = grid(META_SHEET);
  const meta = metaGrid ? ReportMeta.safeParse(metaFromGrid(metaGrid)) : undefined;
  if (!meta?.success) throw new UsageError('not-a-report', { file: reportFile });
  const content = verifiedReport(data.grids, data.date1904, reportFile);
  const readme: TableSheet = {
    name: '说明',
    title: '公开版说明',
    columns: [
      { header: '项目', width: 14, wrap: true },
      { header: '内容', width: 84, wrap: true },
    ],
    rows: [
      ['单位', meta.data.unit],
      ['阶段', `${meta.data.stage}（${meta.data.stageStart} 至 ${meta.data.stageEnd}）`],
      [
        '说明',
        '本表为领导点评情况公开版，供在党员干部群众中公开。对党员个人的点评、整改事项的对象和内容及个人信息不在公开范围内，表中显示为“（不公开）”或不列出。',
      ],
      ['来源', `汇总表内容摘要 ${meta.data.contentDigest}`],
    ],
    orientation: 'portrait',
  };
  // 汇总: counts only, copied as values; the branch rows keep the report's highlights.
  const summaryRows = (grid('汇总')?.rows ?? [])
    .filter((r) => r.r > 1)
    .map((r) =>
      SUMMARY_COLUMNS.map((_, i) => {
        const v = cellAt(r, i);
        return typeof v === 'object' ? null : v;
      }),
    );
  const branchRows = summaryRows.filter((r) => r[SUMMARY_COLUMNS.findIndex((c) => c.key === 'branch')] !== TOTAL_LABEL).length;
  const summary: TableSheet = {
    name: '汇总',
    title: `${meta.data.unit} 领导点评情况汇总（公开版）`,
    columns: SUMMARY_TABLE_COLUMNS,
    rows: summaryRows,
    boldLastRow: branchRows < summaryRows.length,
    conditionalFormats: summaryHighlights(branchRows, { dataBar: false }),
  };
  const sheets: TableSheet[] = [readme, summary];
  const published: Partial<Record<FormId, number>> = {};
  for (const form of PUBLISHED_FORMS) {
    const { sheet, count } = detail(form, recordsOf(content, form), form.published?.title ?? form.title);
    sheets.push(sheet);
    published[form.id] = count;
  }
  const wb = new ExcelJSLib.Workbook();
  for (const sheet of sheets) renderTableSheet(wb, sheet);
  await writeFileAtomic(out, await workbookBytes(wb));
  return published;
}
