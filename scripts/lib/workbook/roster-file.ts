/** 名单.xlsx on disk: `init` writes a blank one, every command reads one (without loading exceljs). */
import type ExcelJS from 'exceljs';
import type { FormDef } from '../../../addin/forms/form';
import { formLayout } from '../../../addin/forms/layout';
import { type Problem, SEVERITY_LABEL } from '../../../addin/forms/problems';
import { BRANCHES_FORM, DEFAULT_STAGES, INFO_HEADERS, INFO_ITEMS, INFO_SHEET, MEMBERS_FORM, type Roster, STAGES_FORM } from '../../../addin/forms/roster';
import { rosterFromGrids } from '../../../addin/forms/read/roster-reader';
import { UsageError, WorkbookError } from '../errors';
import { NOT_A_ROSTER, type ReasonId, type ReasonParams } from '../reasons';
import { type WorkbookKind, workbookKind } from '../load/file-kind';
import { collectGarbage } from '../load/heap';
import { writeFileAtomic } from '../files/atomic-write';
import { workbookBytes } from './exceljs-output';
import { readXlsx } from '../xlsx/xlsx-reader';
import { readInputFile } from '../files/read-input';
import { systemErrorText } from '../files/system-error';

const ROSTER_ROWS = 1000;

function rosterSheetLayout(form: FormDef, prefill: readonly object[]) {
  const layout = formLayout(form, {
    prefill,
    listRange: (list) => (list === 'branches' ? `${BRANCHES_FORM.sheetName}!$A$2:$A$${ROSTER_ROWS}` : undefined),
    lockPrefilled: false,
    // The office edits every cell of its roster.
    protect: false,
  });
  return { ...layout, lastDataRow: ROSTER_ROWS };
}

/** A roster workbook; blank (stages pre-filled) when `roster` is not given. */
export async function buildRosterWorkbook(roster?: Partial<Roster>): Promise<ExcelJS.Workbook> {
  // Loaded here, not with the module: every command reads the roster, few write one, and exceljs
  // takes half a second to load.
  const { default: Excel } = await import('exceljs');
  const { BORDER, HEADER_FILL, renderFormSheet } = await import('./sheet-renderer');
  const wb = new Excel.Workbook();
  const info = wb.addWorksheet(INFO_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  info.getColumn(1).width = 14;
  info.getColumn(2).width = 40;
  INFO_HEADERS.forEach((h, i) => {
    const cell = info.getCell(1, i + 1);
    cell.value = h;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.border = BORDER;
  });
  INFO_ITEMS.forEach((item, i) => {
    info.getCell(i + 2, 1).value = item.label;
    info.getCell(i + 2, 1).font = { bold: item.required };
    const value = roster?.[item.key];
    if (value) info.getCell(i + 2, 2).value = value;
    info.getCell(i + 2, 2).note = item.prompt;
  });
  await renderFormSheet(wb, rosterSheetLayout(STAGES_FORM, roster?.stages ?? DEFAULT_STAGES));
  await renderFormSheet(wb, rosterSheetLayout(BRANCHES_FORM, roster?.branches ?? []));
  await renderFormSheet(wb, rosterSheetLayout(MEMBERS_FORM, roster?.members ?? []));
  return wb;
}

export async function writeRosterFile(target: string, roster?: Partial<Roster>): Promise<void> {
  const wb = await buildRosterWorkbook(roster);
  await writeFileAtomic(target, await workbookBytes(wb));
}

export function formatProblemLine(file: string, p: Problem): string {
  const where = [file, p.sheet, p.cell].filter(Boolean).join('!');
  return `${where}  ${SEVERITY_LABEL[p.severity]}  ${p.message}`;
}

/**
 * From this size of the .xlsx file (some 20,000 members) reading a roster is followed by a full
 * garbage collection: a county's roster (120,000 members) makes some 500 MB of garbage for a 12 MB
 * roster, which V8 would keep until its heap's first limit, under the files read after it.
 */
export const ROSTER_COLLECT_MIN_BYTES = 512 * 1024;

/** Reads and validates a roster; any error makes the command unable to run (UsageError). */
export async function readRosterFile(file: string): Promise<{ roster: Roster; warnings: Problem[] }> {
  const read = await inspectRosterFile(file);
  const other = otherKindOf(read);
  if (other) throw new UsageError(...notARosterReason(other, file));
  if (!read.roster) {
    const lines = read.problems.filter((p) => p.severity === 'error').map((p) => formatProblemLine(file, p));
    throw new UsageError('roster-invalid', { lines: lines.join('\n') });
  }
  return { roster: read.roster, warnings: read.problems };
}

/** Why a workbook of another kind is not a roster ('roster-is-other', naming what it is). */
export function notARosterReason(kind: Exclude<WorkbookKind, 'roster'>, file: string): [ReasonId, ReasonParams] {
  return ['roster-is-other', { file, what: NOT_A_ROSTER[kind] }];
}

export interface RosterInspection {
  roster?: Roster;
  problems: Problem[];
  /** What a workbook that is not a valid roster looks like (it may be a roster with errors). */
  kind?: WorkbookKind;
}

/** The kind of a workbook that is no roster at all (a report, a branch workbook…), if it is one. */
export function otherKindOf(read: RosterInspection): Exclude<WorkbookKind, 'roster'> | undefined {
  return read.kind === 'roster' ? undefined : read.kind;
}

/**
 * Reads a roster and judges it: the roster when it has no error, and every problem at its sheet and
 * cell (the page shows them); a workbook recognisably of another kind says so. A file that cannot
 * be read at all is a UsageError. `shownAs`: the name messages give it (serve's upload, read
 * from a temporary file before it may replace the roster).
 */
export async function inspectRosterFile(file: string, shownAs = file): Promise<RosterInspection> {
  let buf: Buffer;
  try {
    buf = await readInputFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError('roster-not-found', { file: shownAs }, { cause: err });
    throw new UsageError('roster-unreadable', { file: shownAs, detail: systemErrorText(err) }, { cause: err });
  }
  let data;
  try {
    data = await readXlsx(buf, shownAs);
  } catch (err) {
    if (err instanceof WorkbookError) throw new UsageError('roster-unreadable', { file: shownAs, detail: err.message }, { cause: err });
    throw err;
  }
  const read = rosterFromGrids(data.grids, { date1904: data.date1904 });
  const kind = read.roster ? undefined : workbookKind(data.grids);
  // Drop the grids before the collection below: they are most of what the read left behind.
  // eslint-disable-next-line no-useless-assignment
  data = undefined;
  if (buf.length >= ROSTER_COLLECT_MIN_BYTES) collectGarbage();
  return { roster: read.roster, problems: read.problems, ...(kind ? { kind } : {}) };
}
