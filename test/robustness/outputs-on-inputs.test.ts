/**
 * Outputs never land on inputs, whatever the spelling of the path: for every command that reads
 * and writes, an output named as one of its inputs (the same path, `x/../`, a symlink to the file,
 * a symlink to its folder, another case where the file system ignores case) is refused with exit
 * code 2 and a message naming both, and nothing under the folder changes.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PRINT_FILE_SUFFIX } from '../../scripts/lib/commands/print';
import { branchFileName } from '../../scripts/lib/commands/template';
import { isCaseInsensitive, swapCase } from '../../scripts/lib/files/real-paths';
import { writeRosterFile } from '../../scripts/lib/workbook/roster-file';
import { runCli } from '../helpers/workbooks';
import { STAGE, fixture, tempDir } from './helpers/corpus';

jest.setTimeout(120_000);

let base: string;
let inDir: string;
let roster: string;
let report: string;
let good: string;
let caseInsensitive: boolean;
let links = 0;

/** Every entry under `dir` (symlinks as their target, never followed; files by hash), sorted. */
async function tree(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    const name = `${prefix}${entry.name}`;
    if (entry.isSymbolicLink()) out.push(`${name} -> ${await fs.readlink(full)}`);
    else if (entry.isDirectory()) out.push(`${name}/`, ...(await tree(full, `${name}/`)));
    else
      out.push(
        `${name} ${createHash('sha256')
          .update(await fs.readFile(full))
          .digest('hex')}`,
      );
  }
  return out;
}

interface Spelling {
  variant: string;
  path: string;
}

/** The spellings of `target` (a file or a folder), made on disk where a link is needed. */
async function spellings(target: string): Promise<Spelling[]> {
  const n = ++links;
  const linkDir = path.join(base, 'links');
  await fs.mkdir(linkDir, { recursive: true });
  const parent = path.dirname(target);
  const name = path.basename(target);
  const fileLink = path.join(linkDir, `${n}-${name}`);
  const folderLink = path.join(linkDir, `${n}-folder`);
  await fs.symlink(target, fileLink);
  await fs.symlink(parent, folderLink);
  const list: Spelling[] = [
    { variant: 'the same path', path: target },
    // Relative to the current folder, through a folder that does not exist (path.join would fold `x/..` away).
    { variant: 'x/../', path: [path.relative(process.cwd(), parent), 'x', '..', name].join(path.sep) },
    { variant: 'a symlink to it', path: fileLink },
    { variant: 'a symlink to its folder', path: path.join(folderLink, name) },
  ];
  const swapped = swapCase(name);
  if (caseInsensitive && swapped) list.push({ variant: 'another case', path: path.join(parent, swapped) });
  return list;
}

async function expectRefused(args: string[], output: string, input: string): Promise<void> {
  const before = await tree(base);
  const run = await runCli(...args);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: expect.stringContaining('已停止，没有写入任何文件') });
  expect(run.stderr).toContain(output);
  expect(run.stderr).toContain(input);
  expect(run.stderr).not.toContain('程序出错');
  expect(await tree(base)).toEqual(before);
}

beforeAll(async () => {
  const fx = await fixture();
  base = await fs.realpath(await tempDir('outputs-on-inputs-'));
  caseInsensitive = await isCaseInsensitive(base);
  inDir = path.join(base, 'in');
  await fs.mkdir(inDir);
  good = path.join(inDir, 'good.xlsx');
  await fs.writeFile(good, fx.good[0]);
  await fs.writeFile(path.join(inDir, 'other.xlsx'), fx.good[1]);
  roster = path.join(base, 'roster.xlsx');
  await writeRosterFile(roster, fx.roster);
  report = path.join(base, 'report.xlsx');
  const merged = await runCli('merge', inDir, '--roster', roster, '--out', report, '--stage', STAGE);
  expect(merged.stderr).not.toContain('错误：');
});
afterAll(() => fs.rm(base, { recursive: true, force: true }));

