/**
 * Files shared by the test files of one jest run: built once, by whichever test file needs them
 * first, and read by the others (jest's workers are separate processes). They live in the run's
 * cache folder (test/setup/temp-folder.js), removed with the run; outside jest they are built
 * every time. Only for bytes that depend on nothing but their key.
 */
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export async function sharedBytes(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
  const dir = process.env.REVIEW_FORMS_TEST_CACHE;
  if (!dir) return make();
  const file = path.join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.bin`);
  const lock = `${file}.lock`;
  for (;;) {
    const found = await fs.readFile(file).catch(() => undefined);
    if (found) return found;
    // One maker at a time: two workers needing the same file at once would make it twice, and
    // on two cores that time is the run's. A maker that fails gives the lock up to the next.
    const mine = await fs.writeFile(lock, '', { flag: 'wx' }).then(
      () => true,
      () => false,
    );
    if (mine) {
      try {
        const data = await make();
        // Written aside and renamed: a reader sees all of it or nothing.
        const aside = `${file}.${randomUUID()}`;
        await fs.writeFile(aside, data);
        await fs.rename(aside, file);
        return data;
      } finally {
        await fs.rm(lock, { force: true });
      }
    }
    await sleep(50);
  }
}
