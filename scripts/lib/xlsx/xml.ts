/**
 * XML parsing for workbook parts: a strict, streaming XML 1.0 tokenizer of our own, several times
 * faster than saxes on sheet XML (and held to saxes event for event by its tests).
 * It knows no DTD: any DOCTYPE or entity declaration is refused, before parsing by a byte search
 * and again by the tokenizer, so no entity is ever expanded and no external DTD is ever fetched.
 * Anything not well-formed stops the parse at the first error.
 */
import { StringDecoder } from 'node:string_decoder';
import { WorkbookError } from '../errors';

export interface XmlHandlers {
  /** `attrs` is valid during the call only, and shared by the tags without attributes: read it, never change it. */
  open?(name: string, attrs: Readonly<Record<string, string>>): void;
  close?(name: string): void;
  /** Character data (entities decoded, CDATA verbatim), possibly in several pieces. */
  text?(text: string): void;
}

const MARKS = ['<!DOCTYPE', '<!ENTITY'].flatMap((m) => [Buffer.from(m, 'utf8'), Buffer.from(m, 'utf16le'), Buffer.from(m, 'utf16le').swap16()]);

/**
 * For parts that are not parsed (styles, theme, document properties…): refuses a DOCTYPE or
 * entity declaration all the same, by a byte search (no decoding), so a hostile part is
 * reported even where no parser of ours would have met it.
 */
export function refuseDeclarations(buf: Buffer, part: string): void {
  if (buf.indexOf(0x21) < 0) return; // no '!' at all: the common case, one fast scan
  for (const mark of MARKS) {
    if (buf.indexOf(mark) >= 0) throw new WorkbookError('xml-doctype', { part });
  }
}

/** Below this length V8 copies a slice; from it on, a slice is a view into the whole string. */
const SLICE_MIN_LENGTH = 13;

/**
 * The value as a string of its own. V8 keeps a slice of 13 or more characters as a view into the
 * string it was cut from (and a concatenation as its pieces), so a text or attribute value that
 * outlives the parse — a record, a `_meta` entry, a memoized header — would keep the whole decoded
 * chunk alive: a branch file's shared strings, 20 KB per file, 80 MB over a 4,000-file merge.
 * Prepending a character makes V8 flatten the value into a new string, and the slice after it is
 * a view into that string only (about 60 ns per value).
 */
export function ownString(value: string): string {
  return value.length < SLICE_MIN_LENGTH ? value : ` ${value}`.slice(1);
}

export interface XmlSink {
  write(chunk: Buffer): void;
  close(): void;
}

function failureOf(err: unknown, part: string): WorkbookError {
  if (err instanceof WorkbookError) return err;
  return new WorkbookError('xml-invalid', { part }, { cause: err });
}

/** The longest declaration mark in bytes, less one: what a chunk boundary can split. */
const OVERLAP = Math.max(...MARKS.map((m) => m.length)) - 1;

/** refuseDeclarations over a part that arrives in chunks, marks split across chunks included. */
export function declarationScanner(part: string): (chunk: Buffer) => void {
  let tail = Buffer.alloc(0);
  return (chunk) => {
    refuseDeclarations(chunk, part);
    if (tail.length > 0) refuseDeclarations(Buffer.concat([tail, chunk.subarray(0, OVERLAP)]), part);
    tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - OVERLAP)));
  };
}

// ── the tokenizer ─────────────────────────────────────────────────────────────

/** Not well-formed; becomes the 'xml-invalid' WorkbookError (this is its `cause`). */
class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError';
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DQUOTE = 34;
const AMP = 38;
const SQUOTE = 39;
const SLASH = 47;
const LT = 60;
const EQ = 61;
const GT = 62;
const QUESTION = 63;
const BANG = 33;
const RBRACKET = 93;

/** ASCII name characters: 1 = may start a name, 2 = may only follow. */
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) ASCII_NAME[c] = 1;
  else if (/[0-9.-]/.test(ch)) ASCII_NAME[c] = 2;
}

