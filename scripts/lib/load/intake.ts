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
  kind: InputKind;
  reason?: string;
}

/** Extensions a branch file may arrive with; anything readable is tried, the others explained. */
const SPREADSHEET = /\.(xlsx|xlsm|xltx|xltm|xlsb|xls|et|ett|csv|ods)$/i;

export function isLockFile(name: string): boolean {
  return name.startsWith('~$') || /^\.~lock\..*#$/.test(name);
}

function notSpreadsheet(name: string): string {
  const ext = path.extname(name);
  return reasonText('not-spreadsheet', { ext: ext || '无扩展名' });
}

function display(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

async function walk(dir: string, out: InputFile[]): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (isLockFile(entry.name)) {
      out.push({ path: full, display: display(full), kind: 'skipped', reason: reasonText('lock-file') });
    } else if (entry.name.startsWith('.')) {
      out.push({ path: full, display: display(full), kind: 'skipped', reason: reasonText('hidden-file') });
    } else if (entry.isDirectory()) {
      if (SPREADSHEET.test(entry.name)) out.push({ path: full, display: display(full), kind: 'invalid', reason: reasonText('folder-not-workbook') });
      else await walk(full, out);
    } else if (entry.isFile()) {
      if (SPREADSHEET.test(entry.name)) out.push({ path: full, display: display(full), kind: 'read' });
      else out.push({ path: full, display: display(full), kind: 'skipped', reason: notSpreadsheet(entry.name) });
    } else {
      out.push({ path: full, display: display(full), kind: 'skipped', reason: reasonText('not-regular-file') });
    }
  }
}

export async function collectInputs(args: readonly string[]): Promise<InputFile[]> {
  if (args.length === 0) throw new UsageError('no-inputs');
  const out: InputFile[] = [];
  for (const arg of args) {
    const full = path.resolve(arg);
    let stat;
    try {
      stat = await fs.lstat(full);
    } catch {
      out.push({ path: full, display: display(full), kind: 'invalid', reason: reasonText('not-found') });
      continue;
    }
    const name = path.basename(full);
    if (stat.isDirectory()) {
      if (SPREADSHEET.test(name)) out.push({ path: full, display: display(full), kind: 'invalid', reason: reasonText('folder-not-workbook') });
      else await walk(full, out);
    } else if (isLockFile(name)) out.push({ path: full, display: display(full), kind: 'skipped', reason: reasonText('lock-file') });
    else if (stat.isFile()) out.push({ path: full, display: display(full), kind: 'read' });
    else out.push({ path: full, display: display(full), kind: 'skipped', reason: reasonText('not-regular-file') });
  }
  const seen = new Set<string>();
  const unique = out.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)));
  return unique.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
