import fc from 'fast-check';
import { a1, columnIndex, columnLetter, columnOfA1, parseA1 } from '../../addin/forms/cell';

/** The A1 grammar as a regular expression: what parseA1's character scan must agree with. */
function parseA1Spec(ref: string): { col: number; row: number } | null {
  const m = /^([A-Za-z]{1,3})(\d{1,7})$/.exec(ref);
  return m ? { col: columnIndex(m[1]), row: Number(m[2]) } : null;
}

const edgeRefs = [
  'A1',
  'a1',
  'Zz9',
  'XFD1048576',
  'AAA1234567',
  'AAAA1',
  'A12345678',
  'A',
  '1',
  '',
  'A1 ',
  ' A1',
  'A-1',
  'A1.5',
  'À1',
  'Ａ1',
  'A１',
  '@1',
  '[1',
  '`1',
  '{1',
  'A0',
  'A01',
  'B2:C3',
  'ß1',
  '\u0141' + '1',
];

describe('A1 references', () => {
  it.each(edgeRefs)('parseA1 and columnOfA1 agree with the A1 grammar on %j', (ref) => {
    const spec = parseA1Spec(ref);
    expect(parseA1(ref)).toEqual(spec);
    expect(columnOfA1(ref)).toBe(spec ? spec.col : -1);
  });

  it('agree with the A1 grammar on any short string of letters, digits and look-alikes', () => {
    const char = fc.constantFrom(...'AZaz09Mm5@[`{:$ À１Ｍ');
    fc.assert(
      fc.property(fc.array(char, { maxLength: 12 }), (chars) => {
        const ref = chars.join('');
        const spec = parseA1Spec(ref);
        expect(parseA1(ref)).toEqual(spec);
        expect(columnOfA1(ref)).toBe(spec ? spec.col : -1);
      }),
      { numRuns: 3000 },
    );
  });

  it('read back every reference a1 writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16383 }), fc.integer({ min: 1, max: 1_048_576 }), (col, row) => {
        expect(parseA1(a1(col, row))).toEqual({ col, row });
        expect(columnOfA1(`${columnLetter(col)}${row}`)).toBe(col);
      }),
    );
  });
});
