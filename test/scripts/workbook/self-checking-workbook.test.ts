/**
 * The branch workbook checks itself without the add-in: LibreOffice recalculates `template`'s
 * formulas (one soffice run) on a blank, a clean and a planted file, and every row's 填写状态,
 * every conditional-format mark and the progress block of 填表说明 are held against `check`.
 *
 * 已完成 = every required cell of a started row holds something (the form model's required flags).
 * A row can be 已完成 and still have errors no formula sees (FORMULA_BLIND_RULES); the planted file
 * has two: a member not in the roster (the roster beyond this branch) and a date typed as text
 * outside the stage (text dates come in too many spellings for a formula).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { a1, columnIndex, columnLetter, parseA1 } from '../../../addin/forms/cell';
import { isoToUtcDate } from '../../../addin/forms/dates';
import type { FormDef } from '../../../addin/forms/form';
import { BRANCH_FORMS, MEMBER_FORM, ORG_FORM } from '../../../addin/forms/branch-forms';
import { FORMULA_BLIND_RULES, MARK_RULES, type MarkKind, STATUS_DONE, STATUS_UNTOUCHED, statusLetter } from '../../../addin/forms/guidance';
import { instructionsLayout } from '../../../addin/forms/instructions-layout';
import { INSTRUCTIONS_SHEET, branchLayouts } from '../../../addin/forms/layout';
import { type BranchRead, isBranchRead, readBranchWorkbook } from '../../../addin/forms/read/branch-reader';
import { membersOf } from '../../../addin/forms/roster';
import type { Problem } from '../../../addin/forms/problems';
import { runCheck } from '../../../scripts/lib/commands/check';
import { layoutContext, writeBranchTemplates } from '../../../scripts/lib/commands/template';
import { sampleSchool } from '../../../scripts/lib/demo/sample';
import { branchInput, fillFile, gridsOf, libreOfficeConvert, tempDir } from '../../helpers/workbooks';

const STAGE = '全面争创';
const AS_OF = '2010-09-30';
const school = sampleSchool(77, { branches: 2, membersPerBranch: 8 });
const { roster } = school;
/** Probe formulas go this far right of the forms, one column per (mark, column of its range). */
const PROBE_COLUMN = columnIndex('AO');

type Name = 'blank' | 'clean' | 'planted';
interface Probe {
  sheet: string;
  kind: MarkKind;
  cell: string;
  at: string;
}
let dir: string;
const original = {} as Record<Name, string>;
const recalculated = {} as Record<Name, string>;
const probes = {} as Record<Name, Probe[]>;
const checked = {} as Record<Name, (Problem & { file: string })[]>;
const reads = {} as Record<Name, BranchRead>;
let duplicate = 0;
/** Cells planted with a problem no formula can see, and the rule check reports there. */
const blind: { sheet: string; cell: string; rule: string }[] = [];

const A1_REF = /(?<![A-Za-z0-9_])(\$?)([A-Z]{1,3})(\$?)([0-9]+)(?![0-9A-Za-z_(])/g;

/** A conditional format's formula as Excel applies it at `to`: relative references moved, strings untouched. */
function slide(formula: string, from: { col: number; row: number }, to: { col: number; row: number }): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(A1_REF, (_, colAbs: string, col: string, rowAbs: string, row: string) => {
            const c = colAbs ? columnIndex(col) : columnIndex(col) + to.col - from.col;
            const r = rowAbs ? Number(row) : Number(row) + to.row - from.row;
            return `${colAbs}${columnLetter(c)}${rowAbs}${r}`;
          }),
    )
    .join('');
}

/** Types `values` (by field key) into the first row below everything of `form`'s sheet; returns the row. */
async function appendRow(file: string, form: FormDef, values: Record<string, unknown>): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(form.sheetName);
  if (!ws) throw new Error(form.sheetName);
  let row = 2;
  while (form.columns.some((c) => ws.getCell(row, c.index + 1).value !== null)) row++;
  for (const c of form.columns) {
    const v = values[c.key];
    if (v === undefined) continue;
    ws.getCell(row, c.index + 1).value =
      typeof v === 'boolean' ? (v ? '是' : '否') : c.meta.kind === 'date' && typeof v === 'string' ? isoToUtcDate(v) : (v as ExcelJS.CellValue);
  }
  await wb.xlsx.writeFile(file);
  return row;
}

