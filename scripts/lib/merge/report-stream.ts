/**
 * The report workbook through exceljs's streaming writer: the same sheets, from the same list as
 * `buildReportWorkbook` (addin/report, which the add-in also runs in the browser), but each row
 * is let go once written and each sheet once complete, so a county's report does not hold a
 * second copy of every row as exceljs cells.
 *
 * Rows are written only as fast as the zip takes them: exceljs hands a sheet's XML to the
 * compressor without waiting, so a sheet written in one go would sit uncompressed in memory
 * (hundreds of MB for a county's 党员点评). Every few hundred rows the writer waits until what it
 * gave the compressor is below WRITE_AHEAD_BYTES. Compression runs on libuv's thread pool, so
 * waiting also lets it run beside the next rows instead of after the last.
 */
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ReportModel } from '../../../addin/forms/report-model';
import { EMPTY_DATABAR_EXT } from '../../../addin/report/report-file';
import { REPORT_VIEWS, reportSheets } from '../../../addin/report/report-workbook';
import { type TableSheet, renderReportSheet, renderTableSheet } from '../../../addin/report/sheet-writer';

/** Sheet XML written ahead of the compressor at most (about). */
export const WRITE_AHEAD_BYTES = 4 * 1024 * 1024;
/** Rows between two looks at what is waiting. */
const ROWS_PER_LOOK = 256;

/**
 * A sheet's XML on its way into the zip, as far as the writer looks at it: exceljs's StreamBuf
 * (its own buffers) piped into archiver's input stream (readable-stream, whose `_writableState`
 * holds what the compressor has not taken yet; it has no `writableLength`).
 */
interface SheetStream {
  write(chunk: unknown): unknown;
  buffers: { length: number }[];
  pipes: (Writable & { _writableState?: { length: number; needDrain: boolean } })[];
}

function sheetStream(ws: ExcelJS.Worksheet): SheetStream {
  return (ws as unknown as { stream: SheetStream }).stream;
}

/** exceljs writes an empty x14 extension in every data-bar rule; dropped as report-file.ts does. */
function stripDataBarExtension(ws: ExcelJS.Worksheet): void {
  const stream = sheetStream(ws);
  const write = stream.write.bind(stream);
  stream.write = (chunk: unknown) => write(typeof chunk === 'string' ? chunk.replace(EMPTY_DATABAR_EXT, '') : chunk);
}

/** Bytes of the sheet's XML written but not yet taken by the compressor. */
export function heldBytes(ws: ExcelJS.Worksheet): number {
  const stream = sheetStream(ws);
  let held = 0;
  for (const b of stream.buffers) held += b.length;
  for (const p of stream.pipes) held += p._writableState?.length ?? 0;
  return held;
}

/** Waits until the sheet's XML not yet taken by the compressor is below WRITE_AHEAD_BYTES. */
async function drained(ws: ExcelJS.Worksheet): Promise<void> {
  while (heldBytes(ws) >= WRITE_AHEAD_BYTES) {
    // 'drain' comes only after a write was refused; otherwise (the zip has not reached this
    // sheet yet, still compressing an earlier one) look again soon.
    const busy = sheetStream(ws).pipes.find((p) => p._writableState?.needDrain);
    if (busy) await once(busy, 'drain');
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A table sheet committed row by row, waiting for the compressor every few hundred rows. */
async function streamTable(wb: ExcelJS.Workbook, table: TableSheet): Promise<ExcelJS.Worksheet> {
  const ws = renderTableSheet(wb, { ...table, rows: [] });
  ws.getRow(1).commit();
  const shared = table.columns.map((_c, i) => ws.getColumn(i + 1).style);
  let r = 2;
  for (const values of table.rows) {
    const row = ws.getRow(r++);
    values.forEach((v, c) => {
      if (v === null || v === undefined || v === '') return;
      const cell = row.getCell(c + 1);
      cell.value = v as ExcelJS.CellValue;
      cell.style = shared[c];
    });
    row.commit();
    if (r % ROWS_PER_LOOK === 0) await drained(ws);
  }
  return ws;
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
  const asWorkbook = wb as unknown as ExcelJS.Workbook;
  wb.views = REPORT_VIEWS;
  for (const sheet of reportSheets(model)) {
    let ws: ExcelJS.Worksheet;
    if (!('table' in sheet) || sheet.table.boldLastRow || sheet.table.conditionalFormats) {
      ws = renderReportSheet(asWorkbook, sheet);
      stripDataBarExtension(ws);
    } else {
      ws = await streamTable(asWorkbook, sheet.table);
    }
    await (ws as unknown as { commit(): Promise<void> }).commit();
  }
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}
