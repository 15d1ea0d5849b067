/**
 * Reads the whole workbook (two syncs) and runs the forms' reader and rules over it. The second
 * sync can carry the caller's own reads: `extra` queues them before it.
 */
import { type BranchRead, isBranchRead, readBranchWorkbook } from '../forms/read/branch-reader';
import type { Problem } from '../forms/problems';
import { type SheetSnapshot, loadSheetList, queueGridReads } from './read-grids';

export interface WorkbookRead {
  snapshots: SheetSnapshot[];
  sheets: Map<string, Excel.Worksheet>;
  /** A branch workbook, read and checked; or why it is not one. */
  branch: BranchRead | { problems: Problem[] };
}

export async function readOpenWorkbook(context: Excel.RequestContext, asOf: string, extra?: () => void): Promise<WorkbookRead> {
  const entries = await loadSheetList(context);
  const snapshotsOf = queueGridReads(entries);
  extra?.();
  await context.sync();
  const snapshots = snapshotsOf();
  const branch = readBranchWorkbook(
    snapshots.map((s) => s.grid),
    { asOf },
  );
  return { snapshots, sheets: new Map(snapshots.map((s) => [s.name, s.sheet])), branch };
}

export { isBranchRead };

/** Unprotects the named sheets that are protected, runs `edit`, and protects them again as they were. */
export function queueWhileUnprotected(snapshots: readonly SheetSnapshot[], names: ReadonlySet<string>, edit: () => void): void {
  const protectedOnes = snapshots.filter((s) => names.has(s.name) && s.protected);
  for (const s of protectedOnes) s.sheet.protection.unprotect();
  edit();
  for (const s of protectedOnes) s.sheet.protection.protect(s.protectionOptions);
}
