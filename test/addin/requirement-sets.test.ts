/**
 * The manifest declares the lowest ExcelApi set that 检查, 覆盖情况 and 定稿 of an issued workbook
 * need, and everything newer is used only where the host has it. The fake refuses, with
 * ApiNotFound, any member of a set newer than the host's (the sets are Microsoft's, see
 * docs/addin.md), so these tests run each action on a host of exactly the declared set.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkWorkbook } from '../../addin/excel/check';
import { computeCoverage } from '../../addin/excel/coverage';
import { finalizeOpenWorkbook, reopenWorkbook } from '../../addin/excel/finalize';
import { insertForms } from '../../addin/excel/insert-forms';
import { officeProtection } from '../../addin/excel/office-layout';
import { runExcel } from '../../addin/excel/run';
import { readSetup, saveSetup } from '../../addin/excel/setup';
import { canCreateWorkbook, insertSummarySheets } from '../../addin/excel/summary';
import { MEMBER_FORM } from '../../addin/forms/branch-forms';
import { columnOf } from '../../addin/forms/form';
import { branchLayouts } from '../../addin/forms/layout';
import { key } from './fake-excel';
import { AS_OF, type Fixture, filledWorkbook, fixture, sheetOf } from './helpers';

async function declaredMinor(): Promise<number> {
  const xml = await fs.readFile(path.resolve(__dirname, '..', '..', 'manifest.xml'), 'utf8');
  const m = /<Set Name="ExcelApi" MinVersion="1\.(\d+)"\/>/.exec(xml);
  if (!m) throw new Error('no ExcelApi MinVersion in manifest.xml');
  return Number(m[1]);
}

/** A workbook as the office issues it and a secretary fills it: every form sheet protected. */
async function issuedAndFilled(): Promise<Fixture> {
  const f = fixture();
  await filledWorkbook(f);
  for (const layout of branchLayouts(f.ctx)) {
    const sheet = f.host.book.sheets.find((s) => s.name === layout.name);
    if (sheet && layout.protection) sheet.protection = officeProtection(layout.protection);
  }
  const members = sheetOf(f.host.book, MEMBER_FORM.sheetName);
  members.cells.set(key(3, columnOf(MEMBER_FORM, 'achievements').index), { value: '无' });
  return f;
}

test('manifest.xml declares ExcelApi 1.7', async () => {
  expect(await declaredMinor()).toBe(7);
});

test('on a host of exactly the declared set: 检查 (with marks), 覆盖情况, 定稿, 取消定稿 and 设置 all work', async () => {
  const f = await issuedAndFilled();
  f.host.apiVersion = await declaredMinor();
  const check = await runExcel('检查', (ctx) => checkWorkbook(ctx, AS_OF));
  expect(check.errors).toBe(0);
  expect(check.highlighted).toBeGreaterThan(0);
  expect(check.notMarked).toBeUndefined();
  const coverage = await runExcel('覆盖情况', (ctx) => computeCoverage(ctx, AS_OF));
  expect(coverage.summary.membersReviewed).toBe(f.ctx.members.length);
  await expect(runExcel('定稿', (ctx) => finalizeOpenWorkbook(ctx, AS_OF, new Date(2010, 8, 20)))).resolves.toMatchObject({ ok: true });
  await expect(runExcel('取消定稿', (ctx) => reopenWorkbook(ctx, AS_OF))).resolves.toMatchObject({ finalizedAt: undefined });
  await runExcel('保存设置', (ctx) => saveSetup(ctx, f.meta));
  expect((await runExcel('读取设置', (ctx) => readSetup(ctx))).meta).toEqual(f.meta);
});

test('one set below the declared one, 定稿 of an issued workbook cannot unprotect its sheets (WorksheetProtection.unprotect is ExcelApi 1.7)', async () => {
  const f = await issuedAndFilled();
  f.host.apiVersion = (await declaredMinor()) - 1;
  await expect(runExcel('定稿', (ctx) => finalizeOpenWorkbook(ctx, AS_OF, new Date(2010, 8, 20)))).rejects.toThrow(/定稿失败/);
});

test('ExcelApi 1.7: 插入点评表 writes the forms without dropdowns and says so; 生成汇总 falls back to sheets in this workbook', async () => {
  const f = fixture();
  f.host.apiVersion = 7;
  const result = await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
  expect(result.added).toEqual(branchLayouts(f.ctx).map((l) => l.name));
  expect(result.unavailable.join('')).toMatch(/不能写入下拉列表.*请尽量使用办公室下发的点评表/);
  for (const layout of branchLayouts(f.ctx)) {
    const sheet = sheetOf(f.host.book, layout.name);
    expect(sheet.validations).toEqual([]);
    expect(sheet.protection).not.toBeNull();
    expect(sheet.freeze).toEqual(layout.freeze);
  }
  expect(canCreateWorkbook()).toBe(false);
  const added = await runExcel('生成汇总', (ctx) =>
    insertSummarySheets(ctx, [{ name: '汇总', values: [['学校'], ['某校']], numberFormats: [['@'], ['@']], widths: [60], headerRows: 1 }]),
  );
  expect(added).toEqual(['汇总·汇总']);
});

test('ExcelApi 1.9: nothing is unavailable', async () => {
  const f = fixture();
  const result = await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
  expect(result.unavailable).toEqual([]);
});
