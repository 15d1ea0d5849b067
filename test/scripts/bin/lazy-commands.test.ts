/**
 * check and merge never load exceljs (half a second of start-up, and its memory): each command's
 * module is imported only when that command runs. The compiled CLI runs in a child process with
 * a preload that reports, at exit, every module loaded from exceljs.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sampleSchool } from '../../../scripts/lib/demo/sample';
import { writeRosterFile } from '../../../scripts/lib/workbook/roster-file';
import { writeBranchTemplates } from '../../../scripts/lib/commands/template';
import { tempDir } from '../../helpers/workbooks';

const CLI = path.resolve(__dirname, '../../../build/scripts/bin/review-forms.js');
const PROBE = [
  "process.on('exit', () => {",
  "  const m = Object.keys(require.cache).filter((k) => k.includes('/node_modules/exceljs/'));",
  "  process.stderr.write('\\nEXCELJS-MODULES ' + m.length + '\\n');",
  '});',
].join('\n');

let dir: string;
let probe: string;

beforeAll(async () => {
  dir = await tempDir('lazy');
  probe = path.join(dir, 'probe.js');
  await fs.writeFile(probe, PROBE);
  const school = sampleSchool(7, { branches: 2, membersPerBranch: 3 });
  await writeRosterFile(path.join(dir, '名单.xlsx'), school.roster);
  await writeBranchTemplates(school.roster, school.roster.stages[1].name, path.join(dir, '下发'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

function exceljsModules(args: string[]): Promise<{ modules: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--require', probe, CLI, ...args], { cwd: dir }, (error, _stdout, stderr) => {
      const m = /EXCELJS-MODULES (\d+)/.exec(stderr);
      if (!m) return reject(new Error(`no probe output (${error?.message ?? ''}): ${stderr}`));
      resolve({ modules: Number(m[1]), stderr });
    });
  });
}

test('check and merge run without loading exceljs', async () => {
  const check = await exceljsModules(['check', '下发', '--roster', '名单.xlsx', '--as-of', '2010-12-31']);
  expect(check.stderr).not.toContain('程序出错');
  expect(check.modules).toBe(0);
  const merge = await exceljsModules(['merge', '下发', '--roster', '名单.xlsx', '--out', '汇总.xlsx']);
  expect(merge.stderr).toContain('汇总');
  expect(merge.modules).toBe(0);
  expect(await fs.stat(path.join(dir, '汇总.xlsx'))).toBeTruthy();
});

test('the probe sees exceljs where a command does load it (init writes with exceljs)', async () => {
  const init = await exceljsModules(['init', '--out', '空白名单.xlsx']);
  expect(init.modules).toBeGreaterThan(0);
});
