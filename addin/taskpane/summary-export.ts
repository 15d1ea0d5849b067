/**
 * 生成汇总 in the pane: the branch's ReportModel rendered by the report writer (addin/report,
 * exceljs's browser build) and opened as a new workbook; where Excel.createWorkbook is missing,
 * its sheets are added to this workbook instead.
 */
import type ExcelJS from 'exceljs';
import { charsToPoints } from '../excel/office-layout';
import { runExcel } from '../excel/run';
import { type SheetTable, canCreateWorkbook, insertSummarySheets, openAsNewWorkbook, readReportModel } from '../excel/summary';
import { isoToSerial } from '../forms/dates';
import { safeFileNamePart } from '../forms/text';
import { buildReportWorkbook } from '../report/exceljs-renderer';

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

function plain(value: ExcelJS.CellValue): string | number | boolean | null | Date {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'object' && 'result' in value) return plain((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((t) => t.text).join('');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  if (typeof value === 'object' && 'error' in value) return String(value.error);
  return String(value);
}

/** exceljs sheets → plain tables for Office.js (visible sheets only; `_meta` stays in the report file). */
export function tablesOf(wb: ExcelJS.Workbook): SheetTable[] {
  return wb.worksheets
    .filter((ws) => ws.state === 'visible')
    .map((ws) => {
      const values: SheetTable['values'] = [];
      const numberFormats: string[][] = [];
      ws.eachRow({ includeEmpty: true }, (row, r) => {
        const line: SheetTable['values'][number] = [];
        const formats: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell, c) => {
          const v = plain(cell.value);
          line[c - 1] = v instanceof Date ? isoToSerial(v.toISOString().slice(0, 10)) : v;
          formats[c - 1] = typeof v === 'string' ? '@' : v instanceof Date ? cell.numFmt || 'yyyy-mm-dd' : cell.numFmt || 'General';
        });
        values[r - 1] = line;
        numberFormats[r - 1] = formats;
      });
      for (let i = 0; i < values.length; i++) {
        values[i] ??= [];
        numberFormats[i] ??= [];
      }
      const widths = (ws.columns ?? []).map((c) => (c.width ? charsToPoints(c.width) : 0));
      const headerRows = ws.views[0] && 'ySplit' in ws.views[0] ? Number(ws.views[0].ySplit ?? 1) : 1;
      return { name: ws.name, values, numberFormats, widths, headerRows };
    });
}

/** Runs 生成汇总 and says, in Chinese, where the result went. */
export async function generateSummary(asOf: string): Promise<string> {
  const model = await runExcel('生成汇总', (ctx) => readReportModel(ctx, asOf, '本工作簿'));
  const wb = buildReportWorkbook(model);
  const s = model.summary[0];
  const counts = s ? `已点评党员 ${s.membersReviewed}/${s.membersExpected}，整改事项 ${s.rectifications} 项。` : '';
  if (canCreateWorkbook()) {
    const buffer = await wb.xlsx.writeBuffer();
    await openAsNewWorkbook(bytesToBase64(new Uint8Array(buffer as ArrayBuffer)));
    const name = `${safeFileNamePart(model.unit, 40)}-${safeFileNamePart(s?.branch ?? '', 40)}-汇总.xlsx`;
    return `已生成汇总工作簿并在新窗口打开，请另存为“${name}”。${counts}`;
  }
  const added = await runExcel('生成汇总', (ctx) => insertSummarySheets(ctx, tablesOf(wb)));
  return `此版本的 Excel 不能新建工作簿，已把汇总作为新工作表加入本工作簿：${added.join('、')}。${counts}`;
}
