/** Fixtures of the add-in tests: a sample branch, its setup, and forms typed into a fake workbook. */
import { isoToSerial } from '../../addin/forms/dates';
import type { FormDef } from '../../addin/forms/form';
import type { LayoutContext } from '../../addin/forms/layout';
import type { BranchMeta } from '../../addin/forms/meta';
import type { Roster } from '../../addin/forms/roster';
import { type School, sampleBranchRows, sampleSchool } from '../../scripts/lib/demo/sample';
import { branchMetaFor, layoutContext } from '../../scripts/lib/commands/template';
import { type FakeHost, type FakeValue, type FakeWorkbook, createFakeHost, installFakeOffice, key } from './fake-excel';

export const STAGE = '全面争创';
export const AS_OF = '2010-10-15';

export interface Fixture {
  school: School;
  roster: Roster;
  ctx: LayoutContext;
  meta: BranchMeta;
  host: FakeHost;
}

export function fixture(options: { membersPerBranch?: number; seed?: number } = {}): Fixture {
  const school = sampleSchool(options.seed ?? 2010, { branches: 2, membersPerBranch: options.membersPerBranch ?? 6 });
  const roster = school.roster;
  const ctx = layoutContext(roster, STAGE, roster.branches[0]);
  const meta = branchMetaFor(roster, ctx);
  const host = createFakeHost();
  installFakeOffice(host);
  return { school, roster, ctx, meta, host };
}

export type RowInput = Record<string, unknown>;

function toFake(form: FormDef, k: string, v: unknown): FakeValue | undefined {
  const meta = form.columns.find((c) => c.key === k)?.meta;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (meta?.kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return isoToSerial(v);
  if (typeof v === 'string' || typeof v === 'number') return v;
  return String(v);
}

/** Types rows into a form sheet of the fake, as a secretary would (from row 2 on, by field key). */
export function typeRows(book: FakeWorkbook, form: FormDef, rows: readonly RowInput[], firstRow = 2): void {
  const sheet = book.sheets.find((s) => s.name === form.sheetName);
  if (!sheet) throw new Error(`no sheet ${form.sheetName}`);
  rows.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) {
      const col = form.columns.find((c) => c.key === k);
      if (!col) continue;
      const value = toFake(form, k, v);
      const cellKey = key(firstRow - 1 + i, col.index);
      const cell = sheet.cells.get(cellKey) ?? {};
      if (value === undefined) delete cell.value;
      else cell.value = value;
      sheet.cells.set(cellKey, cell);
    }
  });
}

export function sampleRows(f: Fixture) {
  return sampleBranchRows(f.school, f.ctx.branch.name, STAGE, 7);
}

export function lastRunSyncs(host: FakeHost): number {
  return host.runs[host.runs.length - 1]?.syncs ?? -1;
}

export function sheetOf(book: FakeWorkbook, name: string) {
  const s = book.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}

/** Types rows into pre-filled rows, each found by the value of its key field (e.g. the member's name). */
export function typeIntoPrefilled(book: FakeWorkbook, form: FormDef, rows: readonly RowInput[], keyField: string): void {
  const sheet = sheetOf(book, form.sheetName);
  const col = form.columns.find((c) => c.key === keyField);
  if (!col) throw new Error(`no field ${keyField}`);
  for (const row of rows) {
    let r = 1;
    while (r < 5000 && sheet.cells.get(key(r, col.index))?.value !== row[keyField]) r++;
    if (r >= 5000) throw new Error(`no pre-filled row for ${String(row[keyField])}`);
    typeRows(book, form, [row], r + 1);
  }
}

/** A branch workbook in the fake, inserted by the add-in and filled in completely and correctly. */
export async function filledWorkbook(f: Fixture): Promise<void> {
  const { insertForms } = await import('../../addin/excel/insert-forms');
  const { runExcel } = await import('../../addin/excel/run');
  const { MEMBER_FORM, ORG_FORM, RECTIFICATION_FORM, SCHEDULE_FORM } = await import('../../addin/forms/branch-forms');
  await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
  const rows = sampleRows(f);
  const book = f.host.book;
  for (const s of book.sheets) s.protection = null;
  typeRows(book, ORG_FORM, [rows.org]);
  typeIntoPrefilled(book, MEMBER_FORM, rows.members, 'name');
  typeRows(book, RECTIFICATION_FORM, rows.rectification);
  if (book.sheets.some((s) => s.name === SCHEDULE_FORM.sheetName)) typeIntoPrefilled(book, SCHEDULE_FORM, rows.schedule, 'object');
}
