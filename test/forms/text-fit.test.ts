/**
 * Row heights from text: the lines a text takes in a column, and the row height that shows them.
 * The estimates err on the tall side (a row too short hides text); the LibreOffice test
 * (test/scripts/print-pdf.test.ts) checks them against a real rendering.
 */
import { MAX_ROW_HEIGHT, columnPoints, lineCount, linesHeight, rowHeight, textHeight, textWidth } from '../../addin/forms/text-fit';

describe('text width', () => {
  it('counts a CJK character, full-width punctuation and an emoji as one em, ASCII as less', () => {
    expect(textWidth('点评', 10)).toBe(20);
    expect(textWidth('，。“”', 10)).toBe(40);
    expect(textWidth('😀', 10)).toBe(10);
    expect(textWidth('ab', 10)).toBeCloseTo(12);
  });

  it('converts column units to points as Calibri 11 does (7 px a unit at 96 dpi)', () => {
    expect(columnPoints(10)).toBe(52.5);
  });
});

describe('line count', () => {
  it('is one line for text that fits, and for empty text', () => {
    expect(lineCount('语文党小组', 100, 10)).toBe(1);
    expect(lineCount('', 100, 10)).toBe(1);
  });

  it('breaks CJK text anywhere, a little short of the full width', () => {
    // 110 pt at 10 pt: 10 characters a line (3 % left free: 106.7 pt).
    expect(lineCount('一'.repeat(10), 110, 10)).toBe(1);
    expect(lineCount('一'.repeat(11), 110, 10)).toBe(2);
    expect(lineCount('一'.repeat(30), 110, 10)).toBe(3);
    expect(lineCount('一'.repeat(31), 110, 10)).toBe(4);
    expect(lineCount('一'.repeat(10), 100, 10)).toBe(2);
  });

  it('never starts a line with closing punctuation: the character before comes along', () => {
    expect(lineCount(`${'一'.repeat(10)}二`, 110, 10)).toBe(2);
    // 二 and ， move down together: the second line holds two characters.
    expect(lineCount(`${'一'.repeat(9)}二，三${'四'.repeat(7)}`, 110, 10)).toBe(2);
    expect(lineCount(`${'一'.repeat(9)}二，三${'四'.repeat(8)}`, 110, 10)).toBe(3);
  });

  it('keeps the text’s own line breaks', () => {
    expect(lineCount('一\n二\r\n三', 100, 10)).toBe(3);
    expect(lineCount('一\n\n三', 100, 10)).toBe(3);
  });

  it('moves a word that does not fit to the next line whole', () => {
    // 8 narrow characters are 48 pt; two words and a space do not fit in 90 pt.
    expect(lineCount('abcdefgh abcdefgh', 90, 10)).toBe(2);
    expect(lineCount('abcdefgh', 90, 10)).toBe(1);
    expect(lineCount('abc abc', 90, 10)).toBe(1);
  });

  it('cuts a word longer than a line (a file digest) where the line ends', () => {
    const sha = 'f'.repeat(64);
    // 64 × 6 pt = 384 pt in lines of 97 pt: 16 characters each.
    expect(lineCount(sha, 100, 10)).toBe(4);
    expect(lineCount(`文件：${sha}`, 100, 10)).toBe(5);
  });
});

describe('row height', () => {
  it('is one line for short text and grows a line at a time', () => {
    const one = textHeight({ text: '短', width: 20, fontSize: 11 });
    // 20 units = 105 pt, 101 usable, 97.97 in lines: 8 characters a line at 11 pt.
    const two = textHeight({ text: '长'.repeat(16), width: 20, fontSize: 11 });
    const three = textHeight({ text: '长'.repeat(17), width: 20, fontSize: 11 });
    expect(one).toBeGreaterThanOrEqual(linesHeight(1, 11));
    expect(two - one).toBeCloseTo(linesHeight(2, 11) - linesHeight(1, 11), 0);
    expect(three - two).toBeCloseTo(linesHeight(3, 11) - linesHeight(2, 11), 0);
    expect(one).toBeGreaterThanOrEqual(11 * 1.3);
  });

  it('is the tallest cell of the row, at least the minimum, whole pixels', () => {
    const cells = [
      { text: '一'.repeat(10), width: 30, fontSize: 11 },
      { text: '二'.repeat(100), width: 30, fontSize: 11 },
    ];
    const h = rowHeight(cells, 15);
    expect(h).toBe(textHeight(cells[1]));
    expect(Math.round(h / 0.75) * 0.75).toBeCloseTo(h, 6);
    expect(rowHeight([{ text: '', width: 30, fontSize: 11 }], 15)).toBe(15);
  });

  it('never exceeds Excel’s 409 points', () => {
    expect(rowHeight([{ text: '长'.repeat(5000), width: 30, fontSize: 11 }])).toBe(MAX_ROW_HEIGHT);
    expect(textHeight({ text: '长'.repeat(5000), width: 30, fontSize: 11 })).toBeGreaterThan(MAX_ROW_HEIGHT);
  });

  it('fits a 200-character review in a 28-unit column in 12 characters a line', () => {
    // 28 units = 147 pt, 143 usable, 138.7 in lines: 12 characters at 11 pt.
    const lines = lineCount('评'.repeat(200), columnPoints(28) - 4, 11);
    expect(lines).toBe(Math.ceil(200 / 12));
  });
});
