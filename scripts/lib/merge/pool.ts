/**
 * Loads many files on every core: a pool of worker threads (one per core, at most MAX_WORKERS),
 * each running `outlineFile` on the files it is sent, so unzip, XML, rules and the report rows
 * are made in parallel while only the outlines come back. Results are in input order whatever
 * order they finish in.
 *
 * The workers run compiled JavaScript (build/scripts/lib/merge/worker.js). Where there is none
 * (tests run the TypeScript sources) or for a few files, the same `outlineFile` runs here, in turn.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { InputFile } from '../intake';
import { type OutlineOptions, type OutlinedFile, outlineFile } from './pool-load';
import type { WorkerJob } from './worker';

export const MAX_WORKERS = 4;
/** Below this many files a pool costs more (starting threads, sending the roster) than it saves. */
export const POOL_MIN_FILES = 16;

export interface PoolOptions extends OutlineOptions {
  onProgress?: (done: number, total: number) => void;
  /** Worker threads; default: one per core (at most MAX_WORKERS), 0 to load in this thread. */
  workers?: number;
  /** The compiled worker entry (default: worker.js beside this file). */
  workerFile?: string;
}

const DEFAULT_WORKER = path.join(__dirname, 'worker.js');

function workerCount(options: PoolOptions, files: number): number {
  if (options.workers !== undefined) return Math.min(options.workers, files);
  if (files < POOL_MIN_FILES || !existsSync(options.workerFile ?? DEFAULT_WORKER)) return 0;
  return Math.min(MAX_WORKERS, Math.max(1, os.availableParallelism()), files);
}

async function loadInTurn(inputs: readonly InputFile[], options: PoolOptions): Promise<OutlinedFile[]> {
  const out: OutlinedFile[] = [];
  for (const input of inputs) {
    out.push(await outlineFile(input, options));
    options.onProgress?.(out.length, inputs.length);
  }
  return out;
}

export async function loadFiles(inputs: readonly InputFile[], options: PoolOptions): Promise<OutlinedFile[]> {
  const count = workerCount(options, inputs.length);
  if (count === 0) return loadInTurn(inputs, options);
  const results: OutlinedFile[] = new Array<OutlinedFile>(inputs.length);
  let next = 0;
  let done = 0;
  const workerData: OutlineOptions = { roster: options.roster, asOf: options.asOf, byStage: options.byStage, parts: options.parts };
  const workers = Array.from({ length: count }, () => new Worker(options.workerFile ?? DEFAULT_WORKER, { workerData }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            // Two files in flight per worker: one is read from disk while the other is parsed.
            let inFlight = 0;
            const feed = () => {
              while (inFlight < 2 && next < inputs.length) {
                const job: WorkerJob = { id: next, input: inputs[next] };
                next++;
                inFlight++;
                worker.postMessage(job);
              }
              if (inFlight === 0) resolve();
            };
            worker.on('message', (msg: { id: number; file?: OutlinedFile; error?: string }) => {
              inFlight--;
              if (msg.error || !msg.file) return reject(new Error(`读取 ${inputs[msg.id]?.display} 时程序出错：${msg.error}`));
              results[msg.id] = msg.file;
              options.onProgress?.(++done, inputs.length);
              feed();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (inFlight > 0 || next < inputs.length) reject(new Error(`读取文件的工作线程意外退出（${code}）`));
            });
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
