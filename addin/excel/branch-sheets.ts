/**
 * The hidden sheets of a branch workbook (`_meta`, `_lists`) and the 填表说明 sheet, written from
 * the branch setup (a BranchMeta) exactly as `template` writes them.
 */
import { a1 } from '../forms/cell';
import type { InstructionsLayout } from '../forms/instructions-layout';
import { type LayoutContext, listColumns } from '../forms/layout';
import { type BranchMeta, LISTS_SHEET, META_SHEET, membersOfMeta, metaToRows, stageOfMeta } from '../forms/meta';
import { charsToPoints } from './office-layout';
import { type SheetEntry, findEntry } from './read-grids';
import { type WriteOptions, queuePrintSpec } from './write-layout';

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

/** 填表说明 as `template` writes it: the lines, the progress formulas, row heights and a portrait page. */
export function queueInstructions(context: Excel.RequestContext, layout: InstructionsLayout, opts: WriteOptions): void {
  const sheet = context.workbook.worksheets.add(layout.name);
  sheet.position = 0;
  const column = sheet.getRange('A:A');
  column.format.columnWidth = charsToPoints(layout.width);
  column.format.wrapText = true;
  column.format.verticalAlignment = 'Top';
  const block = sheet.getRange(`A1:A${layout.rows.length}`);
  // Text first in text format (a unit named "=…" stays text); the progress lines are formulas.
  block.numberFormat = layout.rows.map((r) => [r.formula ? 'General' : '@']);
  block.values = layout.rows.map((r) => [r.formula ? null : r.text]);
  layout.rows.forEach((row, i) => {
    const cell = sheet.getRange(`A${i + 1}`);
    if (row.formula) cell.formulas = [[`=${row.formula}`]];
    if (row.style !== 'body') cell.format.font.bold = true;
    if (row.style === 'title') cell.format.font.size = 14;
    cell.format.rowHeight = row.height;
  });
  if (opts.api19) queuePrintSpec(sheet, layout.print);
}
