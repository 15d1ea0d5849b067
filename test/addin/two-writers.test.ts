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
import { branchLayouts } from '../../addin/forms/layout';
import { buildBranchWorkbook } from '../../scripts/lib/commands/template';
import { type FakeSheet, type FakeValidation, colLetters, isLocked } from './fake-excel';
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

function fakeCells(sheet: FakeSheet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, cell] of sheet.cells) {
    if (cell.value === undefined || cell.value === '') continue;
    const [r, c] = k.split(',').map(Number);
    out[`${colLetters(c)}${r + 1}`] = cell.value;
  }
  return out;
}

function exceljsCells(ws: ExcelJS.Worksheet): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.value !== null && cell.value !== '') out[cell.address] = cell.value;
    }),
  );
  return out;
}

const STATE: Record<string, string> = { Visible: 'visible', Hidden: 'hidden', VeryHidden: 'veryHidden' };

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

  for (const layout of branchLayouts(f.ctx)) {
    const ws = wb.getWorksheet(layout.name);
    const sheet = book.sheets.find((s) => s.name === layout.name);
    if (!ws || !sheet) throw new Error(layout.name);
    expect({ sheet: layout.name, rules: officeRules(sheet).sort(byColumn) }).toEqual({ sheet: layout.name, rules: exceljsRules(ws).sort(byColumn) });
    expect(officeRules(sheet).length).toBeGreaterThan(0);
    expect(officeAllowed(sheet.protection)).toEqual(exceljsAllowed((ws as unknown as { sheetProtection?: Record<string, boolean> }).sheetProtection));
    const view = ws.views[0] as { xSplit?: number; ySplit?: number };
    expect(sheet.freeze).toEqual({ rows: view.ySplit ?? 0, columns: view.xSplit ?? 0 });
    layout.columns.forEach((c, i) => {
      const points = sheet.columns.get(i)?.width ?? 0;
      expect(Math.round((points / 0.75 - 5) / 7)).toBe(ws.getColumn(i + 1).width);
    });
    // Locking: header, pre-filled rows and the first spare row, every column.
    const rows = layout.headerRow + layout.prefill.length + 1;
    for (let r = 1; r <= rows; r++) {
      layout.columns.forEach((_, i) => {
        // A cell in the file has its own style (locked unless it says otherwise); else its column's.
        const cell = ws.findCell(r, i + 1);
        const locked = cell ? (cell.protection?.locked ?? true) : (ws.getColumn(i + 1).protection?.locked ?? true);
        const address = `${layout.name}!${columnLetter(i)}${r}`;
        expect({ address, locked: isLocked(sheet, r - 1, i) }).toEqual({ address, locked });
      });
    }
  }
});