/** A copy of `file` whose far columns compute every mark's condition at every cell of rows 2…`rows`. */
async function withProbes(file: string, branch: number, target: string, rows: number): Promise<Probe[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: Probe[] = [];
  for (const form of BRANCH_FORMS) {
    const ws = wb.getWorksheet(form.sheetName);
    const layout = branchLayouts(layoutContext(roster, STAGE, roster.branches[branch])).find((l) => l.name === form.sheetName);
    if (!ws || !layout) throw new Error(form.sheetName);
    const marks = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
    // Each mark in the file is one of the layout's, in order: that says which kind it is.
    expect(marks.map((m) => [m.ref, (m.rules[0] as ExcelJS.ExpressionRuleType).formulae?.[0]])).toEqual(layout.marks.map((m) => [m.range, m.formula]));
    let column = PROBE_COLUMN;
    marks.forEach((mark, i) => {
      const [from, to] = mark.ref.split(':').map((r) => parseA1(r) as { col: number; row: number });
      const formula = (mark.rules[0] as ExcelJS.ExpressionRuleType).formulae?.[0] ?? '';
      for (let c = from.col; c <= to.col; c++, column++) {
        for (let r = from.row; r <= rows; r++) {
          const cell = a1(c, r);
          const at = a1(column, r);
          ws.getCell(at).value = { formula: `IF(${slide(formula, from, { col: c, row: r })},1,0)`, result: 0 };
          out.push({ sheet: form.sheetName, kind: layout.marks[i].kind, cell, at });
        }
      }
    });
  }
  await wb.xlsx.writeFile(target);
  return out;
}

beforeAll(async () => {
  dir = await tempDir('self-check');
  const { files } = await writeBranchTemplates(roster, STAGE, path.join(dir, 'issued'));
  const [first, second] = files;
  original.blank = path.join(dir, 'in', 'blank.xlsx');
  await fs.mkdir(path.dirname(original.blank), { recursive: true });
  await fs.copyFile(first.file, original.blank);
  original.clean = await fillFile(first.file, path.join(dir, 'in', 'clean.xlsx'), branchInput(school, first.branch, STAGE, 3));
  original.planted = await fillFile(
    second.file,
    path.join(dir, 'in', 'planted.xlsx'),
    branchInput(school, second.branch, STAGE, 4, (input) => {
      const m = input.member;
      const whole = { ...m[7], branch: second.branch, stage: STAGE };
      m[0].date = '2010-07-15'; // outsideStage
      m[1].achievements = undefined; // missing ×2
      m[1].aspect2 = undefined;
      m[2].method = '会议点评'; // notInList (a choice)
      m[3].deadline = '对'; // notInList (是/否)
      m[5] = { name: m[5].name, reviewer: '某领导' }; // started: everything else missing
      m[6].date = '2010年7月1日'; // outside the stage, typed as text: blind
      m.splice(4, 1); // never filled: 未填写
      m.push({ ...whole, name: '赵无名' }); // not in the roster: blind
      input.org[0].reviewerPost = undefined; // missing
      input.schedule[1].plannedDate = '2010-10-20'; // outsideStage on the plan
      input.rectification.push(
        { objectKind: '党员', object: m[0].name, issue: '记录不全。', measures: '建立台账。', owner: m[0].name, dueDate: '2010-10-31', status: '已整改' }, // requiredWhen
        { objectKind: '党员', object: '外人', issue: '记录不全。', measures: '建立台账。', owner: '外人', dueDate: '2010-10-31', status: '整改中' }, // notInList (list)
        { objectKind: '党组织', object: second.branch, issue: '学习不够。', measures: '每月集中学习。', dueDate: '2010-10-31', status: '整改中' }, // missing 责任人
      );
    }),
  );
  // The same member again, below the table (fill.ts would find the member's own row by name).
  duplicate = await appendRow(original.planted, MEMBER_FORM, {
    ...branchInput(school, second.branch, STAGE, 4).member[7],
    branch: second.branch,
    stage: STAGE,
    date: '2010-09-20',
  });
  const rows = 2 + membersOf(roster, second.branch).length + 6;
  const probed = {} as Record<Name, string>;
  for (const name of ['blank', 'clean', 'planted'] as const) {
    probed[name] = path.join(dir, 'probed', `${name}.xlsx`);
    await fs.mkdir(path.dirname(probed[name]), { recursive: true });
    probes[name] = await withProbes(original[name], name === 'planted' ? 1 : 0, probed[name], rows);
    checked[name] = (await runCheck([original[name]], { roster, asOf: AS_OF })).files[0].problems;
    const read = readBranchWorkbook(await gridsOf(original[name]), { roster, asOf: AS_OF });
    if (!isBranchRead(read)) throw new Error(name);
    reads[name] = read;
  }
  const [b, c, p] = await libreOfficeConvert([probed.blank, probed.clean, probed.planted], path.join(dir, 'lo'), { to: 'xlsx', recalculate: true });
  Object.assign(recalculated, { blank: b, clean: c, planted: p });
  const memberRow = (name: string) => 2 + membersOf(roster, second.branch).findIndex((m) => m.name === name);
  blind.push({ sheet: MEMBER_FORM.sheetName, cell: `G${memberRow(membersOf(roster, second.branch)[6].name)}`, rule: 'dateOutsideStage' });
}, 300_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function valuesOf(file: string): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const grid of await gridsOf(file)) {
    for (const row of grid.rows) row.cols.forEach((c, i) => out.set(`${grid.name}!${a1(c, row.r)}`, row.values[i]));
  }
  return out;
}

