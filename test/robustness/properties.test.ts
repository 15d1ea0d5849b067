/**
 * Property-based tests: normalization is idempotent, and reading what was written gives back
 * the record (merge's independence of input order is the merge tests' to prove).
 */
import fc from 'fast-check';
import { cleanShort, cleanText, normalizeName } from '../../addin/forms/text';
import { addDays } from '../../addin/forms/dates';
import { fillBranchWorkbook } from '../../scripts/lib/demo/fill';
import { STAGE, cleanInput, fixture } from './helpers/corpus';
import { loadOne } from './helpers/sheet-edit';

jest.setTimeout(120_000);

const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  // The characters that matter here: spaces of every width, invisible ones, combining marks.
  fc
    .array(
      fc.constantFrom('e', '\u0301', '\u200B', '\u3000', ' ', '\u00A0', 'Ａ', '１', '\n', '\r', '\t', '张', '三', '\uFEFF', '\u0008', 'ﾊ', 'ﾟ', 'ｶ', 'ﾞ'),
      { maxLength: 20 },
    )
    .map((a) => a.join('')),
);

describe('normalization is idempotent', () => {
  test.each([
    ['normalizeName', normalizeName],
    ['cleanText', cleanText],
    ['cleanShort', cleanShort],
  ] as const)('%s', (_name, f) => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(f(f(s))).toBe(f(s));
      }),
      { numRuns: 3000 },
    );
  });
});

/** Text as a secretary may type it and the reader keeps it: already clean, never blank. */
const cleanLong = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 200 })
  .map((s) => cleanText(s))
  // exceljs writes a literal `_x0041_` unescaped, which Excel (and our reader) decodes: not ours to round-trip.
  .filter((s) => s !== '' && !/_x[0-9A-Fa-f]{4}_/.test(s));
const cleanOneLine = cleanLong.map((s) => cleanShort(s)).filter((s) => s !== '');

test('reading what was written gives back the record', async () => {
  const fx = await fixture();
  const stage = fx.roster.stages.find((s) => s.name === STAGE);
  const start = stage?.start as string;
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        aspect1: cleanLong,
        problems: cleanLong,
        note: fc.option(cleanLong, { nil: undefined }),
        reviewerPost: cleanOneLine,
        day: fc.integer({ min: 0, max: 50 }),
        deadline: fc.boolean(),
        method: fc.constantFrom('集中点评', '现场点评', '谈话点评'),
      }),
      async (v) => {
        const input = cleanInput(fx, 1);
        const target = input.member[2];
        Object.assign(target, {
          aspect1: v.aspect1,
          problems: v.problems,
          note: v.note,
          reviewerPost: v.reviewerPost,
          date: addDays(start, v.day),
          deadline: v.deadline,
          method: v.method,
        });
        const { read } = await loadOne(await fillBranchWorkbook(fx.templates[1], input), fx);
        const row = read?.forms.member?.rows.find((r) => (r.record as { name?: string } | null)?.name === target.name);
        const record = row?.record as Record<string, unknown> | null | undefined;
        expect(record).toMatchObject({
          aspect1: v.aspect1,
          problems: v.problems,
          reviewerPost: v.reviewerPost,
          date: addDays(start, v.day),
          deadline: v.deadline,
          method: v.method,
        });
        expect(record?.note).toBe(v.note);
      },
    ),
    { numRuns: 15 },
  );
});
