import { computeCoverage } from '../../addin/excel/coverage';
import { readReportModel } from '../../addin/excel/summary';
import { finalizeOpenWorkbook, reopenWorkbook } from '../../addin/excel/finalize';
import { localTimestamp } from '../../addin/forms/instants';
import { insertForms } from '../../addin/excel/insert-forms';
import { runExcel } from '../../addin/excel/run';
import { readSelection, readSetup, saveSetup } from '../../addin/excel/setup';
import { membersTextOf, metaFromSetup, parseMembers, setupInputOf } from '../../addin/excel/setup-model';
import { contentDigestOf, isBranchRead, readBranchWorkbook } from '../../addin/forms/read/branch-reader';
import { columnOf } from '../../addin/forms/form';
import { branchLayouts } from '../../addin/forms/layout';
import { MEMBER_FORM, RECTIFICATION_FORM, SCHEDULE_FORM } from '../../addin/forms/branch-forms';
import { isLocked, key, putSheet } from './fake-excel';
import { AS_OF, filledWorkbook, fixture, lastRunSyncs, sampleRows, sheetOf, typeIntoPrefilled, typeRows } from './helpers';
import { gridsOfFake } from './grids-of-fake';

const NOW = new Date(2010, 8, 20, 10, 0, 0);

describe('定稿 / 取消定稿', () => {
  test('refused while errors remain; nothing is written', async () => {
    const f = fixture();
    await filledWorkbook(f);
    const members = sheetOf(f.host.book, MEMBER_FORM.sheetName);
    delete members.cells.get(key(1, columnOf(MEMBER_FORM, 'aspect2').index))?.value;
    const result = await runExcel('定稿', (ctx) => finalizeOpenWorkbook(ctx, AS_OF, NOW));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toBeGreaterThan(0);
    expect(members.protection).toBeNull();
  });

  test('stamps time and digest in _meta (the digest the merge computes), locks the forms; reopen restores', async () => {
    const f = fixture();
    await filledWorkbook(f);
    const result = await runExcel('定稿', (ctx) => finalizeOpenWorkbook(ctx, AS_OF, NOW));
    expect(lastRunSyncs(f.host)).toBeLessThanOrEqual(3);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.finalizedAt).toBe(localTimestamp(NOW));
    const read = readBranchWorkbook(gridsOfFake(f.host.book), { asOf: AS_OF });
    if (!isBranchRead(read)) throw new Error('not a branch workbook');
    expect(read.meta.finalizedAt).toBe(result.finalizedAt);
    expect(read.meta.contentDigest).toBe(contentDigestOf(read.forms, read.meta));
    expect(read.problems.map((p) => p.rule)).not.toContain('editedAfterFinalize');
    const members = sheetOf(f.host.book, MEMBER_FORM.sheetName);
    expect(members.protection).toMatchObject({ allowInsertRows: false, allowFormatCells: false });
    expect(isLocked(members, 5, columnOf(MEMBER_FORM, 'aspect1').index)).toBe(true);

    // Finalizing twice is refused; so is inserting.
    await expect(runExcel('定稿', (ctx) => finalizeOpenWorkbook(ctx, AS_OF, NOW))).rejects.toThrow(/已于 .* 定稿/);
    await expect(runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta))).rejects.toThrow(/已定稿/);

    const reopened = await runExcel('取消定稿', (ctx) => reopenWorkbook(ctx, AS_OF));
    expect(lastRunSyncs(f.host)).toBeLessThanOrEqual(3);
    expect(reopened.finalizedAt).toBeUndefined();
    const again = readBranchWorkbook(gridsOfFake(f.host.book), { asOf: AS_OF });
    if (!isBranchRead(again)) throw new Error('not a branch workbook');
    expect(again.meta.finalizedAt).toBeUndefined();
    expect(again.meta.contentDigest).toBeUndefined();
    const layout = branchLayouts(f.ctx).find((l) => l.name === MEMBER_FORM.sheetName);
    expect(members.protection).toMatchObject({ allowInsertRows: true, allowFormatCells: false });
    expect(isLocked(members, 5, columnOf(MEMBER_FORM, 'aspect1').index)).toBe(false);
    expect(isLocked(members, 1, columnOf(MEMBER_FORM, 'name').index)).toBe(true);
    expect(isLocked(members, 0, 0)).toBe(true);
    expect(layout).toBeDefined();
  });

  test('a sheet that cannot be unlocked (a password): 定稿 fails, says why, and stamps nothing', async () => {
    const f = fixture();
    await filledWorkbook(f);
    const members = sheetOf(f.host.book, MEMBER_FORM.sheetName);
    members.protection = { allowInsertRows: true };
    members.protectionPassword = 'secret';
    const attempt = runExcel('定稿', (ctx) => finalizeOpenWorkbook(ctx, AS_OF, NOW));
    await expect(attempt).rejects.toThrow(/定稿失败：未能解除「党员点评」的工作表保护，可能设有密码。.*本工作簿没有定稿/);
    const read = readBranchWorkbook(gridsOfFake(f.host.book), { asOf: AS_OF });
    if (!isBranchRead(read)) throw new Error('not a branch workbook');
    expect(read.meta.finalizedAt).toBeUndefined();
    expect(read.meta.contentDigest).toBeUndefined();
    // Once the password is lifted, 定稿 goes through.
    members.protection = null;
    members.protectionPassword = undefined;
    await expect(runExcel('定稿', (ctx) => finalizeOpenWorkbook(ctx, AS_OF, NOW))).resolves.toMatchObject({ ok: true });
  });

  test('refused for a workbook with no review yet (尚未填写), even with its plan filled', async () => {
    const f = fixture();
    await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
    const untouched = await runExcel('定稿', (ctx) => finalizeOpenWorkbook(ctx, AS_OF, NOW));
    expect(untouched.ok ? [] : untouched.problems.map((p) => p.rule)).toEqual(['notFilled']);
    typeIntoPrefilled(f.host.book, SCHEDULE_FORM, sampleRows(f).schedule, 'object');
    const planned = await runExcel('定稿', (ctx) => finalizeOpenWorkbook(ctx, AS_OF, NOW));
    expect(planned.ok ? [] : planned.problems.filter((p) => p.severity === 'error').map((p) => p.rule)).toEqual(['notFilled']);
    const read = readBranchWorkbook(gridsOfFake(f.host.book), { asOf: AS_OF });
    expect(isBranchRead(read) && read.meta.finalizedAt).toBeUndefined();
  });

  test('reopening a workbook that is not finalized is refused', async () => {
    const f = fixture();
    await filledWorkbook(f);
    await expect(runExcel('取消定稿', (ctx) => reopenWorkbook(ctx, AS_OF))).rejects.toThrow(/还没有定稿/);
  });
});

