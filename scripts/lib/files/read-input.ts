/** Reading a file the user named as an input. */
import { promises as fs } from 'node:fs';
import { WorkbookError } from '../errors';

/**
 * The bytes of `file`. A device or a pipe is refused before it is opened: reading a pipe waits
 * for a writer that may never come. (A folder fails as Node reports it: EISDIR.)
 */
export async function readInputFile(file: string): Promise<Buffer> {
  const stat = await fs.stat(file);
  if (!stat.isFile() && !stat.isDirectory()) throw new WorkbookError('input-not-regular');
  return fs.readFile(file);
}
