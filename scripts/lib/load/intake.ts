/**
 * Which files a command reads: every spreadsheet-like file under the given files and folders,
 * each once, in a stable order. Office lock files and hidden files are skipped, not errors.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors';
import { reasonText } from '../reasons';

export type InputKind = 'read' | 'skipped' | 'invalid';

export interface InputFile {
  path: string;
  /** As shown to the user: relative to the current folder when inside it. */
  display: string;
  /**
   * As the report names it (来源文件, 问题清单): the path relative to the folder given, with `/`
   * (a file given by itself: its name), so two files of one name in different folders are told
   * apart and the name does not depend on where the command runs. See `nameInputs`.
   */
  name: string;
  kind: InputKind;
  reason?: string;
}

/** Extensions a branch file may arrive with; anything readable is tried, the others explained. */
const SPREADSHEET = /\.(xlsx|xlsm|xltx|xltm|xlsb|xls|et|ett|csv|ods)$/i;

export function isLockFile(name: string): boolean {
  return name.startsWith('~$') || /^\.~lock\..*#$/.test(name);
}

/** Why a file in a folder is skipped by its name alone (serve's uploads skip the same): an Office lock file or a hidden file. */
export function skippedByName(name: string): 'lock-file' | 'hidden-file' | undefined {
  if (isLockFile(name)) return 'lock-file';
  if (name.startsWith('.')) return 'hidden-file';
  return undefined;
}

function notSpreadsheet(name: string): string {
  const ext = path.extname(name);
  return reasonText('not-spreadsheet', { ext: ext || '无扩展名' });
}

function display(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

/** An input before it is named: the folder (or file) given that led to it. */
type Found = Omit<InputFile, 'name'> & { root: string };

function found(full: string, root: string, kind: InputKind, reason?: string): Found {
  return { path: full, display: display(full), kind, ...(reason === undefined ? {} : { reason }), root };
}

async function walk(dir: string, root: string, out: Found[]): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const skip = skippedByName(entry.name);
    if (skip) {
      out.push(found(full, root, 'skipped', reasonText(skip)));
    } else if (entry.isDirectory()) {
      if (SPREADSHEET.test(entry.name)) out.push(found(full, root, 'invalid', reasonText('folder-not-workbook')));
      else await walk(full, root, out);
    } else if (entry.isFile()) {
      if (SPREADSHEET.test(entry.name)) out.push(found(full, root, 'read'));
      else out.push(found(full, root, 'skipped', notSpreadsheet(entry.name)));
    } else {
      out.push(found(full, root, 'skipped', reasonText('not-regular-file')));
    }
  }
}

const slashes = (p: string) => p.split(path.sep).join('/');

/**
 * Report names: each file's path relative to the folder given (a file given by itself: its
 * name). Files given through different arguments can still share one: those then carry the
 * name of the folder they were found in first (收回/语文.xlsx, 补交/语文.xlsx), and, if that is
 * not enough, the path as shown. The choice depends only on the set of files, not their order.
 */
function nameInputs(files: readonly Found[]): InputFile[] {
  const relative = (f: Found) => (f.root === f.path ? path.basename(f.path) : slashes(path.relative(f.root, f.path)));
  const withFolder = (f: Found) => `${path.basename(f.root === f.path ? path.dirname(f.path) : f.root)}/${relative(f)}`;
  const unique = (names: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
    return (n: string) => counts.get(n) === 1;
  };
  const first = files.map(relative);
  const firstUnique = unique(first);
  const second = files.map((f, i) => (firstUnique(first[i]) ? first[i] : withFolder(f)));
  const secondUnique = unique(second);
  return files.map(({ root: _root, ...f }, i) => ({ ...f, name: secondUnique(second[i]) ? second[i] : slashes(f.display) }));
}

export async function collectInputs(args: readonly string[]): Promise<InputFile[]> {
  if (args.length === 0) throw new UsageError('no-inputs');
  const out: Found[] = [];
  for (const arg of args) {
    const full = path.resolve(arg);
    let stat;
    try {
      // A link the user named is followed, as a shell's commands do (`merge 收回链接/`); inside
      // a folder, links are passed over (walk): they could lead out of it, or round in a loop.
      stat = await fs.stat(full);
    } catch {
      out.push(found(full, full, 'invalid', reasonText('not-found')));
      continue;
    }
    const name = path.basename(full);
    if (stat.isDirectory()) {
      if (SPREADSHEET.test(name)) out.push(found(full, full, 'invalid', reasonText('folder-not-workbook')));
      else await walk(full, full, out);
    } else if (isLockFile(name)) out.push(found(full, full, 'skipped', reasonText('lock-file')));
    else if (stat.isFile()) out.push(found(full, full, 'read'));
    else out.push(found(full, full, 'skipped', reasonText('not-regular-file')));
  }
  // A file reached twice (a folder and a file in it) is one input, named from the folder given first
  // in path order, so the name does not depend on the order of the arguments.
  const byPath = new Map<string, Found>();
  for (const f of out.sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0))) if (!byPath.has(f.path)) byPath.set(f.path, f);
  const unique = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return nameInputs(unique);
}