/** XML 1.0 NameStartChar / NameChar beyond ASCII (BMP; astral planes are checked as pairs). */
function nameCharBeyondAscii(c: number, start: boolean): boolean {
  if ((c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff) || (c >= 0x370 && c <= 0x37d) || (c >= 0x37f && c <= 0x1fff))
    return true;
  if (c === 0x200c || c === 0x200d || (c >= 0x2070 && c <= 0x218f) || (c >= 0x2c00 && c <= 0x2fef) || (c >= 0x3001 && c <= 0xd7ff)) return true;
  if ((c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xfffd)) return true;
  return !start && (c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040);
}

function isXmlChar(cp: number): boolean {
  return cp === TAB || cp === LF || cp === CR || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Whether `s` holds `name` at `at` (a loop: cheaper than startsWith for short names). */
function sameAt(s: string, at: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) if (s.charCodeAt(at + k) !== name.charCodeAt(k)) return false;
  return true;
}

function isSpace(c: number): boolean {
  return c <= SPACE && (c === SPACE || c === LF || c === TAB || c === CR);
}

/** Longest entity reference we read (`&#x10FFFF;` is 10; leading zeros are allowed). */
const MAX_REFERENCE = 32;

function predefined(name: string): string | undefined {
  switch (name) {
    case 'amp':
      return '&';
    case 'lt':
      return '<';
    case 'gt':
      return '>';
    case 'quot':
      return '"';
    case 'apos':
      return "'";
    default:
      return undefined;
  }
}

/** An incomplete token longer than this is collected in pieces and scanned only for its end. */
const LONG_TOKEN = 16_384;

const FEW_ATTRS = 16;
/** The attributes of a tag without any (handlers read attributes, never keep or change them). */
const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Kinds of long token. */
const LONG_TAG = 0;
const LONG_COMMENT = 1;
const LONG_CDATA = 2;
const LONG_PI = 3;

/**
 * Events as saxes (xmlns off) gave them: text is delivered also when only whitespace, outside
 * the root element too; CDATA comes as text; comments and processing instructions are skipped.
 */
class Tokenizer {
  private readonly stack: string[] = [];
  private rootSeen = false;
  private bomChecked = false;
  /** Still before the first token: the only place an XML declaration may be. */
  private docStart = true;
  /** The unparsed rest of what was written: an incomplete token or text held back. */
  private tail = '';
  /** A long incomplete token, in pieces, and what ends it. */
  private long: string[] | null = null;
  private longKind = LONG_TAG;
  private longQuote = 0;
  private longCarry = '';
  /** The value of the last entity reference read by `entity`. */
  private entityValue = '';
  /** The attribute names of the tag being read (the first few: more are checked on the object). */
  private readonly keys: string[] = [];

  constructor(
    private readonly part: string,
    private readonly h: XmlHandlers,
  ) {}

  write(chunk: string): void {
    if (chunk.length === 0) return;
    if (this.long) {
      if (!this.longEnds(chunk)) {
        this.long.push(chunk);
        return;
      }
      const s = this.long.join('') + chunk;
      this.long = null;
      this.consume(s, false);
      return;
    }
    this.consume(this.tail.length > 0 ? this.tail + chunk : chunk, false);
  }

  end(): void {
    if (this.long) throw new XmlSyntaxError('unterminated markup at the end of the document');
    const s = this.tail;
    this.tail = '';
    if (s.length > 0 && this.parse(s, true) < s.length) throw new XmlSyntaxError('unterminated markup at the end of the document');
    if (this.stack.length > 0) throw new XmlSyntaxError(`unclosed tag: ${this.stack[this.stack.length - 1]}`);
    if (!this.rootSeen) throw new XmlSyntaxError('document must contain a root element');
  }

  private consume(s: string, final: boolean): void {
    const pos = this.parse(s, final);
    this.tail = pos < s.length ? s.slice(pos) : '';
    if (this.tail.length > LONG_TOKEN) this.startLong(this.tail);
  }

  // ── long tokens: linear time however a token is split ─────────────────────

  private startLong(tail: string): void {
    this.tail = '';
    this.long = [tail];
    if (tail.startsWith('<!--')) this.longKind = LONG_COMMENT;
    else if (tail.startsWith('<![CDATA[')) this.longKind = LONG_CDATA;
    else if (tail.startsWith('<?')) this.longKind = LONG_PI;
    else {
      this.longKind = LONG_TAG;
      this.longQuote = 0;
      // Not expected (the tag would have been parsed); if so, it is simply parsed again.
      if (this.tagEnd(tail, 1) >= 0) {
        this.long = null;
        this.tail = tail;
      }
      return;
    }
    this.longCarry = tail.slice(-2);
  }

