/**
 * The demo's returned branch workbooks printed to PDF by LibreOffice (one soffice run), as a
 * secretary would print them: 填表说明 portrait within the page, the form sheets at a readable
 * scale (no page below 70 %, several pages across instead), every review text whole (no line
 * drawn over another, as happens when a row is too short for its wrapped text), and the header
 * and the 姓名 / 党组织名称 column on every page.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { BRANCH_FORMS, MEMBER_FORM, ORG_FORM } from '../../../addin/forms/branch-forms';
import { isBranchRead, readBranchWorkbook } from '../../../addin/forms/read/branch-reader';
import { INSTRUCTIONS_SHEET } from '../../../addin/forms/layout';
import { READABLE_SCALE } from '../../../addin/forms/print-layout';
import { demoIn } from '../../helpers/demo';
import { readRosterFile } from '../../../scripts/lib/workbook/roster-file';
import { type WordBox, isCjkWord, median, overlaps, pageSizes, rawText, wordBoxes } from '../../helpers/pdf';
import { gridsOf, libreOfficeConvert, tempDir } from '../../helpers/workbooks';

interface Page {
  width: number;
  height: number;
  words: WordBox[];
  /** The sheet, told by the page header 《form title》; 填表说明 has none. */
  sheet: string;
}
interface Printed {
  file: string;
  pages: Page[];
  /** pdftotext -raw: the text in the order LibreOffice drew it, each cell's lines together. */
  raw: string;
}

let dir: string;
let printed: Printed[];

/**
 * Only what survives any line break or font run: CJK ideographs, letters and digits (LibreOffice
 * draws “” and other punctuation in a fallback font, as runs of their own).
 */
const letters = (s: string) => s.replace(/[^\u4E00-\u9FFF0-9A-Za-z]/gu, '');

function sheetOf(words: readonly WordBox[]): string {
  const text = words.map((w) => w.text).join('');
  return BRANCH_FORMS.find((f) => text.includes(`《${f.title}》`))?.sheetName ?? INSTRUCTIONS_SHEET;
}

beforeAll(async () => {
  dir = await tempDir('branch-print');
  const demo = await demoIn(path.join(dir, 'demo'));
  const files = (await fs.readdir(demo.returned)).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(demo.returned, f));
  // Recalculated as Excel or WPS would on open, so 填写状态 prints what it says on screen.
  const pdfs = await libreOfficeConvert(files, path.join(dir, 'pdf'), { to: 'pdf', recalculate: true });
  printed = [];
  for (const [i, pdf] of pdfs.entries()) {
    const sizes = await pageSizes(pdf);
    const pages = (await wordBoxes(pdf)).map((words, p) => ({ ...sizes[p], words, sheet: sheetOf(words) }));
    printed.push({ file: files[i], pages, raw: await rawText(pdf) });
  }
}, 300_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

test('prints every sheet of every returned file', () => {
  expect(printed).toHaveLength(6);
  for (const p of printed) {
    expect({ file: path.basename(p.file), sheets: [...new Set(p.pages.map((page) => page.sheet))] }).toEqual({
      file: path.basename(p.file),
      sheets: [INSTRUCTIONS_SHEET, ...BRANCH_FORMS.map((f) => f.sheetName)],
    });
  }
});

test('every review text of the demo appears whole', async () => {
  const roster = (await readRosterFile(path.join(dir, 'demo', '名单.xlsx'))).roster;
  let texts = 0;
  for (const p of printed) {
    const read = readBranchWorkbook(await gridsOf(p.file), { roster, asOf: '2010-09-30' });
    if (!isBranchRead(read)) throw new Error(p.file);
    // Not columnTexts: a narrow title column whose text reaches the next cell joins that cell's first line.
    const raw = letters(p.raw);
    for (const [form, rows] of [
      [ORG_FORM, read.forms.org?.rows ?? []],
      [MEMBER_FORM, read.forms.member?.rows ?? []],
    ] as const) {
      for (const row of rows) {
        const fields = (row.record ?? row.values ?? {}) as Record<string, unknown>;
        for (const c of form.columns.filter((col) => col.meta.kind === 'longText')) {
          const text = fields[c.key];
          if (typeof text !== 'string' || letters(text) === '') continue;
          texts++;
          expect({ file: path.basename(p.file), cell: row.cells[c.key], found: raw.includes(letters(text)) }).toEqual({
            file: path.basename(p.file),
            cell: row.cells[c.key],
            found: true,
          });
        }
      }
    }
  }
  expect(texts).toBeGreaterThan(500);
});

