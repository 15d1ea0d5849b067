/** Editing form sheets of a workbook by header label and member name, as a secretary would. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import type { BranchRead } from '../../../addin/forms/read/branch-reader';
import { loadInputFile } from '../../../scripts/lib/load/load-file';
import { type Fixture, tempDir, viaExcelJs } from './corpus';

export function columnOf(ws: ExcelJS.Worksheet, label: string): number {
  let found = 0;
  ws.getRow(1).eachCell((cell, col) => {
    if (String(cell.value ?? '').trim() === label) found = col;
  });
  if (!found) throw new Error(`no column ${label} in ${ws.name}`);
  return found;
}

/** The row of a member (by 姓名) in the 党员点评 sheet. */
export function memberRow(ws: ExcelJS.Worksheet, name: string): number {
  const col = columnOf(ws, '姓名');
  for (let r = 2; r <= ws.rowCount; r++) if (String(ws.getCell(r, col).value ?? '') === name) return r;
  throw new Error(`no member ${name}`);
}

/** Sets one cell of the member sheet: the row of the i-th member of the branch, the column by label. */
export async function setMemberCell(
  buf: Buffer,
  fx: Fixture,
  branchIndex: number,
  memberIndex: number,
  label: string,
  value: ExcelJS.CellValue,
): Promise<{ data: Buffer; cell: string }> {
  let cell = '';
  const name = fx.roster.members.filter((m) => m.branch === fx.roster.branches[branchIndex].name)[memberIndex].name;
  const data = await viaExcelJs(buf, (wb) => {
    const ws = wb.getWorksheet('党员点评') as ExcelJS.Worksheet;
    const c = ws.getCell(memberRow(ws, name), columnOf(ws, label));
    c.value = value;
    cell = c.address;
  });
  return { data, cell };
}

/** Reads one workbook the way check and merge do. */
export async function loadOne(
  data: Buffer,
  fx: Fixture,
  useRoster = false,
): Promise<{ read?: BranchRead; problems: { rule: string; message: string; cell?: string; severity: string }[] }> {
  const dir = await tempDir();
  const file = path.join(dir, 'one.xlsx');
  await fs.writeFile(file, data);
  const loaded = await loadInputFile(
    { path: file, display: 'one.xlsx', name: 'one.xlsx', kind: 'read' },
    { asOf: fx.asOf, roster: useRoster ? fx.roster : undefined },
  );
  await fs.rm(dir, { recursive: true, force: true });
  const rows = loaded.read
    ? [loaded.read.forms.org, loaded.read.forms.member, loaded.read.forms.rectification].flatMap((f) => (f?.rows ?? []).flatMap((r) => r.problems))
    : [];
  return { read: loaded.read, problems: [...loaded.problems, ...(loaded.read?.problems ?? []), ...rows] };
}
