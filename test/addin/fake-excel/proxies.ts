/**
 * A fake of the part of the Excel JavaScript API the add-in uses: sheets, the sheet collection,
 * settings and the workbook, over the ranges of range.ts and the batching rules of context.ts.
 * Syncs are counted.
 */
import { FakeContext, FakeOfficeError, Loadable, checkEditable } from './context';
import { RangeProxy } from './range';
import { type FakeSheet, boxAddress, newSheet, parseAddress, usedBox } from './state';

class ProtectionProxy extends Loadable {
  constructor(
    ctx: FakeContext,
    private readonly sheet: () => FakeSheet,
  ) {
    super(ctx);
  }
  /** As in Office.js, loaded values are those of the last sync, not changed by commands queued since. */
  private snapshot: Excel.WorksheetProtectionOptions | null = null;
  override markLoaded(): void {
    super.markLoaded();
    const p = this.sheet().protection;
    this.snapshot = p ? { ...p } : null;
  }
  get protected(): boolean {
    this.need('protected');
    return this.snapshot !== null;
  }
  get options(): Excel.WorksheetProtectionOptions {
    this.need('options');
    return { ...(this.snapshot ?? {}) };
  }
  protect(options?: Excel.WorksheetProtectionOptions): void {
    this.ctx.queue();
    const sheet = this.sheet();
    if (sheet.protection) this.ctx.fail('InvalidOperation', `${sheet.name} is already protected.`);
    else sheet.protection = { ...(options ?? {}) };
  }
  unprotect(_password?: string): void {
    this.ctx.queue();
    this.sheet().protection = null;
  }
}

export class WorksheetProxy extends Loadable {
  readonly protection: ProtectionProxy;
  constructor(
    ctx: FakeContext,
    private readonly find: () => FakeSheet | undefined,
  ) {
    super(ctx);
    this.protection = new ProtectionProxy(ctx, () => this.sheet);
  }
  get sheet(): FakeSheet {
    const s = this.find();
    if (!s) throw new FakeOfficeError('ItemNotFound', "The requested resource doesn't exist.");
    return s;
  }
  get isNullObject(): boolean {
    this.need('isNullObject');
    return this.find() === undefined;
  }
  get name(): string {
    this.need('name');
    return this.sheet.name;
  }
  get visibility(): string {
    this.need('visibility');
    return this.sheet.visibility;
  }
  set visibility(v: 'Visible' | 'Hidden' | 'VeryHidden') {
    this.ctx.queue();
    this.sheet.visibility = v;
  }
  set position(p: number) {
    this.ctx.queue();
    const sheets = this.ctx.book.sheets;
    const s = this.sheet;
    sheets.splice(sheets.indexOf(s), 1);
    sheets.splice(p, 0, s);
  }
  getRange(address?: string): RangeProxy {
    const box = parseAddress(address);
    return new RangeProxy(this.ctx, this.sheet, () => box);
  }
  getRangeByIndexes(row: number, column: number, rows: number, columns: number): RangeProxy {
    const box = { top: row, left: column, bottom: row + rows - 1, right: column + columns - 1 };
    return new RangeProxy(this.ctx, this.sheet, () => box);
  }
  getUsedRangeOrNullObject(_valuesOnly?: boolean): RangeProxy {
    const sheet = this.sheet;
    return new RangeProxy(this.ctx, sheet, () => usedBox(sheet));
  }
  activate(): void {
    this.ctx.queue();
    if (this.sheet.visibility !== 'Visible') this.ctx.fail('InvalidOperation', `Cannot activate the hidden sheet ${this.sheet.name}.`);
    else this.ctx.book.active = this.sheet.name;
  }
  get freezePanes() {
    const ctx = this.ctx;
    const sheet = this.sheet;
    return {
      freezeRows: (n: number) => {
        ctx.queue();
        sheet.freeze = { rows: n, columns: 0 };
      },
      freezeAt: (range: RangeProxy) => {
        ctx.queue();
        sheet.freeze = { rows: range.box.bottom + 1, columns: range.box.right + 1 };
      },
    };
  }
  get autoFilter() {
    const ctx = this.ctx;
    const sheet = this.sheet;
    return {
      apply: (range: RangeProxy) => {
        ctx.queue();
        if (checkEditable(ctx, sheet, 'autoFilter')) sheet.autoFilter = boxAddress(range.box);
      },
    };
  }
  get pageLayout() {
    const ctx = this.ctx;
    const page = this.sheet.page;
    const record = (name: string, value: unknown) => {
      ctx.queue();
      page[name] = value;
    };
    return {
      set orientation(v: string) {
        record('orientation', v);
      },
      set paperSize(v: string) {
        record('paperSize', v);
      },
      setPrintTitleRows: (rows: string) => record('printTitleRows', rows),
      headersFooters: {
        defaultForAllPages: {
          set centerHeader(v: string) {
            record('centerHeader', v);
          },
          set centerFooter(v: string) {
            record('centerFooter', v);
          },
        },
      },
    };
  }
}

