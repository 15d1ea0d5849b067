/** The bench's correctness gate: two report workbooks hold the same cell values on the detail sheets. */
import { promises as fs } from 'node:fs';
import type { CellValue, Grid } from '../addin/forms/cell';
import { LIMITS } from '../scripts/lib/xlsx/limits';
import { readXlsx } from '../scripts/lib/xlsx/xlsx-reader';

export const COMPARED_SHEETS = ['党组织点评', '党员点评', '整改台账'] as const;

/**
 * The reports of 4,000 files hold sheets beyond the reader's limits for an input file (a part
 * over 48 MB, over a million cells); the bench reads its own outputs, so they are lifted here.
 */
function liftLimits(): void {
  const limits = LIMITS as { -readonly [K in keyof typeof LIMITS]: number };
  limits.maxPartBytes = 2 ** 30;
  limits.maxTotalBytes = 2 ** 31;
  limits.maxCells = 50_000_000;
  limits.maxFileBytes = 2 ** 30;
}

async function sheets(file: string): Promise<Map<string, Grid>> {
  liftLimits();
  const data = await readXlsx(await fs.readFile(file), file, { wantSheet: (n) => (COMPARED_SHEETS as readonly string[]).includes(n) });
  return new Map(data.grids.map((g) => [g.name, g]));
}

const show = (v: CellValue | undefined) => JSON.stringify(v ?? null);

/** Every differing cell (the first 20), and the number of data rows compared. */
export async function compareDetailSheets(expectedFile: string, actualFile: string): Promise<{ rows: number; differences: string[] }> {
  const [expected, actual] = [await sheets(expectedFile), await sheets(actualFile)];
  const differences: string[] = [];
  let rows = 0;
  for (const name of COMPARED_SHEETS) {
    const a = expected.get(name)?.rows ?? [];
    const b = actual.get(name)?.rows ?? [];
    if (a.length !== b.length) differences.push(`${name}: ${a.length} rows vs ${b.length}`);
    rows += Math.max(0, Math.min(a.length, b.length) - 1);
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i].r !== b[i].r) differences.push(`${name}: row ${a[i].r} vs ${b[i].r}`);
      const width = Math.max(a[i].cells.length, b[i].cells.length);
      for (let c = 0; c < width; c++) {
        if (show(a[i].cells[c]) !== show(b[i].cells[c])) differences.push(`${name}!R${a[i].r}C${c + 1}: ${show(a[i].cells[c])} vs ${show(b[i].cells[c])}`);
      }
      if (differences.length >= 20) return { rows, differences };
    }
  }
  return { rows, differences };
}
