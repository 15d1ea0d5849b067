/**
 * Where outputs go, as a user meets it: `template` keeps files that exist (a folder of returned
 * forms is never blanked), merge skips its own earlier report among its inputs, annotated copies
 * beside their originals never compete with them, and an output that cannot be written gets a
 * Chinese reason and exit code 2 (never 程序出错), while a missing output folder is made.
 */
import { cellAt } from '../../addin/forms/cell';
import { denseLine } from '../helpers/grids';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeRosterFile } from '../../scripts/lib/workbook/roster-file';
import { gridsOf, hashTree, runCli } from '../helpers/workbooks';
import { STAGE, filled, fixture, tempDir } from './helpers/corpus';

jest.setTimeout(120_000);

let base: string;
let roster: string;
let n = 0;

/** A fresh folder with the good files of the fixture as returned forms. */
async function returnedFolder(): Promise<string> {
  const fx = await fixture();
  const dir = path.join(base, `returned-${++n}`);
  await fs.mkdir(dir);
  for (const [i, data] of fx.good.entries()) await fs.writeFile(path.join(dir, `branch-${i + 1}.xlsx`), data);
  return dir;
}

/** 来源文件 of a report: file name → [status, reason]. */
async function sources(report: string): Promise<Map<string, [string, string]>> {
  const grid = (await gridsOf(report)).find((g) => g.name === '来源文件');
  const header = (grid?.rows[0] ? denseLine(grid.rows[0]) : []).map(String);
  const col = (name: string) => header.indexOf(name);
  const out = new Map<string, [string, string]>();
  for (const row of grid?.rows.slice(1) ?? [])
    out.set(String(cellAt(row, col('文件名'))), [String(cellAt(row, col('状态'))), String(cellAt(row, col('原因')) ?? '')]);
  return out;
}

beforeAll(async () => {
  const fx = await fixture();
  base = await tempDir('output-places-');
  roster = path.join(base, 'roster.xlsx');
  await writeRosterFile(roster, fx.roster);
});
afterAll(() => fs.rm(base, { recursive: true, force: true }));

describe('template never overwrites a file without --force', () => {
  test('over a folder of returned forms: keeps every filled file, writes the missing ones, says which (one line each)', async () => {
    const fx = await fixture();
    const out = path.join(base, 'template-over');
    await fs.mkdir(out);
    const first = await runCli('template', '--roster', roster, '--stage', STAGE, '--out', out);
    expect(first.code).toBe(0);
    const names = (await fs.readdir(out)).sort();
    expect(names).toHaveLength(fx.roster.branches.length);
    // The secretaries' returned forms land under the issued names; one branch has not returned yet.
    for (const [i, name] of names.slice(1).entries()) await fs.writeFile(path.join(out, name), fx.good[i]);
    await fs.rm(path.join(out, names[0]));
    const returned = await hashTree(out);

    const again = await runCli('template', '--roster', roster, '--stage', STAGE, '--out', out);
    expect(again.code).toBe(0);
    const after = await hashTree(out);
    for (const name of names.slice(1)) expect(after[name]).toBe(returned[name]);
    expect(after[names[0]]).toBeDefined();
    const keptLines = again.stderr.split('\n').filter((l) => l.includes('已存在，未覆盖'));
    expect(keptLines).toHaveLength(names.length - 1);
    for (const name of names.slice(1)) expect(keptLines.some((l) => l.includes(name) && l.includes('--force'))).toBe(true);

    const forced = await runCli('template', '--roster', roster, '--stage', STAGE, '--out', out, '--force');
    expect(forced.code).toBe(0);
    expect((await hashTree(out))[names[1]]).not.toBe(returned[names[1]]);
  });
});

