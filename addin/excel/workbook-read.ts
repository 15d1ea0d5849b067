/**
 * Reads the whole workbook (two syncs) and runs the forms' reader and rules over it. The second
 * sync can carry the caller's own reads: `extra` queues them before it.
 */
import { type BranchRead, isBranchRead, readBranchWorkbook } from '../forms/read/branch-reader';
import { stageOfMeta } from '../forms/meta';
import type { Problem } from '../forms/problems';
import { stageReferenceDate } from '../forms/roster';
import { AddinError } from './errors';
import { type SheetEntry, type SheetSnapshot, loadSheetList, queueGridReads } from './read-grids';

export interface WorkbookRead {
  snapshots: SheetSnapshot[];
  sheets: Map<string, Excel.Worksheet>;
  /** A branch workbook, read and checked; or why it is not one. */
  branch: BranchRead | { problems: Problem[] };
}

export async function readOpenWorkbook(context: Excel.RequestContext, asOf: string, extra?: (entries: readonly SheetEntry[]) => void): Promise<WorkbookRead> {
  const entries = await loadSheetList(context);
  const snapshotsOf = queueGridReads(entries);
  extra?.(entries);
  await context.sync();
  const snapshots = snapshotsOf();
  const branch = readBranchWorkbook(
    snapshots.map((s) => s.grid),
    { asOf },
  );
  return { snapshots, sheets: new Map(snapshots.map((s) => [s.name, s.sheet])), branch };
}

export { isBranchRead };

/**
 * The branch judged as the merge judges it: against the stage's reference date (上报截止, else its
 * end) instead of today, so the pane's figures and the report's never disagree. No sync.
 */
export function atReferenceDate(read: WorkbookRead, branch: BranchRead): { branch: BranchRead; referenceDate: string } {
  const referenceDate = stageReferenceDate(stageOfMeta(branch.meta));
  const again = readBranchWorkbook(
    read.snapshots.map((s) => s.grid),
    { asOf: referenceDate },
  );
  return { branch: isBranchRead(again) ? again : branch, referenceDate };
}

/**
 * Syncs the writes of an action that unprotected sheets. Excel keeps what a batch did before its
 * first failing command and skips the rest; the usual failure here is a sheet protected with a
 * password, which the add-in cannot lift: the message names the sheets and what to do.
 */
export async function syncUnprotecting(context: Excel.RequestContext, unprotected: readonly string[], action: string, outcome: string): Promise<void> {
  try {
    await context.sync();
  } catch (err) {
    const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : '';
    if (unprotected.length === 0 || code === 'ApiNotFound') throw err;
    throw new AddinError(
      'protected',
      `${action}失败：未能解除「${unprotected.join('」「')}」的工作表保护，可能设有密码。请在 Excel 中点“审阅 → 撤销工作表保护”，输入密码后再${action}。${outcome}${code ? `（错误代码 ${code}）` : ''}`,
      { cause: err },
    );
  }
}

/**
 * For each named sheet: unprotect it if protected, run `edit`, protect it again as it was. Sheet by
 * sheet, so a sheet that cannot be unprotected stops the batch with the sheets before it whole and
 * none left unprotected. Returns the names of the sheets it unprotects.
 */
export function queueWhileUnprotected(snapshots: readonly SheetSnapshot[], names: ReadonlySet<string>, edit: (snapshot: SheetSnapshot) => void): string[] {
  const unprotected: string[] = [];
  for (const s of snapshots.filter((x) => names.has(x.name))) {
    if (s.protected) {
      s.sheet.protection.unprotect();
      unprotected.push(s.name);
    }
    edit(s);
    if (s.protected) s.sheet.protection.protect(s.protectionOptions);
  }
  return unprotected;
}
