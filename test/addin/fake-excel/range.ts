/** The fake's Range: values, formats, locking, data validation and conditional formats. */
import { FakeOfficeError, type FakeContext, Loadable, checkEditable, toValueType } from './context';
import {
  type Box,
  type FakeCell,
  type FakeConditionalFormat,
  type FakeSheet,
  MAX_COLS,
  MAX_ROWS,
  boxAddress,
  intersects,
  isLocked,
  isWholeColumns,
  key,
  usedBox,
} from './state';

/** Excel's limits on data validation texts (the Data Validation dialog refuses longer ones). */
export const VALIDATION_LIMITS = { title: 32, prompt: 255, error: 225 } as const;

class FormatProxy {
  constructor(private readonly range: RangeProxy) {}
  private set(what: string, apply: (cell: FakeCell, row: number, col: number) => void, column?: (c: number) => void): void {
    const { ctx, sheet, box } = this.range;
    if (!checkEditable(ctx, sheet, what)) return;
    if (column && isWholeColumns(box)) {
      for (let c = box.left; c <= Math.min(box.right, MAX_COLS - 1) && c <= box.left + 200; c++) column(c);
      return;
    }
    this.range.eachCell(apply);
  }
  private col(c: number) {
    const sheet = this.range.sheet;
    const col = sheet.columns.get(c) ?? {};
    sheet.columns.set(c, col);
    return col;
  }
  set columnWidth(points: number) {
    this.set(
      'columnWidth',
      () => undefined,
      (c) => (this.col(c).width = points),
    );
  }
  set rowHeight(points: number) {
    const { sheet, box } = this.range;
    this.set('rowHeight', () => undefined);
    for (let r = box.top; r <= box.bottom && r <= box.top + 5000; r++) (sheet.rowHeights ??= new Map()).set(r, points);
  }
  set indentLevel(_v: number) {
    this.set('indentLevel', () => undefined);
  }
  set verticalAlignment(_v: string) {
    this.set(
      'alignment',
      () => undefined,
      () => undefined,
    );
  }
  set horizontalAlignment(_v: string) {
    this.set(
      'alignment',
      () => undefined,
      () => undefined,
    );
  }
  set wrapText(v: boolean) {
    this.set(
      'wrapText',
      () => undefined,
      (c) => (this.col(c).wrap = v),
    );
  }
  get font() {
    const set = this.set.bind(this);
    return {
      set bold(v: boolean) {
        set('font', (cell) => (cell.bold = v));
      },
      set size(_v: number) {
        set('font', () => undefined);
      },
      set name(v: string) {
        set('font', (cell) => (cell.fontName = v));
      },
      set color(_v: string) {
        set('font', () => undefined);
      },
    };
  }
  get fill() {
    const set = this.set.bind(this);
    return {
      set color(v: string) {
        set('fill', (cell) => (cell.fill = v));
      },
    };
  }
  get protection() {
    const { ctx, sheet, box } = this.range;
    const range = this.range;
    return {
      set locked(v: boolean) {
        if (!checkEditable(ctx, sheet, 'locked')) return;
        if (box.left === 0 && box.right === MAX_COLS - 1 && isWholeColumns(box)) {
          sheet.locked = v;
          sheet.columns.forEach((c) => delete c.locked);
          sheet.cells.forEach((c) => delete c.locked);
        } else if (isWholeColumns(box)) {
          for (let c = box.left; c <= box.right; c++) {
            const col = sheet.columns.get(c) ?? {};
            col.locked = v;
            sheet.columns.set(c, col);
          }
          sheet.cells.forEach((cell, k) => {
            const c = Number(k.split(',')[1]);
            if (c >= box.left && c <= box.right) delete cell.locked;
          });
        } else {
          range.eachCell((cell) => (cell.locked = v));
        }
      },
    };
  }
  get borders() {
    const set = this.set.bind(this);
    return {
      getItem: (_edge: string) => ({
        set style(_v: string) {
          set('border', () => undefined);
        },
        set color(_v: string) {
          set('border', () => undefined);
        },
      }),
    };
  }
}

