/**
 * The benchmark's baseline: the straightforward exceljs program. Every workbook is loaded fully
 * with `Workbook.xlsx.readFile`, the filled rows of the form sheets are copied by header, and the
 * report's detail sheets are written with exceljs's ordinary (non-streaming) writer — in the same
 * order and with the same columns as `review-forms merge`, so the two can be compared cell by cell.
 *
 *   node build/bench/baseline.js --roster 名单.xlsx --out baseline.xlsx DIR
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FormDef } from '../addin/forms/form';
import { META_SHEET } from '../addin/forms/meta';
import { REPORT_MEMBER_FORM, REPORT_ORG_FORM, REPORT_RECTIFICATION_FORM, REPORT_SCHEDULE_FORM } from '../addin/report/model/report-forms';
import { MEMBER_FORM, ORG_FORM, RECTIFICATION_FORM, SCHEDULE_FORM } from '../addin/forms/branch-forms';
import { tableColumns } from '../addin/report/model/report-sheets';
import { addTableSheet } from '../addin/report/exceljs-renderer';
import { readRosterFile } from '../scripts/lib/workbook/roster-file';

type Row = Record<string, ExcelJS.CellValue>;

interface Branch {
  file: string;
  org: Row[];
  member: Row[];
  rectification: Row[];
  schedule: Row[];
}

function plain(v: ExcelJS.CellValue): ExcelJS.CellValue {
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return (v.result ?? null) as ExcelJS.CellValue;
    if ('text' in v) return String(v.text);
  }
  return typeof v === 'string' ? v.trim() : v;
}

/** Rows with the form's key field filled, as field key → value. */
function copyRows(ws: ExcelJS.Worksheet | undefined, form: FormDef, filled: string): Row[] {
  if (!ws) return [];
  const colOf = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => {
    const column = form.columns.find((c) => c.meta.label === String(plain(cell.value) ?? ''));
    if (column) colOf.set(column.key, col);
  });
  const rows: Row[] = [];
  ws.eachRow((row, r) => {
    if (r === 1) return;
    const values: Row = {};
    for (const [key, col] of colOf) values[key] = plain(row.getCell(col).value);
    const key = values[filled];
    if (key !== null && key !== undefined && key !== '') rows.push(values);
  });
  return rows;
}

function metaValue(ws: ExcelJS.Worksheet | undefined, key: string): string {
  let out = '';
  ws?.eachRow((row) => {
    if (plain(row.getCell(1).value) === key) out = String(plain(row.getCell(2).value) ?? '');
  });
  return out;
}

function addDetail(wb: ExcelJS.Workbook, form: FormDef, rows: readonly Row[]): void {
  addTableSheet(
    wb,
    form.sheetName,
    form.title,
    tableColumns(form.columns),
    rows.map((r) => form.columns.map((c) => r[c.key] ?? null)),
  );
}

async function listFiles(dir: string): Promise<string[]> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.xlsx') && !n.startsWith('~$') && !n.startsWith('.'));
  return names.map((n) => path.join(dir, n)).sort();
}

export async function runBaseline(dir: string, rosterFile: string, out: string): Promise<number> {
  const { roster } = await readRosterFile(rosterFile);
  const branches = new Map<string, Branch>();
  const files = await listFiles(dir);
  for (const file of files) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const name = metaValue(wb.getWorksheet(META_SHEET), 'branch');
    branches.set(name, {
      file: path.basename(file),
      org: copyRows(wb.getWorksheet(ORG_FORM.sheetName), ORG_FORM, 'reviewer'),
      member: copyRows(wb.getWorksheet(MEMBER_FORM.sheetName), MEMBER_FORM, 'reviewer'),
      rectification: copyRows(wb.getWorksheet(RECTIFICATION_FORM.sheetName), RECTIFICATION_FORM, 'issue'),
      schedule: copyRows(wb.getWorksheet(SCHEDULE_FORM.sheetName), SCHEDULE_FORM, 'plannedDate'),
    });
  }
  const org: Row[] = [];
  const member: Row[] = [];
  const rectification: Row[] = [];
  const schedule: Row[] = [];
  const school = roster.unit;
  for (const b of roster.branches) {
    const got = branches.get(b.name);
    if (!got) continue;
    const order = new Map(roster.members.filter((m) => m.branch === b.name).map((m, i) => [m.name, i]));
    const rank = (name: ExcelJS.CellValue) => (name === b.name ? -1 : (order.get(String(name)) ?? 1e9));
    const sourceFile = got.file;
    org.push(...got.org.map((r) => ({ school, ...r, sourceFile })));
    member.push(...[...got.member].sort((x, y) => rank(x.name) - rank(y.name)).map((r) => ({ school, ...r, sourceFile })));
    rectification.push(...got.rectification.map((r) => ({ school, branch: b.name, ...r, sourceFile })));
    schedule.push(...[...got.schedule].sort((x, y) => rank(x.object) - rank(y.object)).map((r) => ({ school, branch: b.name, ...r, sourceFile })));
  }
  const report = new ExcelJS.Workbook();
  addDetail(report, REPORT_ORG_FORM, org);
  addDetail(report, REPORT_MEMBER_FORM, member);
  addDetail(report, REPORT_RECTIFICATION_FORM, rectification);
  addDetail(report, REPORT_SCHEDULE_FORM, schedule);
  await report.xlsx.writeFile(out);
  return files.length;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args.splice(i, 2)[1];
  };
  const roster = opt('--roster');
  const out = opt('--out');
  if (!roster || !out || args.length !== 1) {
    process.stderr.write('usage: baseline --roster 名单.xlsx --out FILE DIR\n');
    process.exit(2);
  }
  runBaseline(args[0], roster, out).then(
    (n) => process.stderr.write(`baseline: ${n} files → ${out}\n`),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
