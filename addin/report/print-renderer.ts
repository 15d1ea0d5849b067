/**
 * The printed review forms (addin/report/model/print-forms.ts) rendered with exceljs: what
 * `review-forms print` writes, and what the add-in's 打印点评表 opens as a new workbook. No Node APIs.
 */
import ExcelJS from 'exceljs';
import { borderOf, fillOf, fontOf } from './exceljs-renderer';
import type { PrintBlock, PrintSheet } from './model/print-forms';
import type { CellStyle } from './model/sheet-layout';

function styleOf(style: CellStyle): Partial<ExcelJS.Style> {
  const out: Partial<ExcelJS.Style> = { font: fontOf(style.font) };
  if (style.alignment) out.alignment = { ...style.alignment };
  if (style.fill) out.fill = fillOf(style.fill);
  if (style.border) out.border = borderOf(style.border);
  return out;
}

function renderBlock(ws: ExcelJS.Worksheet, block: PrintBlock): void {
  const style = styleOf(block.style);
  for (let r = block.top; r <= block.bottom; r++) {
    for (let c = block.left; c <= block.right; c++) ws.getCell(r, c).style = { ...style };
  }
  ws.getCell(block.top, block.left).value = block.value === '' ? null : block.value;
  if (block.bottom > block.top || block.right > block.left) ws.mergeCells(block.top, block.left, block.bottom, block.right);
}

export function renderPrintSheet(wb: ExcelJS.Workbook, sheet: PrintSheet): ExcelJS.Worksheet {
  const { page } = sheet;
  const ws = wb.addWorksheet(sheet.name, {
    views: [{ showGridLines: false }],
    pageSetup: {
      paperSize: page.paperSize,
      orientation: page.orientation,
      fitToPage: true,
      fitToWidth: page.fitToWidth,
      fitToHeight: page.fitToHeight,
      horizontalCentered: page.horizontalCentered,
      margins: { ...page.margins },
    },
    headerFooter: { oddFooter: `&L${page.footer.left}&R${page.footer.right}` },
  });
  sheet.widths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  sheet.heights.forEach((h, i) => (ws.getRow(i + 1).height = h));
  for (const block of sheet.blocks) renderBlock(ws, block);
  return ws;
}

/** A workbook of printed forms, a sheet each, in the order given. */
export function buildPrintWorkbook(sheets: readonly PrintSheet[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  // No "now" in the file: the same forms give the same workbook content.
  wb.created = wb.modified = new Date(Date.UTC(2010, 0, 1));
  wb.creator = wb.lastModifiedBy = 'review-forms';
  for (const sheet of sheets) renderPrintSheet(wb, sheet);
  return wb;
}
