/** Grids of a 名单.xlsx → the Roster, with every problem located at its sheet and cell. */
import { type CellValue, type Grid, cellAt } from '../cell';
import type { FormDef } from '../form';
import { type Problem, hasErrors, problem } from '../problems';
import { type FormRead, headerKey, isAccepted, readForm } from './sheet-reader';
import { BRANCHES_FORM, INFO_ITEMS, INFO_SHEET, MEMBERS_FORM, type Located, Roster, STAGES_FORM, checkRoster } from '../roster';
import { cleanShort, normalizeName } from '../text';

export interface RosterRead {
  roster?: Roster;
  problems: Problem[];
}

function text(v: CellValue | undefined): string {
  if (v === null || v === undefined || typeof v === 'object') return '';
  return cleanShort(String(v));
}

function readInfo(grid: Grid | undefined, problems: Problem[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!grid) {
    problems.push(problem('sheetMissing', { sheet: INFO_SHEET }, { sheet: INFO_SHEET }));
    return out;
  }
  for (const row of grid.rows) {
    const label = headerKey(text(cellAt(row, 0)));
    const item = INFO_ITEMS.find((i) => headerKey(i.label) === label);
    if (item) out[item.key] = item.key === 'secretary' ? normalizeName(text(cellAt(row, 1))) : text(cellAt(row, 1));
  }
  for (const item of INFO_ITEMS) {
    if (item.required && !out[item.key]) problems.push(problem('rosterMissingInfo', { label: item.label }, { sheet: INFO_SHEET, cell: 'B2' }));
  }
  return out;
}

function located<T>(read: FormRead<T>): Located<T>[] {
  return read.rows.filter(isAccepted).map((r) => ({ value: r.record, row: r.row, cells: r.cells as Located<T>['cells'] }));
}

/**
 * A roster may list a whole county (a bureau merging every school's branch files: 4,000 branches
 * of 30 members); the sheet's cell limit (LIMITS.maxCells in the reader) still bounds it.
 */
export const ROSTER_MAX_ROWS = 200_000;

export function rosterFromGrids(grids: readonly Grid[], options: { date1904?: boolean } = {}): RosterRead {
  const problems: Problem[] = [];
  const byName = (name: string) => grids.find((g) => g.name === name) ?? grids.find((g) => headerKey(g.name) === headerKey(name));
  const info = readInfo(byName(INFO_SHEET), problems);
  const readSheet = <F extends FormDef>(form: F) => {
    const grid = byName(form.sheetName);
    if (!grid) {
      problems.push(problem('sheetMissing', { sheet: form.sheetName }, { sheet: form.sheetName }));
      return undefined;
    }
    const read = readForm(form, grid, { ...options, maxRows: ROSTER_MAX_ROWS });
    problems.push(...read.problems, ...read.rows.flatMap((r) => r.problems));
    if (read.readable && read.rows.length === 0) problems.push(problem('rosterEmpty', { sheet: form.sheetName }, { sheet: form.sheetName, cell: 'A2' }));
    return read;
  };
  const stages = readSheet(STAGES_FORM);
  const branches = readSheet(BRANCHES_FORM);
  const members = readSheet(MEMBERS_FORM);
  if (!stages || !branches || !members) return { problems };
  const locStages = located(stages);
  const locBranches = located(branches);
  const locMembers = located(members);
  problems.push(...checkRoster({ stages: locStages, branches: locBranches, members: locMembers }));
  if (hasErrors(problems)) return { problems };
  const roster = Roster.parse({
    unit: info.unit,
    reportTo: info.reportTo ?? '',
    secretary: info.secretary ?? '',
    stages: locStages.map((s) => s.value),
    branches: locBranches.map((b) => b.value),
    members: locMembers.map((m) => m.value),
  });
  return { roster, problems };
}
