/**
 * 检查: runs the forms' rules over the workbook, marks problem cells (and clears marks that
 * are fixed), and returns the problems for the pane. Three syncs: sheet list, read, marks.
 */
import { allProblems } from '../forms/read/branch-reader';
import type { BranchMeta } from '../forms/meta';
import type { Problem } from '../forms/problems';
import { HIGHLIGHT_SETTING, type HighlightMap, parseHighlightSetting, planHighlights, queueHighlights } from './highlights';
import { isBranchRead, queueWhileUnprotected, readOpenWorkbook } from './workbook-read';

export interface WorkbookCheck {
  problems: Problem[];
  errors: number;
  warnings: number;
  /** Null when the workbook has no usable `_meta` (not set up yet). */
  meta: BranchMeta | null;
  highlighted: number;
}

export async function checkWorkbook(context: Excel.RequestContext, asOf: string): Promise<WorkbookCheck> {
  const setting = context.workbook.settings.getItemOrNullObject(HIGHLIGHT_SETTING);
  const read = await readOpenWorkbook(context, asOf, () => setting.load('value'));
  const problems = isBranchRead(read.branch) ? allProblems(read.branch) : read.branch.problems;
  const previous = setting.isNullObject ? {} : parseHighlightSetting(setting.value);
  const plans = planHighlights(problems);
  const touched = new Set([...Object.keys(previous), ...plans.map((p) => p.sheet)]);
  let stored: HighlightMap = {};
  queueWhileUnprotected(read.snapshots, touched, () => {
    stored = queueHighlights(read.sheets, previous, plans);
  });
  context.workbook.settings.add(HIGHLIGHT_SETTING, JSON.stringify(stored));
  await context.sync();
  return {
    problems,
    errors: problems.filter((p) => p.severity === 'error').length,
    warnings: problems.filter((p) => p.severity === 'warning').length,
    meta: isBranchRead(read.branch) ? read.branch.meta : null,
    highlighted: plans.reduce((n, p) => n + p.ranges.length, 0),
  };
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
