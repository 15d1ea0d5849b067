/** Several files as one zip download (our zip writer; the files are .xlsx, already compressed), each with its own time. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ZipWriter } from '../xlsx/zip-writer';

export async function zipFiles(files: readonly string[]): Promise<Buffer> {
  const zip = new ZipWriter(zlib.constants.Z_BEST_SPEED);
  for (const file of files) {
    const { mtime } = await fs.stat(file);
    await zip.add(path.basename(file), await fs.readFile(file), mtime);
  }
  return zip.finish();
}
