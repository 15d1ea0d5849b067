import { readMeta } from '../../addin/forms/read/branch-reader';
import { INSTRUCTIONS_SHEET, VALIDATION_TEXT_LIMITS, branchLayouts, validationRange } from '../../addin/forms/layout';
import { columnOf } from '../../addin/forms/form';
import { LISTS_SHEET, META_SHEET } from '../../addin/forms/meta';
import { MEMBER_FORM, ORG_FORM } from '../../addin/forms/branch-forms';
import { AddinError } from '../../addin/excel/errors';
import { insertForms } from '../../addin/excel/insert-forms';
import { gridFromRange } from '../../addin/excel/read-grids';
import { runExcel } from '../../addin/excel/run';
import { boxAddress, cellAt, isLocked, key, parseAddress, putSheet } from './fake-excel';
import { fixture, lastRunSyncs, sheetOf } from './helpers';

function metaOfFake(book: ReturnType<typeof fixture>['host']['book']) {
  const sheet = sheetOf(book, META_SHEET);
  const rows: string[][] = [];
  for (const [k, cell] of sheet.cells) {
    const [r, c] = k.split(',').map(Number);
    rows[r] ??= [];
    rows[r][c] = cell.value === undefined ? '' : String(cell.value);
  }
  const values = Array.from({ length: rows.length }, (_, r) => Array.from({ length: 4 }, (_, c) => rows[r]?.[c] ?? ''));
  return readMeta([gridFromRange(META_SHEET, 'veryHidden', 0, 0, values, [], [])]);
}

