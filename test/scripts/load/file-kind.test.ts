/**
 * What a workbook is, told by its sheets: the demo's roster, branch files, report, 公开版 and
 * printed forms each for what it is; check names a roster, 公开版 or printed forms among the
 * returned files for what it is (not 缺少 _meta), and a roster that is a report says so.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runCheck } from '../../../scripts/lib/commands/check';
import type { DemoResult } from '../../../scripts/lib/demo/demo';
import { workbookKind } from '../../../scripts/lib/load/file-kind';
import { readRosterFile } from '../../../scripts/lib/workbook/roster-file';
import { readXlsx } from '../../../scripts/lib/xlsx/xlsx-reader';
import { demoIn } from '../../helpers/demo';
import { tempDir } from '../../helpers/workbooks';

let root: string;
let demo: DemoResult;

beforeAll(async () => {
  root = await tempDir('file-kind');
  demo = await demoIn(path.join(root, 'demo'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const kindOf = async (file: string) => workbookKind((await readXlsx(await fs.readFile(file), file)).grids);

test('each of the demo files for what it is', async () => {
  const branch = path.join(demo.returned, (await fs.readdir(demo.returned))[0]);
  expect(await kindOf(demo.roster)).toBe('roster');
  expect(await kindOf(branch)).toBe('branch');
  expect(await kindOf(demo.report)).toBe('report');
  expect(await kindOf(demo.publicReport)).toBe('public');
  expect(await kindOf(demo.printed[0])).toBe('printed');
});

test('check names a roster, a 公开版 and printed forms for what they are', async () => {
  const { roster } = await readRosterFile(demo.roster);
  const outcome = await runCheck([demo.roster, demo.publicReport, demo.printed[0]], { roster, asOf: '2010-09-30' });
  const rules = new Map(outcome.files.map((f) => [path.basename(f.file), [f.status, f.problems.map((p) => p.rule)]]));
  expect(rules.get(path.basename(demo.roster))).toEqual(['rejected', ['file-is-roster']]);
  expect(rules.get(path.basename(demo.publicReport))).toEqual(['rejected', ['file-is-public']]);
  expect(rules.get(path.basename(demo.printed[0]))).toEqual(['rejected', ['file-is-printed']]);
});

test('a report or a branch file given as the roster is named for what it is', async () => {
  await expect(readRosterFile(demo.report)).rejects.toMatchObject({ reason: 'roster-is-other', message: expect.stringMatching(/是汇总表，不是名单/) });
  const branch = path.join(demo.returned, (await fs.readdir(demo.returned))[0]);
  await expect(readRosterFile(branch)).rejects.toMatchObject({ reason: 'roster-is-other', message: expect.stringMatching(/是党小组的点评表，不是名单/) });
});
