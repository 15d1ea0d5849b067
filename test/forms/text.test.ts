/**
 * The text normalizers' fast paths (a scan that finds nothing to do returns the text as it is)
 * give what the full replacements give, for text made of the characters that matter: spaces of
 * every kind, invisible and control characters, CR/LF, fullwidth forms, CJK, combining marks.
 */
import fc from 'fast-check';
import { cleanText, isBlankText, normalizeName, safeFileNamePart, withoutFormatChars } from '../../addin/forms/text';

// The definitions the fast paths must agree with, written out in full.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const fullClean = (v: string) =>
  v
    .replace(INVISIBLE, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
// Names lose every format character (Cf), bidi marks included, not only the invisible ones.
const FORMAT = /\p{Cf}/gu;
const fullName = (v: string) =>
  v
    .replace(FORMAT, '')
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
  '\u200E',
  '\u200F',
  '\u202E',
  '\u2066',
  '\u061C',
  '\u{E0041}',
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

  it('knows every format character (Cf) by code point, without the u flag Internet Explorer 11 lacks', () => {
    const every: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) if (c < 0xd800 || c > 0xdfff) every.push(String.fromCodePoint(c));
    const all = every.join('');
    expect(withoutFormatChars(all)).toBe(all.replace(FORMAT, ''));
  });

  it('removes format characters from names: bidi marks do not make another branch', () => {
    expect(normalizeName('RTL\u200F组')).toBe(normalizeName('RTL组'));
    expect(normalizeName('\u202E语文党小组\u202C')).toBe('语文党小组');
    expect(normalizeName('张\u2066三\u2069')).toBe('张三');
  });

  it('lets no format character reach a file name', () => {
    expect(safeFileNamePart('语文\u202Exslx.exe')).toBe('语文xslx.exe');
    fc.assert(
      fc.property(fc.oneof(text, fc.string()), (v) => {
        expect(safeFileNamePart(v)).not.toMatch(/\p{Cf}/u);
      }),
      { numRuns: 2000 },
    );
  });

  it('never gives a name Windows reserves for a device, nor a DEL character', () => {
    for (const name of ['CON', 'nul.tar.gz', 'COM1', 'LPT9', 'CONIN$', 'conout$.xlsx']) expect(safeFileNamePart(name)).toBe(`_${name}`);
    expect(safeFileNamePart('CONSOLE')).toBe('CONSOLE');
    expect(safeFileNamePart('语文\u007F组')).toBe('语文_组');
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
