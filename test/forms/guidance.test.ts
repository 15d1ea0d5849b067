/**
 * The branch workbook's own guidance as the layout declares it: formulas any spreadsheet since
 * Excel 2010 computes (and WPS, LibreOffice), within Excel's limits, and a 填写状态 column the
 * readers skip. What the formulas compute is tested in LibreOffice
 * (test/scripts/workbook/self-checking-workbook.test.ts).
 */
import { type Grid, gridRow } from '../../addin/forms/cell';
import { MEMBER_FORM, ORG_FORM, RECTIFICATION_FORM } from '../../addin/forms/branch-forms';
import { MAX_MARK_FORMULA, STATUS_LABEL, STATUS_UNTOUCHED } from '../../addin/forms/guidance';
import { instructionsLayout } from '../../addin/forms/instructions-layout';
import { branchLayouts } from '../../addin/forms/layout';
import { readForm } from '../../addin/forms/read/sheet-reader';
import { layoutContext } from '../../scripts/lib/commands/template';
import { STAGE, branch, roster } from '../helpers/forms';

const ctx = layoutContext(roster, STAGE, branch);
const layouts = branchLayouts(ctx);
const instructions = instructionsLayout(ctx, layouts);

/** Functions of Excel 2010 that WPS and LibreOffice also have; no dynamic arrays, TEXTJOIN, FILTER or LET. */
const EXCEL_2010 = new Set(['AND', 'OR', 'NOT', 'IF', 'LEN', 'TRIM', 'SUBSTITUTE', 'LEFT', 'SUMPRODUCT', 'COUNTIF', 'COUNTIFS', 'ISNUMBER', 'ISNA']);
EXCEL_2010.add('MATCH').add('INDEX').add('SMALL').add('ROW').add('INT').add('DATE');

function functionsOf(formula: string): string[] {
  const outsideStrings = formula.replace(/"(?:[^"]|"")*"/g, '""');
  return [...outsideStrings.matchAll(/([A-Z][A-Z0-9.]*)\(/g)].map((m) => m[1]);
}

const everyFormula = [
  ...layouts.flatMap((l) => [...(l.status?.formulas ?? []), ...l.marks.map((m) => m.formula)]),
  ...instructions.rows.flatMap((r) => (r.formula ? [r.formula] : [])),
];

test('every formula uses only functions of Excel 2010, WPS and LibreOffice', () => {
  expect(everyFormula.length).toBeGreaterThan(ctx.members.length * 2);
  const used = new Set(everyFormula.flatMap(functionsOf));
  expect([...used].filter((f) => !EXCEL_2010.has(f))).toEqual([]);
  for (const f of ['SUMPRODUCT', 'COUNTIF', 'COUNTIFS', 'INDEX', 'SMALL']) expect({ f, used: used.has(f) }).toEqual({ f, used: true });
});

test("every conditional format's formula fits Excel's 255 characters", () => {
  for (const layout of layouts)
    for (const m of layout.marks) expect({ range: m.range, length: m.formula.length <= MAX_MARK_FORMULA }).toEqual({ range: m.range, length: true });
});

test('填写状态: one formula per pre-filled row of the review forms, 未填写 until something is filled', () => {
  const org = layouts.find((l) => l.name === ORG_FORM.sheetName);
  const member = layouts.find((l) => l.name === MEMBER_FORM.sheetName);
  expect(org?.status?.results).toEqual([STATUS_UNTOUCHED]);
  expect(member?.status?.results).toEqual(ctx.members.map(() => STATUS_UNTOUCHED));
  expect(member?.status?.letter).toBe('V');
  expect(layouts.find((l) => l.name === RECTIFICATION_FORM.sheetName)?.status).toBeUndefined();
});

describe('readers', () => {
  const grid = (form: typeof MEMBER_FORM | typeof RECTIFICATION_FORM, extra: string): Grid => ({
    name: form.sheetName,
    state: 'visible',
    rows: [gridRow(1, [...form.columns.map((c) => c.meta.label), extra]), gridRow(2, [...form.columns.map(() => null), '未填写'], 0, [form.columns.length])],
  });

  it('skip 填写状态 on the review forms: no unknown column, no formula 提示, no record from it', () => {
    const read = readForm(MEMBER_FORM, grid(MEMBER_FORM, STATUS_LABEL));
    expect(read.problems).toEqual([]);
    expect(read.rows).toEqual([]);
    expect(read.untouchedRows).toEqual([]);
  });

  it('still warn about a column of that name on a sheet that has none', () => {
    expect(readForm(RECTIFICATION_FORM, grid(RECTIFICATION_FORM, STATUS_LABEL)).problems.map((p) => p.rule)).toEqual(['extraColumn']);
  });
});
