/**
 * The hidden sheets of a branch workbook (`_meta`, `_lists`) and the 填表说明 sheet, written from
 * the branch setup (a BranchMeta) exactly as `template` writes them.
 */
import { a1 } from '../forms/cell';
import { type LayoutContext, INSTRUCTIONS_SHEET, listColumns } from '../forms/layout';
import { type BranchMeta, LISTS_SHEET, META_SHEET, membersOfMeta, metaToRows, stageOfMeta } from '../forms/meta';
import { type SheetEntry, findEntry } from './read-grids';

export function layoutContextOf(meta: BranchMeta): LayoutContext {
  return {
    unit: meta.unit,
    secretary: meta.secretary || undefined,
    stage: stageOfMeta(meta),
    branch: { name: meta.branch, leader: meta.branchLeader, liaison: meta.liaison },
    members: membersOfMeta(meta),
  };
}

/** The `_lists` columns as rows: header row, then items, columns of unequal length padded. */
export function listRows(ctx: LayoutContext): string[][] {
  const columns = listColumns(ctx);
  const height = 1 + Math.max(...columns.map((c) => c.items.length));
  return Array.from({ length: height }, (_, r) => columns.map((c) => (r === 0 ? c.header : (c.items[r - 1] ?? ''))));
}

/** An existing sheet by name, or a new very hidden one. */
export function hiddenSheet(context: Excel.RequestContext, entries: readonly SheetEntry[], name: string): Excel.Worksheet {
  const found = findEntry(entries, name);
  const sheet = found ? found.sheet : context.workbook.worksheets.add(name);
  sheet.visibility = 'VeryHidden';
  return sheet;
}

export function queueTextRows(sheet: Excel.Worksheet, rows: readonly (readonly string[])[]): void {
  sheet.getRange().clear('Contents');
  if (rows.length === 0) return;
  const width = Math.max(...rows.map((r) => r.length));
  const block = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
  const range = sheet.getRange(`A1:${a1(width - 1, rows.length)}`);
  // Text format first: "2010-09-01" must stay a string, not become a date serial.
  range.numberFormat = block.map((r) => r.map(() => '@'));
  range.values = block;
}

export function queueMeta(context: Excel.RequestContext, entries: readonly SheetEntry[], meta: BranchMeta): void {
  queueTextRows(hiddenSheet(context, entries, META_SHEET), metaToRows(meta));
}

export function queueLists(context: Excel.RequestContext, entries: readonly SheetEntry[], meta: BranchMeta): void {
  queueTextRows(hiddenSheet(context, entries, LISTS_SHEET), listRows(layoutContextOf(meta)));
}

export function queueInstructions(context: Excel.RequestContext, lines: readonly string[]): void {
  const sheet = context.workbook.worksheets.add(INSTRUCTIONS_SHEET);
  sheet.position = 0;
  const column = sheet.getRange('A:A');
  column.format.columnWidth = 110 * 7 * 0.75;
  column.format.wrapText = true;
  column.format.verticalAlignment = 'Top';
  sheet.getRange(`A1:A${lines.length}`).values = lines.map((l) => [l]);
  const title = sheet.getRange('A1');
  title.format.font.bold = true;
  title.format.font.size = 14;
  lines.forEach((line, i) => {
    if (/^[一二三四五六]、/.test(line)) sheet.getRange(`A${i + 1}`).format.font.bold = true;
  });
}