class DataValidationProxy {
  constructor(private readonly range: RangeProxy) {}
  private entry() {
    const { sheet, box } = this.range;
    let found = sheet.validations.find((v) => boxAddress(v.box) === boxAddress(box));
    if (!found) {
      found = { box, rule: {} };
      sheet.validations.push(found);
    }
    return found;
  }
  /** ExcelApi 1.8. */
  private write(apply: () => void): void {
    const { ctx, sheet } = this.range;
    if (ctx.requireApi(8, 'Range.dataValidation') && checkEditable(ctx, sheet, 'dataValidation')) apply();
  }
  private tooLong(what: string, text: string | undefined, limit: number): boolean {
    if ((text ?? '').length <= limit) return false;
    this.range.ctx.fail('InvalidArgument', `The data validation ${what} is longer than ${limit} characters.`);
    return true;
  }
  clear(): void {
    this.write(() => {
      this.range.sheet.validations = this.range.sheet.validations.filter((v) => !intersects(v.box, this.range.box));
    });
  }
  set rule(rule: Excel.DataValidationRule) {
    this.write(() => (this.entry().rule = rule));
  }
  set prompt(p: Excel.DataValidationPrompt) {
    this.write(() => {
      if (this.tooLong('prompt title', p.title, VALIDATION_LIMITS.title) || this.tooLong('prompt', p.message, VALIDATION_LIMITS.prompt)) return;
      this.entry().prompt = p;
    });
  }
  set errorAlert(e: Excel.DataValidationErrorAlert) {
    this.write(() => {
      if (this.tooLong('error title', e.title, VALIDATION_LIMITS.title) || this.tooLong('error message', e.message, VALIDATION_LIMITS.error)) return;
      this.entry().errorAlert = e;
    });
  }
  set ignoreBlanks(v: boolean) {
    this.write(() => (this.entry().ignoreBlanks = v));
  }
}

