/**
 * Whether two files are the same form: a branch workbook of one unit, branch and stage, or a
 * school's report of one unit and stage, as check and merge read them (loadInputFile). An upload
 * replaces a file of the same name only then: a chat app names every file it passes on 点评表.xlsx,
 * and two branches' files under one name are two files, not a corrected one.
 */
import path from 'node:path';
import { normalizeName } from '../../../addin/forms/text';
import { loadInputFile } from '../load/load-file';

/** What form a file is (undefined: not a form merge can use, e.g. unreadable). */
async function formOf(file: string): Promise<string | undefined> {
  const name = path.basename(file);
  const loaded = await loadInputFile({ path: file, display: name, name, kind: 'read' }, { asOf: '9999-12-31' });
  const key = (...parts: string[]) => JSON.stringify(parts.map(normalizeName));
  if (loaded.read) return key('branch', loaded.read.meta.unit, loaded.read.meta.branch, loaded.read.meta.stage);
  if (loaded.report) return key('report', loaded.report.meta.unit, loaded.report.meta.stage);
  return undefined;
}

export async function sameForm(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([formOf(a), formOf(b)]);
  return x !== undefined && x === y;
}
