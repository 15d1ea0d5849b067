/**
 * What a workbook is, told by its sheets: a branch workbook or a report (their `_meta` says so),
 * or — without `_meta` — a roster, a 公开版 or the printed forms, which the office may drop among
 * the returned files or upload as its roster by mistake. The reasons then say what the file is,
 * not only what it lacks.
 */
import { MEMBER_FORM, ORG_FORM } from '../../../addin/forms/branch-forms';
import type { Grid } from '../../../addin/forms/cell';
import { readMeta } from '../../../addin/forms/read/branch-reader';
import { BRANCHES_FORM, INFO_SHEET, MEMBERS_FORM } from '../../../addin/forms/roster';
import { REPORT_SHEETS } from '../../../addin/report/model/report-sheets';

export type WorkbookKind = 'branch' | 'report' | 'roster' | 'public' | 'printed';

const has = (grids: readonly Grid[], name: string) => grids.some((g) => g.name === name);

/** The first cell of a sheet, as text. */
function firstCell(grid: Grid | undefined): string {
  const row = grid?.rows[0];
  return row && row.r === 1 && row.cols[0] === 0 ? String(row.values[0]).trim() : '';
}

/** What the workbook looks like, or undefined when it is none of these. */
export function workbookKind(grids: readonly Grid[]): WorkbookKind | undefined {
  const meta = readMeta(grids);
  if (meta.kind !== 'none') return meta.kind;
  // A _meta that is there but broken says what it says (metaInvalid, schemaVersion).
  if (meta.problems.some((p) => p.rule !== 'metaMissing')) return undefined;
  if (has(grids, INFO_SHEET) && has(grids, BRANCHES_FORM.sheetName) && has(grids, MEMBERS_FORM.sheetName)) return 'roster';
  // A report's sheets without its 来源文件 (nor its _meta): what publish writes.
  const [about, summary] = REPORT_SHEETS;
  if (has(grids, about) && has(grids, summary) && !has(grids, '来源文件')) return 'public';
  // The printed forms: a sheet per review, each headed by its form's title (a branch workbook
  // that lost its _meta has the forms' own sheets instead).
  const title = firstCell(grids[0]);
  const branchSheets = has(grids, ORG_FORM.sheetName) || has(grids, MEMBER_FORM.sheetName);
  if (!branchSheets && (title === ORG_FORM.title || title === MEMBER_FORM.title)) return 'printed';
  return undefined;
}
