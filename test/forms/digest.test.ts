/**
 * Content digests: sha256 over canonicalJson, whichever sha256 hashes it (the portable one in the
 * browser, node:crypto in the scripts) and however the text is made (flat records in one native
 * call). Digests are stored in finalized files, so a change in the text would call every
 * finalized file edited.
 */
import fc from 'fast-check';
import { canonicalJson, digestOf, portableSha256, sha256Hex, useSha256, utf8BytesWithoutTextEncoder } from '../../addin/forms/digest';
import { nodeSha256 } from '../../scripts/lib/node-sha256';

const portable = () => {
  // The portable hasher, as the add-in has it: sha256Hex over the whole canonical text.
  let text = '';
  return { update: (t: string) => void (text += t), hex: () => sha256Hex(text) };
};

afterAll(() => useSha256(nodeSha256));

const scalar = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('0', '1', '10', '2', 'a', 'b', 'A', '张', '_', '__proto__x', '__proto__', 'toJSON'));
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, scalar, tie('arr'), tie('obj')),
  arr: fc.array(tie('any'), { maxLength: 4 }),
  obj: fc.dictionary(key, tie('any'), { maxKeys: 6 }),
})).any;

describe('digestOf', () => {
  it('is sha256 of canonicalJson for any JSON-like value, with either sha256', () => {
    fc.assert(
      fc.property(value, (v) => {
        const expected = sha256Hex(canonicalJson(v));
        useSha256(nodeSha256);
        const native = digestOf(v);
        useSha256(portable);
        const whole = digestOf(v);
        useSha256(portableSha256);
        const browser = digestOf(v);
        return native === expected && whole === expected && browser === expected;
      }),
      { numRuns: 400 },
    );
  });

  it('writes objects that are not plain records by their own enumerable keys, as canonicalJson does (never their toJSON)', () => {
    class WithJson {
      x = 1;
      toJSON() {
        return 'replaced';
      }
    }
    const values: unknown[] = [
      new Date(0),
      Object('ab'),
      new WithJson(),
      [new Date(0), { d: new Date(0) }],
      Object.assign(Object.create(null), { b: 2, a: 1 }),
      JSON.parse('{"__proto__":1,"a":2}'),
    ];
    useSha256(nodeSha256);
    for (const v of values) expect(digestOf(v)).toBe(sha256Hex(canonicalJson(v)));
  });

  it('is the same with every hasher for a report-sized value (pieces past 64 KB)', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      name: `党员${i}`,
      comment: '能够主动承担毕业班教学任务，认真组织学习。'.repeat(1 + (i % 3)),
      n: i,
      ok: i % 2 === 0,
    }));
    const value = { rows, nested: [{ a: rows.slice(0, 5) }] };
    const expected = sha256Hex(canonicalJson(value));
    for (const hasher of [nodeSha256, portable, portableSha256]) {
      useSha256(hasher);
      expect(digestOf(value)).toBe(expected);
    }
  });

  it('canonicalJson sorts keys, drops undefined members and keeps array holes as null', () => {
    expect(canonicalJson({ b: 1, a: [undefined, 'x'], c: undefined, 10: true, 2: false })).toBe('{"10":true,"2":false,"a":[null,"x"],"b":1}');
    useSha256(nodeSha256);
    expect(digestOf({ b: 1, a: '点评' })).toBe(sha256Hex('{"a":"点评","b":1}'));
  });
});

test("the UTF-8 encoder for engines without TextEncoder (IE 11, Edge Legacy) gives TextEncoder's bytes, lone surrogates included", () => {
  const encoder = new TextEncoder();
  const withLoneSurrogates = fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('\uD800', '\uDFFF', '\uDBFF\uDBFF', '\uDC00\uD800', '张三')), {
    maxLength: 8,
  });
  fc.assert(
    fc.property(withLoneSurrogates, (parts) => {
      const text = parts.join('');
      expect([...utf8BytesWithoutTextEncoder(text)]).toEqual([...encoder.encode(text)]);
    }),
  );
});
