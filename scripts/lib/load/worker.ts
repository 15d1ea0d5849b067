/** A worker thread of the load pool (pool.ts): loads the files it is sent, one message each. */
import { parentPort, workerData } from 'node:worker_threads';
import { rememberRosterDigest } from '../../../addin/forms/roster';
import { installNodeSha256 } from '../node-sha256';
import type { InputFile } from './intake';
import { type OutlineOptions, type OutlinedFile, outlineFile } from './outline';

export interface WorkerJob {
  id: number;
  input: InputFile;
}

/** The file outlined, or why reading it threw (the pool refuses that file and goes on). */
export type WorkerReply = { id: number; file: OutlinedFile } | { id: number; error: string };

installNodeSha256();
const { rosterDigest, ...options } = workerData as OutlineOptions & { rosterDigest?: string };
if (options.roster && rosterDigest) rememberRosterDigest(options.roster, rosterDigest);

parentPort?.on('message', (job: WorkerJob) => {
  outlineFile(job.input, options).then(
    (file) => parentPort?.postMessage({ id: job.id, file } satisfies WorkerReply),
    (err: unknown) => parentPort?.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply),
  );
});