export class RangeProxy extends Loadable {
  constructor(
    ctx: FakeContext,
    readonly sheet: FakeSheet,
    private readonly resolveBox: () => Box | null,
  ) {
    super(ctx);
  }
  get box(): Box {
    const box = this.resolveBox();
    if (!box) throw new FakeOfficeError('ItemNotFound', 'null object');
    return box;
  }
  get isNullObject(): boolean {
    this.need('isNullObject');
    return this.resolveBox() === null;
  }
  /** The cells a load of values, value types, formulas or number formats puts in the response (~8 bytes each). */
  override responseSize(): number {
    const b = this.resolveBox();
    if (!b) return 0;
    const grids = ['values', 'valueTypes', 'formulas', 'numberFormat'].filter((p) => this.isPending(p)).length;
    return grids * (b.bottom - b.top + 1) * (b.right - b.left + 1) * 8;
  }
  /** ExcelApi 1.4: the used cells (with a value) within this range, or a null object. */
  getUsedRangeOrNullObject(_valuesOnly?: boolean): RangeProxy {
    this.ctx.requireApi(4, 'Range.getUsedRangeOrNullObject');
    const outer = () => this.resolveBox();
    const sheet = this.sheet;
    return new RangeProxy(this.ctx, sheet, () => {
      const b = outer();
      const used = usedBox(sheet);
      if (!b || !used || !intersects(b, used)) return null;
      return {
        top: Math.max(b.top, used.top),
        left: Math.max(b.left, used.left),
        bottom: Math.min(b.bottom, used.bottom),
        right: Math.min(b.right, used.right),
      };
    });
  }
  eachCell(fn: (cell: FakeCell, row: number, col: number) => void): void {
    const b = this.box;
    if (b.bottom - b.top > 5000 || b.right - b.left > 500) throw new Error(`fake: cell-by-cell write over a huge range ${boxAddress(b)}`);
    for (let r = b.top; r <= b.bottom; r++) {
      for (let c = b.left; c <= b.right; c++) {
        const k = key(r, c);
        const cell = this.sheet.cells.get(k) ?? {};
        fn(cell, r, c);
        this.sheet.cells.set(k, cell);
      }
    }
  }
  private grid<T>(fn: (cell: FakeCell | undefined, r: number, c: number) => T): T[][] {
    const b = this.box;
    const out: T[][] = [];
    for (let r = b.top; r <= b.bottom; r++) {
      const line: T[] = [];
      for (let c = b.left; c <= b.right; c++) line.push(fn(this.sheet.cells.get(key(r, c)), r, c));
      out.push(line);
    }
    return out;
  }
  private checkDims(what: string, rows: unknown[][]): boolean {
    const b = this.box;
    if (rows.length !== b.bottom - b.top + 1 || rows.some((r) => r.length !== b.right - b.left + 1)) {
      this.ctx.fail(
        'InvalidArgument',
        `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${what} ${boxAddress(b)}).`,
      );
      return false;
    }
    return true;
  }
  get address(): string {
    this.need('address');
    return `${this.sheet.name}!${boxAddress(this.box)}`;
  }
  get rowIndex(): number {
    this.need('rowIndex');
    return this.box.top;
  }
  get columnIndex(): number {
    this.need('columnIndex');
    return this.box.left;
  }
  get rowCount(): number {
    this.need('rowCount');
    return this.box.bottom - this.box.top + 1;
  }
  get values(): unknown[][] {
    this.need('values');
    return this.grid((cell) => (cell?.value === undefined ? '' : typeof cell.value === 'object' ? cell.value.error : cell.value));
  }
  /**
   * The cells a `values` or `formulas` write sets (null and undefined leave a cell alone), or
   * undefined when the command fails: not queued, the wrong shape, or a locked cell on a
   * protected sheet (the command is refused whole).
   */
  private cellWrites(property: 'values' | 'formulas', rows: unknown[][]): { r: number; c: number; v: unknown }[] | undefined {
    if (!this.ctx.queue() || !this.checkDims(property, rows)) return undefined;
    const b = this.box;
    const writes = rows.flatMap((line, i) => line.flatMap((v, j) => (v === null || v === undefined ? [] : [{ r: b.top + i, c: b.left + j, v }])));
    if (this.sheet.protection && writes.some(({ r, c }) => isLocked(this.sheet, r, c))) {
      this.ctx.fail('AccessDenied', `The cell you're trying to change is on a protected sheet (${this.sheet.name}).`);
      return undefined;
    }
    return writes;
  }
  /** One command: refused whole when any cell it writes is locked on a protected sheet. */
  set values(rows: unknown[][]) {
    for (const { r, c, v } of this.cellWrites('values', rows) ?? []) {
      const cell = this.sheet.cells.get(key(r, c)) ?? {};
      delete cell.formula;
      Object.assign(cell, excelInput(v, cell.numberFormat));
      this.sheet.cells.set(key(r, c), cell);
    }
  }
  get valueTypes(): string[][] {
    this.need('valueTypes');
    return this.grid((cell) => toValueType(cell?.value));
  }
  get formulas(): unknown[][] {
    this.need('formulas');
    return this.grid((cell) => cell?.formula ?? (cell?.value === undefined ? '' : typeof cell.value === 'object' ? cell.value.error : cell.value));
  }
  /** One command, like `values`; a formula is kept as written and computes nothing (its value stays empty). */
  set formulas(rows: unknown[][]) {
    for (const { r, c, v } of this.cellWrites('formulas', rows) ?? []) {
      const cell = this.sheet.cells.get(key(r, c)) ?? {};
      delete cell.formula;
      delete cell.value;
      if (typeof v === 'string' && v.startsWith('=')) cell.formula = v;
      else Object.assign(cell, excelInput(v, cell.numberFormat));
      this.sheet.cells.set(key(r, c), cell);
    }
  }
  set numberFormat(rows: unknown[][]) {
    if (!checkEditable(this.ctx, this.sheet, 'numberFormat') || !this.checkDims('numberFormat', rows)) return;
    const b = this.box;
    rows.forEach((line, i) =>
      line.forEach((f, j) => {
        const cell = this.sheet.cells.get(key(b.top + i, b.left + j)) ?? {};
        cell.numberFormat = String(f);
        this.sheet.cells.set(key(b.top + i, b.left + j), cell);
      }),
    );
  }
  get format(): FormatProxy {
    return new FormatProxy(this);
  }
  get dataValidation(): DataValidationProxy {
    return new DataValidationProxy(this);
  }
  /** ExcelApi 1.6: the conditional formats that intersect this range. */
  get conditionalFormats(): ConditionalFormatsProxy {
    return new ConditionalFormatsProxy(this.ctx, this.sheet, this.box);
  }
  clear(_applyTo?: string): void {
    if (!checkEditable(this.ctx, this.sheet, 'clear')) return;
    const b = this.box;
    for (const [k, cell] of this.sheet.cells) {
      const [r, c] = k.split(',').map(Number);
      if (r >= b.top && r <= b.bottom && c >= b.left && c <= b.right) delete cell.value;
    }
  }
  getCell(row: number, column: number): RangeProxy {
    const b = this.box;
    const box = { top: b.top + row, left: b.left + column, bottom: b.top + row, right: b.left + column };
    return new RangeProxy(this.ctx, this.sheet, () => box);
  }
  merge(_across?: boolean): void {
    this.ctx.queue();
    if (checkEditable(this.ctx, this.sheet, 'merge')) (this.sheet.merges ??= []).push(boxAddress(this.box));
  }
  getEntireColumn(): RangeProxy {
    const b = this.box;
    const box = { top: 0, left: b.left, bottom: MAX_ROWS - 1, right: b.right };
    return new RangeProxy(this.ctx, this.sheet, () => box);
  }
  select(): void {
    if (!this.ctx.queue()) return;
    this.ctx.book.selection = { sheet: this.sheet.name, address: boxAddress(this.box) };
    this.ctx.book.active = this.sheet.name;
  }
}

