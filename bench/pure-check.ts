/**
 * The add-in's work after its syncs, without Excel: the pure read and rules of a branch workbook
 * with a 300-member sheet (`readBranchWorkbook` on grids already in memory).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readBranchWorkbook } from '../addin/forms/read/branch-reader';
import { fillBranchWorkbook } from '../scripts/lib/demo/fill';
import { sampleBranchRows, sampleSchool } from '../scripts/lib/demo/sample';
import { buildBranchWorkbook, layoutContext } from '../scripts/lib/commands/template';
import { readXlsx } from '../scripts/lib/xlsx/xlsx-reader';
import { BENCH_STAGE } from './corpus';

const MEMBERS = 300;
const RUNS = 30;

export async function timePureCheck(cacheDir: string): Promise<{ median: number; max: number; runs: number }> {
  const school = sampleSchool(300, { branches: 1, membersPerBranch: MEMBERS });
  const { roster } = school;
  const branch = roster.branches[0];
  const file = path.join(cacheDir, `sheet-${MEMBERS}-v1.xlsx`);
  let buf: Buffer | undefined = await fs.readFile(file).catch(() => undefined);
  if (!buf) {
    const template = await buildBranchWorkbook(roster, layoutContext(roster, BENCH_STAGE, branch));
    const rows = sampleBranchRows(school, branch.name, BENCH_STAGE, 300);
    const filled = await fillBranchWorkbook(Buffer.from(await template.xlsx.writeBuffer()), {
      org: [rows.org],
      member: rows.members,
      rectification: rows.rectification,
      schedule: rows.schedule,
    });
    await fs.mkdir(cacheDir, { recursive: true });
    await fs.writeFile(file, filled);
    buf = filled;
  }
  const { grids, date1904 } = await readXlsx(buf, file);
  const times: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const start = process.hrtime.bigint();
    const read = readBranchWorkbook(grids, { roster, asOf: '2010-09-30', date1904 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!('forms' in read) || (read.forms.member?.rows.length ?? 0) !== MEMBERS) throw new Error('the 300-member sheet did not read as expected');
    if (i >= 3) times.push(ms); // the first runs warm up the JIT
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], max: times[times.length - 1], runs: RUNS };
}