describe('插入点评表 (insertForms)', () => {
  test('adds every form sheet as the layout says, in three syncs', async () => {
    const f = fixture();
    const result = await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
    expect(lastRunSyncs(f.host)).toBeLessThanOrEqual(3);
    const layouts = branchLayouts(f.ctx);
    expect(result.added).toEqual(layouts.map((l) => l.name));
    const book = f.host.book;
    expect(book.sheets.map((s) => s.name)).toEqual(expect.arrayContaining([INSTRUCTIONS_SHEET, META_SHEET, LISTS_SHEET, ...layouts.map((l) => l.name)]));
    expect(sheetOf(book, META_SHEET).visibility).toBe('VeryHidden');
    expect(sheetOf(book, LISTS_SHEET).visibility).toBe('VeryHidden');
    for (const layout of layouts) {
      const sheet = sheetOf(book, layout.name);
      layout.columns.forEach((c, i) => expect(sheet.cells.get(key(0, i))?.value).toBe(c.header));
      for (const c of layout.columns.filter((x) => x.validation)) {
        const v = sheet.validations.find((x) => boxAddress(x.box) === validationRange(layout, c));
        expect(v?.errorAlert?.message).toBe(c.validation?.error);
        expect(v?.prompt?.title).toBe(c.header);
      }
      expect(sheet.protection).toMatchObject({ allowInsertRows: true, allowFormatColumns: true, allowSort: false });
      expect(sheet.freeze).toEqual(layout.freeze);
      // The header is locked; an empty data cell is not.
      expect(isLocked(sheet, 0, 0)).toBe(true);
      expect(isLocked(sheet, layout.lastDataRow - 1, layout.columns.length - 1)).toBe(false);
    }
    // Members are pre-filled, locked and the stage written, on the member sheet.
    const members = sheetOf(book, MEMBER_FORM.sheetName);
    f.ctx.members.forEach((m, i) => expect(members.cells.get(key(1 + i, 0))?.value).toBe(m.name));
    expect(isLocked(members, 1, 0)).toBe(true);
    // _meta reads back as the same setup, dates still ISO text.
    const meta = metaOfFake(book);
    expect(meta.kind).toBe('branch');
    if (meta.kind === 'branch') expect(meta.meta).toEqual(f.meta);
  });

  test('never overwrites typed data; repairs validation that was removed', async () => {
    const f = fixture();
    await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
    const org = sheetOf(f.host.book, ORG_FORM.sheetName);
    org.protection = null;
    putSheet(f.host.book, ORG_FORM.sheetName, 'D2', [['张某某']]);
    org.validations = org.validations.slice(0, 2);
    const result = await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
    expect(lastRunSyncs(f.host)).toBeLessThanOrEqual(3);
    expect(result.added).toEqual([]);
    expect(result.repaired).toContain(ORG_FORM.sheetName);
    expect(cellAt(f.host.book, ORG_FORM.sheetName, 'D2')).toBe('张某某');
    const layout = branchLayouts(f.ctx).find((l) => l.name === ORG_FORM.sheetName);
    expect(org.validations.length).toBe(layout?.columns.filter((c) => c.validation).length);
    expect(org.protection).not.toBeNull();
  });

  test('repairs 填写状态: restores its formulas where it is, adds it and its marks to a sheet made before it, never twice', async () => {
    const f = fixture();
    await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
    const layout = branchLayouts(f.ctx).find((l) => l.name === MEMBER_FORM.sheetName);
    const status = layout?.status;
    if (!layout || !status) throw new Error('no 填写状态');
    const members = sheetOf(f.host.book, MEMBER_FORM.sheetName);
    const at = (row: number) => members.cells.get(key(row, layout.columns.length));
    const marks = members.conditionalFormats.length;
    expect(marks).toBe(layout.marks.length);
    // A formula overwritten: the next 插入点评表 puts it back, adding no second set of marks.
    members.cells.set(key(1, layout.columns.length), { value: '已完成' });
    await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
    expect(at(1)?.formula).toBe(`=${status.formulas[0]}`);
    expect(members.conditionalFormats.length).toBe(marks);
    // A sheet from before 填写状态 existed: column and marks added.
    for (let r = 0; r <= status.formulas.length; r++) members.cells.delete(key(r, layout.columns.length));
    members.conditionalFormats = [];
    const result = await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
    expect(result.repaired).toContain(MEMBER_FORM.sheetName);
    expect(at(0)?.value).toBe(status.header);
    expect(at(status.formulas.length)?.formula).toBe(`=${status.formulas[status.formulas.length - 1]}`);
    expect(members.conditionalFormats.length).toBe(marks);
  });

  test('leaves a sheet alone whose header differs from the template', async () => {
    const f = fixture();
    putSheet(f.host.book, ORG_FORM.sheetName, 'A1', [
      ['序号', '名称'],
      [1, '某某'],
    ]);
    const result = await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
    expect(result.skipped.map((s) => s.sheet)).toEqual([ORG_FORM.sheetName]);
    expect(result.skipped[0].reason).toMatch(/表头与模板不同/);
    expect(cellAt(f.host.book, ORG_FORM.sheetName, 'A1')).toBe('序号');
  });

  test('an empty existing sheet gets the full form', async () => {
    const f = fixture();
    putSheet(f.host.book, MEMBER_FORM.sheetName, 'A1', [[null]]);
    const result = await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
    expect(result.repaired).toContain(MEMBER_FORM.sheetName);
    expect(cellAt(f.host.book, MEMBER_FORM.sheetName, 'A2')).toBe(f.ctx.members[0].name);
  });

  test('is refused once the workbook is finalized, with a Chinese message', async () => {
    const f = fixture();
    await runExcel('插入点评表', (ctx) => insertForms(ctx, { ...f.meta }));
    const meta = sheetOf(f.host.book, META_SHEET);
    const last = Math.max(...[...meta.cells.keys()].map((k) => Number(k.split(',')[0])));
    putSheet(f.host.book, META_SHEET, `A${last + 2}`, [['finalizedAt', '2010-09-20T10:00:00+08:00']], 'VeryHidden');
    const attempt = runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
    await expect(attempt).rejects.toBeInstanceOf(AddinError);
    await expect(attempt).rejects.toThrow(/已定稿/);
  });

  test('an Office error reaches the caller as a typed error with a Chinese message', async () => {
    const f = fixture();
    await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
    // Writing a locked header cell of a protected sheet: Excel refuses at sync.
    const org = sheetOf(f.host.book, ORG_FORM.sheetName);
    const protect = org.protection;
    expect(protect).not.toBeNull();
    const attempt = runExcel('检查', async (ctx) => {
      ctx.workbook.worksheets.getItem(ORG_FORM.sheetName).getRange('A1').values = [['x']];
      await ctx.sync();
    });
    await expect(attempt).rejects.toThrow(/检查失败：工作表受保护/);
    expect(parseAddress('A1')).toEqual({ top: 0, left: 0, bottom: 0, right: 0 });
  });
});

