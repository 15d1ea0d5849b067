/**
 * The content digests (addin/forms/digest.ts) hashed with node:crypto: the portable sha256 takes
 * a second over a 1,000-file report model. Each Node entry point (the CLI, the load worker, the
 * demo, the bench) installs it once at start; the digests are the same either way
 * (test/forms/digest.test.ts), only faster.
 */
import { createHash } from 'node:crypto';
import { type TextHasher, useSha256 } from '../../addin/forms/digest';

export function nodeSha256(): TextHasher {
  const hash = createHash('sha256');
  return { update: (text: string) => void hash.update(text, 'utf8'), hex: () => hash.digest('hex') };
}

export function installNodeSha256(): void {
  useSha256(nodeSha256);
}
