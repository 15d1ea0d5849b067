import { AddinError } from '../../addin/excel/errors';
import { checkWorkbook, selectProblem } from '../../addin/excel/check';
import { HIGHLIGHT_COLORS, HIGHLIGHT_FORMULA, compactRanges } from '../../addin/excel/highlights';
import { finalizeOpenWorkbook } from '../../addin/excel/finalize';
import { runExcel } from '../../addin/excel/run';
import { columnOf } from '../../addin/forms/form';
import { MEMBER_FORM, ORG_FORM } from '../../addin/forms/branch-forms';
import { boxAddress, key, parseAddress } from './fake-excel';
import { serializeBook } from './fake-excel/serialize';
import { AS_OF, filledWorkbook, fixture, lastRunSyncs, sheetOf } from './helpers';

function cellOf(form: typeof MEMBER_FORM, field: string, row: number): string {
  return `${String.fromCharCode(65 + columnOf(form, field).index)}${row}`;
}

describe('检查 (checkWorkbook)', () => {
  test('a clean workbook has no errors', async () => {
    const f = fixture();
    await filledWorkbook(f);
    const result = await runExcel('检查', (ctx) => checkWorkbook(ctx, AS_OF));
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  test('300 members: planted problems found and highlighted in 3 syncs; fixed ones cleared', async () => {
    const f = fixture({ membersPerBranch: 300 });
    await filledWorkbook(f);
    const book = f.host.book;
    const members = sheetOf(book, MEMBER_FORM.sheetName);
    const aspect1 = cellOf(MEMBER_FORM, 'aspect1', 10);
    const method = cellOf(MEMBER_FORM, 'method', 20);
    const achievements = cellOf(MEMBER_FORM, 'achievements', 30);
    const at = (a1: string) => key(Number(a1.slice(1)) - 1, a1.charCodeAt(0) - 65);
    const saved = members.cells.get(at(aspect1))?.value;
    delete members.cells.get(at(aspect1))?.value;
    members.cells.set(at(method), { value: '开会点评' });
    members.cells.set(at(achievements), { value: '无' });

    const result = await runExcel('检查', (ctx) => checkWorkbook(ctx, AS_OF));
    expect(lastRunSyncs(f.host)).toBeLessThanOrEqual(3);
    const found = (cell: string) => result.problems.find((p) => p.sheet === MEMBER_FORM.sheetName && p.cell === cell);
    expect(found(aspect1)).toMatchObject({ severity: 'error', message: expect.stringMatching(/缺少点评内容/) });
    expect(found(method)).toMatchObject({ severity: 'error', message: expect.stringMatching(/不在下拉列表中/) });
    expect(found(achievements)).toMatchObject({ severity: 'warning' });
    const marked = (a1: string) => members.conditionalFormats.find((cf) => boxAddress(cf.box) === a1);
    expect(marked(aspect1)?.fill).toBe(HIGHLIGHT_COLORS.error.fill);
    expect(marked(method)?.fill).toBe(HIGHLIGHT_COLORS.error.fill);
    expect(marked(achievements)?.fill).toBe(HIGHLIGHT_COLORS.warning.fill);
    // The fixture typed into unprotected sheets; they stay as they were.
    expect(members.protection).toBeNull();

    // Fix two of them: their marks go, the third stays.
    members.cells.set(at(aspect1), { value: saved ?? '立足本职，表现突出。' });
    members.cells.set(at(method), { value: '集中点评' });
    await runExcel('检查', (ctx) => checkWorkbook(ctx, AS_OF));
    expect(lastRunSyncs(f.host)).toBeLessThanOrEqual(3);
    expect(marked(aspect1)).toBeUndefined();
    expect(marked(method)).toBeUndefined();
    expect(marked(achievements)?.fill).toBe(HIGHLIGHT_COLORS.warning.fill);
    // The template's own marks (填写状态, cells check would reject) are not the add-in's highlights.
    expect(members.conditionalFormats.filter((cf) => cf.formula === HIGHLIGHT_FORMULA).map((cf) => boxAddress(cf.box))).toEqual([achievements]);
  });

  test('marks on a protected sheet: unprotected for the edit and protected again with the same options', async () => {
    const f = fixture();
    await filledWorkbook(f);
    const org = sheetOf(f.host.book, ORG_FORM.sheetName);
    org.cells.set(key(1, columnOf(ORG_FORM, 'method').index), { value: '随便' });
    const options = { allowInsertRows: true, allowFormatRows: true, selectionMode: 'Normal' as const };
    org.protection = { ...options };
    const result = await runExcel('检查', (ctx) => checkWorkbook(ctx, AS_OF));
    expect(result.errors).toBeGreaterThan(0);
    expect(org.conditionalFormats.length).toBeGreaterThan(0);
    expect(org.protection).toEqual(options);
  });

  test('a workbook without _meta: the problem says to run 设置', async () => {
    fixture();
    const result = await runExcel('检查', (ctx) => checkWorkbook(ctx, AS_OF));
    expect(result.meta).toBeNull();
    expect(result.problems[0].message).toMatch(/_meta/);
  });

  test('clicking a problem selects its cell', async () => {
    const f = fixture();
    await filledWorkbook(f);
    await runExcel('定位', (ctx) => selectProblem(ctx, { sheet: MEMBER_FORM.sheetName, cell: 'H5' }));
    expect(f.host.book.selection).toEqual({ sheet: MEMBER_FORM.sheetName, address: 'H5' });
    expect(f.host.book.active).toBe(MEMBER_FORM.sheetName);
    // A problem of the hidden _meta sheet: nothing to select, and no error from Excel.
    await expect(runExcel('定位', (ctx) => selectProblem(ctx, { sheet: '_meta' }))).resolves.toBe('hidden');
    await expect(runExcel('定位', (ctx) => selectProblem(ctx, { sheet: '不存在' }))).resolves.toBe('missing');
  });

  test('cells are marked as column runs', () => {
    expect(compactRanges(['H2', 'H3', 'H4', 'J7', 'H6'])).toEqual(['H2:H4', 'H6', 'J7']);
    expect(new AddinError('office', '失败').message).toBe('失败');
  });
});

describe('检查 behaves as Excel lets it', () => {
  test("the user's own conditional formats survive: only the add-in's marks are removed", async () => {
    const f = fixture();
    await filledWorkbook(f);
    const members = sheetOf(f.host.book, MEMBER_FORM.sheetName);
    const method = cellOf(MEMBER_FORM, 'method', 3);
    members.cells.set(key(2, columnOf(MEMBER_FORM, 'method').index), { value: '开会点评' });
    // The user's rule over the whole column, and one exactly on the problem cell.
    const column = cellOf(MEMBER_FORM, 'method', 2).replace(/\d+$/, '');
    const own = [
      { box: parseAddress(`${column}2:${column}200`), type: 'Custom', formula: '=LEN(H2)>20', fill: '#C6EFCE' },
      { box: parseAddress(method), type: 'CellValue', formula: '', fill: '#000000' },
    ];
    members.conditionalFormats.push(...own);
    // The user's and the template's own (填写状态 and the marks of cells check would reject).
    const before = [...members.conditionalFormats];
    await runExcel('检查', (ctx) => checkWorkbook(ctx, AS_OF));
    expect(members.conditionalFormats.filter((cf) => boxAddress(cf.box) === method && cf.fill === HIGHLIGHT_COLORS.error.fill)).toHaveLength(1);
    members.cells.set(key(2, columnOf(MEMBER_FORM, 'method').index), { value: '集中点评' });
    await runExcel('检查', (ctx) => checkWorkbook(ctx, AS_OF));
    expect(members.conditionalFormats).toEqual(before);
    expect(before.slice(-own.length)).toEqual(own);
  });

  test('marks left by earlier builds (=TRUE with a mark fill) are cleared; a =TRUE format of another fill stays (the user made it)', async () => {
    const f = fixture();
    await filledWorkbook(f);
    const members = sheetOf(f.host.book, MEMBER_FORM.sheetName);
    const column = cellOf(MEMBER_FORM, 'method', 2).replace(/\d+$/, '');
    const users = { box: parseAddress(`${column}5`), type: 'Custom', formula: '=TRUE', fill: '#C6EFCE' };
    const before = [...members.conditionalFormats];
    members.conditionalFormats.push(
      { box: parseAddress(`${column}3`), type: 'Custom', formula: '=TRUE', fill: HIGHLIGHT_COLORS.error.fill, font: HIGHLIGHT_COLORS.error.font },
      { box: parseAddress(`${column}4`), type: 'Custom', formula: '=true', fill: HIGHLIGHT_COLORS.warning.fill.toLowerCase() },
      users,
    );
    await runExcel('检查', (ctx) => checkWorkbook(ctx, AS_OF));
    expect(members.conditionalFormats).toEqual([...before, users]);
  });

  test('a sheet protected with a password: every problem is still listed, the pane is told why nothing is marked there', async () => {
    const f = fixture();
    await filledWorkbook(f);
    const org = sheetOf(f.host.book, ORG_FORM.sheetName);
    org.cells.set(key(1, columnOf(ORG_FORM, 'method').index), { value: '随便' });
    org.protection = { allowInsertRows: true };
    org.protectionPassword = 'secret';
    const members = sheetOf(f.host.book, MEMBER_FORM.sheetName);
    members.cells.set(key(4, columnOf(MEMBER_FORM, 'method').index), { value: '开会点评' });
    const result = await runExcel('检查', (ctx) => checkWorkbook(ctx, AS_OF));
    expect(result.problems.filter((p) => p.severity === 'error').map((p) => p.sheet)).toEqual(
      expect.arrayContaining([ORG_FORM.sheetName, MEMBER_FORM.sheetName]),
    );
    expect(result.notMarked).toMatch(/未能解除「党组织点评」的工作表保护/);
    expect(result.notMarked).toMatch(/撤销工作表保护/);
    expect(org.protection).toEqual({ allowInsertRows: true });
    expect(org.conditionalFormats.filter((cf) => cf.formula === HIGHLIGHT_FORMULA)).toEqual([]);
  });

  test('a finalized workbook is not changed by 检查', async () => {
    const f = fixture();
    await filledWorkbook(f);
    const members = sheetOf(f.host.book, MEMBER_FORM.sheetName);
    // A 提示 (placeholder comment) does not block 定稿 but would be marked.
    members.cells.set(key(5, columnOf(MEMBER_FORM, 'achievements').index), { value: '无' });
    const done = await runExcel('定稿', (ctx) => finalizeOpenWorkbook(ctx, AS_OF, new Date(2010, 8, 20)));
    expect(done.ok).toBe(true);
    const before = JSON.stringify(serializeBook(f.host.book));
    const result = await runExcel('检查', (ctx) => checkWorkbook(ctx, AS_OF));
    expect(result.warnings).toBeGreaterThan(0);
    expect(result.notMarked).toMatch(/已定稿/);
    expect(JSON.stringify(serializeBook(f.host.book))).toBe(before);
  });
});
