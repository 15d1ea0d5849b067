/**
 * 生成汇总 at the Excel edge: read this branch into a ReportModel (two syncs), then open the
 * rendered report as a new workbook (Excel.createWorkbook, ExcelApi 1.8) or, where that is
 * missing, add its sheets to this workbook (two syncs).
 */
import type { ReportModel } from '../report/model/report-model';
import { branchReportModel } from './branch-report';
import { AddinError } from './errors';
import { loadSheetList } from './read-grids';
import { uniqueSheetName } from '../forms/text';
import { atReferenceDate, isBranchRead, readOpenWorkbook } from './workbook-read';

/**
 * Two syncs. The rules run again (no sync) against the stage's reference date, as the merge
 * does, so a date after it is judged the same way in both reports.
 */
export async function readReportModel(context: Excel.RequestContext, asOf: string, fileName: string): Promise<ReportModel> {
  const read = await readOpenWorkbook(context, asOf);
  if (!isBranchRead(read.branch)) throw new AddinError('notBranchWorkbook', read.branch.problems.map((p) => p.message).join('；'));
  const { branch, referenceDate } = atReferenceDate(read, read.branch);
  return branchReportModel(branch, fileName, referenceDate);
}

export function canCreateWorkbook(): boolean {
  const excel = (globalThis as { Excel?: { createWorkbook?: unknown } }).Excel;
  const office = (globalThis as { Office?: typeof Office }).Office;
  const supported = office?.context?.requirements?.isSetSupported('ExcelApi', '1.8') ?? true;
  return supported && typeof excel?.createWorkbook === 'function';
}

/** A rendered sheet: values (dates as serials) with their number formats, and column widths in points. */
export interface SheetTable {
  name: string;
  values: (string | number | boolean | null)[][];
  numberFormats: string[][];
  widths: number[];
  headerRows: number;
}

/** The fallback: the report's sheets added to this workbook, prefixed 汇总·. Two syncs. */
export async function insertSummarySheets(context: Excel.RequestContext, tables: readonly SheetTable[]): Promise<string[]> {
  const entries = await loadSheetList(context);
  const taken = new Set(entries.map((e) => e.name));
  const added: string[] = [];
  for (const t of tables) {
    const name = uniqueSheetName(`汇总·${t.name}`, taken);
    taken.add(name);
    added.push(name);
    const sheet = context.workbook.worksheets.add(name);
    t.widths.forEach((w, i) => {
      if (w > 0) sheet.getRangeByIndexes(0, i, 1, 1).getEntireColumn().format.columnWidth = w;
    });
    const width = Math.max(1, ...t.values.map((r) => r.length));
    if (t.values.length === 0) continue;
    const pad = <T>(rows: T[][], fill: T) => rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? fill));
    const range = sheet.getRangeByIndexes(0, 0, t.values.length, width);
    range.numberFormat = pad(t.numberFormats, 'General');
    range.values = pad(t.values, null);
    if (t.headerRows > 0) sheet.getRangeByIndexes(t.headerRows - 1, 0, 1, width).format.font.bold = true;
  }
  await context.sync();
  return added;
}

export async function openAsNewWorkbook(base64: string): Promise<void> {
  try {
    await Excel.createWorkbook(base64);
  } catch (err) {
    throw new AddinError('office', `生成汇总失败：Excel 没能打开新工作簿（${err instanceof Error ? err.message : String(err)}）。`, { cause: err });
  }
}
