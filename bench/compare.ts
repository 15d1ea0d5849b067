/** The bench's correctness gate: two report workbooks hold the same cell values on the detail sheets. */
import { promises as fs } from 'node:fs';
import { type CellValue, type Grid, cellAt, lastColumn } from '../addin/forms/cell';
import { REPORT_LIMITS } from '../scripts/lib/xlsx/limits';
import { readXlsx } from '../scripts/lib/xlsx/xlsx-reader';

export const COMPARED_SHEETS = ['党组织点评', '党员点评', '整改台账'] as const;

async function sheets(file: string): Promise<Map<string, Grid>> {
  // The reports of 4,000 files are far beyond an input file's limits: read as publish reads a report.
  const data = await readXlsx(await fs.readFile(file), file, {
    limits: REPORT_LIMITS,
    wantSheet: (n) => (COMPARED_SHEETS as readonly string[]).includes(n),
  });
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
      const width = Math.max(lastColumn(a[i]), lastColumn(b[i])) + 1;
      for (let c = 0; c < width; c++) {
        const [x, y] = [show(cellAt(a[i], c)), show(cellAt(b[i], c))];
        if (x !== y) differences.push(`${name}!R${a[i].r}C${c + 1}: ${x} vs ${y}`);
      }
      if (differences.length >= 20) return { rows, differences };
    }
  }
  return { rows, differences };
}
