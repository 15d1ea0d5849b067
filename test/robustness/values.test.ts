/**
 * Values as people type them: dates as text or serials, numbers as text, full-width and
 * invisible characters, line breaks in names, formulas, rich text, error values, invalid
 * characters, text over Excel's cell limit. Read where the meaning is clear; else the cell is named.
 */
import type ExcelJS from 'exceljs';
import { isoToSerial } from '../../addin/forms/dates';
import { type Fixture, editParts, expectCheckCase, fixture, viaExcelJs } from './helpers/corpus';
import { columnOf, loadOne, setMemberCell } from './helpers/sheet-edit';
import { VALUE_ERRORS } from './cases/values';

jest.setTimeout(60_000);

interface MemberRecord {
  name: string;
  date: string;
  method: string;
  aspect1: string;
}

function memberName(fx: Fixture, i: number): string {
  return fx.roster.members.filter((m) => m.branch === fx.roster.branches[1].name)[i].name;
}

/** Sets one member cell, reads the file, returns that member's record and the row's problems. */
async function readMemberCell(label: string, value: ExcelJS.CellValue, i = 1) {
  const fx = await fixture();
  const { data, cell } = await setMemberCell(fx.good[1], fx, 1, i, label, value);
  const { read, problems } = await loadOne(data, fx);
  const rows = read?.forms.member?.rows ?? [];
  const row =
    rows.find((r) => r.cells.name && (r.record as MemberRecord | null)?.name === memberName(fx, i)) ?? rows.find((r) => Object.values(r.cells).includes(cell));
  return { record: row?.record as MemberRecord | null | undefined, rowProblems: row?.problems ?? [], problems, cell };
}

describe('dates typed as text or stored as serials are read', () => {
  test.each([
    ['2010.9.1'],
    ['2010年9月1日'],
    ['9/1/2010'],
    ['2010/09/01'],
    ['２０１０－０９－０１'],
    ['20100901'],
    [' 2010-09-01 '],
    [String(isoToSerial('2010-09-01'))],
  ])('%s', async (text) => {
    const { record, rowProblems } = await readMemberCell('点评日期', text);
    expect(rowProblems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(record?.date).toBe('2010-09-01');
  });

  test('a date as a serial number cell', async () => {
    const { record } = await readMemberCell('点评日期', isoToSerial('2010-09-01'));
    expect(record?.date).toBe('2010-09-01');
  });
});

describe('names with full-width spaces, zero-width characters and line breaks match the roster', () => {
  test.each([
    ['full-width spaces', (n: string) => `${n[0]}\u3000${n.slice(1)}\u3000`],
    ['zero-width characters', (n: string) => `\u200B${n[0]}\u200D${n.slice(1)}\uFEFF`],
    ['a line break', (n: string) => `${n[0]}\n${n.slice(1)}`],
  ])('%s', async (_label, change) => {
    const fx = await fixture();
    const name = memberName(fx, 2);
    const { record, rowProblems } = await readMemberCell('姓名', change(name), 2);
    expect(rowProblems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(record?.name).toBe(name);
  });
});

describe('formulas, rich text', () => {
  test('a formula cell: its cached value is used, with a 提示 at the cell', async () => {
    const { record, rowProblems, cell } = await readMemberCell('点评方式', { formula: 'TRIM(" 集中点评 ")', result: '集中点评' } as ExcelJS.CellFormulaValue);
    expect(record?.method).toBe('集中点评');
    const p = rowProblems.find((x) => x.rule === 'formulaCell');
    expect(p?.cell).toBe(cell);
    expect(p?.message).toMatch(/公式.*集中点评.*直接填写/);
  });

  test('rich text is read as its plain text', async () => {
    const rich = { richText: [{ text: '能够认真学习，' }, { font: { bold: true }, text: '教学成绩突出' }, { text: '，带头完成任务。' }] };
    const { record, rowProblems } = await readMemberCell('立足本职争优秀', rich);
    expect(rowProblems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(record?.aspect1).toBe('能够认真学习，教学成绩突出，带头完成任务。');
  });
});

describe('characters XML cannot hold', () => {
  test('an escaped control character (_x0001_, as Excel writes it) is decoded and removed', async () => {
    const fx = await fixture();
    const { data } = await setMemberCell(fx.good[1], fx, 1, 1, '立足本职争优秀', 'QQMARK能够认真学习，成绩突出。');
    const edited = await editParts(data, (_n, xml) => xml.replace('QQMARK', '前_x0001_后_x000B_'));
    const { read } = await loadOne(edited, fx);
    const text = (read?.forms.member?.rows ?? []).map((r) => (r.record as MemberRecord | null)?.aspect1 ?? '').find((t) => t.includes('前'));
    expect(text).toBe('前后能够认真学习，成绩突出。');
  });
});

beforeAll(() => fixture());

describe('values that cannot be read name the cell', () => {
  test.each(VALUE_ERRORS)('$id', async (c) => {
    const fx = await fixture();
    const run = await expectCheckCase(c, fx);
    if (c.rule !== 'xml-invalid') {
      const p = run.file(c.name).problems.find((x) => x.rule === c.rule);
      expect(p?.cell).toMatch(/^[A-Z]+\d+$/);
      expect(p?.sheet).toBe('党员点评');
    }
  });
});

test('numbers typed as text, full-width, with a unit, are read as counts', async () => {
  const fx = await fixture();
  const data = await viaExcelJs(fx.good[1], (wb) => {
    const ws = wb.getWorksheet('党组织点评') as ExcelJS.Worksheet;
    ws.getCell(2, columnOf(ws, '参加党员人数')).value = '１２人';
    ws.getCell(2, columnOf(ws, '群众代表人数')).value = ' 3 ';
  });
  const { read } = await loadOne(data, fx);
  const org = read?.forms.org?.rows[0];
  expect(org?.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(org?.record).toMatchObject({ attendingMembers: 12, attendingPublic: 3 });
});
