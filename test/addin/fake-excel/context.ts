/**
 * The fake's request context and the load rules: writes are queued and their failures surface at
 * `context.sync()`; a loaded property can be read only after the sync that follows its `load`.
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

  constructor(readonly book: FakeWorkbook) {}

  queue(): void {
    this.queued++;
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
    for (const p of loads) p.markLoaded();
  }
}

function propsOf(props: string | string[] | Record<string, unknown> | undefined): string[] {
  if (props === undefined) return ['*'];
  if (typeof props === 'string') return props.split(',').map((s) => s.trim());
  if (Array.isArray(props)) return props;
  return Object.keys(props);
}

export class Loadable {
  private pending = new Set<string>();
  private loaded = new Set<string>();
  constructor(readonly ctx: FakeContext) {}
  load(props?: string | string[] | Record<string, unknown>): this {
    for (const p of propsOf(props)) this.pending.add(p);
    this.ctx.registerLoad(this);
    return this;
  }
  markLoaded(): void {
    for (const p of this.pending) this.loaded.add(p);
    this.pending.clear();
    this.loaded.add('isNullObject');
  }
  protected need(prop: string): void {
    if (!this.loaded.has(prop) && !this.loaded.has('*')) {
      throw new FakeOfficeError(
        'PropertyNotLoaded',
        `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
      );
    }
  }
}

export function checkEditable(ctx: FakeContext, sheet: FakeSheet, what: string): boolean {
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
