/**
 * How tall a wrapped text is in a cell of a given width. No viewer (Excel, WPS, LibreOffice)
 * fits a row to its text when a file is opened, so every writer that wraps text sets the row
 * height itself, from these estimates. They err on the tall side: a row a line too tall
 * wastes a little paper, a row a line too short hides the text.
 *
 * Widths are Excel's column units: one unit is the width of a digit of the workbook's default
 * font (Calibri 11: 7 pixels at 96 dpi, 5.25 points). Text is measured per character: a
 * full-width character (CJK, full-width punctuation, emoji) is one em, anything else at most
 * 0.6 em (a digit is 0.5 em in 宋体, 0.64 em in the DejaVu Sans that LibreOffice substitutes).
 */

/** Points per column unit (7 px of Calibri 11 at 96 dpi). */
const POINTS_PER_UNIT = 5.25;
/** Space a cell keeps free inside its borders, left and right together (points). */
const CELL_PADDING = 4;
/** Line pitch as a multiple of the font size: 宋体 needs 1.3, LibreOffice's fallback fonts more. */
const LINE_PITCH = 1.4;
/** Space above and below the lines of a row (points). */
const ROW_PADDING = 4;
/** A share of each line left free: viewers round glyph advances and keep their own margins. */
const SLACK = 0.03;
/** Excel's largest row height (points). */
export const MAX_ROW_HEIGHT = 409;
/** Half-width characters, as a share of the em. */
const NARROW = 0.6;

/**
 * Full-width: CJK ideographs, kana, hangul, full-width forms, CJK punctuation, the general
 * punctuation Chinese fonts draw full-width (“ ” — …), and anything outside the BMP (emoji,
 * rare ideographs).
 */
function isWide(code: number): boolean {
  if (code < 0x1100) return false;
  return (
    code <= 0x115f ||
    (code >= 0x2000 && code <= 0x206f) ||
    (code >= 0x2e80 && code <= 0x303e) ||
    (code >= 0x3041 && code <= 0x33ff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0xa000 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    code > 0xffff
  );
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x3000;
}

/** The width of one character (code point) in ems. */
function charEms(code: number): number {
  return isWide(code) ? 1 : NARROW;
}

/** The width of a column of `width` units, in points. */
export function columnPoints(width: number): number {
  return width * POINTS_PER_UNIT;
}

/** The width of a text on one line, in points. */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const ch of text) ems += charEms(ch.codePointAt(0) as number);
  return ems * fontSize;
}

/** Punctuation a line may not start with: a break before it takes the character before along. */
const LINE_START_FORBIDDEN = new Set([...'，。、；：？！）》」』”’…·%,.;:?!)]}'].map((c) => c.codePointAt(0) as number));

function isLineStartForbidden(code: number): boolean {
  return LINE_START_FORBIDDEN.has(code);
}

/**
 * The lines a paragraph (no line break) takes in a box `width` points wide. Lines break between
 * any two full-width characters and at spaces; a run of narrow characters (a word, a number, a
 * file name) moves to the next line whole when it fits there, else it is cut where the line ends.
 * Punctuation that may not start a line (，。、) pulls the character before it down.
 */
function paragraphLines(text: string, width: number, fontSize: number): number {
  const room = Math.max(fontSize, width * (1 - SLACK));
  const narrow = NARROW * fontSize;
  let lines = 1;
  let used = 0;
  // The width of the last character placed (what punctuation pulls down with it).
  let last = 0;
  // The narrow characters of the word being read, placed when it ends.
  let word = 0;
  const placeWord = () => {
    if (word === 0) return;
    const w = word * narrow;
    if (used + w <= room) used += w;
    else if (w <= room) {
      lines++;
      used = w;
    } else {
      for (let i = 0; i < word; i++) {
        if (used + narrow > room && used > 0) {
          lines++;
          used = 0;
        }
        used += narrow;
      }
    }
    last = narrow;
    word = 0;
  };
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      code = text.codePointAt(i) as number;
      i++;
    }
    if (!isWide(code) && !isSpace(code) && !isLineStartForbidden(code)) {
      word++;
      continue;
    }
    placeWord();
    const w = charEms(code) * fontSize;
    if (used + w > room && used > 0) {
      lines++;
      // A space at the end of a line is not drawn; closing punctuation takes the character before.
      used = isSpace(code) ? 0 : isLineStartForbidden(code) ? last + w : w;
    } else used += w;
    last = w;
  }
  placeWord();
  return lines;
}

/** The lines a text takes in a box `width` points wide (its own line breaks kept). */
export function lineCount(text: string, width: number, fontSize: number): number {
  if (!text.includes('\n') && !text.includes('\r')) return paragraphLines(text, width, fontSize);
  return text.split(/\r\n|\r|\n/).reduce((n, p) => n + paragraphLines(p, width, fontSize), 0);
}

/**
 * Whether a text surely fits on one line of a cell `width` column units wide: no line break, and
 * short enough even if every character were full-width. A cheap test before measuring.
 */
export function fitsOnOneLine(text: string, width: number, fontSize: number): boolean {
  return text.length * fontSize <= (columnPoints(width) - CELL_PADDING) * (1 - SLACK) && !text.includes('\n') && !text.includes('\r');
}

/** The height of `lines` lines of text in a row, in points. */
export function linesHeight(lines: number, fontSize: number): number {
  return lines * fontSize * LINE_PITCH + ROW_PADDING;
}

/** Rounded up to whole pixels (0.75 pt), as Excel stores a row height. */
function toPixels(points: number): number {
  return Math.round(Math.ceil(points / 0.75 - 1e-9) * 0.75 * 100) / 100;
}

export interface TextCell {
  text: string;
  /** Column units (the sum of the columns when merged). */
  width: number;
  fontSize: number;
}

/**
 * The height a text needs in a cell `width` column units wide, in points (not capped: a print
 * form spreads a taller text over several rows).
 */
export function textHeight(cell: TextCell): number {
  if (fitsOnOneLine(cell.text, cell.width, cell.fontSize)) return toPixels(linesHeight(1, cell.fontSize));
  return toPixels(linesHeight(lineCount(cell.text, columnPoints(cell.width) - CELL_PADDING, cell.fontSize), cell.fontSize));
}

/**
 * The height of a row whose wrapped cells are `cells`: the tallest text, at least `min`
 * (the height of one line when omitted), at most Excel's 409 points.
 */
export function rowHeight(cells: readonly TextCell[], min?: number): number {
  let h = min ?? 0;
  for (const c of cells) if (c.text !== '') h = Math.max(h, textHeight(c));
  return Math.min(MAX_ROW_HEIGHT, toPixels(h));
}
