/** 设置: reads the branch setup from `_meta`, saves it back (with `_lists`), reads pasted members. */
import { readMeta } from '../forms/read/branch-reader';
import { type BranchMeta, META_SHEET } from '../forms/meta';
import { queueLists, queueMeta } from './branch-sheets';
import { AddinError } from './errors';
import { findEntry, gridFromRange, loadSheetList } from './read-grids';

export interface SetupRead {
  meta: BranchMeta | null;
  /** Why `_meta` could not be used, when it exists but is broken. */
  problem?: string;
}

async function loadMeta(context: Excel.RequestContext) {
  const entries = await loadSheetList(context);
  const entry = findEntry(entries, META_SHEET);
  const used = entry?.sheet.getUsedRangeOrNullObject(true);
  used?.load('values,valueTypes,rowIndex,columnIndex');
  await context.sync();
  if (!entry || !used || used.isNullObject) return { entries, read: null };
  const grid = gridFromRange(META_SHEET, entry.state, used.rowIndex, used.columnIndex, used.values, used.valueTypes, []);
  return { entries, read: readMeta([grid]) };
}

/** Two syncs. */
export async function readSetup(context: Excel.RequestContext): Promise<SetupRead> {
  const { read } = await loadMeta(context);
  if (!read) return { meta: null };
  if (read.kind === 'branch') return { meta: read.meta };
  if (read.kind === 'report') return { meta: null, problem: '这是汇总表，不是党小组点评表。' };
  return { meta: null, problem: read.problems.map((p) => p.message).join('；') };
}

/** Three syncs: sheet list, current `_meta`, writes. Refused once finalized. */
export async function saveSetup(context: Excel.RequestContext, meta: BranchMeta): Promise<void> {
  const { entries, read } = await loadMeta(context);
  if (read?.kind === 'branch' && read.meta.finalizedAt) throw new AddinError('finalized', '本工作簿已定稿，不能修改设置。如需修改，请先“取消定稿”。');
  queueMeta(context, entries, meta);
  queueLists(context, entries, meta);
  await context.sync();
}

/**
 * The values of the used part of the selected range (members pasted on a sheet): selecting whole
 * columns A:C loads the few rows that hold something, not three million cells. One sync.
 */
export async function readSelection(context: Excel.RequestContext): Promise<unknown[][]> {
  const range = context.workbook.getSelectedRange().getUsedRangeOrNullObject(true);
  range.load('values');
  await context.sync();
  if (range.isNullObject || range.values.length === 0) throw new AddinError('noSelection', '请先在工作表中选中党员名单（姓名、职务/岗位、岗位类别三列）。');
  return range.values;
}