class WorksheetCollectionProxy extends Loadable {
  constructor(ctx: FakeContext) {
    super(ctx);
  }
  private itemProxies: WorksheetProxy[] = [];
  override markLoaded(): void {
    super.markLoaded();
    this.itemProxies = this.ctx.book.sheets.map((s) => {
      const p = new WorksheetProxy(this.ctx, () => this.ctx.book.sheets.find((x) => x === s));
      p.load('name,visibility');
      p.markLoaded();
      return p;
    });
  }
  get items(): WorksheetProxy[] {
    this.need('items/name');
    return this.itemProxies;
  }
  add(name: string): WorksheetProxy {
    this.ctx.queue();
    const book = this.ctx.book;
    let sheet = book.sheets.find((s) => s.name === name);
    if (sheet) this.ctx.fail('ItemAlreadyExists', `A worksheet named ${name} already exists.`);
    else {
      sheet = newSheet(name);
      book.sheets.push(sheet);
    }
    const found = sheet;
    return new WorksheetProxy(this.ctx, () => found);
  }
  getItemOrNullObject(name: string): WorksheetProxy {
    const p = new WorksheetProxy(this.ctx, () => this.ctx.book.sheets.find((s) => s.name === name));
    p.load('name');
    return p;
  }
  getItem(name: string): WorksheetProxy {
    return new WorksheetProxy(this.ctx, () => this.ctx.book.sheets.find((s) => s.name === name));
  }
}

class SettingProxy extends Loadable {
  constructor(
    ctx: FakeContext,
    private readonly settingKey: string,
  ) {
    super(ctx);
  }
  get isNullObject(): boolean {
    this.need('isNullObject');
    return !this.ctx.book.settings.has(this.settingKey);
  }
  get value(): unknown {
    this.need('value');
    return this.ctx.book.settings.get(this.settingKey);
  }
}

class WorkbookProxy {
  readonly worksheets: WorksheetCollectionProxy;
  constructor(private readonly ctx: FakeContext) {
    this.worksheets = new WorksheetCollectionProxy(ctx);
  }
  get settings() {
    const ctx = this.ctx;
    return {
      getItemOrNullObject: (k: string) => new SettingProxy(ctx, k),
      add: (k: string, value: unknown) => {
        ctx.queue();
        ctx.book.settings.set(k, value);
      },
    };
  }
  getSelectedRange(): RangeProxy {
    const sel = this.ctx.book.selection;
    const sheet = this.ctx.book.sheets.find((s) => s.name === (sel?.sheet ?? this.ctx.book.active)) ?? this.ctx.book.sheets[0];
    const box = parseAddress(sel?.address ?? 'A1');
    return new RangeProxy(this.ctx, sheet, () => box);
  }
}

/** A request context over a workbook, as Excel.run hands it to the batch function. */
export function newContext(book: FakeContext['book']): FakeContext {
  const ctx = new FakeContext(book);
  ctx.workbook = new WorkbookProxy(ctx);
  return ctx;
}
