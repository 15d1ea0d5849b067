/**
 * Text normalization. Names are compared after NFKC, trimming and removing every inner
 * whitespace and every format character ("张　三 " equals "张三", "RTL\u200F组" equals "RTL组");
 * comment text keeps its punctuation and only loses invisible characters.
 */

// Zero-width space/joiners, word joiner, BOM, soft hyphen.
const INVISIBLE_CHARS = '\\u200B-\\u200D\\u2060\\uFEFF\\u00AD';
// XML 1.0 forbids these; they can arrive from copy-paste and must never reach a written file.
const CONTROL_CHARS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF';
// Whitespace, the ideographic space included.
const SPACE_CHARS = '\\s\\u3000';
const INVISIBLE = new RegExp(`[${INVISIBLE_CHARS}]`, 'g');
/**
 * Unicode format characters (Cf): the invisible ones above, bidi marks and overrides (U+200E/F,
 * U+202A–E, U+2066–9), tags… They change how a name looks or reads, never which name it is, and
 * must not reach a file name (U+202E shows "gpj.exe" as "exe.jpg").
 */
// Written out (Unicode 17, astral ones as surrogate pairs) rather than as \p{Cf}: the pane runs
// in Internet Explorer 11, which knows no `u` flag; test/forms/text.test.ts holds it to \p{Cf}.
const FORMAT_BMP = [
  ...['\\u00AD', '\\u0600-\\u0605', '\\u061C', '\\u06DD', '\\u070F', '\\u0890', '\\u0891', '\\u08E2', '\\u180E'],
  ...['\\u200B-\\u200F', '\\u202A-\\u202E', '\\u2060-\\u2064', '\\u2066-\\u206F', '\\uFEFF', '\\uFFF9-\\uFFFB'],
].join('');
const FORMAT_ASTRAL = [
  ...['\\uD804[\\uDCBD\\uDCCD]', '\\uD80D[\\uDC30-\\uDC3F]', '\\uD82F[\\uDCA0-\\uDCA3]'],
  ...['\\uD834[\\uDD73-\\uDD7A]', '\\uDB40[\\uDC01\\uDC20-\\uDC7F]'],
];
const FORMAT = new RegExp([`[${FORMAT_BMP}]`, ...FORMAT_ASTRAL].join('|'), 'g');

/** The text without its Unicode format characters (Cf). */
export function withoutFormatChars(value: string): string {
  return value.replace(FORMAT, '');
}
const CONTROL = new RegExp(`[${CONTROL_CHARS}]`, 'g');
const ALL_WHITESPACE = new RegExp(`[${SPACE_CHARS}]+`, 'g');

/** Text NFKC and the removals leave as it is: ASCII letters and digits and CJK unified ideographs. */
const PLAIN_NAME = /^[0-9A-Za-z\u4E00-\u9FFF]*$/;

const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g;
const IDEOGRAPHIC_SPACE = /\u3000/g;

/**
 * NFKC; where the engine has no String#normalize (Internet Explorer 11, which runs the pane on
 * older Office) the part of it that the lenient readings rely on: full-width ASCII and the
 * ideographic space.
 */