test('a hand-made sheet with the right header: protected, but its data cells stay editable', async () => {
  const f = fixture();
  const layout = branchLayouts(f.ctx).find((l) => l.name === ORG_FORM.sheetName);
  if (!layout) throw new Error('no layout');
  putSheet(f.host.book, ORG_FORM.sheetName, 'A1', [layout.columns.map((c) => c.header), [f.ctx.branch.name]]);
  const result = await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
  expect(result.repaired).toContain(ORG_FORM.sheetName);
  const sheet = sheetOf(f.host.book, ORG_FORM.sheetName);
  expect(sheet.protection).not.toBeNull();
  expect(isLocked(sheet, 0, 3)).toBe(true);
  expect(isLocked(sheet, 1, 0)).toBe(true);
  expect(isLocked(sheet, 1, 5)).toBe(false);
  expect(isLocked(sheet, 50, 0)).toBe(false);
  expect(cellAt(f.host.book, ORG_FORM.sheetName, 'A2')).toBe(f.ctx.branch.name);
});

describe('what Excel does to the values the add-in writes', () => {
  test('pre-filled names and posts stay text: "001", "1-2", "TRUE" and "=…" are not turned into numbers, dates, booleans or formulas', async () => {
    const f = fixture();
    const posts = ['001', '1-2', 'TRUE', '=1+1'];
    const meta = { ...f.meta, members: f.meta.members.map((m, i) => (i < posts.length ? { ...m, post: posts[i] } : m)) };
    await runExcel('插入点评表', (ctx) => insertForms(ctx, meta));
    const members = sheetOf(f.host.book, MEMBER_FORM.sheetName);
    const post = columnOf(MEMBER_FORM, 'post').index;
    expect(posts.map((_, i) => members.cells.get(key(1 + i, post))?.value)).toEqual(posts);
    expect(posts.map((_, i) => members.cells.get(key(1 + i, post))?.formula)).toEqual(posts.map(() => undefined));
  });

  test('a long stage name keeps every data validation text within Excel limits (32/255/225)', async () => {
    const f = fixture();
    const stage = `${'全面争创创先争优'.repeat(30)}阶段`;
    const meta = { ...f.meta, stage };
    await runExcel('插入点评表', (ctx) => insertForms(ctx, meta));
    const layouts = branchLayouts({ ...f.ctx, stage: { ...f.ctx.stage, name: stage } });
    for (const layout of layouts) {
      const sheet = sheetOf(f.host.book, layout.name);
      expect(sheet.validations.length).toBe(layout.columns.filter((c) => c.validation).length);
      for (const v of sheet.validations) {
        expect((v.prompt?.title ?? '').length).toBeLessThanOrEqual(VALIDATION_TEXT_LIMITS.title);
        expect((v.prompt?.message ?? '').length).toBeLessThanOrEqual(VALIDATION_TEXT_LIMITS.prompt);
        expect((v.errorAlert?.title ?? '').length).toBeLessThanOrEqual(VALIDATION_TEXT_LIMITS.title);
        expect((v.errorAlert?.message ?? '').length).toBeLessThanOrEqual(VALIDATION_TEXT_LIMITS.error);
      }
    }
    // The in-stage date rule still gives the window, without the name that did not fit.
    const date = layouts.flatMap((l) => l.columns).find((c) => c.validation?.type === 'date' && c.validation.operator === 'between');
    expect(date?.validation?.error).toMatch(/^日期须在本阶段内：2010年8月1日至2010年9月30日。$/);
  });
});
