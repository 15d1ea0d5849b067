/**
 * The fake's request context and the load rules, as Excel applies a batch: commands run in order
 * up to the first that fails; what came before is kept, everything after it is skipped, and the
 * failure surfaces at `context.sync()`. A loaded property can be read only after the sync that
 * follows its `load`. A member of a requirement set newer than the host's fails with ApiNotFound.
 */
import type { FakeSheet, FakeValue, FakeWorkbook } from './state';

export class FakeOfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RichApi.Error';
  }
}

export class FakeContext {
  syncCount = 0;
  /** Commands queued since the last sync. */
  queued = 0;
  private pendingError: FakeOfficeError | null = null;
  private pendingLoads: Loadable[] = [];
  /** Set by the workbook proxy (proxies.ts), which needs the context first. */
  workbook!: unknown;

  constructor(
    readonly book: FakeWorkbook,
    /** The host's ExcelApi minor version (1.x). */
    readonly apiVersion = 9,
  ) {}

  /** Counts a command; false once a command of this batch has failed (Excel skips the rest). */
  queue(): boolean {
    this.queued++;
    return this.pendingError === null;
  }

  /** False (and the batch fails with ApiNotFound) when the host lacks ExcelApi 1.`minor`. */
  requireApi(minor: number, member: string): boolean {
    if (this.apiVersion >= minor) return true;
    this.fail('ApiNotFound', `${member} needs ExcelApi 1.${minor}; this host has 1.${this.apiVersion}.`);
    return false;
  }

  fail(code: string, message: string): void {
    this.pendingError ??= new FakeOfficeError(code, message);
  }

  registerLoad(p: Loadable): void {
    this.pendingLoads.push(p);
  }

  async sync(): Promise<void> {
    this.syncCount++;
    this.queued = 0;
    const loads = this.pendingLoads;
    this.pendingLoads = [];
    const error = this.pendingError;
    this.pendingError = null;
    if (error) throw error;
    const size = loads.reduce((n, p) => n + p.responseSize(), 0);
    if (size > RESPONSE_LIMIT) throw new FakeOfficeError('RequestPayloadSizeLimitExceeded', `The response payload (${size} bytes) exceeds the limit.`);
    for (const p of loads) p.markLoaded();
  }
}

function propsOf(props: string | string[] | Record<string, unknown> | undefined): string[] {
  if (props === undefined) return ['*'];
  if (typeof props === 'string') return props.split(',').map((s) => s.trim());
  if (Array.isArray(props)) return props;
  return Object.keys(props);
}

/** Excel on the web refuses a response over 5 MB (docs: "Resource limits and performance optimization for Office Add-ins"). */
export const RESPONSE_LIMIT = 5 * 1024 * 1024;

export class Loadable {
  private pending = new Set<string>();
  private loaded = new Set<string>();
  constructor(readonly ctx: FakeContext) {}
  load(props?: string | string[] | Record<string, unknown>): this {
    for (const p of propsOf(props)) this.pending.add(p);
    this.ctx.registerLoad(this);
    return this;
  }
  /** Roughly the bytes this object's pending loads put in the response (ranges count their cells). */
  responseSize(): number {
    return 0;
  }
  protected isPending(prop: string): boolean {
    return this.pending.has(prop) || this.pending.has('*');
  }
  markLoaded(): void {
    for (const p of this.pending) this.loaded.add(p);
    this.pending.clear();
    this.loaded.add('isNullObject');
  }
  protected need(prop: string): void {
    const paths = [...this.loaded].some((p) => p.startsWith(`${prop}/`));
    if (!this.loaded.has(prop) && !this.loaded.has('*') && !paths) {
      throw new FakeOfficeError(
        'PropertyNotLoaded',
        `The property '${prop}' is not available. Before reading the property's value, ` +
          'call the load method on the containing object and call "context.sync()" on the associated request context.',
      );
    }
  }
}

/** Queues a command on a sheet's cells: false when the batch has failed or the sheet is protected. */
export function checkEditable(ctx: FakeContext, sheet: FakeSheet, what: string): boolean {
  if (!ctx.queue()) return false;
  if (sheet.protection) {
    ctx.fail('AccessDenied', `The cell or chart you're trying to change is on a protected sheet (${sheet.name}: ${what}).`);
    return false;
  }
  return true;
}

export function toValueType(v: FakeValue | undefined): string {
  if (v === undefined || v === '') return 'Empty';
  if (typeof v === 'object') return 'Error';
  if (typeof v === 'number') return 'Double';
  if (typeof v === 'boolean') return 'Boolean';
  return 'String';
}
