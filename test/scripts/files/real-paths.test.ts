/**
 * Real paths and the case question: every spelling of one place gives one key, and whether the
 * file system ignores case is detected (here, against the file system's own answer), not assumed.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { existingFolderOf, isCaseInsensitive, isSameOrInside, pathKey, probeWithFile, realPathOf, swapCase } from '../../../scripts/lib/files/real-paths';

let dir: string;

beforeAll(async () => {
  dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'rf-realpaths-')));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** The file system's own answer: can a name and its case-swapped spelling both be created? */
async function groundTruthInsensitive(folder: string): Promise<boolean> {
  const probe = path.join(folder, 'truth-probe');
  await fs.writeFile(probe, '');
  try {
    await fs.writeFile(path.join(folder, 'TRUTH-PROBE'), '', { flag: 'wx' });
    await fs.rm(path.join(folder, 'TRUTH-PROBE'));
    return false;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return true;
    throw err;
  } finally {
    await fs.rm(probe, { force: true });
  }
}

describe('whether the file system ignores case', () => {
  test('agrees with the file system itself: asked in the folder, of an ancestor (no cased name in the folder), or with a probe file', async () => {
    const truth = await groundTruthInsensitive(dir);
    const named = path.join(dir, 'named');
    await fs.mkdir(named);
    await fs.writeFile(path.join(named, 'Roster.xlsx'), 'x');
    const unnamed = path.join(dir, '收回');
    await fs.mkdir(unnamed);
    await fs.writeFile(path.join(unnamed, '名单'), 'x');
    const empty = path.join(dir, '空');
    await fs.mkdir(empty);
    expect(await isCaseInsensitive(named)).toBe(truth);
    expect(await isCaseInsensitive(unnamed)).toBe(truth);
    expect(await isCaseInsensitive(empty)).toBe(truth);
    expect(await probeWithFile(empty)).toBe(truth);
    // The probe file is gone.
    expect(await fs.readdir(empty)).toEqual([]);
  });

  test('a name found under its case-swapped spelling as the same file means "ignores case"', async () => {
    // On a case-sensitive file system a hard link gives the swapped name the same file, as a
    // case-insensitive one would; on a case-insensitive one the link cannot be made and the
    // file system answers for itself. Either way the detection must say "ignores case".
    const folder = path.join(dir, 'linked');
    await fs.mkdir(folder);
    await fs.writeFile(path.join(folder, 'abc'), 'x');
    await fs.link(path.join(folder, 'abc'), path.join(folder, 'ABC')).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    expect(await isCaseInsensitive(folder)).toBe(true);
  });

  test('a name whose swapped spelling is another file means "case-sensitive"', async () => {
    const folder = path.join(dir, 'two');
    await fs.mkdir(folder);
    await fs.writeFile(path.join(folder, 'abc'), 'lower');
    const insensitive = await groundTruthInsensitive(folder);
    if (!insensitive) {
      await fs.writeFile(path.join(folder, 'ABC'), 'upper');
      expect(await isCaseInsensitive(folder)).toBe(false);
    } else {
      // Both names are one file here: the detection must say so.
      expect(await isCaseInsensitive(folder)).toBe(true);
    }
  });

  test('swapCase', () => {
    expect(swapCase('Abc.XLSX')).toBe('aBC.xlsx');
    expect(swapCase('名单.2010')).toBeUndefined();
  });
});

describe('real paths', () => {
  test('every spelling of one file gives one real path: ./x/../x, a symlink to the file, a symlink to its folder', async () => {
    const folder = path.join(dir, 'in');
    await fs.mkdir(path.join(folder, 'sub'), { recursive: true });
    const file = path.join(folder, 'a.xlsx');
    await fs.writeFile(file, 'x');
    await fs.symlink(file, path.join(dir, 'link.xlsx'));
    await fs.symlink(folder, path.join(dir, 'in-link'));
    for (const spelling of [file, `${folder}/sub/../a.xlsx`, path.join(dir, 'link.xlsx'), path.join(dir, 'in-link', 'a.xlsx')]) {
      expect(await realPathOf(spelling)).toBe(file);
    }
  });

  test('a path that does not exist yet: the real path of its deepest folder, then the rest', async () => {
    const folder = path.join(dir, 'out-real');
    await fs.mkdir(folder);
    await fs.symlink(folder, path.join(dir, 'out-link'));
    expect(await realPathOf(path.join(dir, 'out-link', 'new', 'x.xlsx'))).toBe(path.join(folder, 'new', 'x.xlsx'));
    expect(await existingFolderOf(path.join(dir, 'out-link', 'new', 'x.xlsx'))).toBe(path.join(dir, 'out-link'));
  });

  test('keys: folded only where case is ignored; inside means the folder itself or below it, not a sibling with a longer name', () => {
    expect(pathKey('/a/B.xlsx', false)).toBe('/a/B.xlsx');
    expect(pathKey('/a/B.xlsx', true)).toBe(pathKey('/A/b.XLSX', true));
    const sep = path.sep;
    expect(isSameOrInside(`${sep}in`, `${sep}in`)).toBe(true);
    expect(isSameOrInside(`${sep}in${sep}退回`, `${sep}in`)).toBe(true);
    expect(isSameOrInside(`${sep}inbox`, `${sep}in`)).toBe(false);
  });
});
