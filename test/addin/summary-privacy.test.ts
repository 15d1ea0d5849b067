/**
 * The add-in's 生成汇总 shows no more than merge does: the canary branch file
 * (test/helpers/canaries.ts), read by the add-in through the fake Excel and rendered as the pane
 * renders it, holds no canary that merge's report of the same file does not hold — in any part
 * of the workbook it opens.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runExcel } from '../../addin/excel/run';
import { readReportModel } from '../../addin/excel/summary';
import { buildReportWorkbook } from '../../addin/report/exceljs-renderer';
import { mergeToFile } from '../../scripts/lib/commands/merge';
import { readXlsx } from '../../scripts/lib/xlsx/xlsx-reader';
import { type CanaryFixture, canariesIn, canaryFixture } from '../helpers/canaries';
import { unzipEntries } from '../helpers/zip';
import { createFakeHost, installFakeOffice } from './fake-excel';
import { fakeBookOf } from './grids-of-fake';

let fx: CanaryFixture;

beforeAll(async () => {
  fx = await canaryFixture();
}, 60_000);

afterAll(() => fs.rm(fx.dir, { recursive: true, force: true }));

test('生成汇总 holds no canary that merge’s report of the same file does not', async () => {
  const report = path.join(fx.dir, '汇总.xlsx');
  await mergeToFile([fx.inbox], report, { roster: fx.roster, stage: '全面争创' });
  const byMerge = canariesIn(await unzipEntries(await fs.readFile(report)), fx.canaries.keys());

  const grids = (await readXlsx(await fs.readFile(fx.file), fx.file)).grids;
  installFakeOffice(createFakeHost(fakeBookOf(grids)));
  const model = await runExcel('生成汇总', (ctx) => readReportModel(ctx, '2030-01-01', path.basename(fx.file)));
  const bytes = Buffer.from(await buildReportWorkbook(model).xlsx.writeBuffer());
  const byAddin = canariesIn(await unzipEntries(bytes), fx.canaries.keys());

  // The add-in's report is the internal one: it does hold the canaries of the rows it reports.
  expect(byAddin.size).toBeGreaterThan(fx.canaries.size / 2);
  const more = [...byAddin].filter(([c]) => !byMerge.has(c)).map(([c, parts]) => `${fx.canaries.get(c)} in ${parts.join(', ')}`);
  expect(more).toEqual([]);
}, 60_000);