  /** Whether `chunk` holds the end of the long token (state carried over from earlier pieces). */
  private longEnds(chunk: string): boolean {
    if (this.longKind === LONG_TAG) return this.tagEnd(chunk, 0) >= 0;
    const term = this.longKind === LONG_COMMENT ? '-->' : this.longKind === LONG_CDATA ? ']]>' : '?>';
    const probe = this.longCarry + chunk.slice(0, term.length);
    if (probe.includes(term) || chunk.includes(term)) return true;
    this.longCarry = (this.longCarry + chunk.slice(-2)).slice(-2);
    return false;
  }

  /** The first `>` outside a quoted value from `from`, or -1 (the quote state carries over). */
  private tagEnd(s: string, from: number): number {
    for (let i = from; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (this.longQuote !== 0) {
        const j = s.indexOf(this.longQuote === DQUOTE ? '"' : "'", i);
        if (j < 0) return -1;
        this.longQuote = 0;
        i = j;
      } else if (c === DQUOTE || c === SQUOTE) this.longQuote = c;
      else if (c === GT) return i;
    }
    return -1;
  }

  // ── the main loop ───────────────────────────────────────────────────────────

  /** Parses `s` as far as it can; returns where the unparsed rest starts. */
  private parse(s: string, final: boolean): number {
    const len = s.length;
    let pos = 0;
    if (!this.bomChecked) {
      this.bomChecked = true;
      if (s.charCodeAt(0) === 0xfeff) pos = 1;
    }
    if (this.docStart) {
      const next = this.declaration(s, pos, final);
      if (next < 0) return pos;
      pos = next;
    }
    while (pos < len) {
      // Sheet XML is mostly tag after tag: look before calling indexOf.
      const lt = s.charCodeAt(pos) === LT ? pos : s.indexOf('<', pos);
      if (lt !== pos) {
        if (lt < 0) {
          const cut = final ? len : this.textCut(s, pos, len);
          if (cut > pos) this.text(s, pos, cut);
          return cut;
        }
        this.text(s, pos, lt);
      }
      if (lt + 1 >= len) {
        if (final) throw new XmlSyntaxError('unterminated markup at the end of the document');
        return lt;
      }
      const c = s.charCodeAt(lt + 1);
      const next = c === SLASH ? this.endTag(s, lt) : c === BANG ? this.bang(s, lt) : c === QUESTION ? this.pi(s, lt) : this.startTag(s, lt);
      if (next < 0) {
        if (final) throw new XmlSyntaxError('unterminated markup at the end of the document');
        return lt;
      }
      pos = next;
    }
    return pos;
  }

  /**
   * Text that runs to the end of what was written ends before anything the next chunk could
   * complete: an entity reference, a CR (of CR LF) or `]` (of `]]>`).
   */
  private textCut(s: string, pos: number, len: number): number {
    const amp = s.lastIndexOf('&', len - 1);
    if (amp >= pos && amp > len - MAX_REFERENCE && s.indexOf(';', amp) < 0) return amp;
    let cut = len;
    while (cut > pos && cut > len - 2) {
      const c = s.charCodeAt(cut - 1);
      if (c !== RBRACKET && c !== CR) break;
      cut--;
    }
    return cut;
  }

