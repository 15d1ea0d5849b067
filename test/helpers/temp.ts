/**
 * Temp folders of one test file. Each is made under os.tmpdir() — during `jest`, the run's own
 * folder (test/setup/temp-folder.js), which must be empty when the run ends — and removed after
 * the file's tests, whatever they left in it. A helper module is loaded once per test file, so
 * the `afterAll` below belongs to the file that first imports it.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

afterAll(async () => {
  await Promise.all(made.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

export async function tempDir(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
