/**
 * One temp folder per jest run, so a test that leaves something behind fails the run instead of
 * filling the system's temp folder. globalSetup makes a fresh folder and points TMPDIR (which
 * os.tmpdir() reads on every call, in this process and in the workers and programs it starts —
 * jest's workers, LibreOffice, Chromium) at it; globalTeardown lists whatever is left in it,
 * removes it, and fails the run if the list is not empty.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const KEY = 'REVIEW_FORMS_TEST_TMPDIR';
const NAMES = ['TMPDIR', 'TMP', 'TEMP'];

function setup() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'review-forms-jest-'));
  process.env[KEY] = folder;
  for (const name of NAMES) process.env[name] = folder;
}

function teardown() {
  const folder = process.env[KEY];
  if (!folder) return;
  const left = fs.readdirSync(folder).sort();
  fs.rmSync(folder, { recursive: true, force: true });
  if (left.length > 0) throw new Error(`Tests left ${left.length} item(s) in the temp folder (each test removes what it makes): ${left.join(', ')}`);
}

module.exports = { setup, teardown };
