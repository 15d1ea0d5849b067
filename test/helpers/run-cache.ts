/**
 * Files shared by the test files of one jest run: built once, by whichever test file needs them
 * first, and read by the others (jest's workers are separate processes). They live in the run's
 * cache folder (test/setup/temp-folder.js), removed with the run; outside jest they are built
 * every time. Only for what depends on nothing but its key.
 */
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The path of `key`'s entry in the cache folder `dir`, made by `make` (given a path to write
 * to) unless it is there already.
 */
async function once(dir: string, key: string, make: (aside: string) => Promise<void>): Promise<string> {
  const entry = path.join(dir, createHash('sha256').update(key).digest('hex').slice(0, 32));
  const lock = `${entry}.lock`;
  for (;;) {
    if (
      await fs.stat(entry).then(
        () => true,
        () => false,
      )
    )
      return entry;
    // One maker at a time: two workers needing the same entry at once would make it twice, and
    // on two cores that time is the run's. A maker that fails gives the lock up to the next.
    const mine = await fs.writeFile(lock, '', { flag: 'wx' }).then(
      () => true,
      () => false,
    );
    if (mine) {
      const aside = `${entry}.${randomUUID()}`;
      try {
        // Made aside and renamed: a reader sees all of it or nothing.
        await make(aside);
        await fs.rename(aside, entry);
        return entry;
      } finally {
        await fs.rm(aside, { recursive: true, force: true });
        await fs.rm(lock, { force: true });
      }
    }
    await sleep(50);
  }
}

export async function sharedBytes(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
  const dir = process.env.REVIEW_FORMS_TEST_CACHE;
  if (!dir) return make();
  return fs.readFile(await once(dir, `bytes: ${key}`, async (aside) => fs.writeFile(aside, await make())));
}

/** Fills the folder `into` with what `make` writes into the folder it is given, made once per run. */
export async function sharedFolder(key: string, into: string, make: (dir: string) => Promise<void>): Promise<void> {
  const dir = process.env.REVIEW_FORMS_TEST_CACHE;
  if (!dir) return make(into);
  await fs.cp(await once(dir, `folder: ${key}`, make), into, { recursive: true });
}
