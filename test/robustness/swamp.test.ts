/**
 * One file can never swamp the run: rows are held sparsely, a sheet beyond the budgets is
 * refused with a reason, and a file's problems are listed up to PROBLEMS_LISTED and counted
 * beyond. (A worker that dies is test/scripts/load/worker-death.test.ts.)
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { cellAt } from '../../addin/forms/cell';
import { allProblems, isBranchRead, readBranchWorkbook } from '../../addin/forms/read/branch-reader';
import { checkJson, formatCheckText } from '../../scripts/lib/commands/check';
import { mergeToFile } from '../../scripts/lib/commands/merge';
import { PROBLEMS_LISTED } from '../../scripts/lib/load/outline';
import { readXlsx } from '../../scripts/lib/xlsx/xlsx-reader';
import { checkCorpus, expectCheckCase, expectGoodRead, fixture, goodFiles, runInFolder, tempDir } from './helpers/corpus';
import { SWAMP_CASES, farColumnSheetsFile, farColumnsFile, problemFloodFile } from './cases/swamp';

jest.setTimeout(180_000);

const CLI = path.join(__dirname, '../../build/scripts/bin/review-forms.js');
let flood: Buffer;
const dirs: string[] = [];

beforeAll(async () => {
  const fx = await fixture();
  // 300 rows of a value no field takes, in 21 columns: some 5,000 problems.
  flood = await problemFloodFile(fx.good[2], 300);
});

afterAll(async () => {
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

describe('a file beyond a budget is refused with a reason', () => {
  test.each(SWAMP_CASES)('$id', async (c) => {
    const run = await expectCheckCase(c, await fixture());
    dirs.push(run.workDir);
  });
});

describe('rows are held sparsely', () => {
  it('a row with cells at AMJ and CVC holds two cells, not 2,603', async () => {
    const fx = await fixture();
    const data = await readXlsx(await farColumnsFile(fx.good[1], 100), 'far.xlsx');
    const rows = data.grids.find((g) => g.name === '附表')?.rows ?? [];
    expect(rows).toHaveLength(100);
    for (const row of rows) {
      expect(row.cols).toEqual([1023, 2602]);
      expect(row.values).toEqual([row.r, row.r]);
    }
    expect(cellAt(rows[9], 2602)).toBe(10);
    expect(cellAt(rows[9], 2601)).toBeNull();
  });
});

describe("a file's problems: the first PROBLEMS_LISTED listed, all counted", () => {
  it('check lists 200, says how many more, and counts every one (text and --json)', async () => {
    const fx = await fixture();
    const read = readBranchWorkbook((await readXlsx(flood, 'flood.xlsx')).grids, { asOf: fx.asOf });
    if (!isBranchRead(read)) throw new Error('the flood is a branch workbook');
    const all = allProblems(read);
    const errors = all.filter((p) => p.severity === 'error').length;
    expect(all.length).toBeGreaterThan(PROBLEMS_LISTED * 10);

    const run = await checkCorpus([...goodFiles(fx), { name: 'flood.xlsx', data: flood }], fx);
    dirs.push(run.workDir);
    expectGoodRead(run, fx);
    const f = run.file('flood.xlsx');
    expect(f.problems).toHaveLength(PROBLEMS_LISTED);
    expect(f.problems.map((p) => p.message)).toEqual(all.slice(0, PROBLEMS_LISTED).map((p) => p.message));
    expect(run.result.errors).toBe(errors);
    expect(run.result.warnings).toBe(all.length - errors);
    const rest = all.length - PROBLEMS_LISTED;
    expect(f.unlisted).toEqual({ errors: errors - f.problems.filter((p) => p.severity === 'error').length, warnings: expect.any(Number) });
    expect((f.unlisted?.errors ?? 0) + (f.unlisted?.warnings ?? 0)).toBe(rest);

    const text = formatCheckText(run.result).split('\n');
    const at = text.findIndex((l) => l.includes(`另有 ${rest} 个问题未列出`));
    expect(at).toBeGreaterThan(0);
    expect(text.slice(0, at).filter((l) => l.startsWith('  ') && l.includes('flood.xlsx!'))).toHaveLength(PROBLEMS_LISTED);
    expect(text.at(-1)).toContain(`${errors} 个错误，${all.length - errors} 个提示`);

    const json = checkJson(run.result).filter((p) => p.file.endsWith('flood.xlsx'));
    expect(json).toHaveLength(PROBLEMS_LISTED + 1);
    expect(json.at(-1)).toMatchObject({ rule: 'problems-unlisted', unlisted: f.unlisted, message: expect.stringContaining(`另有 ${rest} 个问题未列出`) });
  });

  it("merge's 问题清单 lists 200 of the file and one line for the rest; the summary counts every problem", async () => {
    const fx = await fixture();
    const checked = await checkCorpus([{ name: 'flood.xlsx', data: flood }], fx, { roster: true });
    dirs.push(checked.workDir);
    const merged = await runInFolder([...goodFiles(fx), { name: 'flood.xlsx', data: flood }], async (inputDir, workDir) => {
      const out = path.join(workDir, 'out', '汇总.xlsx');
      await fs.mkdir(path.dirname(out));
      return { summary: await mergeToFile([inputDir], out, { roster: fx.roster }), out };
    });
    dirs.push(merged.workDir);
    expect(merged.summary.errors).toBe(checked.result.errors);
    expect(merged.summary.warnings).toBe(checked.result.warnings);
    const grid = (await readXlsx(await fs.readFile(merged.out), 'report.xlsx')).grids.find((g) => g.name === '问题清单');
    const rows = (grid?.rows ?? []).filter((r) => cellAt(r, 0) === 'flood.xlsx');
    expect(rows).toHaveLength(PROBLEMS_LISTED + 1);
    const unlisted = checked.result.errors + checked.result.warnings - PROBLEMS_LISTED;
    expect(cellAt(rows[PROBLEMS_LISTED], 4)).toMatch(new RegExp(`^另有 ${unlisted} 个问题未列出（错误 \\d+ 个，提示 \\d+ 个）`));
  });
});

describe('memory stays bounded (a guard, measured in a child process)', () => {
  it('check of four problem floods and a far-column sheet peaks far below what every problem kept would take', async () => {
    const fx = await fixture();
    const dir = await tempDir('swamp-memory-');
    dirs.push(dir);
    // 8,000 bad rows each: 136,000 problems a file, about 170 MB a file if every one were kept.
    const big = await problemFloodFile(fx.good[2], 8000);
    for (let i = 1; i <= 4; i++) await fs.writeFile(path.join(dir, `flood-${i}.xlsx`), big);
    // 9,000 rows with one value at column AMJ: within the used range, read.
    await fs.writeFile(path.join(dir, 'far.xlsx'), await farColumnSheetsFile(fx.good[1], 1, 9000));
    const script = [
      `const { main } = require(${JSON.stringify(CLI)});`,
      `main(['node', 'review-forms', 'check', ${JSON.stringify(dir)}, '--as-of', ${JSON.stringify(fx.asOf)}])`,
      '.then((code) => process.stderr.write(JSON.stringify({ code, peakMb: process.resourceUsage().maxRSS / 1024 })));',
    ].join('');
    // check exits with 1 (the floods have errors): the output is read either way.
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve) =>
      execFile(process.execPath, ['-e', script], { maxBuffer: 64 * 1024 * 1024 }, (_err, out, err) => resolve({ stdout: out, stderr: err })),
    );
    const { code, peakMb } = JSON.parse(stderr) as { code: number; peakMb: number };
    expect(code).toBe(1);
    expect(stdout.match(/另有 \d+ 个问题未列出/g)).toHaveLength(4);
    expect(stdout).toMatch(/far\.xlsx（.*）\n {2}未发现问题/);
    // Measured at about 190 MB; every problem kept took 680 MB.
    expect(peakMb).toBeLessThan(450);
  });
});
