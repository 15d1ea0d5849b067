/**
 * Shape drift: the form sheets as people change them. Where the meaning is clear the file is
 * read with a 提示; where it is not, it is rejected with the reason.
 */
import type ExcelJS from 'exceljs';
import { type BadCase, viaExcelJs } from '../helpers/corpus';
import { columnOf } from '../helpers/sheet-edit';

export const member = (wb: ExcelJS.Workbook) => wb.getWorksheet('党员点评') as ExcelJS.Worksheet;

/** Rewrites the member sheet's values with its columns in a new order (a list of 1-based columns). */
export function reorderColumns(ws: ExcelJS.Worksheet, order: number[]): void {
  const rows: ExcelJS.CellValue[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) rows.push(order.map((c) => ws.getCell(r, c).value));
  for (let r = 1; r <= rows.length; r++) {
    for (let i = 0; i < Math.max(order.length, ws.columnCount); i++) ws.getCell(r, i + 1).value = i < order.length ? rows[r - 1][i] : null;
  }
}

export const colCount = (ws: ExcelJS.Worksheet) => ws.getRow(1).cellCount;

export const SHAPE_REJECTED: BadCase[] = [
  {
    id: 'a form sheet deleted',
    name: '删表.xlsx',
    make: (fx) => viaExcelJs(fx.good[1], (wb) => wb.removeWorksheet(member(wb).id)),
    rule: 'sheetMissing',
    says: /党员点评/,
  },
  {
    id: 'a form sheet duplicated (党员点评 (2))',
    name: '复制表.xlsx',
    make: (fx) =>
      viaExcelJs(fx.good[1], (wb) => {
        const src = member(wb);
        const copy = wb.addWorksheet('党员点评 (2)');
        src.eachRow((row, r) => row.eachCell((cell, c) => (copy.getCell(r, c).value = cell.value)));
      }),
    rule: 'sheetDuplicated',
    says: /多个工作表.*删去多余/,
  },
  {
    id: 'a required column deleted',
    name: '删列.xlsx',
    make: (fx) => viaExcelJs(fx.good[1], (wb) => member(wb).spliceColumns(columnOf(member(wb), '点评人'), 1)),
    rule: 'missingColumn',
    says: /点评人.*从模板复制/,
  },
  {
    id: 'the same column twice',
    name: '重复列.xlsx',
    make: (fx) =>
      viaExcelJs(fx.good[1], (wb) => {
        const ws = member(wb);
        ws.getCell(1, colCount(ws) + 1).value = '点评日期';
      }),
    rule: 'duplicateColumn',
    says: /点评日期.*两次/,
  },
  {
    id: 'the header row replaced by other text',
    name: '无表头.xlsx',
    make: (fx) =>
      viaExcelJs(fx.good[1], (wb) => {
        const ws = member(wb);
        for (let c = 1; c <= colCount(ws); c++) ws.getCell(1, c).value = `列${c}`;
      }),
    rule: 'headerNotFound',
  },
];
