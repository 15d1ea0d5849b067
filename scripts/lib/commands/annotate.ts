/**
 * `check --annotate`: a copy of a branch file with each problem cell filled (red: 错误,
 * yellow: 提示) and a note carrying the message, for the office to send back. The input is
 * only read; the copy is written atomically.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type Problem, SEVERITY_LABEL } from '../../../addin/forms/problems';
import { writeFileAtomic } from '../workbook/atomic-write';

export const ERROR_FILL = 'FFFFC7CE';
export const WARNING_FILL = 'FFFFEB9C';

export async function annotateFile(source: string, target: string, problems: readonly Problem[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await fs.readFile(source)) as unknown as ExcelJS.Buffer);
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
  await fs.mkdir(path.dirname(target), { recursive: true });
  await writeFileAtomic(target, Buffer.from(await wb.xlsx.writeBuffer()));
  return target;
}

/** Where the annotated copy of `source` goes in `dir`: never the source itself, never twice. */
export function annotationTarget(source: string, dir: string, used: Set<string>): string {
  const ext = path.extname(source);
  const base = path.basename(source, ext);
  let candidate = path.resolve(dir, `${base}${ext}`);
  for (let n = 1; candidate === path.resolve(source) || used.has(candidate); n++) {
    candidate = path.resolve(dir, `${base}-标注${n > 1 ? `-${n}` : ''}${ext}`);
  }
  used.add(candidate);
  return candidate;
}