  /** The XML declaration, only at the very start: -1 while undecided, else where parsing goes on. */
  private declaration(s: string, pos: number, final: boolean): number {
    if (s.length - pos < 6 && !final && '<?xml'.startsWith(s.slice(pos))) return -1;
    this.docStart = false;
    if (!s.startsWith('<?xml', pos) || !(isSpace(s.charCodeAt(pos + 5)) || s.charCodeAt(pos + 5) === QUESTION)) return pos;
    const end = s.indexOf('?>', pos + 5);
    if (end < 0) {
      if (final) throw new XmlSyntaxError('unterminated XML declaration');
      this.docStart = true;
      return -1;
    }
    if (!/^\s+version\s*=\s*(["'])1\.[0-9]+\1/.test(s.slice(pos + 5, end))) throw new XmlSyntaxError('XML declaration must contain a version 1.x');
    this.checkChars(s, pos + 5, end);
    return end + 2;
  }

  private text(s: string, start: number, end: number): void {
    if (this.stack.length === 0) {
      for (let i = start; i < end; i++) {
        if (!isSpace(s.charCodeAt(i))) throw new XmlSyntaxError('text data outside of the root element');
      }
    }
    const value = this.charData(s, start, end);
    if (this.h.text !== undefined) this.h.text(ownString(value));
  }

  /** Character data with entities decoded and line ends normalized; checks every character. */
  private charData(s: string, start: number, end: number): string {
    let out = '';
    let from = start;
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x3f) {
        if (c === AMP) {
          const next = this.entity(s, i, end);
          out += s.slice(from, i) + this.entityValue;
          from = next;
          i = next - 1;
        } else if (c < SPACE) {
          if (c === CR) {
            out += `${s.slice(from, i)}\n`;
            if (s.charCodeAt(i + 1) === LF && i + 1 < end) i++;
            from = i + 1;
          } else if (c !== LF && c !== TAB) throw new XmlSyntaxError(`disallowed character U+${c.toString(16).padStart(4, '0')}`);
        } else if (c === GT && i >= start + 2 && s.charCodeAt(i - 1) === RBRACKET && s.charCodeAt(i - 2) === RBRACKET) {
          throw new XmlSyntaxError('the string "]]>" is disallowed in character data');
        }
      } else if (c >= 0xfffe) throw new XmlSyntaxError('disallowed character U+FFFE/U+FFFF');
    }
    return from === start ? s.slice(start, end) : out + s.slice(from, end);
  }

  /** Reads the reference at `s[amp]` into entityValue; returns the index after its `;`. */
  private entity(s: string, amp: number, end: number): number {
    const semi = s.indexOf(';', amp + 1);
    if (semi < 0 || semi >= end || semi - amp > MAX_REFERENCE) throw new XmlSyntaxError('malformed entity reference');
    if (s.charCodeAt(amp + 1) === 0x23) {
      const hex = s.charCodeAt(amp + 2) === 0x78;
      const digits = s.slice(amp + (hex ? 3 : 2), semi);
      if (!(hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits)) throw new XmlSyntaxError('malformed character reference');
      const cp = parseInt(digits, hex ? 16 : 10);
      if (!isXmlChar(cp)) throw new XmlSyntaxError('character reference to a disallowed character');
      this.entityValue = String.fromCodePoint(cp);
    } else {
      const value = predefined(s.slice(amp + 1, semi));
      if (value === undefined) throw new XmlSyntaxError('undefined entity');
      this.entityValue = value;
    }
    return semi + 1;
  }

  /** Checks that `s[start, end)` holds only XML characters (comments, PIs). */
  private checkChars(s: string, start: number, end: number): void {
    for (let i = start; i < end; i++) {
      const c = s.charCodeAt(i);
      if ((c < SPACE && c !== LF && c !== TAB && c !== CR) || c >= 0xfffe) throw new XmlSyntaxError('disallowed character');
    }
  }

  /** Index after the name at `s[i]` (`i` itself if none). */
  private name(s: string, i: number, end: number): number {
    if (i >= end) return i;
    let c = s.charCodeAt(i);
    if (c < 128 ? ASCII_NAME[c] !== 1 : !this.nameChar(s, i, true)) return i;
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    while (i < end) {
      c = s.charCodeAt(i);
      if (c < 128) {
        if (ASCII_NAME[c] === 0) break;
        i++;
      } else if (this.nameChar(s, i, false)) i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
      else break;
    }
    return i;
  }

  private nameChar(s: string, i: number, start: boolean): boolean {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdb7f) {
      const low = s.charCodeAt(i + 1);
      return low >= 0xdc00 && low <= 0xdfff; // U+10000–U+EFFFF
    }
    return nameCharBeyondAscii(c, start);
  }

  // ── tokens: each returns the index after it, or -1 when `s` ends inside it ──

