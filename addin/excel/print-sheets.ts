/**
 * 打印点评表 where Excel cannot open a new workbook: the printed forms (addin/report/model/
 * print-forms.ts) added to this workbook, a sheet each, with Office.js — the same layout the
 * exceljs renderer writes. Two syncs. Page setup (A4 portrait, one page, footer) needs ExcelApi
 * 1.9 and the grid lines' switch 1.8; without them the forms are added and the caller says what
 * to set by hand.
 */
import { columnPoints } from '../forms/text-fit';
import { uniqueSheetName } from '../forms/text';
import type { PrintBlock, PrintSheet } from '../report/model/print-forms';
import { FONT_NAME } from '../report/model/sheet-layout';
import { loadSheetList } from './read-grids';
import { supportsExcelApi } from './run';

/** The prefix of a printed form's sheet in the secretary's workbook, beside its own sheets. */
export const PRINT_SHEET_PREFIX = '打印·';

const HORIZONTAL = { left: 'Left', center: 'Center', right: 'Right' } as const;
const VERTICAL = { top: 'Top', middle: 'Center', bottom: 'Bottom' } as const;
const EDGES = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'] as const;

/** An ARGB colour of the layout as Office.js takes it (#RRGGBB). */
const color = (argb: string) => `#${argb.slice(-6)}`;

/** The font most cells have, set once on the whole form; a block sets only what differs. */
const BASE_FONT = { name: FONT_NAME, size: 12 };

function queueBlock(sheet: Excel.Worksheet, block: PrintBlock, api19: boolean): void {
  const range = sheet.getRangeByIndexes(block.top - 1, block.left - 1, block.bottom - block.top + 1, block.right - block.left + 1);
  if (block.bottom > block.top || block.right > block.left) range.merge(false);
  const { style } = block;
  const format = range.format;
  if (style.font.name !== BASE_FONT.name) format.font.name = style.font.name;
  if (style.font.size !== BASE_FONT.size) format.font.size = style.font.size;
  if (style.font.bold) format.font.bold = true;
  const a = style.alignment ?? {};
  if (a.horizontal) format.horizontalAlignment = HORIZONTAL[a.horizontal];
  if (a.vertical) format.verticalAlignment = VERTICAL[a.vertical];
  if (a.wrapText) format.wrapText = true;
  if (a.indent && api19) format.indentLevel = a.indent;
  if (style.fill) format.fill.color = color(style.fill);
  if (style.border) {
    for (const edge of EDGES) {
      const border = format.borders.getItem(edge);
      border.style = 'Continuous';
      border.color = color(style.border.color);
    }
  }
  if (block.value !== '') range.getCell(0, 0).values = [[block.value]];
}

function queuePage(sheet: Excel.Worksheet, page: PrintSheet['page']): void {
  const layout = sheet.pageLayout;
  layout.orientation = 'Portrait';
  layout.paperSize = 'A4';
  layout.zoom = { horizontalFitToPages: page.fitToWidth, verticalFitToPages: page.fitToHeight };
  layout.leftMargin = page.margins.left * 72;
  layout.rightMargin = page.margins.right * 72;
  layout.topMargin = page.margins.top * 72;
  layout.bottomMargin = page.margins.bottom * 72;
  layout.headerMargin = page.margins.header * 72;
  layout.footerMargin = page.margins.footer * 72;
  layout.centerHorizontally = page.horizontalCentered;
  layout.headersFooters.defaultForAllPages.leftFooter = page.footer.left;
  layout.headersFooters.defaultForAllPages.rightFooter = page.footer.right;
}

export interface InsertedForms {
  /** The sheets added, in order. */
  sheets: string[];
  /** Whether A4, one page and the footer were set (ExcelApi 1.9). */
  pageSetup: boolean;
}

/** Adds each printed form as a sheet of this workbook, named 打印·<name>. Two syncs. */
export async function insertPrintSheets(context: Excel.RequestContext, forms: readonly PrintSheet[]): Promise<InsertedForms> {
  const api19 = supportsExcelApi('1.9');
  const api18 = supportsExcelApi('1.8');
  const taken = new Set((await loadSheetList(context)).map((e) => e.name));
  const sheets: string[] = [];
  for (const form of forms) {
    const name = uniqueSheetName(`${PRINT_SHEET_PREFIX}${form.name}`, taken);
    taken.add(name);
    sheets.push(name);
    const sheet = context.workbook.worksheets.add(name);
    const all = sheet.getRangeByIndexes(0, 0, form.heights.length, form.widths.length).format.font;
    all.name = BASE_FONT.name;
    all.size = BASE_FONT.size;
    form.widths.forEach((w, i) => (sheet.getRangeByIndexes(0, i, 1, 1).getEntireColumn().format.columnWidth = columnPoints(w)));
    form.heights.forEach((h, i) => (sheet.getRangeByIndexes(i, 0, 1, 1).format.rowHeight = h));
    for (const block of form.blocks) queueBlock(sheet, block, api19);
    if (api18) sheet.showGridlines = false;
    if (api19) queuePage(sheet, form.page);
  }
  await context.sync();
  return { sheets, pageSetup: api19 };
}
