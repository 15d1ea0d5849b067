/**
 * 检查: runs the forms' rules over the workbook, marks problem cells (and removes the marks of
 * problems that are fixed), and returns the problems for the pane. Three syncs: sheet list, read
 * (with the sheets' conditional formats), marks. A finalized workbook is not changed at all, and
 * marks that cannot be made never cost the problem list.
 */
import { allProblems } from '../forms/read/branch-reader';
import type { BranchMeta } from '../forms/meta';
import type { Problem } from '../forms/problems';
import { toAddinError } from './errors';
import { type HighlightScan, ownHighlights, planHighlights, queueHighlightScan, queueSheetHighlights } from './highlights';
import { isBranchRead, queueWhileUnprotected, readOpenWorkbook, syncUnprotecting } from './workbook-read';

export interface WorkbookCheck {
  problems: Problem[];
  errors: number;
  warnings: number;
  /** Null when the workbook has no usable `_meta` (not set up yet). */
  meta: BranchMeta | null;
  highlighted: number;
  /** Why problem cells were not marked (the problems are all listed all the same). */
  notMarked?: string;
}

export async function checkWorkbook(context: Excel.RequestContext, asOf: string): Promise<WorkbookCheck> {
  let scan: HighlightScan = new Map();
  const read = await readOpenWorkbook(context, asOf, (entries) => {
    scan = queueHighlightScan(entries);
  });
  const problems = isBranchRead(read.branch) ? allProblems(read.branch) : read.branch.problems;
  const meta = isBranchRead(read.branch) ? read.branch.meta : null;
  const result: WorkbookCheck = {
    problems,
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    meta,
    highlighted: 0,
  };
  // A finalized workbook is what the office receives: checking it must not touch it.
  if (meta?.finalizedAt) return { ...result, notMarked: '本工作簿已定稿，检查不改动表格，问题单元格没有在表中标出。' };

  const own = ownHighlights(scan);
  const plans = planHighlights(problems);
  const touched = new Set([...own.keys(), ...plans.map((p) => p.sheet)]);
  const unprotected = queueWhileUnprotected(read.snapshots, touched, (snap) =>
    queueSheetHighlights(
      snap.sheet,
      own.get(snap.name) ?? [],
      plans.filter((p) => p.sheet === snap.name),
    ),
  );
  try {
    await syncUnprotecting(context, unprotected, '标出问题单元格', '问题都列在下面，可以点击定位。');
  } catch (err) {
    return { ...result, notMarked: toAddinError(err, '标出问题单元格').message };
  }
  return { ...result, highlighted: plans.reduce((n, p) => n + p.ranges.length, 0) };
}

export type SelectOutcome = 'selected' | 'hidden' | 'missing';

/** Selects a problem's cell (or activates its sheet when it has no cell). Two syncs. */
export async function selectProblem(context: Excel.RequestContext, problem: Pick<Problem, 'sheet' | 'cell'>): Promise<SelectOutcome> {
  if (!problem.sheet) return 'hidden';
  const sheet = context.workbook.worksheets.getItemOrNullObject(problem.sheet);
  sheet.load('visibility');
  await context.sync();
  // A hidden sheet (`_meta`) cannot be activated; its problems have no cell to show anyway.
  if (sheet.isNullObject) return 'missing';
  if (sheet.visibility !== 'Visible') return 'hidden';
  sheet.activate();
  if (problem.cell) sheet.getRange(problem.cell).select();
  await context.sync();
  return 'selected';
}