  private startTag(s: string, lt: number): number {
    const len = s.length;
    let i = this.name(s, lt + 1, len);
    if (i >= len) return -1;
    if (i === lt + 1) throw new XmlSyntaxError('disallowed character in tag name');
    if (this.stack.length === 0 && this.rootSeen) throw new XmlSyntaxError('a second root element');
    const name = s.slice(lt + 1, i);
    // Most tags of a sheet (<v>, <f>, <t>…) have no attribute: they share one empty, frozen object.
    let attrs: Record<string, string> = NO_ATTRS;
    const keys = this.keys;
    let count = 0;
    for (;;) {
      let c = s.charCodeAt(i);
      const spaced = isSpace(c);
      while (isSpace(c)) c = s.charCodeAt(++i);
      if (i >= len) return -1;
      if (c === GT) {
        this.rootSeen = true;
        this.stack.push(name);
        if (this.h.open !== undefined) this.h.open(name, attrs);
        return i + 1;
      }
      if (c === SLASH) {
        if (i + 1 >= len) return -1;
        if (s.charCodeAt(i + 1) !== GT) throw new XmlSyntaxError('"/" in a start tag not followed by ">"');
        this.rootSeen = true;
        if (this.h.open !== undefined) this.h.open(name, attrs);
        if (this.h.close !== undefined) this.h.close(name);
        return i + 2;
      }
      if (!spaced) throw new XmlSyntaxError('no whitespace before an attribute');
      const at = i;
      i = this.name(s, i, len);
      if (i >= len) return -1;
      if (i === at) throw new XmlSyntaxError('disallowed character in an attribute name');
      const key = s.slice(at, i);
      c = s.charCodeAt(i);
      while (isSpace(c)) c = s.charCodeAt(++i);
      if (i >= len) return -1;
      if (c !== EQ) throw new XmlSyntaxError('attribute without a value');
      c = s.charCodeAt(++i);
      while (isSpace(c)) c = s.charCodeAt(++i);
      if (i >= len) return -1;
      if (c !== DQUOTE && c !== SQUOTE) throw new XmlSyntaxError('unquoted attribute value');
      // The common value (no reference, no control character) in one pass.
      let close = i + 1;
      let d = s.charCodeAt(close);
      while (d !== c && d >= SPACE && d !== AMP && d !== LT && d < 0xfffe) d = s.charCodeAt(++close);
      let value: string;
      if (d === c) value = ownString(s.slice(i + 1, close));
      else {
        close = s.indexOf(c === DQUOTE ? '"' : "'", close);
        if (close < 0) return -1;
        value = this.attrValue(s, i + 1, close);
      }
      if (count === 0) attrs = {};
      if (count < FEW_ATTRS) {
        for (let k = 0; k < count; k++) if (keys[k] === key) throw new XmlSyntaxError(`duplicate attribute: ${key}`);
        keys[count] = key;
      } else if (Object.hasOwn(attrs, key)) throw new XmlSyntaxError(`duplicate attribute: ${key}`);
      count++;
      if (key === '__proto__') Object.defineProperty(attrs, key, { value, enumerable: true, writable: true, configurable: true });
      else attrs[key] = value;
      i = close + 1;
    }
  }

