/**
 * The sync budget of every user action on a 300-member branch: each is one Excel.run with at most
 * three `context.sync()` calls (all reads of a phase queued before one sync, no sync in a loop).
 */
import { checkWorkbook } from '../../addin/excel/check';
import { computeCoverage } from '../../addin/excel/coverage';
import { finalizeOpenWorkbook, reopenWorkbook } from '../../addin/excel/finalize';
import { insertForms } from '../../addin/excel/insert-forms';
import { runExcel } from '../../addin/excel/run';
import { readSetup, saveSetup } from '../../addin/excel/setup';
import { AS_OF, filledWorkbook, fixture, lastRunSyncs } from './helpers';

test('300 members: insert, check, coverage, finalize, reopen and setup each take at most 3 syncs', async () => {
  const f = fixture({ membersPerBranch: 300 });
  const syncs: Record<string, number> = {};
  await runExcel('插入点评表', (ctx) => insertForms(ctx, f.meta));
  syncs.insert = lastRunSyncs(f.host);
  await filledWorkbook(f);
  syncs.repair = f.host.runs[f.host.runs.length - 1].syncs;
  const check = await runExcel('检查', (ctx) => checkWorkbook(ctx, AS_OF));
  syncs.check = lastRunSyncs(f.host);
  expect(check.errors).toBe(0);
  await runExcel('覆盖情况', (ctx) => computeCoverage(ctx, AS_OF));
  syncs.coverage = lastRunSyncs(f.host);
  const done = await runExcel('定稿', (ctx) => finalizeOpenWorkbook(ctx, AS_OF, new Date()));
  expect(done.ok).toBe(true);
  syncs.finalize = lastRunSyncs(f.host);
  await runExcel('取消定稿', (ctx) => reopenWorkbook(ctx, AS_OF));
  syncs.reopen = lastRunSyncs(f.host);
  await runExcel('读取设置', (ctx) => readSetup(ctx));
  syncs.readSetup = lastRunSyncs(f.host);
  await runExcel('保存设置', (ctx) => saveSetup(ctx, f.meta));
  syncs.saveSetup = lastRunSyncs(f.host);
  expect(syncs).toEqual({ insert: 3, repair: 3, check: 3, coverage: 2, finalize: 3, reopen: 3, readSetup: 2, saveSetup: 3 });
});
