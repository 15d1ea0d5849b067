/**
 * Loads many files on every core: this thread and a few worker threads (one per further core,
 * at most MAX_WORKERS) take the next file from one queue and run `outlineFile` on it, so unzip,
 * XML, rules and the report rows are made in parallel while only the outlines come back.
 * This thread loads too: on an office PC's two cores that is one worker thread, not two, and
 * one copy less of the modules and the roster. Results are in input order whatever order they
 * finish in.
 *
 * One file can never stop the run: a file whose reading throws, or kills its worker (out of
 * memory under the worker's heap limit, or otherwise), becomes that file's 拒收 with a reason,
 * and the others are read on. When a worker dies with two files in flight, each is tried again
 * alone in a new worker, so only the file that kills it is refused.
 *
 * The workers run compiled JavaScript (build/scripts/lib/load/worker.js). Where there is none
 * (tests run the TypeScript sources) or for a few files, every file is loaded here, in turn;
 * then the limits on input files (xlsx/limits.ts) are what bounds one file's memory.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { rosterDigest } from '../../../addin/forms/roster';
import type { Problem } from '../../../addin/forms/problems';
import type { BranchReportPart } from '../../../addin/report/model/branch-part';
import { type ReasonId, type ReasonParams, reasonText } from '../reasons';
import type { InputFile } from './intake';
import { type OutlineOptions, type OutlinedFile, listProblems, outlineFile } from './outline';
import type { WorkerJob, WorkerReply } from './worker';

export const MAX_WORKERS = 3;
/**
 * A worker's heap (old generation), in MB. Within the limits on input files the costliest file
 * (a million cells, each with a problem) reads in a few hundred; beyond it something those limits
 * did not foresee is at work, and the worker dies instead of the run.
 */
export const WORKER_HEAP_MB = 1024;
/** Below this many files a worker costs more (starting it, sending the roster) than it saves. */
export const POOL_MIN_FILES = 16;

export interface PoolOptions extends OutlineOptions {
  onProgress?: (done: number, total: number) => void;
  /** Worker threads beside this one; default: one per further core (at most MAX_WORKERS), 0 to load here only. */
  workers?: number;
  /** The compiled worker entry (default: worker.js beside this file). */
  workerFile?: string;
  /** Each worker's resource limits (default: a heap of WORKER_HEAP_MB). */
  workerLimits?: ResourceLimits;
  /** False: only the workers load (a test that must know where a file is read); default true. */
  loadHere?: boolean;
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

/** A file that could not be read at all: refused with `reason`, its hash taken here when it can be. */
async function refused(input: InputFile, reason: ReasonId, params: ReasonParams): Promise<OutlinedFile> {
  const problem: Problem = { severity: 'error', rule: reason, message: reasonText(reason, params) };
  let sha256: string | undefined;
  try {
    sha256 = createHash('sha256')
      .update(await fs.readFile(input.path))
      .digest('hex');
  } catch {
    // The reason already says the file could not be read.
  }
  return { input, sha256, kind: 'rejected', problems: [problem], problemList: listProblems([problem]) };
}

function crashDetail(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Outlines a file in this thread; a file whose reading throws (a bug) is refused, not the run. */
async function outlineHere(input: InputFile, options: OutlineOptions): Promise<OutlinedFile> {
  try {
    return await outlineFile(input, options);
  } catch (err) {
    return refused(input, 'read-crashed', { detail: crashDetail(err) });
  }
}

export async function loadFiles(inputs: readonly InputFile[], options: PoolOptions): Promise<OutlinedFile[]> {
  const results: OutlinedFile[] = new Array<OutlinedFile>(inputs.length);
  let next = 0;
  let done = 0;
  /** Files that were in flight on a worker that died: each is tried again alone. */
  const suspects: number[] = [];
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
      finish(id, await outlineHere(inputs[id], options));
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
  const resourceLimits = options.workerLimits ?? { maxOldGenerationSizeMb: WORKER_HEAP_MB };
  const pending: Promise<void>[] = [];

  /**
   * One worker's life: it takes files from the queue (two in flight: one is read from disk while
   * the other is parsed), or one suspect alone, until nothing is left ('done') or it dies: with
   * one file in flight that file is refused, with two both become suspects ('died'); with none
   * the worker could not run at all ('failed').
   */
  const runWorker = () =>
    new Promise<'done' | 'died' | 'failed'>((resolve) => {
      const worker = new Worker(options.workerFile ?? DEFAULT_WORKER, { workerData, resourceLimits });
      const inFlight = new Set<number>();
      let alone = false;
      let ended = false;
      const send = (id: number) => {
        inFlight.add(id);
        worker.postMessage({ id, input: inputs[id] } satisfies WorkerJob);
      };
      const feed = () => {
        if (inFlight.size === 0 && suspects.length > 0) {
          alone = true;
          send(suspects.shift() as number);
        }
        while (!alone && inFlight.size < 2 && next < inputs.length) send(next++);
        if (inFlight.size === 0) {
          ended = true;
          void worker.terminate();
          resolve('done');
        }
      };
      const died = (err: unknown) => {
        if (ended) return;
        ended = true;
        void worker.terminate();
        const ids = [...inFlight];
        if (ids.length === 1) {
          const [id] = ids;
          const outOfMemory = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
          const file = outOfMemory
            ? refused(inputs[id], 'read-out-of-memory', { limitMb: resourceLimits.maxOldGenerationSizeMb ?? WORKER_HEAP_MB })
            : refused(inputs[id], 'read-crashed', { detail: crashDetail(err) });
          pending.push(file.then((f) => finish(id, f)));
        } else suspects.push(...ids);
        resolve(ids.length === 0 ? 'failed' : 'died');
      };
      worker.on('message', (reply: WorkerReply) => {
        inFlight.delete(reply.id);
        alone = false;
        if ('file' in reply) {
          if (reply.file.branch?.part) shareRowTexts(reply.file.branch.part);
          finish(reply.id, reply.file);
        } else pending.push(refused(inputs[reply.id], 'read-crashed', { detail: reply.error }).then((f) => finish(reply.id, f)));
        feed();
      });
      worker.on('error', died);
      worker.on('exit', (code) => died(new Error(reasonText('worker-exited', { code }))));
      feed();
    });

  /** A worker lane: a new worker after each death, until the work is done or a worker cannot run. */
  const remote = async () => {
    let end: 'done' | 'died' | 'failed';
    do end = await runWorker();
    while (end === 'died');
  };
  await Promise.all([...Array.from({ length: count }, remote), options.loadHere === false ? undefined : here()]);
  await Promise.all(pending);
  // Suspects left when every worker lane gave up (workers that cannot start): never read here.
  for (const id of suspects.splice(0)) finish(id, await refused(inputs[id], 'read-crashed', { detail: '工作线程无法启动' }));
  return results;
}
