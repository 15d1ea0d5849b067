/** The fake's Range: values, formats, locking, data validation and conditional formats. */
import { FakeOfficeError, type FakeContext, Loadable, checkEditable, toValueType } from './context';
import { type Box, type FakeCell, type FakeSheet, type FakeValue, MAX_COLS, MAX_ROWS, boxAddress, intersects, isLocked, isWholeColumns, key } from './state';

class FormatProxy {
  constructor(private readonly range: RangeProxy) {}
  private set(what: string, apply: (cell: FakeCell, row: number, col: number) => void, column?: (c: number) => void): void {
    const { ctx, sheet, box } = this.range;
    ctx.queue();
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
  set rowHeight(_points: number) {
    this.set('rowHeight', () => undefined);
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
        ctx.queue();
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
  private write(apply: () => void): void {
    this.range.ctx.queue();
    if (checkEditable(this.range.ctx, this.range.sheet, 'dataValidation')) apply();
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
    this.write(() => (this.entry().prompt = p));
  }
  set errorAlert(e: Excel.DataValidationErrorAlert) {
    this.write(() => (this.entry().errorAlert = e));
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
  set values(rows: unknown[][]) {
    this.ctx.queue();
    if (!this.checkDims('values', rows)) return;
    const b = this.box;
    rows.forEach((line, i) =>
      line.forEach((v, j) => {
        if (v === null || v === undefined) return;
        const r = b.top + i;
        const c = b.left + j;
        if (this.sheet.protection && isLocked(this.sheet, r, c)) {
          this.ctx.fail('AccessDenied', `The cell you're trying to change is on a protected sheet (${this.sheet.name}).`);
          return;
        }
        const cell = this.sheet.cells.get(key(r, c)) ?? {};
        cell.value = excelInput(v, cell.numberFormat);
        this.sheet.cells.set(key(r, c), cell);
      }),
    );
  }
  get valueTypes(): string[][] {
    this.need('valueTypes');
    return this.grid((cell) => toValueType(cell?.value));
  }
  get formulas(): unknown[][] {
    this.need('formulas');
    return this.grid((cell) => cell?.formula ?? (cell?.value === undefined ? '' : typeof cell.value === 'object' ? cell.value.error : cell.value));
  }
  set numberFormat(rows: unknown[][]) {
    this.ctx.queue();
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
  get conditionalFormats() {
    const ctx = this.ctx;
    const sheet = this.sheet;
    const box = this.box;
    return {
      add: (_type: string) => {
        ctx.queue();
        const entry = { box, formula: '' as string, fill: undefined as string | undefined, font: undefined as string | undefined };
        if (checkEditable(ctx, sheet, 'conditionalFormats')) sheet.conditionalFormats.push(entry);
        return {
          custom: {
            rule: {
              set formula(f: string) {
                entry.formula = f;
              },
            },
            format: {
              fill: {
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
          },
        };
      },
      clearAll: () => {
        ctx.queue();
        if (checkEditable(ctx, sheet, 'conditionalFormats')) sheet.conditionalFormats = sheet.conditionalFormats.filter((cf) => !intersects(cf.box, box));
      },
    };
  }
  clear(_applyTo?: string): void {
    this.ctx.queue();
    if (!checkEditable(this.ctx, this.sheet, 'clear')) return;
    const b = this.box;
    for (const [k, cell] of this.sheet.cells) {
      const [r, c] = k.split(',').map(Number);
      if (r >= b.top && r <= b.bottom && c >= b.left && c <= b.right) delete cell.value;
    }
  }
  getEntireColumn(): RangeProxy {
    const b = this.box;
    const box = { top: 0, left: b.left, bottom: MAX_ROWS - 1, right: b.right };
    return new RangeProxy(this.ctx, this.sheet, () => box);
  }
  select(): void {
    this.ctx.queue();
    this.ctx.book.selection = { sheet: this.sheet.name, address: boxAddress(this.box) };
    this.ctx.book.active = this.sheet.name;
  }
}

/** What Excel makes of a typed-in value: ISO date text becomes a date serial unless the cell is text. */
export function excelInput(v: unknown, numberFormat: string | undefined): FakeValue {
  if (typeof v === 'string' && numberFormat !== '@' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const [y, m, d] = v.split('-').map(Number);
    return Date.UTC(y, m - 1, d) / 86400000 + 25569;
  }
  if (typeof v === 'object' && v !== null && typeof (v as { error?: unknown }).error === 'string') return v as { error: string };
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  return String(v);
}
