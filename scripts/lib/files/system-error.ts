/**
 * A system error (Node's errno codes) as a person reads it: what is wrong, in Chinese, with the
 * code in brackets for a technician. Node's own message is English and names the path it was
 * working on, which may be a hidden temporary file the user never named.
 */
import { type ReasonId, reasonText } from '../reasons';

const BY_CODE: Record<string, ReasonId> = {
  ENOENT: 'system-enoent',
  EISDIR: 'system-eisdir',
  ENOTDIR: 'system-enotdir',
  EEXIST: 'system-eexist',
  EACCES: 'system-eacces',
  EPERM: 'system-eacces',
  EROFS: 'system-erofs',
  ENAMETOOLONG: 'system-enametoolong',
  ENOSPC: 'system-enospc',
  EBUSY: 'system-ebusy',
  EMFILE: 'system-emfile',
};

export function systemErrorText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const known = typeof code === 'string' && Object.hasOwn(BY_CODE, code) ? BY_CODE[code] : undefined;
  if (known || (typeof code === 'string' && /^E[A-Z]+$/.test(code))) return `${reasonText(known ?? 'system-other')}（${code}）`;
  return err instanceof Error ? err.message : String(err);
}
