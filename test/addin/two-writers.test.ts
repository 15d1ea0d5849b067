/**
 * One layout, two writers: the sheets the add-in inserts (Office.js, through the fake) and the
 * sheets `template` writes (exceljs, read back from the saved file) agree on names, order,
 * visibility, headers, every cell value, validation rules, locking, protection, freeze and widths.
 */
import ExcelJS from 'exceljs';
import { insertForms } from '../../addin/excel/insert-forms';
import { runExcel } from '../../addin/excel/run';
import { columnLetter } from '../../addin/forms/cell';
import { serialToIso } from '../../addin/forms/dates';
import { INSTRUCTIONS_SHEET, branchLayouts } from '../../addin/forms/layout';
import { buildBranchWorkbook } from '../../scripts/lib/commands/template';
import { type FakeSheet, type FakeValidation, boxAddress, colLetters, isLocked } from './fake-excel';
import { fixture } from './helpers';

interface RuleSummary {
  column: string;
  rows: string;
  type: string;
  operator: string;
  values: string[];
  promptTitle: string;
  prompt: string;
  errorTitle: string;
  error: string;
  stop: boolean;
  allowBlank: boolean;
}

const OFFICE_OPERATORS: Record<string, string> = { Between: 'between', GreaterThanOrEqualTo: 'greaterThanOrEqual', LessThanOrEqualTo: 'lessThanOrEqual' };

function formula(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' && v > 30000 && v < 60000) return serialToIso(v) ?? String(v);
  return String(v)
    .replace(/^=/, '')
    .replace(/^"(.*)"$/, '$1');
}

function officeRules(sheet: FakeSheet): RuleSummary[] {
  return sheet.validations.map((v: FakeValidation) => {
    const r = v.rule;
    const [type, body] = r.list
      ? ['list', r.list]
      : r.date
        ? ['date', r.date]
        : r.wholeNumber
          ? ['whole', r.wholeNumber]
          : r.textLength
            ? ['textLength', r.textLength]
            : ['?', {}];
    const b = body as { source?: unknown; formula1?: unknown; formula2?: unknown; operator?: string };
    const values = type === 'list' ? [formula(b.source)] : [b.formula1, b.formula2].filter((x) => x !== undefined).map(formula);
    return {
      column: colLetters(v.box.left),
      rows: `${v.box.top + 1}-${v.box.bottom + 1}`,
      type,
      operator: type === 'list' ? '' : (OFFICE_OPERATORS[b.operator ?? ''] ?? String(b.operator)),
      values,
      promptTitle: v.prompt?.title ?? '',
      prompt: v.prompt?.message ?? '',
      errorTitle: v.errorAlert?.title ?? '',
      error: v.errorAlert?.message ?? '',
      stop: v.errorAlert?.style === 'Stop' && v.errorAlert.showAlert === true && v.prompt?.showPrompt === true,
      allowBlank: v.ignoreBlanks === true,
    };
  });
}

function exceljsRules(ws: ExcelJS.Worksheet): RuleSummary[] {
  const model = (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation & { operator?: string }> } }).dataValidations.model;
  const byColumn = new Map<string, { rows: number[]; v: ExcelJS.DataValidation & { operator?: string } }>();
  for (const [address, v] of Object.entries(model)) {
    const m = /^([A-Z]+)(\d+)$/.exec(address);
    if (!m) throw new Error(`unexpected validation address ${address}`);
    const entry = byColumn.get(m[1]) ?? { rows: [], v };
    expect(JSON.stringify(v)).toBe(JSON.stringify(entry.v));
    entry.rows.push(Number(m[2]));
    byColumn.set(m[1], entry);
  }
  return [...byColumn].map(([column, { rows, v }]) => {
    const min = Math.min(...rows);
    const max = Math.max(...rows);
    expect(rows.length).toBe(max - min + 1);
    return {
      column,
      rows: `${min}-${max}`,
      type: v.type,
      operator: v.type === 'list' ? '' : (v.operator ?? 'between'),
      values: (v.formulae ?? []).map(formula),
      promptTitle: v.promptTitle ?? '',
      prompt: v.prompt ?? '',
      errorTitle: v.errorTitle ?? '',
      error: v.error ?? '',
      stop: v.errorStyle === 'stop' && v.showErrorMessage === true && v.showInputMessage === true,
      allowBlank: v.allowBlank === true,
    };
  });
}