test('no text is drawn over other text: every row is tall enough for its wrapped comments', () => {
  for (const p of printed) {
    p.pages.forEach((page, i) => {
      const clashes = overlaps(page.words).map(([u, v]) => `${u.text} / ${v.text}`);
      expect({ file: path.basename(p.file), page: i + 1, clashes: clashes.slice(0, 3) }).toEqual({ file: path.basename(p.file), page: i + 1, clashes: [] });
    });
  }
});

/** The height of a page's CJK words (one font, 11 pt in every sheet): the measure of its scale. */
function bodyHeight(page: Page): number {
  return median(page.words.filter(isCjkWord).map((w) => w.yMax - w.yMin));
}

test('no page is scaled below 70 %: in the files, and as LibreOffice printed them', async () => {
  for (const p of printed) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p.file);
    for (const ws of wb.worksheets.filter((w) => w.state === 'visible')) {
      expect({ sheet: ws.name, fitToPage: !!ws.pageSetup.fitToPage, readable: (ws.pageSetup.scale ?? 100) >= READABLE_SCALE }).toEqual({
        sheet: ws.name,
        fitToPage: false,
        readable: true,
      });
    }
    // 填表说明 prints at 100 %: its body text is the measure of 11-point text on paper.
    expect(wb.getWorksheet(INSTRUCTIONS_SHEET)?.pageSetup.scale).toBe(100);
    const full = bodyHeight(p.pages[0]);
    for (const [i, page] of p.pages.entries()) {
      const scale = Math.round((bodyHeight(page) / full) * 100);
      expect({ file: path.basename(p.file), page: i + 1, sheet: page.sheet, readable: scale >= READABLE_SCALE }).toEqual({
        file: path.basename(p.file),
        page: i + 1,
        sheet: page.sheet,
        readable: true,
      });
    }
  }
});

test('填表说明 is portrait and stays within the page width', () => {
  for (const p of printed) {
    for (const page of p.pages.filter((pg) => pg.sheet === INSTRUCTIONS_SHEET)) {
      expect(page.width).toBeLessThan(page.height);
      // Nothing in the right margin (0.5 in) or beyond: no line runs off the page.
      const right = Math.max(...page.words.map((w) => w.xMax));
      expect({ file: path.basename(p.file), overflows: right > page.width - 18 }).toEqual({ file: path.basename(p.file), overflows: false });
    }
  }
});

test('the form sheets repeat the header and the 姓名 / 党组织名称 column on every page', () => {
  for (const p of printed) {
    for (const form of BRANCH_FORMS) {
      const pages = p.pages.filter((page) => page.sheet === form.sheetName);
      const object = form.columns.find((c) => c.key === form.objectKey);
      // The review forms are wide: several pages across, each with its 姓名 / 党组织名称.
      if (form === ORG_FORM || form === MEMBER_FORM) expect(pages.length).toBeGreaterThan(1);
      for (const page of pages) {
        const text = page.words.map((w) => w.text).join(' ');
        expect({ sheet: form.sheetName, repeated: text.includes(object?.meta.label ?? '?') }).toEqual({ sheet: form.sheetName, repeated: true });
        expect({ sheet: form.sheetName, landscape: page.width > page.height }).toEqual({ sheet: form.sheetName, landscape: true });
      }
    }
  }
});