const errors = (name: Name) => checked[name].filter((p) => p.severity === 'error');
const MARKED_BY: Record<string, MarkKind> = Object.fromEntries(
  Object.entries(MARK_RULES).flatMap(([kind, rules]) => (rules as readonly string[]).map((rule) => [rule, kind as MarkKind])),
);

/**
 * What 填写状态 must say on each pre-filled row, from check's reading of the file: 未填写 for a row
 * it sets aside as untouched, else 缺N项 for N required cells it reports empty, else 已完成.
 */
function expectedStatus(name: Name, form: FormDef, members: number): Record<string, string> {
  const read = form === MEMBER_FORM ? reads[name].forms.member : reads[name].forms.org;
  if (!read) throw new Error(form.sheetName);
  const out: Record<string, string> = {};
  const rows = form === MEMBER_FORM ? members : 1;
  for (let r = 2; r < 2 + rows; r++) {
    const cell = `${form.sheetName}!${statusLetter(form)}${r}`;
    const row = read.rows.find((x) => x.row === r);
    if (!row) {
      expect({ cell, untouched: read.untouchedRows.some((x) => x.row === r) }).toEqual({ cell, untouched: true });
      out[cell] = STATUS_UNTOUCHED;
      continue;
    }
    const missing = new Set(row.problems.filter((p) => (MARK_RULES.missing as readonly string[]).includes(p.rule)).map((p) => p.cell)).size;
    out[cell] = missing === 0 ? STATUS_DONE : `缺${missing}项`;
  }
  return out;
}

describe('填写状态', () => {
  it('of a blank template: 未填写 on every pre-filled row, cached as LibreOffice computes it', async () => {
    const before = await valuesOf(original.blank);
    const after = await valuesOf(recalculated.blank);
    const members = membersOf(roster, roster.branches[0].name).length;
    for (const form of [ORG_FORM, MEMBER_FORM]) {
      const expected = expectedStatus('blank', form, members);
      expect(Object.values(expected).every((s) => s === STATUS_UNTOUCHED)).toBe(true);
      for (const [cell, status] of Object.entries(expected)) {
        expect({ cell, cached: before.get(cell), computed: after.get(cell) }).toEqual({ cell, cached: status, computed: status });
      }
    }
    // Nothing wrong in it but that it is not filled yet (尚未填写, issue 12 §7).
    expect(errors('blank').map((p) => p.rule)).toEqual(['notFilled']);
  });

  it('of a clean file: 已完成 on every row, and check finds no error', async () => {
    const after = await valuesOf(recalculated.clean);
    const members = membersOf(roster, roster.branches[0].name).length;
    expect(errors('clean')).toEqual([]);
    for (const form of [ORG_FORM, MEMBER_FORM]) {
      for (const cell of Object.keys(expectedStatus('clean', form, members))) expect({ cell, status: after.get(cell) }).toEqual({ cell, status: STATUS_DONE });
    }
  });

  it("of a planted file: each row's state is check's verdict on its required cells", async () => {
    const after = await valuesOf(recalculated.planted);
    const members = membersOf(roster, roster.branches[1].name).length;
    const expected = { ...expectedStatus('planted', ORG_FORM, members), ...expectedStatus('planted', MEMBER_FORM, members) };
    const actual = Object.fromEntries(Object.keys(expected).map((cell) => [cell, after.get(cell)]));
    expect(actual).toEqual(expected);
    // Every kind of state is there: done, untouched, one and several cells missing.
    const states = Object.values(expected);
    expect(states).toEqual(expect.arrayContaining([STATUS_DONE, STATUS_UNTOUCHED, '缺1项', '缺2项']));
    expect(states.filter((s) => /^缺(\d+)项$/.test(s) && Number(/\d+/.exec(s)?.[0]) > 2)).toHaveLength(1);
    // 已完成 is not "no error": rows with marks (a date outside the stage, a wrong choice) and a blind one are 已完成 too.
    const done = (r: number) => expected[`${MEMBER_FORM.sheetName}!${statusLetter(MEMBER_FORM)}${r}`] === STATUS_DONE;
    expect([2, 4, 5, 8].map(done)).toEqual([true, true, true, true]);
  });
});

