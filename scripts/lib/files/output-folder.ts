/**
 * The folder an output goes into: made when missing (with its parents), or a Chinese reason why
 * it cannot be — a file stands where a folder is needed, or the place is read-only.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors';
import { systemErrorText } from './system-error';

/** The first file on the way down to `dir` (where a folder was needed), if any. */
async function fileInTheWay(dir: string): Promise<string | undefined> {
  const parts: string[] = [];
  for (let p = path.resolve(dir); ; p = path.dirname(p)) {
    parts.unshift(p);
    if (path.dirname(p) === p) break;
  }
  for (const p of parts) {
    const stat = await fs.stat(p).catch(() => undefined);
    if (!stat) return undefined;
    if (!stat.isDirectory()) return p;
  }
  return undefined;
}

/** Makes `dir` (and its parents) for the output `output`; a UsageError (exit 2) says why it cannot. */
export async function ensureFolder(dir: string, output: string = dir): Promise<void> {
  try {
    // Resolved first, as every path is compared: `x/../out` must not make a folder x.
    await fs.mkdir(path.resolve(dir), { recursive: true });
  } catch (err) {
    const blocker = await fileInTheWay(dir);
    if (blocker !== undefined) throw new UsageError('output-folder-is-file', { output, file: blocker }, { cause: err });
    throw new UsageError('output-folder-not-writable', { folder: dir, detail: systemErrorText(err) }, { cause: err });
  }
}
