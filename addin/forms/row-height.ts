/**
 * How tall a row must be to show its wrapped text, estimated from the text and the column
 * widths (Excel character units, Calibri 11). Excel and WPS fit a row when someone types into
 * it, but no viewer fits rows on open, so what a program writes must carry its own heights.
 */

/** Wide (CJK, full-width) characters take about two character units; others one. */
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;
const WIDE_UNITS = 2.1;
/** A cell loses about a character unit to its padding. */
const PADDING_UNITS = 1;
/** Points per line of 11-point text, CJK fallback fonts included. */
export const LINE_POINTS = 15.6;
export const MIN_ROW_POINTS = 15;

function textUnits(text: string): number {
  let units = 0;
  for (const ch of text) units += WIDE.test(ch) ? WIDE_UNITS : 1;
  return units;
}

/** Lines a text takes in a wrapped column `width` units wide (at least one). */
export function wrappedLines(text: string, width: number): number {
  const room = Math.max(1, width - PADDING_UNITS);
  return text.split(/\r?\n/).reduce((sum, line) => sum + Math.max(1, Math.ceil(textUnits(line) / room)), 0);
}

/** The height in points that shows every wrapped cell of a row. */
export function rowHeightFor(cells: readonly { text: string; width: number }[]): number {
  const lines = Math.max(1, ...cells.map((c) => wrappedLines(c.text, c.width)));
  return lines === 1 ? MIN_ROW_POINTS : Math.ceil(lines * LINE_POINTS + 2);
}
