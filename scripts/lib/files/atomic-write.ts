/**
 * Atomic file writes: the output's folder is made if missing, the bytes go to a temporary file
 * beside the target, are flushed, and only then renamed over it, so an existing output is
 * replaced only by a complete new one. A temporary file lives only while its write is under way:
 * Ctrl-C or SIGTERM meanwhile removes it (Windows shows dot-files), then the process ends as the
 * signal would have ended it.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs, unlinkSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors';
import { ensureFolder } from './output-folder';
import { systemErrorText } from './system-error';

const pending = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removePending(): void {
  for (const tmp of pending) {
    try {
      unlinkSync(tmp);
    } catch {
      // Already renamed or removed.
    }
  }
  pending.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removePending();
  uninstall();
  // No listener is left for it: the signal now ends the process as it would have without us
  // (status 128 + its number: 130 for Ctrl-C, 143 for SIGTERM).
  process.kill(process.pid, signal);
}

function install(): void {
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', removePending);
}

function uninstall(): void {
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.removeListener('exit', removePending);
}

function track(tmp: string): void {
  if (pending.size === 0) install();
  pending.add(tmp);
}

function untrack(tmp: string): void {
  if (!pending.delete(tmp)) return;
  if (pending.size === 0) uninstall();
}

export async function writeFileAtomic(target: string, data: Buffer | Uint8Array): Promise<void> {
  // Resolved once, as the output guard compared it: `x/../a.xlsx` is a.xlsx, whether or not x exists.
  const full = path.resolve(target);
  const dir = path.dirname(full);
  await ensureFolder(dir, target);
  // Hidden (intake skips it), unique even for two writes in one millisecond.
  const tmp = path.join(dir, `.${path.basename(full)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  let step: 'create' | 'write' | 'rename' = 'create';
  track(tmp);
  try {
    handle = await fs.open(tmp, 'wx');
    step = 'write';
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    step = 'rename';
    await fs.rename(tmp, full);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    const detail = systemErrorText(err);
    if (step === 'create' && (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')) {
      throw new UsageError('output-folder-not-writable', { folder: dir, detail }, { cause: err });
    }
    const busy = step === 'rename' && (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES');
    throw new UsageError(busy ? 'output-busy' : 'output-not-writable', { file: target, detail }, { cause: err });
  } finally {
    untrack(tmp);
  }
}