describe('an output named as an input is refused (exit 2, both named, nothing changed)', () => {
  test('merge --out: a file in the input folder', async () => {
    for (const s of await spellings(good)) await expectRefused(['merge', inDir, '--roster', roster, '--out', s.path], s.path, good);
  });

  test('merge --out: an input file named on the command line', async () => {
    for (const s of await spellings(good))
      await expectRefused(['merge', good, path.join(inDir, 'other.xlsx'), '--roster', roster, '--out', s.path], s.path, good);
  });

  test('merge --out: the roster', async () => {
    for (const s of await spellings(roster)) await expectRefused(['merge', inDir, '--roster', roster, '--out', s.path], s.path, '名单文件');
  });

  test('publish R --out R', async () => {
    for (const s of await spellings(report)) await expectRefused(['publish', report, '--out', s.path], s.path, report);
  });

  test('finalize F --out F', async () => {
    for (const s of await spellings(good)) await expectRefused(['finalize', good, '--out', s.path, '--at', '2010-09-28T16:30:00+08:00'], s.path, good);
  });

  test('print --out: the input folder, or a folder inside it', async () => {
    for (const s of [...(await spellings(inDir)), { variant: 'a new folder inside', path: path.join(inDir, '打印') }])
      await expectRefused(['print', inDir, '--roster', roster, '--out', s.path], s.path, inDir);
  });

  test('print --pdf: the PDF of a printed form, when that PDF is an input named on the command line', async () => {
    const fx = await fixture();
    const printed = path.join(base, 'printed');
    await fs.mkdir(printed);
    const pdf = path.join(printed, branchFileName(fx.roster.unit, fx.roster.branches[0].name, STAGE, PRINT_FILE_SUFFIX).replace(/\.xlsx$/, '.pdf'));
    await fs.writeFile(pdf, 'a PDF printed earlier');
    await expectRefused(['print', good, pdf, '--roster', roster, '--out', printed, '--pdf'], pdf, pdf);
  });

  test('check --annotate: the input folder, or a folder inside it', async () => {
    const inside = path.join(inDir, '退回');
    for (const s of [...(await spellings(inDir)), { variant: 'a new folder inside', path: inside }])
      await expectRefused(['check', inDir, '--roster', roster, '--annotate', s.path], s.path, inDir);
    // …also when the input folder is named through a symlink and the annotation folder is the real one.
    const linked = path.join(base, 'links', 'in-link');
    await fs.symlink(inDir, linked);
    await expectRefused(['check', linked, '--roster', roster, '--annotate', path.join(inDir, '退回')], path.join(inDir, '退回'), linked);
  });

  test('template --force: a branch file named as the roster', async () => {
    const fx = await fixture();
    const issued = path.join(base, 'issued');
    await fs.mkdir(issued);
    const named = path.join(issued, branchFileName(fx.roster.unit, fx.roster.branches[0].name, STAGE));
    await fs.copyFile(roster, named);
    // The output is named by the folder resolved and the file name template chose.
    for (const s of await spellings(issued)) {
      const out = path.join(path.resolve(s.path), path.basename(named));
      await expectRefused(['template', '--roster', named, '--stage', STAGE, '--out', s.path, '--force'], out, named);
    }
  });
});

describe('the case of a name', () => {
  test('is folded exactly where the file system ignores it', async () => {
    const swapped = path.join(inDir, swapCase('good.xlsx') as string);
    if (caseInsensitive) {
      // The spellings above included this variant; one more time by name.
      await expectRefused(['finalize', good, '--out', swapped], swapped, good);
    } else {
      // This file system is case-sensitive (detected, see real-paths.test.ts): GOOD.XLSX is another
      // file, which finalize may write, and good.xlsx stays as it was.
      const before = await fs.readFile(good);
      const run = await runCli('finalize', good, '--out', swapped, '--at', '2010-09-28T16:30:00+08:00');
      expect(run.stderr).not.toContain('已停止');
      expect(await fs.readFile(good)).toEqual(before);
      await fs.rm(swapped, { force: true });
    }
  });
});
