/**
 * Files that are not workbooks, other formats and lock files: each is named with its Chinese
 * reason and what to do, beside a good file that is still read in full.
 */
import { expectCheckCase, fixture } from './helpers/corpus';
import { LOCK_FILES, MORE_FORMATS, NOT_A_WORKBOOK, OTHER_FORMATS } from './cases/not-a-workbook';

jest.setTimeout(60_000);

beforeAll(() => fixture());

describe('not a workbook: named with the reason, the other files still read', () => {
  test.each(NOT_A_WORKBOOK)('$id', async (c) => {
    await expectCheckCase(c, await fixture());
  });
});

describe('other formats: says which it is and how to fix it', () => {
  test.each(OTHER_FORMATS)('$id', async (c) => {
    await expectCheckCase(c, await fixture());
  });
});

describe('zips that are not plain workbooks, files over the limit', () => {
  test.each(MORE_FORMATS)('$id', async (c) => {
    await expectCheckCase(c, await fixture());
  });
});

describe('lock files are skipped quietly', () => {
  test.each(LOCK_FILES)('$id', async (c) => {
    await expectCheckCase(c, await fixture());
  });
});
