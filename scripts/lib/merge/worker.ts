/** A worker thread of the load pool (pool.ts): loads the files it is sent, one message each. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Roster } from '../../../addin/forms/roster';
import type { InputFile } from '../intake';
import { loadSlim } from './pool-load';

export interface WorkerJob {
  id: number;
  input: InputFile;
}

const { roster, asOf, byStage } = workerData as { roster?: Roster; asOf: string; byStage?: boolean };

parentPort?.on('message', (job: WorkerJob) => {
  loadSlim(job.input, { roster, asOf, byStage }).then(
    (file) => parentPort?.postMessage({ id: job.id, file }),
    (err: unknown) => parentPort?.postMessage({ id: job.id, error: (err as Error).stack ?? String(err) }),
  );
});