describe('覆盖情况 (computeCoverage)', () => {
  test('counts reviewed members, methods, open and overdue items in 2 syncs, against the stage reference date as merge does', async () => {
    const f = fixture({ membersPerBranch: 300 });
    await filledWorkbook(f);
    const members = sheetOf(f.host.book, MEMBER_FORM.sheetName);
    // Two members not reviewed yet: their rows only hold the pre-filled cells.
    for (const row of [3, 4]) {
      for (const c of MEMBER_FORM.columns) if (!c.meta.prefilled) members.cells.delete(key(row - 1, c.index));
    }
    // The stage's 上报截止 is 2010-09-30: an item due before it is overdue, one due after it is not,
    // though both are before "today" (AS_OF, 2010-10-15).
    expect(f.meta.reportDue).toBe('2010-09-30');
    const item = { objectKind: '党员', object: f.ctx.members[0].name, issue: '学习不够', measures: '每周学习', owner: f.ctx.members[0].name, status: '未整改' };
    typeRows(
      f.host.book,
      RECTIFICATION_FORM,
      [
        { ...item, dueDate: '2010-09-20' },
        { ...item, issue: '联系群众不够', dueDate: '2010-10-10' },
      ],
      3,
    );
    const coverage = await runExcel('覆盖情况', (ctx) => computeCoverage(ctx, AS_OF));
    expect(lastRunSyncs(f.host)).toBeLessThanOrEqual(3);
    expect(coverage.summary.membersExpected).toBe(300);
    expect(coverage.summary.membersReviewed).toBe(298);
    expect(coverage.unreviewed).toEqual([f.ctx.members[1].name, f.ctx.members[2].name]);
    expect(coverage.summary.concentrated + coverage.summary.onSite + coverage.summary.talk).toBe(299);
    expect(coverage.open).toBe(3);
    expect(coverage.asOf).toBe('2010-09-30');
    expect(coverage.overdueItems).toEqual([{ object: f.ctx.members[0].name, dueDate: '2010-09-20' }]);
    // The same figure as 生成汇总 (and so the merge report) gives.
    const model = await runExcel('生成汇总', (ctx) => readReportModel(ctx, AS_OF, 'x.xlsx'));
    expect(model.summary[0].overdue).toBe(coverage.overdueItems.length);
  });
});