class ConditionalFormatProxy {
  constructor(
    private readonly ctx: FakeContext,
    private readonly sheet: FakeSheet,
    private readonly entry: FakeConditionalFormat,
  ) {}
  get type(): string {
    return this.entry.type ?? 'Custom';
  }
  private get custom() {
    const entry = this.entry;
    return {
      rule: {
        get formula(): string {
          return entry.formula;
        },
        set formula(f: string) {
          entry.formula = f;
        },
      },
      format: {
        fill: {
          get color(): string | null {
            return entry.fill ?? null;
          },
          set color(c: string) {
            entry.fill = c;
          },
        },
        font: {
          set color(c: string) {
            entry.font = c;
          },
        },
      },
    };
  }
  get customOrNullObject() {
    return { isNullObject: this.type !== 'Custom', ...this.custom };
  }
  delete(): void {
    if (checkEditable(this.ctx, this.sheet, 'conditionalFormats'))
      this.sheet.conditionalFormats = this.sheet.conditionalFormats.filter((cf) => cf !== this.entry);
  }
  /** Used by `add`: the new format's custom rule and format. */
  get newCustom() {
    return this.custom;
  }
}

export class ConditionalFormatsProxy extends Loadable {
  private snapshot: FakeConditionalFormat[] = [];
  constructor(
    ctx: FakeContext,
    private readonly sheet: FakeSheet,
    private readonly box: Box,
  ) {
    super(ctx);
    ctx.requireApi(6, 'Range.conditionalFormats');
  }
  override markLoaded(): void {
    super.markLoaded();
    this.snapshot = this.sheet.conditionalFormats.filter((cf) => intersects(cf.box, this.box));
  }
  get items(): ConditionalFormatProxy[] {
    this.need('items');
    return this.snapshot.map((cf) => new ConditionalFormatProxy(this.ctx, this.sheet, cf));
  }
  add(type: string) {
    const entry: FakeConditionalFormat = { box: this.box, type, formula: '' };
    if (checkEditable(this.ctx, this.sheet, 'conditionalFormats')) this.sheet.conditionalFormats.push(entry);
    return { custom: new ConditionalFormatProxy(this.ctx, this.sheet, entry).newCustom };
  }
  clearAll(): void {
    if (checkEditable(this.ctx, this.sheet, 'conditionalFormats'))
      this.sheet.conditionalFormats = this.sheet.conditionalFormats.filter((cf) => !intersects(cf.box, this.box));
  }
}

/** A date serial (days since 1899-12-30). */
function serial(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / 86400000 + 25569;
}

/**
 * What Excel makes of a string written to a cell that is not formatted as text: it reads it as if
 * typed, so "001" becomes 1, "TRUE" a boolean, "2010-09-01" or "1-2" a date and "=…" a formula.
 */
export function excelInput(v: unknown, numberFormat: string | undefined): Pick<FakeCell, 'value' | 'formula'> {
  if (typeof v === 'object' && v !== null && typeof (v as { error?: unknown }).error === 'string') return { value: v as { error: string } };
  if (typeof v === 'number' || typeof v === 'boolean') return { value: v };
  const text = String(v);
  if (numberFormat === '@') return { value: text };
  const t = text.trim();
  if (t.startsWith('=') && t.length > 1) return { formula: t, value: { error: '#NAME?' } };
  if (/^[+-]?\d+(\.\d+)?$/.test(t)) return { value: Number(t) };
  if (/^(true|false)$/i.test(t)) return { value: t.toUpperCase() === 'TRUE' };
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return { value: serial(Number(m[1]), Number(m[2]), Number(m[3])) };
  // "1-2" is 2 January of the current year; the fake fixes the year so tests stay deterministic.
  m = /^(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m && Number(m[1]) <= 12 && Number(m[2]) <= 31) return { value: serial(2010, Number(m[1]), Number(m[2])) };
  return { value: text };
}