const byColumn = (a: RuleSummary, b: RuleSummary) => a.column.length - b.column.length || a.column.localeCompare(b.column);

function officeAllowed(options: Excel.WorksheetProtectionOptions | null): string[] | null {
  if (!options) return null;
  const allowed = Object.entries(options)
    .filter(([k, v]) => k.startsWith('allow') && v === true)
    .map(([k]) => k.slice(5, 6).toLowerCase() + k.slice(6));
  if (options.selectionMode === 'Normal') allowed.push('selectLockedCells', 'selectUnlockedCells');
  return allowed.sort();
}

function exceljsAllowed(p: Record<string, boolean> | undefined): string[] | null {
  if (!p?.sheet) return null;
  const allowed = Object.entries(p)
    .filter(([k, v]) => k !== 'sheet' && v === true)
    .map(([k]) => k);
  for (const k of ['selectLockedCells', 'selectUnlockedCells']) if (p[k] !== false && !allowed.includes(k)) allowed.push(k);
  return allowed.sort();
}

/** A cell's value, or its formula as "=…" (the fake computes nothing; the file's cached result is checked elsewhere). */
function fakeCells(sheet: FakeSheet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, cell] of sheet.cells) {
    const [r, c] = k.split(',').map(Number);
    if (cell.formula !== undefined) out[`${colLetters(c)}${r + 1}`] = cell.formula;
    else if (cell.value !== undefined && cell.value !== '') out[`${colLetters(c)}${r + 1}`] = cell.value;
  }
  return out;
}

function exceljsCells(ws: ExcelJS.Worksheet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      // A shared formula's other cells give theirs translated from the first.
      if (cell.type === ExcelJS.ValueType.Formula) out[cell.address] = `=${cell.formula}`;
      else if (cell.value !== null && cell.value !== '') out[cell.address] = cell.value;
    }),
  );
  return out;
}

interface MarkSummary {
  range: string;
  formula: string;
  fill: string;
  font: string;
}

function fakeMarks(sheet: FakeSheet): MarkSummary[] {
  return sheet.conditionalFormats.map((cf) => ({ range: boxAddress(cf.box), formula: cf.formula, fill: cf.fill ?? '', font: cf.font ?? '' }));
}

