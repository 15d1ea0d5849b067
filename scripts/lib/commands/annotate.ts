/**
 * `check --annotate`: a copy of a branch file with each problem cell filled (red: 错误,
 * yellow: 提示) and a note carrying the message, for the office to send back. The input is
 * only read; the copy is written atomically, never over an input, and marked in its `_meta`
 * (annotatedCopy: the forms' content digest), so that while nobody has edited it, merge and
 * check skip it as 标注副本 instead of weighing it against its original.
 *
 * exceljs loads the whole file, sheets our reader skips included (填表说明, `_lists`, parts no
 * sheet names), so the copy is made in a worker thread under the load pool's heap limit: a file
 * that exhausts it, or that exceljs cannot load or write, gets no copy and a reason, while its
 * check stands and the run goes on. Where no compiled worker exists (tests of the sources), the
 * copy is made in this thread, with the same reasons for what throws.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import { recordsDigestOf, isBranchRead, readBranchWorkbook } from '../../../addin/forms/read/branch-reader';
import { META_SHEET } from '../../../addin/forms/meta';
import { type Problem, SEVERITY_LABEL } from '../../../addin/forms/problems';
import { ReviewFormsError, WorkbookError } from '../errors';
import { systemErrorText } from '../files/system-error';
import { reasonText } from '../reasons';
import { writeFileAtomic } from '../files/atomic-write';
import type { InputPlaces } from '../files/output-guard';
import { WORKER_HEAP_MB } from '../load/pool';
import { setMetaValue, workbookBytes } from '../workbook/exceljs-output';
import { readXlsx } from '../xlsx/xlsx-reader';
import type { AnnotateJob, AnnotateReply } from './annotate-worker';

export const ERROR_FILL = 'FFFFC7CE';
export const WARNING_FILL = 'FFFFEB9C';
export const ANNOTATED_COPY_KEY = 'annotatedCopy';

/** The digest of the forms as read; undefined when the file cannot be read as a branch file. */
async function formsDigest(buf: Buffer, file: string): Promise<string | undefined> {
  const data = await readXlsx(buf, file);
  const read = readBranchWorkbook(data.grids, { asOf: '9999-12-31', date1904: data.date1904 });
  return isBranchRead(read) ? recordsDigestOf(read.forms) : undefined;
}

/** The annotated copy's bytes: exceljs loads the file, fills and notes the problem cells, marks `_meta`. */
export async function annotatedCopy(buf: Buffer, source: string, problems: readonly Problem[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const byCell = new Map<string, Problem[]>();
  for (const p of problems) {
    if (!p.sheet || !p.cell) continue;
    const key = `${p.sheet}\u0000${p.cell}`;
    byCell.set(key, [...(byCell.get(key) ?? []), p]);
  }
  for (const [key, list] of byCell) {
    const [sheet, ref] = key.split('\u0000');
    const ws = wb.getWorksheet(sheet);
    if (!ws) continue;
    const cell = ws.getCell(ref);
    const isError = list.some((p) => p.severity === 'error');
    // A loaded workbook shares one style object among the cells of a style; `cell.fill = …` would
    // paint every one of them. Give this cell its own style.
    cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: isError ? ERROR_FILL : WARNING_FILL } } };
    cell.note = list.map((p) => `${SEVERITY_LABEL[p.severity]}：${p.message}`).join('\n');
  }
  const meta = wb.getWorksheet(META_SHEET);
  const digest = meta ? await formsDigest(buf, source) : undefined;
  if (meta && digest !== undefined) setMetaValue(meta, ANNOTATED_COPY_KEY, digest);
  return workbookBytes(wb);
}

export interface AnnotateOptions {
  /** The compiled worker entry (default: annotate-worker.js beside this file; none there: this thread). */
  workerFile?: string;
  /** The worker's resource limits (default: a heap of the load pool's WORKER_HEAP_MB). */
  workerLimits?: ResourceLimits;
  /** How long one copy may take before its worker is stopped (default ANNOTATE_TIMEOUT_MS). */
  timeoutMs?: number;
}

const DEFAULT_WORKER = path.join(__dirname, 'annotate-worker.js');

