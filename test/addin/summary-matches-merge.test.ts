/**
 * 生成汇总 and the merge agree: the same filled branch file, read by the merge (Node, from the
 * xlsx) and by the add-in (through the fake, from the same cells), gives the same 汇总 row and the
 * same detail rows, examples and gaps.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runExcel } from '../../addin/excel/run';
import { readReportModel } from '../../addin/excel/summary';
import { sampleSchool } from '../../scripts/lib/demo/sample';
import { buildMergeModel } from '../../scripts/lib/commands/merge';
import { writeBranchTemplates } from '../../scripts/lib/commands/template';
import { readXlsx } from '../../scripts/lib/xlsx/xlsx-reader';
import { createFakeHost, installFakeOffice } from './fake-excel';
import { fakeBookOf } from './grids-of-fake';
import { STAGE } from './helpers';
import { branchInput, fillFile, tempDir } from '../helpers/workbooks';

test('the add-in builds the rows the merge builds for the same branch file', async () => {
  const dir = await tempDir('addin-summary');
  const school = sampleSchool(11, { branches: 1, membersPerBranch: 6 });
  const templates = await writeBranchTemplates(school.roster, STAGE, path.join(dir, 'issued'));
  const t = templates.files[0];
  const inbox = path.join(dir, 'inbox');
  const input = branchInput(school, t.branch, STAGE, 5, (x) => (x.member[1].aspect2 = undefined));
  const filled = await fs.readFile(await fillFile(t.file, path.join(inbox, 'branch.xlsx'), input));

  const merged = await buildMergeModel([inbox], { roster: school.roster, stage: STAGE });
  const host = createFakeHost(fakeBookOf((await readXlsx(filled, 'branch.xlsx')).grids));
  installFakeOffice(host);
  const mine = await runExcel('生成汇总', (ctx) => readReportModel(ctx, '2030-01-01', 'branch.xlsx'));

  expect(mine.referenceDate).toBe(merged.referenceDate);
  expect(mine.summary).toEqual(merged.summary);
  expect(mine.summary[0].membersReviewed).toBe(5);
  expect(mine.org).toEqual(merged.org);
  expect(mine.member).toEqual(merged.member);
  expect(mine.rectification).toEqual(merged.rectification);
  expect(mine.schedule).toEqual(merged.schedule);
  expect(mine.examples).toEqual(merged.examples);
  expect(mine.uncovered).toEqual(merged.uncovered);
  expect(mine.problems.map((p) => `${p.sheet}!${p.cell} ${p.message}`)).toEqual(
    expect.arrayContaining(merged.problems.filter((p) => p.cell).map((p) => `${p.sheet}!${p.cell} ${p.message}`)),
  );
});
