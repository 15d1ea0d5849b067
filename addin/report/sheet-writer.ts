/** A plain report table on an exceljs sheet: styled header, frozen, filtered, A4 with repeating titles. */
import type ExcelJS from 'exceljs';

export interface TableColumn {
  header: string;
  width: number;
  wrap?: boolean;
  numFmt?: string;
}

export const HEADER_FILL = 'FFDDEBF7';
const THIN = { style: 'thin' as const, color: { argb: 'FFB4B4B4' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** A plain table sheet, as data: what both report writers render. */
export interface TableSheet {
  name: string;
  title: string;
  columns: readonly TableColumn[];
  /** Made one at a time as the sheet takes them (a generator need not hold them all). */
  rows: Iterable<ExcelJS.CellValue[]>;
  orientation?: 'landscape' | 'portrait';
}

/** A table sheet being written: rows go in one by one, then `finish`. */
export interface TableWriter {
  ws: ExcelJS.Worksheet;
  addRow(values: readonly ExcelJS.CellValue[]): void;
  finish(): ExcelJS.Worksheet;
}

export function startTableSheet(
  wb: ExcelJS.Workbook,
  sheet: Omit<TableSheet, 'rows'>,
  /** Commit each row once written: exceljs's streaming writer then lets it go (a no-op otherwise). */
  commitRows = false,
): TableWriter {
  const { name, title, columns, orientation = 'landscape' } = sheet;
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
    pageSetup: { paperSize: 9, orientation, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1', margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
    headerFooter: { oddHeader: `&C&12${title}`, oddFooter: '&C第 &P 页，共 &N 页' },
  });
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width;
    col.alignment = { vertical: 'top', wrapText: !!c.wrap };
    if (c.numFmt) col.numFmt = c.numFmt;
  });
  const header = ws.getRow(1);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.border = BORDER;
  });
  header.height = 30;
  if (commitRows) header.commit();
  // Streaming: each cell takes its column's style object itself (the same content exceljs would
  // copy into a new object per cell), so the writer finds the style by identity instead of
  // rendering it for every cell. Only for rows committed at once: a shared style must not be
  // changed through one cell afterwards (汇总 bolds its total row; it is not committed so).
  const shared = commitRows ? columns.map((_c, i) => ws.getColumn(i + 1).style) : [];
  let r = 2;
  return {
    ws,
    addRow(values) {
      const row = ws.getRow(r++);
      values.forEach((v, c) => {
        if (v === null || v === undefined || v === '') return;
        const cell = row.getCell(c + 1);
        cell.value = v;
        if (commitRows) cell.style = shared[c];
      });
      if (commitRows) row.commit();
    },
    finish() {
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
      return ws;
    },
  };
}

export function addTableSheet(
  wb: ExcelJS.Workbook,
  name: string,
  title: string,
  columns: readonly TableColumn[],
  rows: Iterable<ExcelJS.CellValue[]>,
  orientation: 'landscape' | 'portrait' = 'landscape',
  commitRows = false,
): ExcelJS.Worksheet {
  const table = startTableSheet(wb, { name, title, columns, orientation }, commitRows);
  for (const values of rows) table.addRow(values);
  return table.finish();
}
