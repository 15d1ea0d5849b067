/**
 * The text normalizers' fast paths (a scan that finds nothing to do returns the text as it is)
 * give what the full replacements give, for text made of the characters that matter: spaces of
 * every kind, invisible and control characters, CR/LF, fullwidth forms, CJK, combining marks.
 */
import fc from 'fast-check';
import { cleanText, isBlankText, normalizeName } from '../../addin/forms/text';

// The definitions the fast paths must agree with, written out in full.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const fullClean = (v: string) =>
  v
    .replace(INVISIBLE, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
const fullName = (v: string) =>
  v
    .replace(INVISIBLE, '')
    .replace(CONTROL, '')
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .normalize('NFKC');

const pieces = [
  '张',
  '三',
  '点评',
  'a',
  'Z',
  '7',
  ' ',
  '\u3000',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '\u200B',
  '\uFEFF',
  '\u00AD',
  '\u0001',
  '\u000B',
  '\uFFFF',
  'Ａ',
  '１',
  '，',
  '。',
  'e\u0301',
  '\u0301',
  '㍿',
  '丽',
  '\uF900',
  '𠀀',
  '_x000D_',
];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((a) => a.join(''));

describe('text normalizers', () => {
  it('cleanText equals the full replacements, and isBlankText is cleanText(…) === ""', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string()), (v) => {
        expect(cleanText(v)).toBe(fullClean(v));
        expect(isBlankText(v)).toBe(fullClean(v) === '');
      }),
      { numRuns: 2000 },
    );
  });

  it('normalizeName equals the full normalization, names of plain CJK and ASCII included', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string()), (v) => {
        expect(normalizeName(v)).toBe(fullName(v));
      }),
      { numRuns: 2000 },
    );
    expect(normalizeName('张三')).toBe('张三');
    expect(normalizeName('张　三 ')).toBe('张三');
    expect(normalizeName('丽')).toBe('丽');
  });
});

test('where the engine has no String#normalize (IE 11), full-width ASCII and the ideographic space are still normalized', () => {
  const normalize = Object.getOwnPropertyDescriptor(String.prototype, 'normalize');
  const cases = ['１２人', '张　三', 'ＡＢＣ－１', '王五（组长）'];
  const withNormalize = cases.map(normalizeName);
  try {
    delete (String.prototype as { normalize?: unknown }).normalize;
    expect(cases.map(normalizeName)).toEqual(withNormalize);
  } finally {
    if (normalize) Object.defineProperty(String.prototype, 'normalize', normalize);
  }
});
