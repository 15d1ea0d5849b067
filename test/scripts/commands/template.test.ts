/**
 * `template`: the branch workbooks as Excel and LibreOffice will see them, read back with exceljs
 * (sheets, headers, dropdowns and date bounds, protection, freeze panes, print setup) and with our
 * own reader; and file names that stay inside --out whatever a branch is called.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { isoToSerial } from '../../../addin/forms/dates';
import type { FormDef } from '../../../addin/forms/form';
import { STATUS_LABEL } from '../../../addin/forms/guidance';
import { SPARE_ROWS } from '../../../addin/forms/layout';
import { READABLE_SCALE } from '../../../addin/forms/print-layout';
import { MEMBER_FORM, ORG_FORM, RECTIFICATION_FORM, SCHEDULE_FORM } from '../../../addin/forms/branch-forms';
import { type Roster, membersOf } from '../../../addin/forms/roster';
import { sampleSchool } from '../../../scripts/lib/demo/sample';
import { formatCheckText, runCheck } from '../../../scripts/lib/commands/check';
import { branchFileName, writeBranchTemplates } from '../../../scripts/lib/commands/template';
import { writeRosterFile } from '../../../scripts/lib/workbook/roster-file';
import { runCli, tempDir } from '../../helpers/workbooks';

const STAGE = '全面争创';
const school = sampleSchool(31, { branches: 2, membersPerBranch: 5 });
const roster = school.roster;
const branch = roster.branches[0];
let dir: string;
let file: string;
let wb: ExcelJS.Workbook;

type Validation = ExcelJS.DataValidation & { prompt?: string; promptTitle?: string; errorStyle?: string };

function sheet(form: FormDef): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(form.sheetName);
  if (!ws) throw new Error(`no sheet ${form.sheetName}`);
  return ws;
}

function validationAt(ws: ExcelJS.Worksheet, ref: string): Validation | undefined {
  return (ws as unknown as { dataValidations: { model: Record<string, Validation> } }).dataValidations.model[ref];
}

function letter(form: FormDef, key: string): string {
  const index = form.columns.findIndex((c) => c.key === key);
  return String.fromCharCode(65 + index);
}

beforeAll(async () => {
  dir = await tempDir('template');
  const result = await writeBranchTemplates(roster, STAGE, path.join(dir, 'out'));
  file = result.files[0].file;
  wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('template workbook', () => {
  it('is named from unit, branch and stage', () => {
    expect(path.basename(file)).toBe(`${roster.unit}-${branch.name}-${STAGE}-点评表.xlsx`);
  });

  it('has the instructions, the forms, and very hidden _lists and _meta', () => {
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['填表说明', 'visible'],
      ['点评安排', 'visible'],
      ['党组织点评', 'visible'],
      ['党员点评', 'visible'],
      ['整改台账', 'visible'],
      ['_lists', 'veryHidden'],
      ['_meta', 'veryHidden'],
    ]);
  });

  it.each([ORG_FORM, MEMBER_FORM, RECTIFICATION_FORM, SCHEDULE_FORM])(
    '$sheetName: headers (and 填写状态 on the review forms), widths, wrap, frozen header, A4 landscape at a readable scale with repeating header and object column',
    (form) => {
      const ws = sheet(form);
      const status = form.statusColumn ? [STATUS_LABEL] : [];
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...form.columns.map((c) => c.meta.label), ...status]);
      form.columns.forEach((c, i) => {
        expect(ws.getColumn(i + 1).width).toBe(c.meta.width);
        expect(!!ws.getColumn(i + 1).alignment?.wrapText).toBe(c.meta.kind === 'longText' || c.meta.kind === 'date');
      });
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const object = form.columns.find((c) => c.key === form.objectKey);
      expect(ws.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: false,
        pageOrder: 'overThenDown',
        printTitlesRow: '1:1',
        printTitlesColumn: `A:${letter(form, object?.key ?? '')}`,
      });
      expect(ws.pageSetup.scale).toBeGreaterThanOrEqual(READABLE_SCALE);
    },
  );

  it('freezes the name column of 党员点评', () => {
    expect(sheet(MEMBER_FORM).views[0]).toMatchObject({ xSplit: 1, ySplit: 1 });
  });

  it.each([ORG_FORM, MEMBER_FORM, RECTIFICATION_FORM, SCHEDULE_FORM])(
    '$sheetName: protected without a password, header locked, data cells editable',
    (form) => {
      const ws = sheet(form);
      const protection = (ws as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
      expect(protection).toMatchObject({ sheet: true, insertRows: true, formatColumns: true });
      expect(protection).not.toHaveProperty('hashValue');
      expect(protection).not.toHaveProperty('password');
      // exceljs reads a locked cell (Excel's default) as no protection entry.
      expect(ws.getCell('A1').protection?.locked ?? true).toBe(true);
      const free = form.columns.find((c) => !c.meta.prefilled) ?? form.columns[0];
      expect(ws.getCell(`${letter(form, free.key)}2`).protection?.locked).toBe(false);
      expect(ws.getCell(`${letter(form, free.key)}${300}`).protection?.locked).toBe(false);
    },
  );

  it('pre-fills one locked row per roster member with name, branch and post', () => {
    const ws = sheet(MEMBER_FORM);
    const expected = membersOf(roster, branch.name);
    const rows = expected.map((_, i) => ws.getRow(i + 2));
    expect(rows.map((r) => [r.getCell(1).value, r.getCell(2).value, r.getCell(3).value, r.getCell(4).value])).toEqual(
      expected.map((m) => [m.name, branch.name, m.post, m.category]),
    );
    for (const r of rows) for (const col of [1, 2, 3]) expect(r.getCell(col).protection?.locked ?? true).toBe(true);
    expect(rows[0].getCell(5).protection?.locked).toBe(false);
    expect(ws.getCell(expected.length + 2, 1).value).toBeNull();
  });

  it('validates every constrained column on every data row, with Chinese prompts and Stop alerts', () => {
    for (const form of [ORG_FORM, MEMBER_FORM, RECTIFICATION_FORM]) {
      const ws = sheet(form);
      const prefilled = form === MEMBER_FORM ? membersOf(roster, branch.name).length : form === ORG_FORM ? 1 : 0;
      const last = 1 + prefilled + SPARE_ROWS;
      for (const c of form.columns) {
        if (!['choice', 'yesNo', 'date', 'count'].includes(c.meta.kind)) continue;
        for (const row of [2, last]) {
          const v = validationAt(ws, `${letter(form, c.key)}${row}`);
          expect({ at: `${form.sheetName}!${letter(form, c.key)}${row}`, type: v?.type, stop: v?.errorStyle, title: v?.promptTitle }).toEqual({
            at: `${form.sheetName}!${letter(form, c.key)}${row}`,
            type: c.meta.kind === 'date' ? 'date' : c.meta.kind === 'count' ? 'whole' : 'list',
            stop: 'stop',
            title: c.meta.label,
          });
          expect(v?.showErrorMessage).toBe(true);
          expect(v?.showInputMessage).toBe(true);
          expect(v?.prompt).toMatch(/[\u4e00-\u9fff]/);
          expect(v?.error).toMatch(/[\u4e00-\u9fff]/);
          if (c.meta.options) expect(v?.formulae).toEqual([`"${c.meta.options.join(',')}"`]);
        }
      }
    }
  });

  it('bounds review dates by the stage window', () => {
    const v = validationAt(sheet(MEMBER_FORM), `${letter(MEMBER_FORM, 'date')}2`);
    const stage = roster.stages.find((s) => s.name === STAGE);
    expect(v?.operator).toBe('between');
    const bounds = (v?.formulae ?? []).map((f) => (f instanceof Date ? f.toISOString().slice(0, 10) : f));
    expect(bounds).toEqual([stage?.start, stage?.end]);
    expect(isoToSerial(stage?.start ?? '')).toBeGreaterThan(40000);
  });

  it('offers the branch and its members as 整改对象, from the hidden _lists sheet', () => {
    const v = validationAt(sheet(RECTIFICATION_FORM), `${letter(RECTIFICATION_FORM, 'object')}2`);
    const members = membersOf(roster, branch.name);
    expect(v?.formulae).toEqual([`_lists!$C$2:$C$${members.length + 2}`]);
    const lists = wb.getWorksheet('_lists');
    const items = Array.from({ length: members.length + 1 }, (_, i) => lists?.getCell(i + 2, 3).value);
    expect(items).toEqual([branch.name, ...members.map((m) => m.name)]);
  });

  it('records unit, branch, stage and members in _meta', () => {
    const meta = wb.getWorksheet('_meta');
    const rows = new Map<string, unknown>();
    meta?.eachRow((r) => {
      if (r.getCell(1).value !== 'member') rows.set(String(r.getCell(1).value), r.getCell(2).value);
    });
    expect(Object.fromEntries(['kind', 'unit', 'branch', 'stage', 'stageStart', 'stageEnd'].map((k) => [k, rows.get(k)]))).toEqual({
      kind: 'branch',
      unit: roster.unit,
      branch: branch.name,
      stage: STAGE,
      stageStart: '2010-08-01',
      stageEnd: '2010-09-30',
    });
  });

  it('is 尚未填写 untouched: check names every member still to review and the branch review, and does not say 可以提交', async () => {
    const result = await runCheck([file], { roster, asOf: '2010-09-30' });
    const [f] = result.files;
    expect([f.status, f.problems.map((p) => p.rule), f.summary?.membersReviewed, f.summary?.members]).toEqual(['errors', ['notFilled'], 0, 5]);
    const branch = roster.branches[0].name;
    const names = membersOf(roster, branch).map((m) => m.name);
    expect(f.summary?.unreviewed).toEqual(names);
    const text = formatCheckText(result);
    expect(text).toContain('尚未填写');
    expect(text).toContain(`尚未进行党组织点评（${branch}）`);
    expect(text).toContain(`尚未点评的党员 5 人：${names.join('、')}`);
    expect(text).not.toContain('可以提交');
    expect(result.exitCode).toBe(1);
  });
});

describe('template file names', () => {
  const NASTY = ['../x', 'a/b\\c', 'CON', 'con.txt', '..', '. 隐藏 .', 'a:b*c?"d<e>f|g', '党'.repeat(200), 'x'.repeat(200), '😀'.repeat(100), 'A/B', 'a_b'];

  function nastyRoster(unit = '台子乡中心学校'): Roster {
    return {
      ...roster,
      unit,
      branches: NASTY.map((name, i) => ({ name, leader: `组长${i}`, liaison: roster.branches[0].liaison })),
      members: NASTY.map((name, i) => ({ name: `党员${i}`, branch: name, post: '教师', category: '教师' })),
    };
  }

  it.each([['台子乡中心学校'], ['学'.repeat(100)], ['..\\..\\CON']])('stay inside --out, distinct and Windows-safe (unit %p)', async (unit) => {
    const out = path.join(dir, `names-${unit.length}-${unit.charCodeAt(0)}`);
    const result = await writeBranchTemplates(nastyRoster(unit), STAGE, out);
    const names = await fs.readdir(out);
    expect(names.sort()).toEqual(result.files.map((f) => path.basename(f.file)).sort());
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(NASTY.length);
    for (const f of result.files) expect(path.dirname(f.file)).toBe(path.resolve(out));
    for (const n of names) {
      expect(n).not.toMatch(/[<>:"/\\|?*\u0000-\u001f]/);
      expect(n).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
      expect(n).not.toMatch(/[ .]$/);
      expect(Buffer.byteLength(n, 'utf8')).toBeLessThanOrEqual(255);
      expect(n.length).toBeLessThanOrEqual(255);
      expect(n.endsWith('-点评表.xlsx')).toBe(true);
    }
    // Nothing was written beside the output folder.
    expect((await fs.readdir(path.dirname(out))).filter((n) => n.startsWith('names-') || n === 'x')).toContain(path.basename(out));
    expect(await fs.readdir(path.dirname(out))).not.toContain('x');
  });

  it('keeps a readable name for an ordinary branch', () => {
    expect(branchFileName('台子乡中心学校', '语文党小组', STAGE)).toBe('台子乡中心学校-语文党小组-全面争创-点评表.xlsx');
    expect(branchFileName('学校', 'a/b\\c', STAGE)).toBe('学校-a_b_c-全面争创-点评表.xlsx');
  });
});

describe('review-forms template (CLI)', () => {
  it('writes one file per branch and exits 0; an unknown stage exits 2 listing the stages, writing nothing', async () => {
    const rosterFile = path.join(dir, '名单.xlsx');
    await writeRosterFile(rosterFile, roster);
    const out = path.join(dir, 'cli-out');
    const ok = await runCli('template', '--roster', rosterFile, '--stage', ' 全面 争创 ', '--out', out);
    expect(ok.code).toBe(0);
    expect((await fs.readdir(out)).sort()).toEqual(roster.branches.map((b) => `${roster.unit}-${b.name}-${STAGE}-点评表.xlsx`).sort());
    expect(ok.stderr).toContain(`已生成 ${roster.branches.length} 个党小组的点评表。`);

    const bad = await runCli('template', '--roster', rosterFile, '--stage', '第五阶段', '--out', path.join(dir, 'cli-none'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('名单中没有阶段“第五阶段”，可选：动员部署、全面争创、整改提升、总结表彰');
    expect(await fs.readdir(path.join(dir, 'cli-none')).catch(() => [])).toEqual([]);
  });
});