export function nfkc(value: string): string {
  if (typeof value.normalize === 'function') return value.normalize('NFKC');
  return value.replace(FULL_WIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(IDEOGRAPHIC_SPACE, ' ');
}

/** The form of a name used for every comparison and stored in records. */
export function normalizeName(value: string): string {
  if (PLAIN_NAME.test(value)) return value;
  // Removing characters can join a letter and a combining mark NFKC would compose: strip first,
  // and compose again after the whitespace goes, or normalizing twice gives a different name.
  return nfkc(nfkc(value.replace(FORMAT, '').replace(CONTROL, '')).replace(ALL_WHITESPACE, ''));
}

/** Whether two sheet names are the same sheet: Excel compares them ignoring case. */
export function sameSheetName(a: string, b: string): boolean {
  return a === b || a.toUpperCase() === b.toUpperCase();
}

/**
 * A sheet name Excel takes, unique in `taken` as Excel compares names (ignoring case): at most 31
 * characters, none of : \ / ? * [ ], no apostrophe at either end, `blank` when nothing is left;
 * a taken name gets (2), (3)… within the 31.
 */
export function uniqueSheetName(base: string, taken: ReadonlySet<string>, blank = '_'): string {
  const upper = new Set([...taken].map((t) => t.toUpperCase()));
  const free = (name: string) => !upper.has(name.toUpperCase());
  const clean =
    base
      .replace(/[:\\/?*[\]]/g, '_')
      .replace(/^'+|'+$/g, '')
      .slice(0, 31) || blank;
  if (free(clean)) return clean;
  for (let n = 2; ; n++) {
    const suffix = `(${n})`;
    const name = `${clean.slice(0, 31 - suffix.length)}${suffix}`;
    if (free(name)) return name;
  }
}

/** Whether cleanText would change anything: such a character anywhere, or a space at either end. */
const NEEDS_CLEANING = new RegExp(`[${INVISIBLE_CHARS}\\r${CONTROL_CHARS}]`);
const EDGE_SPACE = new RegExp(`^[${SPACE_CHARS}]|[${SPACE_CHARS}]$`);
const EDGE_SPACES = new RegExp(`^[${SPACE_CHARS}]+|[${SPACE_CHARS}]+$`, 'g');

/** Comment text: invisible and control characters removed, line endings unified, trimmed. */
export function cleanText(value: string): string {
  // Most cells need nothing: one scan instead of four replacements.
  if (!NEEDS_CLEANING.test(value) && !EDGE_SPACE.test(value)) return value;
  return value.replace(INVISIBLE, '').replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(EDGE_SPACES, '');
}

/** Short single-line values (posts, options): NFKC, no invisible characters, inner runs of space folded. */
export function cleanShort(value: string): string {
  return cleanText(value.replace(INVISIBLE, '').replace(CONTROL, '').normalize('NFKC')).replace(ALL_WHITESPACE, ' ');
}

/** A character cleanText keeps and does not trim: the text is not blank. */
const NOT_BLANK = new RegExp(`[^${SPACE_CHARS}${INVISIBLE_CHARS}${CONTROL_CHARS}]`);

/** cleanText(value) === '', found at the first character that stays (usually the first). */
export function isBlankText(value: string): boolean {
  return !NOT_BLANK.test(value);
}

/** Placeholder comments that say nothing ("无", "同上", "好"...), compared after normalization. */
export const PLACEHOLDER_COMMENTS: readonly string[] = [
  '无',
  '没有',
  '暂无',
  '无问题',
  '没有问题',
  '暂无问题',
  '未发现问题',
  '同上',
  '同前',
  '见上',
  '好',
  '较好',
  '很好',
  '良好',
  '不错',
  '合格',
  '优秀',
  '一般',
  '满意',
  '略',
  '/',
  '-',
  '…',
  '...',
];

/**
 * A comment shorter than this many characters (after normalization) says too little to be a
 * review. Four-character phrases such as “成绩显著” are common and pass; the list above catches
 * the usual empty ones of any length.
 */
export const MIN_COMMENT_LENGTH = 4;

const LONGEST_PLACEHOLDER = Math.max(...PLACEHOLDER_COMMENTS.map((p) => p.length));

export function isPlaceholderComment(value: string): boolean {
  const n = normalizeName(value).replace(/[。.!！，,、；;]+$/u, '');
  // Long enough in UTF-16 units to be neither on the list nor short (a character is 1 or 2 units).
  if (n.length > LONGEST_PLACEHOLDER && n.length >= 2 * MIN_COMMENT_LENGTH) return false;
  return PLACEHOLDER_COMMENTS.includes(n) || [...n].length < MIN_COMMENT_LENGTH;
}

/** Names Windows reserves for devices, with any extension after them (NUL.xlsx, CONIN$.tar.gz too). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

/** Whether Windows reserves a file name: its part before the first dot is a device name. */
export function isWindowsReservedName(name: string): boolean {
  return WINDOWS_RESERVED.test(name.split('.')[0].trim());
}

/** A file-system-safe piece of a file name, on Windows too. */
export function safeFileNamePart(value: string, maxLength = 60): string {
  let s = value
    .normalize('NFKC')
    .replace(FORMAT, '')
    .replace(/[\u0000-\u001F\u007F<>:"/\\|?*]/g, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  s = [...s]
    .slice(0, maxLength)
    .join('')
    .replace(/[\s.]+$/g, '');
  if (s === '') s = '_';
  if (isWindowsReservedName(s)) s = `_${s}`;
  return s;
}