describe('设置 (setup)', () => {
  test('a workbook not from template: setup typed in the pane is saved to _meta and read back', async () => {
    const f = fixture();
    expect((await runExcel('读取设置', (ctx) => readSetup(ctx))).meta).toBeNull();
    const input = {
      ...setupInputOf(null),
      unit: '某某学校',
      branch: '语文党小组',
      stage: '全面争创',
      stageStart: '2010-08-01',
      stageEnd: '2010年9月30日',
      liaison: '王校长',
      members: '张三\t语文教师\t教师\n李四, 会计, 管理\n',
    };
    const built = metaFromSetup(input, null);
    if (!('meta' in built)) throw new Error(JSON.stringify(built.errors));
    await runExcel('保存设置', (ctx) => saveSetup(ctx, built.meta));
    expect(lastRunSyncs(f.host)).toBeLessThanOrEqual(3);
    const read = await runExcel('读取设置', (ctx) => readSetup(ctx));
    expect(read.problem).toBeUndefined();
    expect(read.meta).toEqual(built.meta);
    expect(read.meta?.stageEnd).toBe('2010-09-30');
    expect(read.meta?.members.map((m) => m.name)).toEqual(['张三', '李四']);
  });

  test('members pasted on a sheet are read from the selection', async () => {
    const f = fixture();
    putSheet(f.host.book, '名单', 'B2', [
      ['姓名', '职务/岗位', '岗位类别'],
      ['王五', '数学教师', '教师'],
      ['赵六', null, null],
      [null, null, null],
    ]);
    f.host.book.selection = { sheet: '名单', address: 'B2:D5' };
    const rows = await runExcel('读取选中区域', (ctx) => readSelection(ctx));
    expect(lastRunSyncs(f.host)).toBe(1);
    const text = membersTextOf(rows);
    expect(text).toBe('王五\t数学教师\t教师\n赵六');
    expect(parseMembers(text).members).toEqual([
      { name: '王五', post: '数学教师', category: '教师' },
      { name: '赵六', post: undefined, category: undefined },
    ]);
  });

  test('whole columns selected (A:C): only the used cells are loaded, not three million', async () => {
    const f = fixture();
    putSheet(f.host.book, '名单', 'A1', [
      ['姓名', '职务/岗位', '岗位类别'],
      ['王五', '数学教师', '教师'],
      ['赵六', '会计', '管理'],
    ]);
    f.host.book.selection = { sheet: '名单', address: 'A:C' };
    const rows = await runExcel('读取选中区域', (ctx) => readSelection(ctx));
    expect(membersTextOf(rows)).toBe('王五\t数学教师\t教师\n赵六\t会计\t管理');
    f.host.book.selection = { sheet: '名单', address: 'F:H' };
    await expect(runExcel('读取选中区域', (ctx) => readSelection(ctx))).rejects.toThrow(/请先在工作表中选中党员名单/);
  });

  test('_meta is found whatever the case of its name, as Excel matches sheet names', async () => {
    const f = fixture();
    await runExcel('保存设置', (ctx) => saveSetup(ctx, f.meta));
    sheetOf(f.host.book, '_meta').name = '_Meta';
    expect((await runExcel('读取设置', (ctx) => readSetup(ctx))).meta).toEqual(f.meta);
    // Saving again and inserting the forms write into that sheet instead of adding a second one.
    await runExcel('保存设置', (ctx) => saveSetup(ctx, f.meta));
    await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
    expect(f.host.book.sheets.filter((s) => s.name.toLowerCase() === '_meta').map((s) => s.name)).toEqual(['_Meta']);
  });

  test('missing fields and bad members get Chinese messages', () => {
    const built = metaFromSetup({ ...setupInputOf(null), members: '张三\t教师\t厨师\n张三' }, null);
    expect('errors' in built && built.errors).toMatchObject({
      unit: '请填写单位名称',
      branch: '请填写党小组名称',
      stageStart: expect.stringMatching(/开始日期/),
    });
    expect(parseMembers('张三\t教师\t厨师\n张三').errors).toEqual([expect.stringMatching(/岗位类别“厨师”/), expect.stringMatching(/“张三”重复/)]);
  });
});
