/** The worker thread `check --annotate` makes its annotated copies in (annotate.ts): one message a file, bytes back or why not. */
import { promises as fs } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { Problem } from '../../../addin/forms/problems';
import { installNodeSha256 } from '../node-sha256';
import { annotateFailureText, annotatedCopy } from './annotate';

export interface AnnotateJob {
  id: number;
  source: string;
  problems: readonly Problem[];
}

export type AnnotateReply = { id: number; bytes: Uint8Array } | { id: number; error: string };

installNodeSha256();
parentPort?.on('message', (job: AnnotateJob) => {
  fs.readFile(job.source)
    .then((buf) => annotatedCopy(buf, job.source, job.problems))
    .then(
      (bytes) => parentPort?.postMessage({ id: job.id, bytes } satisfies AnnotateReply),
      (err: unknown) => parentPort?.postMessage({ id: job.id, error: annotateFailureText(err) } satisfies AnnotateReply),
    );
});