function exceljsMarks(ws: ExcelJS.Worksheet): MarkSummary[] {
  const hex = (c?: { argb?: string }) => `#${(c?.argb ?? '').slice(2)}`;
  return (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings.flatMap((cf) =>
    cf.rules.map((rule) => {
      const r = rule as ExcelJS.ExpressionRuleType;
      const fill = r.style?.fill as ExcelJS.FillPattern | undefined;
      return { range: cf.ref, formula: `=${r.formulae?.[0] ?? ''}`, fill: hex(fill?.bgColor), font: hex(r.style?.font?.color) };
    }),
  );
}

const STATE: Record<string, string> = { Visible: 'visible', Hidden: 'hidden', VeryHidden: 'veryHidden' };

/** Page setup as both writers express it: orientation, scale, order, print titles, margins in inches. */
function printOf(sheet: FakeSheet): Record<string, unknown> {
  const p = sheet.page as Record<string, unknown> & { zoom?: { scale?: number } };
  const inches = (v: unknown) => Math.round((Number(v) / 72) * 100) / 100;
  return {
    orientation: String(p.orientation).toLowerCase(),
    paperSize: p.paperSize,
    scale: p.zoom?.scale,
    order: p.printOrder,
    titleRows: p.printTitleRows ?? null,
    titleColumns: p.printTitleColumns ?? null,
    margins: [p.leftMargin, p.rightMargin, p.topMargin, p.bottomMargin, p.headerMargin, p.footerMargin].map(inches),
  };
}

function exceljsPrintOf(ws: ExcelJS.Worksheet): Record<string, unknown> {
  const p = ws.pageSetup;
  const m = p.margins;
  const absolute = (v?: string) => (v ? v.replace(/([A-Z]+|\d+)/g, '$$$1') : null);
  return {
    orientation: p.orientation,
    paperSize: p.paperSize === 9 ? 'A4' : p.paperSize,
    scale: p.fitToPage ? 'fit to page' : p.scale,
    order: p.pageOrder === 'overThenDown' ? 'OverThenDown' : p.pageOrder,
    titleRows: absolute(p.printTitlesRow),
    titleColumns: absolute(p.printTitlesColumn),
    margins: [m?.left, m?.right, m?.top, m?.bottom, m?.header, m?.footer],
  };
}

test('the add-in inserts the sheets `template` writes, cell for cell', async () => {
  const f = fixture({ membersPerBranch: 7 });
  await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
  const template = await buildBranchWorkbook(f.roster, f.ctx, f.meta);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await template.xlsx.writeBuffer()) as ExcelJS.Buffer);
  const book = f.host.book;

  const visible = (names: { name: string; state: string }[]) => names.filter((s) => s.state === 'visible').map((s) => s.name);
  expect(visible(book.sheets.map((s) => ({ name: s.name, state: STATE[s.visibility] })))).toEqual(
    visible(wb.worksheets.map((w) => ({ name: w.name, state: w.state }))),
  );
  expect(book.sheets.map((s) => `${s.name}:${STATE[s.visibility]}`).sort()).toEqual(wb.worksheets.map((w) => `${w.name}:${w.state}`).sort());

  for (const ws of wb.worksheets) {
    const sheet = book.sheets.find((s) => s.name === ws.name);
    if (!sheet) throw new Error(`the add-in did not insert ${ws.name}`);
    expect({ sheet: ws.name, cells: fakeCells(sheet) }).toEqual({ sheet: ws.name, cells: exceljsCells(ws) });
  }

  const instructions = { fake: book.sheets.find((s) => s.name === INSTRUCTIONS_SHEET), exceljs: wb.getWorksheet(INSTRUCTIONS_SHEET) };
  if (!instructions.fake || !instructions.exceljs) throw new Error(INSTRUCTIONS_SHEET);
  expect(printOf(instructions.fake)).toEqual(exceljsPrintOf(instructions.exceljs));

  for (const layout of branchLayouts(f.ctx)) {
    const ws = wb.getWorksheet(layout.name);
    const sheet = book.sheets.find((s) => s.name === layout.name);
    if (!ws || !sheet) throw new Error(layout.name);
    expect({ sheet: layout.name, marks: fakeMarks(sheet) }).toEqual({ sheet: layout.name, marks: exceljsMarks(ws) });
    expect(fakeMarks(sheet).length).toBeGreaterThan(0);
    expect({ sheet: layout.name, page: printOf(sheet) }).toEqual({ sheet: layout.name, page: exceljsPrintOf(ws) });
    expect({ sheet: layout.name, rules: officeRules(sheet).sort(byColumn) }).toEqual({ sheet: layout.name, rules: exceljsRules(ws).sort(byColumn) });
    expect(officeRules(sheet).length).toBeGreaterThan(0);
    expect(officeAllowed(sheet.protection)).toEqual(exceljsAllowed((ws as unknown as { sheetProtection?: Record<string, boolean> }).sheetProtection));
    const view = ws.views[0] as { xSplit?: number; ySplit?: number };
    expect(sheet.freeze).toEqual({ rows: view.ySplit ?? 0, columns: view.xSplit ?? 0 });
    const width = layout.columns.length + (layout.status ? 1 : 0);
    for (let i = 0; i < width; i++) {
      const points = sheet.columns.get(i)?.width ?? 0;
      expect(Math.round((points / 0.75 - 5) / 7)).toBe(ws.getColumn(i + 1).width);
    }
    // Locking: header, pre-filled rows and the first spare row, every column (填写状态 too).
    const rows = layout.headerRow + layout.prefill.length + 1;
    for (let r = 1; r <= rows; r++) {
      Array.from({ length: width }).forEach((_, i) => {
        // A cell in the file has its own style (locked unless it says otherwise); else its column's.
        const cell = ws.findCell(r, i + 1);
        const locked = cell ? (cell.protection?.locked ?? true) : (ws.getColumn(i + 1).protection?.locked ?? true);
        const address = `${layout.name}!${columnLetter(i)}${r}`;
        expect({ address, locked: isLocked(sheet, r - 1, i) }).toEqual({ address, locked });
      });
    }
  }
});
