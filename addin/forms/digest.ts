/** Content digests shared by the add-in (browser) and the scripts (Node): sha256 over canonical JSON. */
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/** JSON with object keys sorted and `undefined` dropped, so equal data gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * UTF-8 bytes as TextEncoder gives them (a lone surrogate becomes U+FFFD), for the engines that
 * run the pane on older Office and have no TextEncoder: Internet Explorer 11 and Edge Legacy.
 */
export function utf8BytesWithoutTextEncoder(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

const utf8Bytes: (text: string) => Uint8Array = typeof TextEncoder === 'function' ? utf8ToBytes : utf8BytesWithoutTextEncoder;

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8Bytes(text)));
}

/**
 * A flat plain record (only scalar values): JSON.stringify with the sorted keys as its property list
 * writes canonicalJson's text in one native call, in the list's order, leaving out undefined
 * values, where the general path below makes a piece per key and value (a county's report has
 * millions of them).
 */
function flatCanonical(value: Record<string, unknown>, keys: readonly string[]): string | undefined {
  // JSON.stringify would call a toJSON (a Date's, a Buffer's, a class's); canonicalJson takes
  // own enumerable keys only. Records are plain objects; anything else takes the general path.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  for (const k of keys) {
    const v = value[k];
    if ((v !== null && typeof v === 'object') || typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return undefined;
  }
  return JSON.stringify(value, keys as string[]);
}

/** canonicalJson's text, piece by piece, in the same order (no whole-text string is built). */
function writeCanonical(value: unknown, out: (text: string) => void): void {
  if (value === null || typeof value !== 'object') return out(JSON.stringify(value ?? null));
  if (Array.isArray(value)) {
    out('[');
    value.forEach((v, i) => {
      if (i > 0) out(',');
      writeCanonical(v === undefined ? null : v, out);
    });
    return out(']');
  }
  const flat = flatCanonical(value as Record<string, unknown>, Object.keys(value).sort());
  if (flat !== undefined) return out(flat);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  out('{');
  entries.forEach(([k, v], i) => {
    out(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`);
    writeCanonical(v, out);
  });
  out('}');
}

/** An incremental sha256 over UTF-8 text. */
export interface TextHasher {
  update(text: string): void;
  hex(): string;
}

/**
 * The portable sha256 (browser and Node). digestOf hands it many small pieces; each update turns
 * text into bytes and hashes them, so the pieces are gathered into 64 KB first.
 */
export function portableSha256(): TextHasher {
  const hash = sha256.create();
  let pending = '';
  return {
    update: (text) => {
      pending += text;
      if (pending.length >= 65536) {
        hash.update(utf8Bytes(pending));
        pending = '';
      }
    },
    hex: () => {
      hash.update(utf8Bytes(pending));
      return bytesToHex(hash.digest());
    },
  };
}

let makeHasher: () => TextHasher = portableSha256;

/**
 * Lets a host with a native sha256 (Node's node:crypto, several times faster than the portable
 * one on a county's report) hash the digests; the same text gives the same digest either way.
 */
export function useSha256(make: () => TextHasher): void {
  makeHasher = make;
}

/**
 * sha256 of canonicalJson(value), hashed as the text is made: a county's report model is tens of
 * megabytes of JSON, which as one string (and its UTF-8 bytes) would be the merge's peak of
 * memory. Each piece goes to the hasher as it is made: node:crypto takes small pieces cheaply,
 * and the portable hasher gathers them into 64 KB itself.
 */
export function digestOf(value: unknown): string {
  const hash = makeHasher();
  writeCanonical(value, (text) => hash.update(text));
  return hash.hex();
}
