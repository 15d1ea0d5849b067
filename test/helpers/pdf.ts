/**
 * What a PDF shows, through poppler-utils: page count and sizes (pdfinfo), text (pdftotext) and every
 * word's box on each page (pdftotext -bbox), to tell whether text is whole, unclipped and legible.
 */
import { execFile } from 'node:child_process';

function run(cmd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${cmd}: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

export async function pageCount(pdf: string): Promise<number> {
  const m = /^Pages:\s+(\d+)/m.exec(await run('pdfinfo', [pdf]));
  if (!m) throw new Error(`no page count for ${pdf}`);
  return Number(m[1]);
}

/** Each page's size in points. */
export async function pageSizes(pdf: string): Promise<{ width: number; height: number }[]> {
  const info = await run('pdfinfo', ['-f', '1', '-l', '9999', pdf]);
  return [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/gm)].map((m) => ({ width: Number(m[1]), height: Number(m[2]) }));
}

/** The whole text in the order it was drawn (pdftotext -raw): a table cell's lines stay together. */
export async function rawText(pdf: string): Promise<string> {
  return run('pdftotext', ['-raw', '-enc', 'UTF-8', pdf, '-']);
}

/** The text of each page, in reading order. */
export async function pageTexts(pdf: string): Promise<string[]> {
  return (await run('pdftotext', ['-enc', 'UTF-8', pdf, '-'])).split('\f').slice(0, -1);
}

export interface WordBox {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Every word's box, per page (points, from the top left). */
export async function wordBoxes(pdf: string): Promise<WordBox[][]> {
  const html = await run('pdftotext', ['-bbox', '-enc', 'UTF-8', pdf, '-']);
  return html
    .split(/<page [^>]*>/)
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        text: unescape(m[5]),
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
      })),
    );
}

/**
 * Pairs of words on a page drawn over each other: boxes overlapping across by more than a point
 * and down by more than half the smaller box (the boxes of two lines of one paragraph overlap by
 * a little: a font's box is taller than its line pitch).
 */
export function overlaps(words: readonly WordBox[]): [WordBox, WordBox][] {
  const sorted = [...words].sort((a, b) => a.yMin - b.yMin);
  const out: [WordBox, WordBox][] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j].yMin < sorted[i].yMax; j++) {
      const [a, b] = [sorted[i], sorted[j]];
      const x = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const y = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      if (x > 1 && y > 0.5 * Math.min(a.yMax - a.yMin, b.yMax - b.yMin)) out.push([a, b]);
    }
  }
  return out;
}

/**
 * The text of each left-aligned column of a page, top to bottom, without whitespace: words make
 * lines, lines that start at the same x make a column. A wrapped cell's lines follow each other
 * there, whatever the cells beside it hold (pdftotext's reading order interleaves them).
 */
export function columnTexts(words: readonly WordBox[]): string[] {
  const lines: WordBox[] = [];
  for (const w of [...words].sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin)) {
    const last = lines.find((l) => Math.abs(l.yMin - w.yMin) < 1 && w.xMin - l.xMax < 0.4 * (w.yMax - w.yMin) && w.xMin >= l.xMin);
    if (last) Object.assign(last, { text: last.text + w.text, xMax: Math.max(last.xMax, w.xMax), yMax: Math.max(last.yMax, w.yMax) });
    else lines.push({ ...w });
  }
  const columns: WordBox[][] = [];
  for (const line of [...lines].sort((a, b) => a.xMin - b.xMin)) {
    const col = columns.find((c) => Math.abs(c[0].xMin - line.xMin) < 1.5);
    if (col) col.push(line);
    else columns.push([line]);
  }
  return columns.map((c) =>
    squeeze(
      c
        .sort((a, b) => a.yMin - b.yMin)
        .map((l) => l.text)
        .join(''),
    ),
  );
}

/** Only CJK characters (and CJK punctuation): drawn in the one CJK font, so their height measures the scale. */
export const isCjkWord = (w: WordBox) => /^[\u3000-\u303F\u4E00-\u9FFF\uFF00-\uFFEF]+$/.test(w.text);

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Text without any whitespace, as extracted text is compared (line breaks fall anywhere). */
export const squeeze = (s: string) => s.replace(/\s+/g, '');
