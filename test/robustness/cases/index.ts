/**
 * Every bad-file case of the corpus, for any command that reads branch files: `check` runs them
 * in corpus.test.ts; a merge test passes the same list to its own runner (runInFolder) and
 * expects the same rule on each file and every good row of the other files merged.
 */
import type { BadCase } from '../helpers/corpus';
import { IDENTITY } from './identity';
import { LOCK_FILES, MORE_FORMATS, NOT_A_WORKBOOK, OTHER_FORMATS } from './not-a-workbook';
import { RESOURCE_ATTACKS } from './resource';
import { SHAPE_REJECTED } from './shape';
import { SWAMP_CASES } from './swamp';
import { VALUE_ERRORS } from './values';
import { XML_ATTACKS, ZIP_NAMES } from './xml';

/** Cases whose rule does not depend on the roster being given. */
export const ALL_BAD_CASES: readonly BadCase[] = [
  ...NOT_A_WORKBOOK,
  ...OTHER_FORMATS,
  ...MORE_FORMATS,
  ...LOCK_FILES,
  ...RESOURCE_ATTACKS,
  ...SWAMP_CASES,
  ...XML_ATTACKS,
  ...ZIP_NAMES,
  ...SHAPE_REJECTED,
  ...VALUE_ERRORS,
  ...IDENTITY.filter((c) => !c.roster),
];

/** Cases whose rule needs the full roster (merge always has it). */
export const ROSTER_CASES: readonly BadCase[] = IDENTITY.filter((c) => c.roster);
