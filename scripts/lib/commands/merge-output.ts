/**
 * Where merge's report may go. It never replaces the roster or a file merge reads; the one
 * exception is the report an earlier merge of this unit wrote to the same path inside an input
 * folder (`merge 收回/ --out 收回/汇总.xlsx`, run again): that file is skipped as an input (跳过,
 * own-output) and replaced, rather than read as a school's report. A file the user named on the
 * command line is an input they meant, whatever it holds: never replaced.
 */
import { promises as fs } from 'node:fs';
import { META_SHEET, ReportMeta, metaFromGrid } from '../../../addin/forms/meta';
import { InputPlaces, refuseOutputOnInput } from '../files/output-guard';
import type { InputFile } from '../load/intake';
import { reasonText } from '../reasons';
import { REPORT_LIMITS } from '../xlsx/limits';
import { readXlsx } from '../xlsx/xlsx-reader';

/** Whether `file` is a report of `unit` (its `_meta` only is read). */
async function isReportOf(file: string, unit: string): Promise<boolean> {
  try {
    const data = await readXlsx(await fs.readFile(file), file, { limits: REPORT_LIMITS, wantSheet: (name) => name === META_SHEET });
    const grid = data.grids.find((g) => g.name === META_SHEET);
    const meta = grid ? ReportMeta.safeParse(metaFromGrid(grid)) : undefined;
    return meta?.success === true && meta.data.unit === unit;
  } catch {
    return false;
  }
}

/**
 * The inputs with merge's own earlier report marked skipped; throws (exit 2, both paths named)
 * when `out` is the roster or any other input.
 */
export async function excludeOwnOutput(
  inputs: readonly InputFile[],
  options: { args: readonly string[]; out: string; unit: string; rosterFile?: string },
): Promise<InputFile[]> {
  const places = await InputPlaces.of({ args: options.args, files: inputs, roster: options.rosterFile });
  const hit = await places.inputAt(options.out);
  if (!hit) return [...inputs];
  const named = (await (await InputPlaces.of({ args: options.args })).inputAt(options.out)) !== undefined;
  if (hit.role === 'input' && !named && (await isReportOf(hit.path, options.unit))) {
    return inputs.map((i) => (i.path === hit.path ? { ...i, kind: 'skipped', reason: reasonText('own-output') } : i));
  }
  await refuseOutputOnInput(places, options.out);
  return [...inputs];
}
