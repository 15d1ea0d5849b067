/**
 * Loads many files on every core: this thread and a few worker threads (one per further core,
 * at most MAX_WORKERS) take the next file from one queue and run `outlineFile` on it, so unzip,
 * XML, rules and the report rows are made in parallel while only the outlines come back.
 * This thread loads too: on an office PC's two cores that is one worker thread, not two, and
 * one copy less of the modules and the roster. Results are in input order whatever order they
 * finish in.
 *
 * The workers run compiled JavaScript (build/scripts/lib/load/worker.js). Where there is none
 * (tests run the TypeScript sources) or for a few files, every file is loaded here, in turn.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { rosterDigest } from '../../../addin/forms/roster';
import type { BranchReportPart } from '../../../addin/report/model/branch-part';
import type { InputFile } from './intake';
import { type OutlineOptions, type OutlinedFile, outlineFile } from './outline';
import type { WorkerJob } from './worker';

export const MAX_WORKERS = 3;
/** Below this many files a worker costs more (starting it, sending the roster) than it saves. */
export const POOL_MIN_FILES = 16;

export interface PoolOptions extends OutlineOptions {
  onProgress?: (done: number, total: number) => void;
  /** Worker threads beside this one; default: one per further core (at most MAX_WORKERS), 0 to load here only. */
  workers?: number;
  /** The compiled worker entry (default: worker.js beside this file). */
  workerFile?: string;
}

const DEFAULT_WORKER = path.join(__dirname, 'worker.js');

function workerCount(options: PoolOptions, files: number): number {
  if (options.workers !== undefined) return Math.min(options.workers, files);
  if (files < POOL_MIN_FILES || !existsSync(options.workerFile ?? DEFAULT_WORKER)) return 0;
  return Math.min(MAX_WORKERS, Math.max(1, os.availableParallelism() - 1));
}

/**
 * The report rows' texts that repeat from row to row made one string again. The rows a worker
 * sends arrive as copies, each row with its own strings (V8 shares no string across a message):
 * the school, branch, file, stage, method and reviewer of every row of a file, at 4,000 files a
 * third of the rows' memory. A field equal to the same field of the row before takes that row's
 * string: one comparison per field, cheap enough for this thread, which also reads files.
 */
export function shareRowTexts(part: BranchReportPart): void {
  for (const rows of [part.org, part.member, part.rectification, part.schedule, part.examples, part.uncovered] as readonly Record<string, unknown>[][]) {
    for (let i = 1; i < rows.length; i++) {
      const row = rows[i];
      const previous = rows[i - 1];
      for (const key in row) {
        const value = row[key];
        if (typeof value === 'string' && value === previous[key]) row[key] = previous[key];
      }
    }
  }
}

export async function loadFiles(inputs: readonly InputFile[], options: PoolOptions): Promise<OutlinedFile[]> {
  const results: OutlinedFile[] = new Array<OutlinedFile>(inputs.length);
  let next = 0;
  let done = 0;
  const finish = (id: number, file: OutlinedFile) => {
    results[id] = file;
    options.onProgress?.(++done, inputs.length);
  };
  /**
   * This thread's lanes: the next file in the queue, until none is left. Two, so one file is
   * read from disk while the other is parsed.
   */
  const lane = async () => {
    while (next < inputs.length) {
      const id = next++;
      finish(id, await outlineFile(inputs[id], options));
    }
  };
  const here = () => Promise.all([lane(), lane()]);
  const count = workerCount(options, inputs.length);
  if (count === 0) {
    await here();
    return results;
  }
  // The roster's digest goes along: each file is compared with it, and hashing a county's roster
  // costs a quarter of a second in each thread.
  const workerData: OutlineOptions & { rosterDigest?: string } = {
    roster: options.roster,
    asOf: options.asOf,
    byStage: options.byStage,
    parts: options.parts,
    rosterDigest: options.roster && rosterDigest(options.roster),
  };
  const workers = Array.from({ length: count }, () => new Worker(options.workerFile ?? DEFAULT_WORKER, { workerData }));
  const remote = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      // Two files in flight per worker: one is read from disk while the other is parsed.
      let inFlight = 0;
      const feed = () => {
        while (inFlight < 2 && next < inputs.length) {
          const job: WorkerJob = { id: next++, input: inputs[next - 1] };
          inFlight++;
          worker.postMessage(job);
        }
        if (inFlight === 0) resolve();
      };
      worker.on('message', (msg: { id: number; file?: OutlinedFile; error?: string }) => {
        inFlight--;
        if (msg.error || !msg.file) return reject(new Error(`读取 ${inputs[msg.id]?.display} 时程序出错：${msg.error}`));
        if (msg.file.branch?.part) shareRowTexts(msg.file.branch.part);
        finish(msg.id, msg.file);
        feed();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (inFlight > 0 || next < inputs.length) reject(new Error(`读取文件的工作线程意外退出（${code}）`));
      });
      feed();
    });
  try {
    await Promise.all([...workers.map(remote), here()]);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
