/**
 * Atomic file writes: the bytes go to a temporary file beside the target, are flushed, and
 * only then renamed over it, so an existing output is replaced only by a complete new one.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors';

export async function writeFileAtomic(target: string, data: Buffer | Uint8Array): Promise<void> {
  const dir = path.dirname(path.resolve(target));
  // Hidden (intake skips it if a crash leaves it behind), unique even for two writes in one millisecond.
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
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
    const code = (err as NodeJS.ErrnoException).code;
    const busy = code === 'EBUSY' || code === 'EPERM' || code === 'EACCES';
    throw new UsageError(busy ? 'output-busy' : 'output-not-writable', { file: target, detail: (err as Error).message }, { cause: err });
  }
}
