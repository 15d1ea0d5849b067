/**
 * The load pool (worker threads) and the Node report writer (report-writer) give what the
 * sequential loader and the ordinary writer give. The workers run compiled JavaScript from
 * build/, which jest's globalSetup compiles from the sources before any test.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Grid } from '../../../addin/forms/cell';
import { reportToBytes } from '../../helpers/exceljs-report';
import { branchInput, fillFile, tempDir } from '../../helpers/workbooks';
import { sampleSchool } from '../../../scripts/lib/demo/sample';
import { collectInputs } from '../../../scripts/lib/load/intake';
import { buildMergeModel } from '../../../scripts/lib/commands/merge';
import { loadFiles } from '../../../scripts/lib/load/pool';
import { reportToXlsx } from '../../../scripts/lib/workbook/report-writer';
import { writeBranchTemplates } from '../../../scripts/lib/commands/template';
import { readXlsx } from '../../../scripts/lib/xlsx/xlsx-reader';

const STAGE = '全面争创';
const school = sampleSchool(11, { branches: 5, membersPerBranch: 4 });
const { roster } = school;
const WORKER = path.join(__dirname, '../../../build/scripts/lib/load/worker.js');
let dir: string;

beforeAll(async () => {
  dir = await tempDir('pool');
  const templates = await writeBranchTemplates(roster, STAGE, path.join(dir, 'issued'));
  for (const [i, t] of templates.files.entries()) {
    const input = branchInput(school, t.branch, STAGE, 50 + i, (x) => {
      if (i === 1) x.member[0].date = '2010-10-08'; // outside the stage: a rejected row
      if (i === 2) x.member[1].aspect2 = undefined; // a missing aspect
    });
    await fillFile(t.file, path.join(dir, 'in', `b${i}.xlsx`), input);
  }
  await fs.writeFile(path.join(dir, 'in', 'broken.xlsx'), 'not a workbook');
  await fs.copyFile(path.join(dir, 'in', 'b0.xlsx'), path.join(dir, 'in', 'b0-again.xlsx'));
}, 120_000);

async function grids(bytes: Uint8Array): Promise<Grid[]> {
  return (await readXlsx(Buffer.from(bytes), 'report.xlsx')).grids;
}

describe('load pool', () => {
  it('worker threads load every file as the sequential loader does, in input order', async () => {
    const inputs = await collectInputs([path.join(dir, 'in')]);
    const options = { roster, asOf: '2010-09-30', byStage: true, parts: true };
    const inTurn = await loadFiles(inputs, { ...options, workers: 0 });
    const pooled = await loadFiles(inputs, { ...options, workers: 2, workerFile: WORKER });
    expect(pooled).toEqual(inTurn);
    expect(inTurn.filter((f) => f.kind === 'branch')).toHaveLength(6);
    // Each branch file comes back with its part of the report, made where it was read: b1 and b2
    // each have one rejected member row.
    expect(inTurn.filter((f) => f.branch?.part).map((f) => [path.basename(f.input.path), f.branch?.part?.member.length])).toEqual([
      ['b0-again.xlsx', 4],
      ['b0.xlsx', 4],
      ['b1.xlsx', 3],
      ['b2.xlsx', 3],
      ['b3.xlsx', 4],
      ['b4.xlsx', 4],
    ]);
  });

  it('reads each file once when no --as-of is given, and the model is the same as with --as-of the reference date', async () => {
    const a = await buildMergeModel([path.join(dir, 'in')], { roster });
    const b = await buildMergeModel([path.join(dir, 'in')], { roster, asOf: '2010-09-30' });
    expect(a.contentDigest).toBe(b.contentDigest);
    expect(a.problems.some((p) => p.file === 'b1.xlsx' && p.severity === '错误')).toBe(true);
  });
});

describe('streaming report writer', () => {
  it('writes the same sheets, states, values and formulas as the ordinary writer', async () => {
    const model = await buildMergeModel([path.join(dir, 'in')], { roster, stage: STAGE });
    const [ordinary, streamed] = [await grids(await reportToBytes(model)), await grids(await reportToXlsx(model))];
    const shape = (g: Grid[]) =>
      g.map((x) => ({
        name: x.name,
        state: x.state,
        rows: x.rows.map((r) => ({ r: r.r, cols: [...r.cols], values: [...r.values], formulaCols: r.formulaCols })),
      }));
    expect(shape(streamed)).toEqual(shape(ordinary));
    expect(streamed.find((g) => g.name === '_meta')?.state).toBe('veryHidden');
    expect(streamed.find((g) => g.name === '汇总')?.rows.at(-1)?.formulaCols?.length).toBeGreaterThan(0);
  });
});