/** One copy of a file within the input limits takes seconds; one still going after this is stuck. */
export const ANNOTATE_TIMEOUT_MS = 5 * 60_000;

/**
 * Why a copy could not be made, in Chinese: a system error as such, our own reasons as they are;
 * anything else is exceljs failing on the file's structure, whose English message would tell the
 * office nothing.
 */
export function annotateFailureText(err: unknown): string {
  if (err instanceof ReviewFormsError) return err.message;
  if (typeof (err as { code?: unknown } | undefined)?.code === 'string') return systemErrorText(err);
  return reasonText('annotate-structure');
}

const failed = (detail: string) => new WorkbookError('annotate-failed', { detail });

/**
 * Makes annotated copies, one at a time, in one worker thread kept for the run (exceljs loads
 * once) and replaced after it dies. Close it when done.
 */
export class Annotator {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly workerFile: string;
  private readonly limits: ResourceLimits;
  private readonly timeoutMs: number;

  constructor(options: AnnotateOptions = {}) {
    this.workerFile = options.workerFile ?? DEFAULT_WORKER;
    this.limits = options.workerLimits ?? { maxOldGenerationSizeMb: WORKER_HEAP_MB };
    this.timeoutMs = options.timeoutMs ?? ANNOTATE_TIMEOUT_MS;
  }

  /**
   * Writes the annotated copy of `source` to `target` (atomically, in this thread). A copy that
   * cannot be made throws a WorkbookError (annotate-failed, annotate-out-of-memory) and writes nothing.
   */
  async annotate(source: string, target: string, problems: readonly Problem[]): Promise<string> {
    let bytes: Buffer;
    if (existsSync(this.workerFile)) bytes = await this.inWorker({ id: this.nextId++, source, problems });
    else {
      const made = fs.readFile(source).then((buf) => annotatedCopy(buf, source, problems));
      bytes = await made.catch((err: unknown) => Promise.reject(failed(annotateFailureText(err))));
    }
    await writeFileAtomic(target, bytes);
    return target;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  /** The worker, started when first needed; one that exits, between jobs too, is forgotten and replaced. */
  private workerNow(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile, { resourceLimits: this.limits });
    // An 'error' with no job listening must not become an uncaught one; 'exit' follows it.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }

  /** The copy made by the worker; its death (out of memory or otherwise) or a stuck copy is this file's reason. */
  private inWorker(job: AnnotateJob): Promise<Buffer> {
    const worker = this.workerNow();
    return new Promise((resolve, reject) => {
      const stop = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (reply: AnnotateReply) => {
        if (reply.id !== job.id) return;
        stop();
        if ('bytes' in reply) resolve(Buffer.from(reply.bytes));
        else reject(failed(reply.error));
      };
      const died = (err: WorkbookError) => {
        stop();
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        reject(err);
      };
      const onError = (err: Error & { code?: string }) =>
        died(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new WorkbookError('annotate-out-of-memory', { limitMb: this.limits.maxOldGenerationSizeMb ?? WORKER_HEAP_MB })
            : failed(annotateFailureText(err)),
        );
      const onExit = (code: number) => died(failed(reasonText('worker-exited', { code })));
      const timer = setTimeout(
        () => died(new WorkbookError('annotate-timeout', { minutes: Math.max(1, Math.round(this.timeoutMs / 60_000)) })),
        this.timeoutMs,
      );
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(job);
    });
  }
}

/**
 * Where the annotated copy of `source` goes in `dir`: never an input (under any spelling of its
 * path), never twice in one run (names compared without case, as Windows would).
 */
export async function annotationTarget(source: string, dir: string, used: Set<string>, inputs: InputPlaces): Promise<string> {
  const ext = path.extname(source);
  const base = path.basename(source, ext);
  const taken = async (candidate: string) => used.has(candidate.toLowerCase()) || (await inputs.inputAt(candidate)) !== undefined;
  let candidate = path.resolve(dir, `${base}${ext}`);
  for (let n = 1; await taken(candidate); n++) {
    candidate = path.resolve(dir, `${base}-标注${n > 1 ? `-${n}` : ''}${ext}`);
  }
  used.add(candidate.toLowerCase());
  return candidate;
}
