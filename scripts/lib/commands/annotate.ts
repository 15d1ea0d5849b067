/**
 * `check --annotate`: a copy of a branch file with each problem cell filled (red: 错误,
 * yellow: 提示) and a note carrying the message, for the office to send back. The input is
 * only read; the copy is written atomically, never over an input, and marked in its `_meta`
 * (annotatedCopy: the forms' content digest), so that while nobody has edited it, merge and
 * check skip it as 标注副本 instead of weighing it against its original.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { recordsDigestOf, isBranchRead, readBranchWorkbook } from '../../../addin/forms/read/branch-reader';
import { META_SHEET } from '../../../addin/forms/meta';
import { type Problem, SEVERITY_LABEL } from '../../../addin/forms/problems';
import { writeFileAtomic } from '../files/atomic-write';
import type { InputPlaces } from '../files/output-guard';
import { setMetaValue, workbookBytes } from '../workbook/exceljs-output';
import { readXlsx } from '../xlsx/xlsx-reader';

export const ERROR_FILL = 'FFFFC7CE';
export const WARNING_FILL = 'FFFFEB9C';
export const ANNOTATED_COPY_KEY = 'annotatedCopy';

/** The digest of the forms as read; undefined when the file cannot be read as a branch file. */
async function formsDigest(buf: Buffer, file: string): Promise<string | undefined> {
  const data = await readXlsx(buf, file);
  const read = readBranchWorkbook(data.grids, { asOf: '9999-12-31', date1904: data.date1904 });
  return isBranchRead(read) ? recordsDigestOf(read.forms) : undefined;
}

export async function annotateFile(source: string, target: string, problems: readonly Problem[]): Promise<string> {
  const buf = await fs.readFile(source);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const byCell = new Map<string, Problem[]>();
  for (const p of problems) {
    if (!p.sheet || !p.cell) continue;
    const key = `${p.sheet}\u0000${p.cell}`;
    byCell.set(key, [...(byCell.get(key) ?? []), p]);
  }
  for (const [key, list] of byCell) {
    const [sheet, ref] = key.split('\u0000');
    const ws = wb.getWorksheet(sheet);
    if (!ws) continue;
    const cell = ws.getCell(ref);
    const isError = list.some((p) => p.severity === 'error');
    // A loaded workbook shares one style object among the cells of a style; `cell.fill = …` would
    // paint every one of them. Give this cell its own style.
    cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: isError ? ERROR_FILL : WARNING_FILL } } };
    cell.note = list.map((p) => `${SEVERITY_LABEL[p.severity]}：${p.message}`).join('\n');
  }
  const meta = wb.getWorksheet(META_SHEET);
  const digest = meta ? await formsDigest(buf, source) : undefined;
  if (meta && digest !== undefined) setMetaValue(meta, ANNOTATED_COPY_KEY, digest);
  await writeFileAtomic(target, await workbookBytes(wb));
  return target;
}

/**
 * Where the annotated copy of `source` goes in `dir`: never an input (under any spelling of its
 * path), never twice in one run (names compared without case, as Windows would).
 */
export async function annotationTarget(source: string, dir: string, used: Set<string>, inputs: InputPlaces): Promise<string> {
  const ext = path.extname(source);
  const base = path.basename(source, ext);
  const taken = async (candidate: string) => used.has(candidate.toLowerCase()) || (await inputs.inputAt(candidate)) !== undefined;
  let candidate = path.resolve(dir, `${base}${ext}`);
  for (let n = 1; await taken(candidate); n++) {
    candidate = path.resolve(dir, `${base}-标注${n > 1 ? `-${n}` : ''}${ext}`);
  }
  used.add(candidate.toLowerCase());
  return candidate;
}
