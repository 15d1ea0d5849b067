/**
 * Atomic file writes: the bytes go to a temporary file beside the target, are flushed, and
 * only then renamed over it, so an existing output is replaced only by a complete new one.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors';

export async function writeFileAtomic(target: string, data: Buffer | Uint8Array): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new UsageError('output-not-writable', `无法写入输出文件 ${target}：${(err as Error).message}`, { cause: err });
  }
}
