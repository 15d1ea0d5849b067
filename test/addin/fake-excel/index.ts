/**
 * Installs a fake `Excel` (and a minimal `Office`) on the global object, over a FakeWorkbook.
 * Used by the jest tests and, bundled, by the browser test's stand-in for office.js.
 */
import { FakeOfficeError } from './context';
import { newContext } from './proxies';
import { type FakeSheet, type FakeValue, type FakeWorkbook, key, newSheet, newWorkbook, parseAddress } from './state';

export interface FakeHost {
  book: FakeWorkbook;
  /** Syncs of every Excel.run so far, one entry per run. */
  runs: { syncs: number }[];
  /** Supported ExcelApi minor versions (default: up to 1.9). */
  apiVersion: number;
  /** Workbooks opened with Excel.createWorkbook (base64 xlsx). */
  created: string[];
}

export function createFakeHost(book: FakeWorkbook = newWorkbook()): FakeHost {
  return { book, runs: [], apiVersion: 9, created: [] };
}

/** Puts `Excel` and `Office` on globalThis, backed by the host's workbook. */
export function installFakeOffice(host: FakeHost, target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>): void {
  const excel = {
    async createWorkbook(base64?: string): Promise<void> {
      if (host.apiVersion < 8) throw new FakeOfficeError('ApiNotFound', 'createWorkbook is not supported');
      host.created.push(base64 ?? '');
    },
    async run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
      const ctx = newContext(host.book, host.apiVersion);
      const record = { syncs: 0 };
      host.runs.push(record);
      try {
        const result = await batch(ctx as unknown as Excel.RequestContext);
        if (ctx.queued > 0) throw new Error(`fake Excel: ${ctx.queued} command(s) queued after the last context.sync() were never sent`);
        return result;
      } finally {
        record.syncs = ctx.syncCount;
      }
    },
  };
  const office = {
    onReady: (cb?: (info: { host: string; platform: string }) => void) => {
      const info = { host: 'Excel', platform: 'OfficeOnline' };
      cb?.(info);
      return Promise.resolve(info);
    },
    context: { requirements: { isSetSupported: (_name: string, version?: string) => Number(String(version ?? '1.1').split('.')[1] ?? 0) <= host.apiVersion } },
    HostType: { Excel: 'Excel' },
  };
  target.Excel = excel;
  target.Office = office;
}

/** Test setup: a sheet with cell values written from a top-left cell. */
export function putSheet(
  book: FakeWorkbook,
  name: string,
  topLeft: string,
  rows: (FakeValue | null)[][],
  visibility: FakeSheet['visibility'] = 'Visible',
): FakeSheet {
  let sheet = book.sheets.find((s) => s.name === name);
  if (!sheet) {
    sheet = newSheet(name);
    book.sheets.push(sheet);
  }
  sheet.visibility = visibility;
  const at = parseAddress(topLeft);
  rows.forEach((line, i) =>
    line.forEach((v, j) => {
      const k = key(at.top + i, at.left + j);
      const cell = sheet.cells.get(k) ?? {};
      if (v === null) delete cell.value;
      else cell.value = v;
      sheet.cells.set(k, cell);
    }),
  );
  return sheet;
}

export function cellAt(book: FakeWorkbook, sheet: string, address: string): FakeValue | undefined {
  const s = book.sheets.find((x) => x.name === sheet);
  const b = parseAddress(address);
  return s?.cells.get(key(b.top, b.left))?.value;
}

export * from './state';
export { FakeContext, FakeOfficeError } from './context';
