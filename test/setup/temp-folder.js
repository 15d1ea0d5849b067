/**
 * One folder per jest run, so a test that leaves something behind fails the run instead of
 * filling the system's temp folder. globalSetup makes it with two folders inside:
 * - `tmp`: TMPDIR (which os.tmpdir() reads on every call, in this process and in the workers and
 *   programs it starts — jest's workers, LibreOffice, Chromium) points at it; it must be empty
 *   when the run ends;
 * - `cache`: fixtures built once and shared by the test files (test/helpers/run-cache.ts).
 * globalTeardown lists whatever is left in `tmp`, removes the run's folder, and fails the run if
 * the list is not empty.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const RUN = 'REVIEW_FORMS_TEST_RUN';
const CACHE = 'REVIEW_FORMS_TEST_CACHE';
const TEMP_NAMES = ['TMPDIR', 'TMP', 'TEMP'];

function setup() {
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'review-forms-jest-'));
  const tmp = path.join(run, 'tmp');
  const cache = path.join(run, 'cache');
  fs.mkdirSync(tmp);
  fs.mkdirSync(cache);
  process.env[RUN] = run;
  process.env[CACHE] = cache;
  for (const name of TEMP_NAMES) process.env[name] = tmp;
}

function teardown() {
  const run = process.env[RUN];
  if (!run) return;
  const left = fs.readdirSync(path.join(run, 'tmp')).sort();
  fs.rmSync(run, { recursive: true, force: true });
  if (left.length > 0) throw new Error(`Tests left ${left.length} item(s) in the temp folder (each test removes what it makes): ${left.join(', ')}`);
}

/** The run's folder removed without judging it (a run that never started its tests). */
function discard() {
  const run = process.env[RUN];
  if (run) fs.rmSync(run, { recursive: true, force: true });
}

module.exports = { setup, teardown, discard };
