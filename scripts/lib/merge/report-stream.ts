/**
 * The report workbook through exceljs's streaming writer: the same sheets, built by the same
 * functions as `buildReportWorkbook` (addin/report, which the add-in also runs in the browser),
 * but each row is let go once written and each sheet once complete, so a county's report does
 * not hold a second copy of every row as exceljs cells.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ReportModel } from '../../../addin/forms/report-model';
import { EMPTY_DATABAR_EXT } from '../../../addin/report/report-file';
import { REPORT_VIEWS, reportSheets } from '../../../addin/report/report-workbook';

/** exceljs writes an empty x14 extension in every data-bar rule; dropped as report-file.ts does. */
function stripDataBarExtension(ws: ExcelJS.Worksheet): void {
  const stream = (ws as unknown as { stream: { write(chunk: unknown): unknown } }).stream;
  const write = stream.write.bind(stream);
  stream.write = (chunk: unknown) => write(typeof chunk === 'string' ? chunk.replace(EMPTY_DATABAR_EXT, '') : chunk);
}

export async function reportToBytesStreaming(model: ReportModel): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.views = REPORT_VIEWS;
  for (const add of reportSheets(model, true)) {
    const ws = add(wb as unknown as ExcelJS.Workbook);
    stripDataBarExtension(ws);
    await (ws as unknown as { commit(): Promise<void> }).commit();
  }
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}