describe('merge and its own report', () => {
  test('run twice with --out inside the input folder: the second run skips its own earlier report (跳过) and counts the same', async () => {
    const dir = await returnedFolder();
    const out = path.join(dir, '汇总.xlsx');
    const first = await runCli('merge', dir, '--roster', roster, '--stage', STAGE, '--out', out, '--json');
    const second = await runCli('merge', dir, '--roster', roster, '--stage', STAGE, '--out', out, '--json');
    const [a, b] = [JSON.parse(first.stdout), JSON.parse(second.stdout)] as Record<string, number>[];
    expect(second.code).toBe(first.code);
    expect({ ...b, files: b.files - 1, skipped: b.skipped - 1 }).toEqual(a);
    expect((await sources(out)).get('汇总.xlsx')).toEqual(['跳过', expect.stringContaining('本次合并要写入的汇总表')]);
  });

  test('a report of another unit at the output path is an input, not merge’s own: refused', async () => {
    const dir = await returnedFolder();
    const other = path.join(dir, '别校汇总.xlsx');
    const otherRoster = path.join(base, 'other-roster.xlsx');
    await writeRosterFile(otherRoster, { ...(await fixture()).roster, unit: '别的学校' });
    await runCli('merge', dir, '--roster', otherRoster, '--stage', STAGE, '--out', path.join(base, 'tmp-other.xlsx'));
    await fs.rename(path.join(base, 'tmp-other.xlsx'), other);
    const before = await hashTree(dir);
    const run = await runCli('merge', dir, '--roster', roster, '--stage', STAGE, '--out', other);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/就是要读取的文件.*别校汇总\.xlsx/);
    expect(await hashTree(dir)).toEqual(before);
  });

  test('this unit’s report named on the command line and as --out: an input the user meant, refused, never replaced', async () => {
    const dir = await returnedFolder();
    const old = path.join(base, 'old-report.xlsx');
    await runCli('merge', dir, '--roster', roster, '--stage', STAGE, '--out', old);
    const before = await fs.readFile(old);
    const run = await runCli('merge', old, '--roster', roster, '--stage', STAGE, '--out', old);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/就是要读取的文件.*old-report\.xlsx/);
    expect((await fs.readFile(old)).equals(before)).toBe(true);
  });

  test('an earlier report of this unit under another name in the input folder is skipped, its rows not counted as refused', async () => {
    const dir = await returnedFolder();
    const first = await runCli('merge', dir, '--roster', roster, '--stage', STAGE, '--out', path.join(dir, '上次汇总.xlsx'), '--json');
    const out = path.join(base, 'this-time.xlsx');
    const second = await runCli('merge', dir, '--roster', roster, '--stage', STAGE, '--out', out, '--json');
    const [a, b] = [JSON.parse(first.stdout), JSON.parse(second.stdout)] as Record<string, number>[];
    expect({ ...b, files: b.files - 1, skipped: b.skipped - 1 }).toEqual({ ...a, out });
    expect((await sources(out)).get('上次汇总.xlsx')).toEqual(['跳过', expect.stringContaining('自己的汇总表（此前合并的结果），不作为输入读取')]);
  });
});

describe('annotated copies beside their originals', () => {
  test('are marked, and the next merge skips them as 标注副本 instead of weighing them against the originals', async () => {
    const fx = await fixture();
    const dir = path.join(base, 'beside');
    await fs.mkdir(dir);
    const files: string[] = [];
    for (let i = 0; i < fx.roster.branches.length; i++) {
      const file = path.join(dir, `branch-${i + 1}.xlsx`);
      await fs.writeFile(
        file,
        await filled(fx, i, (input) => {
          input.member[0].direction = '同上';
        }),
      );
      files.push(file);
    }
    const alone = await runCli('merge', dir, '--roster', roster, '--stage', STAGE, '--out', path.join(base, 'alone.xlsx'), '--json');
    // The files named one by one, the annotation folder is theirs (not an input folder): allowed.
    const check = await runCli('check', ...files, '--roster', roster, '--as-of', fx.asOf, '--annotate', dir);
    expect(check.stdout).toContain('已生成标注文件');
    const copies = (await fs.readdir(dir)).filter((f) => f.includes('-标注'));
    expect(copies).toHaveLength(files.length);

    const merged = await runCli('merge', dir, '--roster', roster, '--stage', STAGE, '--out', path.join(base, 'beside.xlsx'), '--json');
    const [a, b] = [JSON.parse(alone.stdout), JSON.parse(merged.stdout)] as Record<string, number>[];
    expect({ ...b, files: b.files - copies.length, skipped: b.skipped - copies.length, out: a.out }).toEqual(a);
    const rows = await sources(path.join(base, 'beside.xlsx'));
    for (const copy of copies) expect(rows.get(copy)).toEqual(['跳过', expect.stringContaining('标注副本')]);
    const checked = await runCli('check', dir, '--roster', roster, '--as-of', fx.asOf);
    expect(checked.stdout).toContain(`跳过 ${copies.length} 个文件`);
  });
});

