/**
 * The content digests (addin/forms/digest.ts) hashed with node:crypto in the scripts: the
 * portable sha256 took a second over a 1,000-file report model. Imported for this effect by the
 * modules that read or merge files; the digests are the same (test/forms/digest.test.ts).
 */
import { createHash } from 'node:crypto';
import { useSha256 } from '../../addin/forms/digest';

export function nodeSha256() {
  const hash = createHash('sha256');
  return { update: (text: string) => void hash.update(text, 'utf8'), hex: () => hash.digest('hex') };
}

useSha256(nodeSha256);
