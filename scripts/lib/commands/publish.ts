/**
 * `review-forms publish`: the public version (公开版) of a report, for 整理公开. It keeps the
 * organization reviews, the rectification ledger and the counts; every field the form model marks
 * internal is left out, and on ledger rows about a person the fields public only for
 * organizations read （不公开）. Member reviews and the problem list stay internal.
 */
import { promises as fs } from 'node:fs';
import type ExcelJS from 'exceljs';
import ExcelJSLib from 'exceljs';
import type { Grid } from '../../../addin/forms/cell';
import { isoToUtcDate } from '../../../addin/forms/dates';
import { toCellValue } from '../../../addin/forms/fields';
import type { Column, FormDef } from '../../../addin/forms/form';
import { META_SHEET, ReportMeta, metaFromGrid } from '../../../addin/forms/meta';
import { isAccepted, readForm } from '../../../addin/forms/read/sheet-reader';
import { REPORT_ORG_FORM, REPORT_RECTIFICATION_FORM } from '../../../addin/report/model/report-forms';
import { SUMMARY_COLUMNS } from '../../../addin/report/model/summary';
import { tableColumns } from '../../../addin/report/model/report-sheets';
import { addTableSheet } from '../../../addin/report/exceljs-renderer';
import { UsageError } from '../errors';
import { writeFileAtomic } from '../files/atomic-write';
import { InputPlaces, refuseOutputOnInput } from '../files/output-guard';
import { workbookBytes } from '../workbook/exceljs-output';
import { REPORT_LIMITS } from '../xlsx/limits';
import { readXlsx } from '../xlsx/xlsx-reader';

export const WITHHELD = '（不公开）';

function publicColumns(form: FormDef): Column[] {
  return form.columns.filter((c) => c.meta.visibility !== 'internal' && c.key !== 'sourceFile');
}

function cellFor(column: Column, value: unknown): ExcelJS.CellValue {
  if (column.meta.kind === 'date' && typeof value === 'string') return isoToUtcDate(value);
  const v = toCellValue(column.meta, value);
  return typeof v === 'object' ? null : v;
}

function detail(wb: ExcelJS.Workbook, form: FormDef, grid: Grid | undefined, title: string, withhold: (record: Record<string, unknown>) => boolean): number {
  const columns = publicColumns(form);
  // Every row: a county's 整改台账 may hold more than a branch sheet's row limit.
  const read = grid ? readForm(form, grid, { maxRows: Number.MAX_SAFE_INTEGER }) : undefined;
  const records = (read?.rows ?? []).filter(isAccepted).map((r) => r.record as Record<string, unknown>);
  const rows = records.map((rec) => columns.map((c) => (c.meta.visibility === 'publicForOrganization' && withhold(rec) ? WITHHELD : cellFor(c, rec[c.key]))));
  addTableSheet(wb, form.sheetName, title, tableColumns(columns), rows);
  return records.length;
}

/** The report's sheets the public version is made from. */
const PUBLISHED_SOURCES = new Set([META_SHEET, '汇总', REPORT_ORG_FORM.sheetName, REPORT_RECTIFICATION_FORM.sheetName]);

export async function publishReport(reportFile: string, out: string): Promise<{ org: number; rectification: number }> {
  await refuseOutputOnInput(await InputPlaces.of({ args: [reportFile] }), out);
  let data;
  try {
    // A report is read within the limits of a report, not a branch workbook's (a county's runs to
    // hundreds of MB of XML), and only the sheets published: 党员点评 stays unread.
    data = await readXlsx(await fs.readFile(reportFile), reportFile, { limits: REPORT_LIMITS, wantSheet: (name) => PUBLISHED_SOURCES.has(name) });
  } catch (err) {
    throw new UsageError('report-unreadable', { file: reportFile, detail: (err as Error).message }, { cause: err });
  }
  const grid = (name: string) => data.grids.find((g) => g.name === name);
  const metaGrid = grid(META_SHEET);
  const meta = metaGrid ? ReportMeta.safeParse(metaFromGrid(metaGrid)) : undefined;
  if (!meta?.success) throw new UsageError('not-a-report', { file: reportFile });
  const wb = new ExcelJSLib.Workbook();
  addTableSheet(
    wb,
    '说明',
    '公开版说明',
    [
      { header: '项目', width: 16 },
      { header: '内容', width: 90, wrap: true },
    ],
    [
      ['单位', meta.data.unit],
      ['阶段', `${meta.data.stage}（${meta.data.stageStart} 至 ${meta.data.stageEnd}）`],
      ['说明', '本表为领导点评情况公开版，供在党员干部群众中公开。对党员个人指出的问题及个人信息不在公开范围内。'],
      ['来源', `汇总表内容摘要 ${meta.data.contentDigest}`],
    ],
    'portrait',
  );
  // 汇总: counts only, copied as values.
  const summaryGrid = grid('汇总');
  const summaryRows = (summaryGrid?.rows ?? [])
    .filter((r) => r.r > 1)
    .map((r) =>
      SUMMARY_COLUMNS.map((_, i) => {
        const v = r.cells[i];
        return v === undefined || (typeof v === 'object' && v !== null) ? null : v;
      }),
    );
  const summarySheet = addTableSheet(
    wb,
    '汇总',
    `${meta.data.unit} 领导点评情况汇总（公开版）`,
    SUMMARY_COLUMNS.map((c) => ({ header: c.label, width: c.width, numFmt: c.kind === 'ratio' ? '0.0%' : undefined })),
    summaryRows,
  );
  summarySheet.getRow(summaryRows.length + 1).font = { bold: true };
  const org = detail(wb, REPORT_ORG_FORM, grid(REPORT_ORG_FORM.sheetName), '党组织点评（公开版）', () => false);
  const rectification = detail(
    wb,
    REPORT_RECTIFICATION_FORM,
    grid(REPORT_RECTIFICATION_FORM.sheetName),
    '整改台账（公开版）',
    (rec) => rec.objectKind !== '党组织',
  );
  await writeFileAtomic(out, await workbookBytes(wb));
  return { org, rectification };
}