  /** An attribute value: entities decoded, literal tab/newline/CR normalized to spaces. */
  private attrValue(s: string, start: number, end: number): string {
    let i = start;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c < SPACE || c === AMP || c === LT || c >= 0xfffe) break;
    }
    if (i === end) return ownString(s.slice(start, end));
    let out = s.slice(start, i);
    let from = i;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === AMP) {
        const next = this.entity(s, i, end);
        out += s.slice(from, i) + this.entityValue;
        from = next;
        i = next - 1;
      } else if (c < SPACE) {
        if (c !== LF && c !== TAB && c !== CR) throw new XmlSyntaxError('disallowed character in an attribute value');
        out += `${s.slice(from, i)} `;
        if (c === CR && s.charCodeAt(i + 1) === LF && i + 1 < end) i++;
        from = i + 1;
      } else if (c === LT) throw new XmlSyntaxError('"<" in an attribute value');
      else if (c >= 0xfffe) throw new XmlSyntaxError('disallowed character in an attribute value');
    }
    return ownString(out + s.slice(from, end));
  }

  private endTag(s: string, lt: number): number {
    const top = this.stack[this.stack.length - 1];
    // The common case without slicing: the name of the open element, then '>'.
    if (top !== undefined && s.charCodeAt(lt + 2 + top.length) === GT && sameAt(s, lt + 2, top)) {
      this.stack.pop();
      if (this.h.close !== undefined) this.h.close(top);
      return lt + 3 + top.length;
    }
    const len = s.length;
    let i = this.name(s, lt + 2, len);
    if (i >= len) return -1;
    if (i === lt + 2) throw new XmlSyntaxError('disallowed character in a closing tag');
    const name = s.slice(lt + 2, i);
    let c = s.charCodeAt(i);
    while (isSpace(c)) c = s.charCodeAt(++i);
    if (i >= len) return -1;
    if (c !== GT) throw new XmlSyntaxError('disallowed character in a closing tag');
    if (name !== top) throw new XmlSyntaxError(`unexpected close tag: ${name}`);
    this.stack.pop();
    if (this.h.close !== undefined) this.h.close(name);
    return i + 1;
  }

  /** `<!`: a comment, a CDATA section, or a declaration (refused). */
  private bang(s: string, lt: number): number {
    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt + 4);
      if (end < 0) return -1;
      const dashes = s.indexOf('--', lt + 4);
      if (dashes < end || (end > lt + 4 && s.charCodeAt(end - 1) === 0x2d)) throw new XmlSyntaxError('"--" inside a comment');
      this.checkChars(s, lt + 4, end);
      return end + 3;
    }
    if (s.startsWith('<![CDATA[', lt)) {
      const end = s.indexOf(']]>', lt + 9);
      if (end < 0) return -1;
      if (this.stack.length === 0) throw new XmlSyntaxError('CDATA outside of the root element');
      let value = s.slice(lt + 9, end);
      this.checkChars(value, 0, value.length);
      if (value.includes('\r')) value = value.replace(/\r\n?/g, '\n');
      if (this.h.text !== undefined && value.length > 0) this.h.text(ownString(value));
      return end + 3;
    }
    const rest = s.slice(lt, lt + 9);
    if (rest.length < 9 && ['<!--', '<![CDATA[', '<!DOCTYPE', '<!ENTITY'].some((m) => m.startsWith(rest))) return -1;
    if (rest.startsWith('<!DOCTYPE') || rest.startsWith('<!ENTITY')) throw new WorkbookError('xml-doctype', { part: this.part });
    throw new XmlSyntaxError('malformed markup declaration');
  }

  /** A processing instruction, skipped (an XML declaration is allowed only at the start). */
  private pi(s: string, lt: number): number {
    const end = s.indexOf('?>', lt + 2);
    if (end < 0) return -1;
    const i = this.name(s, lt + 2, end);
    if (i === lt + 2 || (i < end && !isSpace(s.charCodeAt(i)))) throw new XmlSyntaxError('malformed processing instruction');
    if (s.slice(lt + 2, i).toLowerCase() === 'xml') throw new XmlSyntaxError('an XML declaration must be at the start of the document');
    this.checkChars(s, i, end);
    return end + 2;
  }
}

/**
 * A streaming parser: inflated chunks go straight into the tokenizer (no whole-part buffer or
 * string), each checked for declarations, including across chunk boundaries. Throws
 * WorkbookError, and after the first error throws it again on every call.
 */
export function xmlParser(part: string, handlers: XmlHandlers): XmlSink {
  const tokenizer = new Tokenizer(part, handlers);
  const decoder = new StringDecoder('utf8');
  let failure: WorkbookError | undefined;
  const scan = declarationScanner(part);
  const guard = (step: () => void) => {
    if (failure) throw failure;
    try {
      step();
    } catch (err) {
      failure = failureOf(err, part);
      throw failure;
    }
  };
  return {
    write(chunk) {
      guard(() => {
        scan(chunk);
        tokenizer.write(decoder.write(chunk));
      });
    },
    close() {
      guard(() => {
        tokenizer.write(decoder.end());
        tokenizer.end();
      });
    },
  };
}

export function parseXml(buf: Buffer, part: string, handlers: XmlHandlers): void {
  const sink = xmlParser(part, handlers);
  sink.write(buf);
  sink.close();
}

/** Local name without a namespace prefix ("x:row" → "row"). */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}
