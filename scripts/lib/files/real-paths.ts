/**
 * Where a path really is: its real path (symlinks resolved, `..` gone), also for a path that does
 * not exist yet, and the key two real paths compare by — folded where the file system compares
 * names without case (NTFS, APFS, FAT, a casefolded ext4 folder). That is detected, not assumed.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The real path of `p`; for a path whose tail does not exist yet, the real path of the deepest
 * existing folder with the rest appended. A path under a file keeps its spelling from there on:
 * nothing can be written there anyway.
 */
export async function realPathOf(p: string): Promise<string> {
  const full = path.resolve(p);
  try {
    return await fs.realpath(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const parent = path.dirname(full);
    if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === full) return full;
    return path.join(await realPathOf(parent), path.basename(full));
  }
}

/** The deepest folder of `p` (itself included) that exists. */
export async function existingFolderOf(p: string): Promise<string> {
  let dir = path.resolve(p);
  for (;;) {
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat?.isDirectory()) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return dir;
    dir = parent;
  }
}

/** `name` with the case of its letters swapped, or undefined when it has no cased letter. */
export function swapCase(name: string): string | undefined {
  let out = '';
  for (const ch of name) {
    const lower = ch.toLowerCase();
    out += ch === lower ? ch.toUpperCase() : lower;
  }
  return out === name ? undefined : out;
}

/** Whether `name` inside `dir` is found under its case-swapped spelling, as the same file. */
async function caseSwappedIsSame(dir: string, name: string): Promise<boolean | undefined> {
  const swapped = swapCase(name);
  if (swapped === undefined) return undefined;
  const [a, b] = await Promise.all([
    fs.lstat(path.join(dir, name), { bigint: true }),
    fs.lstat(path.join(dir, swapped), { bigint: true }).catch(() => undefined),
  ]);
  return b !== undefined && a.dev === b.dev && a.ino === b.ino;
}

const probed = new Map<string, Promise<boolean>>();

/**
 * Whether the file system holding the existing folder `dir` finds names whatever their case.
 * Asked of the folder itself: a name in it with letters is looked up case-swapped (the same file,
 * or none: insensitive or not); with no such name, a name of an ancestor on the same device; with
 * none either, a probe file is made in `dir` and removed. Remembered per folder.
 */
export function isCaseInsensitive(dir: string): Promise<boolean> {
  const key = path.resolve(dir);
  let result = probed.get(key);
  if (!result) {
    result = detectCaseInsensitive(key);
    probed.set(key, result);
  }
  return result;
}

async function detectCaseInsensitive(dir: string): Promise<boolean> {
  const handle = await fs.opendir(dir).catch(() => undefined);
  if (handle) {
    try {
      for await (const entry of handle) {
        const same = await caseSwappedIsSame(dir, entry.name).catch(() => undefined);
        if (same !== undefined) return same;
      }
    } catch {
      // An unreadable folder: ask its ancestors.
    }
  }
  const { dev } = await fs.stat(dir);
  for (let child = dir, parent = path.dirname(dir); parent !== child; child = parent, parent = path.dirname(parent)) {
    const parentStat = await fs.stat(parent).catch(() => undefined);
    if (parentStat?.dev !== dev) break;
    const same = await caseSwappedIsSame(parent, path.basename(child)).catch(() => undefined);
    if (same !== undefined) return same;
  }
  return probeWithFile(dir);
}

/** The last resort of `isCaseInsensitive`: a probe file made in `dir`, looked up case-swapped, removed. */
export async function probeWithFile(dir: string): Promise<boolean> {
  const name = `.review-forms-case-${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const file = path.join(dir, name);
  try {
    await fs.writeFile(file, '', { flag: 'wx' });
  } catch {
    // Nothing can be written here, so nothing can be overwritten here either.
    return false;
  }
  try {
    return (await caseSwappedIsSame(dir, name)) === true;
  } finally {
    await fs.rm(file, { force: true });
  }
}

/** A real path as compared on its file system: the same text for every spelling of one place. */
export function pathKey(realPath: string, caseInsensitive: boolean): string {
  return caseInsensitive ? realPath.normalize('NFC').toLowerCase() : realPath;
}

/** Whether `inner` is `outer` or lies inside it (both keys of real paths). */
export function isSameOrInside(inner: string, outer: string): boolean {
  if (inner === outer) return true;
  const prefix = outer.endsWith(path.sep) ? outer : outer + path.sep;
  return inner.startsWith(prefix);
}