describe('conditional formats', () => {
  async function marked(name: Name): Promise<string[]> {
    const after = await valuesOf(recalculated[name]);
    return probes[name]
      .filter((p) => after.get(`${p.sheet}!${p.at}`) === 1 && (MARK_RULES as Record<string, unknown>)[p.kind])
      .map((p) => `${p.kind}@${p.sheet}!${p.cell}`)
      .sort();
  }

  it('mark nothing in a blank or a clean file', async () => {
    expect(await marked('blank')).toEqual([]);
    expect(await marked('clean')).toEqual([]);
  });

  it('mark exactly the cells where check reports what they can see, each kind at least once', async () => {
    const seen = errors('planted').filter((p) => MARKED_BY[p.rule] && !blind.some((b) => b.sheet === p.sheet && b.cell === p.cell));
    const expected = [...new Set(seen.map((p) => `${MARKED_BY[p.rule]}@${p.sheet}!${p.cell}`))].sort();
    const actual = await marked('planted');
    expect(actual).toEqual(expected);
    expect(new Set(actual.map((m) => m.split('@')[0]))).toEqual(new Set(Object.keys(MARK_RULES)));
    expect(actual).toContain(`duplicate@${MEMBER_FORM.sheetName}!A${duplicate}`);
  });

  it('cannot see the roster beyond the branch or dates typed as text: check reports them, nothing marks them', async () => {
    const actual = await marked('planted');
    const blindSeen = errors('planted').filter(
      (p) => FORMULA_BLIND_RULES.includes(p.rule as never) || blind.some((b) => b.cell === p.cell && b.rule === p.rule),
    );
    expect(blindSeen.map((p) => p.rule).sort()).toEqual(['dateOutsideStage', 'memberNotInRoster']);
    for (const p of blindSeen) expect(actual.filter((m) => m.endsWith(`!${p.cell}`) && m.includes(p.sheet ?? ''))).toEqual([]);
    // Every error of the file is either marked or one of these.
    const unmarked = errors('planted').filter((p) => !actual.some((m) => m.endsWith(`${p.sheet}!${p.cell}`)));
    expect(unmarked.map((p) => p.rule).sort()).toEqual(['dateOutsideStage', 'memberNotInRoster']);
  });
});

describe('填表说明', () => {
  it("shows the branch's progress: members reviewed, the branch review, and who is not complete, in the table's order", async () => {
    const ctx = layoutContext(roster, STAGE, roster.branches[1]);
    const layout = instructionsLayout(ctx);
    const first = layout.rows.findIndex((r) => r.formula) + 1;
    const after = await valuesOf(recalculated.planted);
    const statuses = membersOf(roster, ctx.branch.name).map((m, i) => ({
      name: m.name,
      status: after.get(`${MEMBER_FORM.sheetName}!${statusLetter(MEMBER_FORM)}${i + 2}`),
    }));
    const open = statuses.filter((s) => s.status !== STATUS_DONE);
    const lines = layout.rows
      .slice(first - 1)
      .filter((r) => r.formula)
      .map((_, i) => after.get(`${INSTRUCTIONS_SHEET}!A${first + i}`) ?? '');
    expect(lines.slice(0, 3)).toEqual([
      `已点评党员：${statuses.length - open.length} 人（“填写状态”为“已完成”）`,
      `党组织点评：未完成`,
      `尚未完成的党员（${open.length} 人）：`,
    ]);
    expect(lines.slice(3)).toEqual([...open.map((s) => `　${s.name}（${String(s.status)}）`), ...Array(statuses.length - open.length).fill('')]);
    expect(open.length).toBeGreaterThan(1);

    const clean = await valuesOf(recalculated.clean);
    expect(clean.get(`${INSTRUCTIONS_SHEET}!A${first + 1}`)).toBe('党组织点评：已完成');
  });
});
