/** A worker thread of the load pool (pool.ts): loads the files it is sent, one message each. */
import { parentPort, workerData } from 'node:worker_threads';
import { rememberRosterDigest } from '../../../addin/forms/roster';
import { installNodeSha256 } from '../node-sha256';
import type { InputFile } from './intake';
import { type OutlineOptions, outlineFile } from './outline';

export interface WorkerJob {
  id: number;
  input: InputFile;
}

installNodeSha256();
const { rosterDigest, ...options } = workerData as OutlineOptions & { rosterDigest?: string };
if (options.roster && rosterDigest) rememberRosterDigest(options.roster, rosterDigest);

parentPort?.on('message', (job: WorkerJob) => {
  outlineFile(job.input, options).then(
    (file) => parentPort?.postMessage({ id: job.id, file }),
    (err: unknown) => parentPort?.postMessage({ id: job.id, error: (err as Error).stack ?? String(err) }),
  );
});
