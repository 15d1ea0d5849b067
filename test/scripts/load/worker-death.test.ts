/**
 * A worker that dies turns into that file's 拒收, and the run goes on: the workers really die,
 * one out of memory under a small heap limit, one by exiting. They run the compiled worker
 * (build/, which jest's globalSetup compiles before any test).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InputFile } from '../../../scripts/lib/load/intake';
import { loadFiles } from '../../../scripts/lib/load/pool';
import { fixture } from '../../robustness/helpers/corpus';
import { problemFloodFile } from '../../robustness/cases/swamp';

const WORKER = path.join(__dirname, '../../../build/scripts/lib/load/worker.js');
let dir: string;
let asOf: string;

const input = (name: string): InputFile => ({ path: path.join(dir, name), display: name, name, kind: 'read' });

beforeAll(async () => {
  const fx = await fixture();
  asOf = fx.asOf;
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'worker-death-'));
  await fs.writeFile(path.join(dir, 'good-1.xlsx'), fx.good[0]);
  await fs.writeFile(path.join(dir, 'good-2.xlsx'), fx.good[1]);
  // 8,000 rows of bad values: some 30 MB of rows and problems while read, far above 16 MB.
  await fs.writeFile(path.join(dir, 'flood.xlsx'), await problemFloodFile(fx.good[2], 8000));
  // A worker that exits when it is given crash.xlsx, and is the real worker otherwise.
  const crashing = [
    "const { parentPort } = require('node:worker_threads');",
    "parentPort.on('message', (job) => { if (job.input.display === 'crash.xlsx') process.exit(3); });",
    `require(${JSON.stringify(WORKER)});`,
  ].join('\n');
  await fs.writeFile(path.join(dir, 'crashing-worker.js'), crashing);
  await fs.copyFile(path.join(dir, 'good-2.xlsx'), path.join(dir, 'crash.xlsx'));
}, 120_000);

afterAll(() => fs.rm(dir, { recursive: true, force: true }));

jest.setTimeout(120_000);

describe('a worker that dies', () => {
  it('out of memory: the file it was reading is refused with a reason; the files in flight beside it are read again and kept', async () => {
    const inputs = ['flood.xlsx', 'good-1.xlsx', 'good-2.xlsx'].map(input);
    // Only the worker loads, so the flood is read there, beside good-1 (two files in flight).
    const files = await loadFiles(inputs, { asOf, workers: 1, workerFile: WORKER, loadHere: false, workerLimits: { maxOldGenerationSizeMb: 16 } });
    expect(files.map((f) => [f.input.display, f.kind])).toEqual([
      ['flood.xlsx', 'rejected'],
      ['good-1.xlsx', 'branch'],
      ['good-2.xlsx', 'branch'],
    ]);
    expect(files[0].problems).toEqual([expect.objectContaining({ severity: 'error', rule: 'read-out-of-memory' })]);
    expect(files[0].problems[0].message).toMatch(/内存超过上限（16 MB），已拒收，其他文件照常读取/);
    expect(files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const good of files.slice(1)) expect(good.problemList.errors).toBe(0);
  });

  it('the same file under the default limit is read in full: the limit killed the worker, not the file', async () => {
    const [flood] = await loadFiles([input('flood.xlsx')], { asOf, workers: 1, workerFile: WORKER, loadHere: false });
    expect(flood.kind).toBe('branch');
    expect(flood.problemList.errors).toBeGreaterThan(8000);
  });

  it('exiting: the file is refused with the exit code, the others are read', async () => {
    const inputs = ['good-1.xlsx', 'crash.xlsx', 'good-2.xlsx'].map(input);
    const files = await loadFiles(inputs, { asOf, workers: 1, workerFile: path.join(dir, 'crashing-worker.js'), loadHere: false });
    expect(files.map((f) => [f.input.display, f.kind, f.problems.map((p) => p.rule)])).toEqual([
      ['good-1.xlsx', 'branch', []],
      ['crash.xlsx', 'rejected', ['read-crashed']],
      ['good-2.xlsx', 'branch', []],
    ]);
    expect(files[1].problems[0].message).toMatch(/读取这个文件时程序出错（工作线程意外退出（代码 3））/);
  });
});
