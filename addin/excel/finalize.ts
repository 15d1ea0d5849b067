/**
 * 定稿 / 取消定稿. Finalizing is refused while errors remain; it stamps the finalize time and the
 * content digest in `_meta` (the merge takes the latest finalized file of a branch and detects
 * edits made after finalizing) and locks the form sheets, stamping last. Reopening restores the
 * template's locking and then clears the stamp. Three syncs each.
 */
import { localTimestamp } from '../forms/instants';
import { contentDigestOf, finalizeProblems } from '../forms/read/branch-reader';
import { branchLayouts } from '../forms/layout';
import type { BranchMeta } from '../forms/meta';
import { type Problem, hasErrors } from '../forms/problems';
import type { FormRead } from '../forms/read/sheet-reader';
import { layoutContextOf, queueMeta } from './branch-sheets';
import { AddinError } from './errors';
import { FINALIZED_PROTECTION } from './office-layout';
import { queueLocking, queueProtect } from './write-layout';
import { findEntry } from './read-grids';
import { isBranchRead, readOpenWorkbook, syncUnprotecting } from './workbook-read';

export type FinalizeResult = { ok: true; finalizedAt: string; contentDigest: string; sheets: string[] } | { ok: false; problems: Problem[]; errors: number };

function notBranch(problems: readonly Problem[]): AddinError {
  return new AddinError('notBranchWorkbook', problems.map((p) => p.message).join('；') || '不是点评表工作簿。');
}

export async function finalizeOpenWorkbook(context: Excel.RequestContext, asOf: string, now: Date): Promise<FinalizeResult> {
  const read = await readOpenWorkbook(context, asOf);
  if (!isBranchRead(read.branch)) throw notBranch(read.branch.problems);
  const branch = read.branch;
  if (branch.meta.finalizedAt) throw new AddinError('finalized', `本工作簿已于 ${branch.meta.finalizedAt} 定稿。如需修改，请先“取消定稿”。`);
  const problems = finalizeProblems(branch);
  if (hasErrors(problems)) return { ok: false, problems, errors: problems.filter((p) => p.severity === 'error').length };

  const finalizedAt = localTimestamp(now);
  const contentDigest = contentDigestOf(branch.forms, { ...branch.meta, finalizedAt });
  const entries = read.snapshots;
  const formSheets = Object.values(branch.forms).flatMap((f: FormRead<unknown> | undefined) => (f ? [f.sheet] : []));
  const unprotected: string[] = [];
  for (const name of formSheets) {
    const snap = entries.find((s) => s.name === name);
    if (!snap) continue;
    if (snap.protected) {
      snap.sheet.protection.unprotect();
      unprotected.push(name);
    }
    snap.sheet.getRange().format.protection.locked = true;
    snap.sheet.protection.protect(FINALIZED_PROTECTION);
  }
  // The stamp goes last: Excel applies a batch only up to its first failing command, so a sheet
  // that cannot be locked leaves a workbook that does not claim 定稿 and can be finalized again.
  queueMeta(context, entries, { ...branch.meta, finalizedAt, contentDigest });
  await syncUnprotecting(context, unprotected, '定稿', '本工作簿没有定稿。');
  return { ok: true, finalizedAt, contentDigest, sheets: formSheets };
}

export async function reopenWorkbook(context: Excel.RequestContext, asOf: string): Promise<BranchMeta> {
  const read = await readOpenWorkbook(context, asOf);
  if (!isBranchRead(read.branch)) throw notBranch(read.branch.problems);
  const meta = read.branch.meta;
  if (!meta.finalizedAt) throw new AddinError('notFinalized', '本工作簿还没有定稿，不需要取消。');
  const reopened: BranchMeta = { ...meta, finalizedAt: undefined, contentDigest: undefined };
  const unprotected: string[] = [];
  for (const layout of branchLayouts(layoutContextOf(meta))) {
    const snap = findEntry(read.snapshots, layout.name);
    if (!snap) continue;
    const { sheet } = snap;
    if (snap.protected) {
      sheet.protection.unprotect();
      unprotected.push(snap.name);
    }
    queueLocking(sheet, layout, layout.prefill.length);
    queueProtect(sheet, layout);
  }
  // Cleared last, as 定稿 stamps last: a sheet that cannot be unlocked leaves the workbook finalized.
  queueMeta(context, read.snapshots, reopened);
  await syncUnprotecting(context, unprotected, '取消定稿', '本工作簿仍是定稿状态。');
  return reopened;
}