describe('an output that cannot be written: a Chinese reason, exit 2', () => {
  const refused = (run: { code: number; stderr: string }, says: RegExp) => {
    expect(run.stderr).not.toContain('程序出错');
    expect(run.stderr).toMatch(says);
    expect(run.code).toBe(2);
  };

  test('template --out at an existing file, and under a file', async () => {
    refused(await runCli('template', '--roster', roster, '--stage', STAGE, '--out', roster), /roster\.xlsx 是一个文件，不是文件夹/);
    refused(await runCli('template', '--roster', roster, '--stage', STAGE, '--out', path.join(roster, '下发')), /roster\.xlsx 是一个文件，不是文件夹/);
  });

  test('template on a read-only file system', async () => {
    const out = path.join(base, 'read-only');
    await fs.mkdir(out);
    const readOnly = Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' });
    const open = jest.spyOn(fs, 'open').mockRejectedValue(readOnly);
    try {
      refused(await runCli('template', '--roster', roster, '--stage', STAGE, '--out', out), /无法在文件夹 .*read-only 中写入：磁盘是只读的（EROFS）/);
    } finally {
      open.mockRestore();
    }
    expect(await fs.readdir(out)).toEqual([]);
  });

  test('check --annotate under a file stops before anything is read', async () => {
    const dir = await returnedFolder();
    refused(await runCli('check', dir, '--annotate', path.join(roster, '退回')), /roster\.xlsx 是一个文件，不是文件夹/);
  });

  test('a missing output folder is made (README: finalize … --out 定稿/x.xlsx)', async () => {
    const fx = await fixture();
    const file = path.join(base, 'to-finalize.xlsx');
    await fs.writeFile(file, fx.good[0]);
    const out = path.join(base, '定稿', '第一批', 'x.xlsx');
    const run = await runCli('finalize', file, '--out', out, '--at', '2010-09-28T16:30:00+08:00');
    expect(run.stderr).not.toContain('ENOENT');
    expect(run.code).toBe(0);
    await fs.access(out);
  });
});

describe('a system error reaches the user in Chinese, naming what they named (never Node’s English, never a temporary file)', () => {
  const ENGLISH = /no such file|illegal operation|ENOENT:|EISDIR:|ENAMETOOLONG:|\.tmp\b/;
  const says = (run: { code: number; stderr: string }, text: RegExp) => {
    expect(run.stderr).toMatch(text);
    expect(run.stderr).not.toMatch(ENGLISH);
    expect(run.code).toBe(2);
  };

  test('publish or finalize of a file that is not there, or of a folder', async () => {
    const missing = path.join(base, 'nope.xlsx');
    says(await runCli('publish', missing, '--out', path.join(base, 'p.xlsx')), /无法读取汇总表 .*nope\.xlsx：文件或文件夹不存在（ENOENT）/);
    says(await runCli('publish', base, '--out', path.join(base, 'p.xlsx')), /无法读取汇总表 .*：这是一个文件夹，不是文件（EISDIR）/);
    says(await runCli('finalize', missing, '--out', path.join(base, 'f.xlsx')), /nope\.xlsx.*文件或文件夹不存在（ENOENT）/);
  });

  test('publish, finalize or a roster named as a pipe: refused at once, never left waiting for a writer', async () => {
    const fifo = path.join(base, 'pipe.xlsx');
    execFileSync('mkfifo', [fifo]);
    says(await runCli('publish', fifo, '--out', path.join(base, 'p2.xlsx')), /无法读取汇总表 .*pipe\.xlsx：不是普通文件（可能是设备或管道），无法读取/);
    says(await runCli('finalize', fifo, '--out', path.join(base, 'f2.xlsx')), /pipe\.xlsx.*不是普通文件（可能是设备或管道）/);
    says(await runCli('template', '--roster', fifo, '--stage', STAGE, '--out', path.join(base, 't2')), /pipe\.xlsx.*不是普通文件（可能是设备或管道）/);
  });

  test('merge --out with a file name too long for the file system', async () => {
    const out = path.join(base, `${'长'.repeat(120)}.xlsx`);
    const run = await runCli('merge', await returnedFolder(), '--roster', roster, '--out', out);
    says(run, /无法写入输出文件 .*长\.xlsx：文件名或路径太长（ENAMETOOLONG）/);
  });
});
