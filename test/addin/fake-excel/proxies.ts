/**
 * A fake of the part of the Excel JavaScript API the add-in uses: sheets, the sheet collection,
 * settings and the workbook, over the ranges of range.ts and the batching rules of context.ts.
 * Syncs are counted. Sheet names are matched case-insensitively, as Excel does.
 */
import { FakeContext, FakeOfficeError, Loadable, checkEditable } from './context';
import { RangeProxy } from './range';
import { type FakeSheet, boxAddress, findSheet, newSheet, parseAddress, usedBox } from './state';

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
  protect(options?: Excel.WorksheetProtectionOptions, password?: string): void {
    if (!this.ctx.queue()) return;
    const sheet = this.sheet();
    if (sheet.protection) this.ctx.fail('InvalidOperation', `${sheet.name} is already protected.`);
    else {
      sheet.protection = { ...(options ?? {}) };
      sheet.protectionPassword = password || undefined;
    }
  }
  /** ExcelApi 1.7. A sheet protected with a password stays protected unless the password is given. */
  unprotect(password?: string): void {
    if (!this.ctx.queue() || !this.ctx.requireApi(7, 'WorksheetProtection.unprotect')) return;
    const sheet = this.sheet();
    if (sheet.protection && sheet.protectionPassword !== undefined && password !== sheet.protectionPassword) {
      this.ctx.fail('InvalidArgument', `The password to unprotect ${sheet.name} is missing or wrong.`);
      return;
    }
    sheet.protection = null;
    sheet.protectionPassword = undefined;
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
    if (!this.ctx.queue()) return;
    this.sheet.visibility = v;
  }
  set position(p: number) {
    if (!this.ctx.queue()) return;
    const sheets = this.ctx.book.sheets;
    const s = this.sheet;
    sheets.splice(sheets.indexOf(s), 1);
    sheets.splice(p, 0, s);
  }
  set showGridlines(v: boolean) {
    this.ctx.queue();
    this.sheet.showGridlines = v;
  }
  getRange(address?: string): RangeProxy {
    const box = parseAddress(address);
    return new RangeProxy(this.ctx, this.sheet, () => box);
  }
  getRangeByIndexes(row: number, column: number, rows: number, columns: number): RangeProxy {
    this.ctx.requireApi(7, 'Worksheet.getRangeByIndexes');
    const box = { top: row, left: column, bottom: row + rows - 1, right: column + columns - 1 };
    return new RangeProxy(this.ctx, this.sheet, () => box);
  }
  /** ExcelApi 1.4. */
  getUsedRangeOrNullObject(_valuesOnly?: boolean): RangeProxy {
    this.ctx.requireApi(4, 'Worksheet.getUsedRangeOrNullObject');
    const sheet = this.sheet;
    return new RangeProxy(this.ctx, sheet, () => usedBox(sheet));
  }
  activate(): void {
    if (!this.ctx.queue()) return;
    if (this.sheet.visibility !== 'Visible') this.ctx.fail('InvalidOperation', `Cannot activate the hidden sheet ${this.sheet.name}.`);
    else this.ctx.book.active = this.sheet.name;
  }
  get freezePanes() {
    const ctx = this.ctx;
    const sheet = this.sheet;
    const allowed = () => ctx.queue() && ctx.requireApi(7, 'Worksheet.freezePanes');
    return {
      freezeRows: (n: number) => {
        if (allowed()) sheet.freeze = { rows: n, columns: 0 };
      },
      freezeAt: (range: RangeProxy) => {
        if (allowed()) sheet.freeze = { rows: range.box.bottom + 1, columns: range.box.right + 1 };
      },
    };
  }
  get autoFilter() {
    const ctx = this.ctx;
    const sheet = this.sheet;
    return {
      apply: (range: RangeProxy) => {
        if (ctx.requireApi(9, 'Worksheet.autoFilter') && checkEditable(ctx, sheet, 'autoFilter')) sheet.autoFilter = boxAddress(range.box);
      },
    };
  }
  get pageLayout() {
    const ctx = this.ctx;
    const page = this.sheet.page;
    const record = (name: string, value: unknown) => {
      if (ctx.queue() && ctx.requireApi(9, 'Worksheet.pageLayout')) page[name] = value;
    };
    const props = [
      'orientation',
      'paperSize',
      'zoom',
      'leftMargin',
      'rightMargin',
      'topMargin',
      'bottomMargin',
      'headerMargin',
      'footerMargin',
      'centerHorizontally',
      'printOrder',
    ];
    const headerFooter = ['centerHeader', 'centerFooter', 'leftFooter', 'rightFooter'];
    const setters = (names: readonly string[]) =>
      Object.defineProperties({}, Object.fromEntries(names.map((n) => [n, { set: (v: unknown) => record(n, v), enumerable: true }]))) as Record<
        string,
        unknown
      >;
    return Object.assign(setters(props), {
      setPrintTitleRows: (rows: string) => record('printTitleRows', rows),
      setPrintTitleColumns: (columns: string) => record('printTitleColumns', columns),
      headersFooters: { defaultForAllPages: setters(headerFooter) },
    });
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
    const book = this.ctx.book;
    // A skipped or refused add still hands back a sheet, detached, so the commands queued on it
    // after the failure are skipped instead of throwing here.
    let sheet = newSheet(name);
    if (!this.ctx.queue()) return new WorksheetProxy(this.ctx, () => sheet);
    const existing = findSheet(book, name);
    if (existing) this.ctx.fail('ItemAlreadyExists', `A worksheet named ${existing.name} already exists.`);
    else book.sheets.push(sheet);
    sheet = existing ?? sheet;
    return new WorksheetProxy(this.ctx, () => sheet);
  }
  /** ExcelApi 1.4. */
  getItemOrNullObject(name: string): WorksheetProxy {
    this.ctx.requireApi(4, 'WorksheetCollection.getItemOrNullObject');
    const p = new WorksheetProxy(this.ctx, () => findSheet(this.ctx.book, name));
    p.load('name');
    return p;
  }
  getItem(name: string): WorksheetProxy {
    return new WorksheetProxy(this.ctx, () => findSheet(this.ctx.book, name));
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
  /** ExcelApi 1.4. */
  get settings() {
    const ctx = this.ctx;
    ctx.requireApi(4, 'Workbook.settings');
    return {
      getItemOrNullObject: (k: string) => new SettingProxy(ctx, k),
      add: (k: string, value: unknown) => {
        if (ctx.queue()) ctx.book.settings.set(k, value);
      },
    };
  }
  getSelectedRange(): RangeProxy {
    const sel = this.ctx.book.selection;
    const sheet = findSheet(this.ctx.book, sel?.sheet ?? this.ctx.book.active ?? '') ?? this.ctx.book.sheets[0];
    const box = parseAddress(sel?.address ?? 'A1');
    return new RangeProxy(this.ctx, sheet, () => box);
  }
}

/** A request context over a workbook, as Excel.run hands it to the batch function. */
export function newContext(book: FakeContext['book'], apiVersion = 9): FakeContext {
  const ctx = new FakeContext(book, apiVersion);
  ctx.workbook = new WorkbookProxy(ctx);
  return ctx;
}
