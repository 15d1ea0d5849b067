/**
 * `check --annotate` never stops the run: a file whose annotated copy cannot be made (exceljs
 * cannot load it, or loading it exhausts the worker's heap) keeps its check and gets a reason,
 * and the other files are annotated. The worker cases run the compiled worker (build/, which
 * jest's globalSetup compiles before any test) and really kill it.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { Annotator } from '../../scripts/lib/commands/annotate';
import { WorkbookError } from '../../scripts/lib/errors';
import type { Problem } from '../../addin/forms/problems';
import { checkCorpus, fixture, sheetPart, tempDir } from './helpers/corpus';
import { rezip } from './helpers/zip-writer';
import { unzipEntries } from '../helpers/zip';
import { problemFloodFile, sheetWithCellsAt } from './cases/swamp';

const WORKER = path.join(__dirname, '../../build/scripts/lib/commands/annotate-worker.js');
const PROBLEM: Problem = { severity: 'error', rule: 'required', message: '必填', sheet: '党员点评', cell: 'B5' };

jest.setTimeout(120_000);

/** The workbook part moved from xl/ to data/ (found through `_rels/.rels`): valid, read by us, not by exceljs. */
async function workbookMoved(buf: Buffer): Promise<Buffer> {
  const entries = await unzipEntries(buf);
  const moved = new Map<string, Buffer>();
  for (const [name, data] of entries) {
    const text = name === '_rels/.rels' || name === '[Content_Types].xml' ? Buffer.from(data.toString('utf8').replace(/([/"])xl\//g, '$1data/')) : data;
    moved.set(name.replace(/^xl\//, 'data/'), text);
  }
  return rezip(moved);
}

/** The file with its 填表说明 (a sheet our reader skips, exceljs loads whole) bloated to 300,000 cells. */
async function instructionsBloated(buf: Buffer): Promise<Buffer> {
  const part = await sheetPart(buf, '填表说明');
  const columns = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'];
  return rezip(await unzipEntries(buf), (name, data) => (name === part ? Buffer.from(sheetWithCellsAt(30_000, columns)) : data));
}

describe('check --annotate, a copy that cannot be made', () => {
  it('exceljs cannot load the file: its check stands with a reason, the other file is annotated, the run goes on', async () => {
    const fx = await fixture();
    const withErrors = await problemFloodFile(fx.good[0], 3);
    const run = await checkCorpus(
      [
        { name: 'moved.xlsx', data: await workbookMoved(withErrors) },
        { name: 'plain.xlsx', data: withErrors },
      ],
      fx,
      { annotate: true },
    );
    const moved = run.file('moved.xlsx');
    expect(moved.status).toBe('errors');
    expect(moved.problems.length).toBeGreaterThan(0);
    expect(moved.annotated).toBeUndefined();
    expect(moved.annotateFailed).toBe(
      '未能生成这个文件的标注副本（表格程序无法按原样读写这个文件的结构），它的检查结果照常列出。可在 Excel 中打开原文件、另存为 .xlsx 后再检查。',
    );
    const plain = run.file('plain.xlsx');
    expect(plain.annotateFailed).toBeUndefined();
    expect(plain.annotated && existsSync(plain.annotated)).toBe(true);
    expect(await fs.readdir(path.join(run.workDir, 'out'))).toEqual(['plain.xlsx']);
  });

  describe('in the worker thread', () => {
    let dir: string;
    let bloated: string;
    let good: string;
    beforeAll(async () => {
      const fx = await fixture();
      dir = await tempDir('annotate-worker-');
      bloated = path.join(dir, 'bloated.xlsx');
      good = path.join(dir, 'good.xlsx');
      await fs.writeFile(bloated, await instructionsBloated(fx.good[0]));
      await fs.writeFile(good, fx.good[1]);
    });
    afterAll(() => fs.rm(dir, { recursive: true, force: true }));

    it('out of memory under the heap limit: that file gets the reason and no copy; the next file is annotated by a new worker', async () => {
      expect(existsSync(WORKER)).toBe(true);
      const annotator = new Annotator({ workerFile: WORKER, workerLimits: { maxOldGenerationSizeMb: 48 } });
      try {
        const failure = await annotator.annotate(bloated, path.join(dir, 'out-bloated.xlsx'), [PROBLEM]).catch((err: unknown) => err);
        expect(failure).toBeInstanceOf(WorkbookError);
        expect((failure as WorkbookError).reason).toBe('annotate-out-of-memory');
        expect((failure as WorkbookError).message).toMatch(/所需内存超过上限（48 MB），它的检查结果照常列出/);
        expect(existsSync(path.join(dir, 'out-bloated.xlsx'))).toBe(false);
        const target = await annotator.annotate(good, path.join(dir, 'out-good.xlsx'), [PROBLEM]);
        expect((await fs.stat(target)).size).toBeGreaterThan(0);
      } finally {
        await annotator.close();
      }
    });

    it('the same file under the default limit is annotated: the limit killed the worker, not the file', async () => {
      const annotator = new Annotator({ workerFile: WORKER });
      try {
        const target = await annotator.annotate(bloated, path.join(dir, 'out-default.xlsx'), [PROBLEM]);
        const entries = await unzipEntries(await fs.readFile(target));
        const comments = [...entries.keys()].filter((n) => /comments/i.test(n) && n.endsWith('.xml'));
        expect(comments.map((n) => (entries.get(n) as Buffer).toString('utf8')).join('')).toContain('错误：必填');
      } finally {
        await annotator.close();
      }
    });

    it('a worker that exits while idle is replaced: the next copy is made, not left waiting', async () => {
      // Replies with some bytes, then exits between jobs.
      const leaving = path.join(dir, 'leaving-worker.js');
      const script = [
        "const { parentPort } = require('node:worker_threads');",
        "parentPort.on('message', (job) => { parentPort.postMessage({ id: job.id, bytes: new Uint8Array([1, 2, 3]) }); setTimeout(() => process.exit(0), 20); });",
      ].join('\n');
      await fs.writeFile(leaving, script);
      const annotator = new Annotator({ workerFile: leaving, timeoutMs: 20_000 });
      try {
        await annotator.annotate(good, path.join(dir, 'out-leaving-1.xlsx'), [PROBLEM]);
        await new Promise((resolve) => setTimeout(resolve, 500));
        const second = annotator.annotate(good, path.join(dir, 'out-leaving-2.xlsx'), [PROBLEM]);
        const waited = new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), 10_000));
        expect(await Promise.race([second, waited])).toBe(path.join(dir, 'out-leaving-2.xlsx'));
      } finally {
        await annotator.close();
      }
    });

    it('a copy that does not finish in time: the worker is stopped, the file gets the reason', async () => {
      const silent = path.join(dir, 'silent-worker.js');
      await fs.writeFile(silent, "require('node:worker_threads').parentPort.on('message', () => undefined);\n");
      const annotator = new Annotator({ workerFile: silent, timeoutMs: 300 });
      try {
        const failure = await annotator.annotate(good, path.join(dir, 'out-silent.xlsx'), [PROBLEM]).catch((err: unknown) => err);
        expect((failure as WorkbookError).reason).toBe('annotate-timeout');
        expect((failure as WorkbookError).message).toMatch(/^未能生成这个文件的标注副本：1 分钟内没有完成，已停止/);
        expect(existsSync(path.join(dir, 'out-silent.xlsx'))).toBe(false);
      } finally {
        await annotator.close();
      }
    });

    it('a worker that exits: the file gets the reason with the exit code', async () => {
      const crashing = path.join(dir, 'exiting-worker.js');
      await fs.writeFile(crashing, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n");
      const annotator = new Annotator({ workerFile: crashing });
      try {
        const failure = await annotator.annotate(good, path.join(dir, 'out-exit.xlsx'), [PROBLEM]).catch((err: unknown) => err);
        expect((failure as WorkbookError).reason).toBe('annotate-failed');
        expect((failure as WorkbookError).message).toMatch(/未能生成这个文件的标注副本（工作线程意外退出（代码 3））/);
      } finally {
        await annotator.close();
      }
    });
  });
});
