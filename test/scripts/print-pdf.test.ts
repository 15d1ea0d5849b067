/**
 * On paper, as LibreOffice prints them (one soffice run for the whole suite): the demo's printed
 * review forms, its report and its 公开版. Every accepted review text appears whole; no text is
 * drawn over other text (a row too short for its wrapped text spills into the next, or is cut to
 * a line); the printed forms have exactly one page per accepted review; and no page is shrunk
 * below 70 %, measured from the height of the CJK words against a page printed at 100 %.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { FONT_NAME, FONT_SIZE } from '../../addin/report/model/sheet-layout';
import type { ReportModel } from '../../addin/report/model/report-model';
import { buildMergeModel } from '../../scripts/lib/commands/merge';
import { DEMO_STAGE, type DemoResult } from '../../scripts/lib/demo/demo';
import { demoIn } from '../helpers/demo';
import { readRosterFile } from '../../scripts/lib/workbook/roster-file';
import { convertToPdf } from '../../scripts/lib/workbook/libreoffice-pdf';
import { columnTexts, isCjkWord, median, overlaps, pageCount, squeeze, wordBoxes } from '../helpers/pdf';
import { tempDir } from '../helpers/workbooks';

/** The printed forms' text size (labels and values). */
const FORM_SIZE = 12;
const MIN_SCALE = 0.7;

let dir: string;
let demo: DemoResult;
let model: ReportModel;
let pdfs: { printed: string[]; report: string; publicReport: string; calibration: string };
/** The height of a CJK word at 100 %, per point of font size. */
let heightPerPoint: number;

/** A page at 100 %: one CJK word in 宋体 at the body size, to measure what 100 % looks like. */
async function calibration(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('100%', { pageSetup: { paperSize: 9, orientation: 'portrait', scale: 100, fitToPage: false } });
  ws.getCell('A1').value = '领导点评';
  ws.getCell('A1').font = { name: FONT_NAME, size: 20 };
  await wb.xlsx.writeFile(file);
}

beforeAll(async () => {
  dir = await tempDir('pdf');
  demo = await demoIn(path.join(dir, 'demo'));
  const { roster } = await readRosterFile(demo.roster);
  model = await buildMergeModel([demo.returned], { roster, stage: DEMO_STAGE });
  const cal = path.join(dir, 'calibration.xlsx');
  await calibration(cal);
  const out = path.join(dir, 'pdf');
  await fs.mkdir(out);
  const written = await convertToPdf('soffice', [...demo.printed, demo.report, demo.publicReport, cal], out, 300_000);
  const pdf = (file: string) => path.join(out, `${path.basename(file, '.xlsx')}.pdf`);
  expect(written.sort()).toEqual([...demo.printed, demo.report, demo.publicReport, cal].map(pdf).sort());
  pdfs = { printed: demo.printed.map(pdf), report: pdf(demo.report), publicReport: pdf(demo.publicReport), calibration: pdf(cal) };
  const [calWords] = await wordBoxes(pdfs.calibration);
  heightPerPoint = median(calWords.filter(isCjkWord).map((w) => w.yMax - w.yMin)) / 20;
}, 600_000);

afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** The free text of an accepted review, each field on its own. */
function reviewTexts(rows: readonly object[], keys: readonly string[]): string[] {
  return rows.flatMap((r) => keys.map((k) => (r as Record<string, unknown>)[k]).filter((v): v is string => typeof v === 'string' && v !== ''));
}

const ORG_TEXT = ['promises', 'aspect1', 'aspect2', 'aspect3', 'aspect4', 'achievements', 'problems', 'suggestions', 'publicOpinion', 'deeds'];
const MEMBER_TEXT = ['promises', 'aspect1', 'aspect2', 'aspect3', 'aspect4', 'achievements', 'problems', 'direction', 'deeds'];

/** The texts that a PDF shows whole: each left-aligned column of each page, top to bottom. */
async function columns(files: readonly string[]): Promise<string[]> {
  return (await Promise.all(files.map(wordBoxes))).flat().flatMap(columnTexts);
}

/** The texts not found whole in any column. */
function missing(expected: readonly string[], shown: readonly string[]): string[] {
  return expected.filter((t) => !shown.some((c) => c.includes(squeeze(t))));
}

/** The scale of each page: its CJK words' median height against the same size at 100 %. */
async function pageScales(pdf: string, size: number): Promise<number[]> {
  return (await wordBoxes(pdf)).map((words) => median(words.filter(isCjkWord).map((w) => w.yMax - w.yMin)) / (heightPerPoint * size));
}

describe('the printed review forms', () => {
  it('have exactly one page per accepted review', async () => {
    const pages = await Promise.all(pdfs.printed.map(pageCount));
    const sheets = await Promise.all(
      demo.printed.map(async (f) => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(f);
        return wb.worksheets.length;
      }),
    );
    expect(pages).toEqual(sheets);
    expect(pages.reduce((n, p) => n + p, 0)).toBe(model.org.length + model.member.length);
  });

  it('show every review text of the demo whole', async () => {
    const expected = [...reviewTexts(model.org, ORG_TEXT), ...reviewTexts(model.member, MEMBER_TEXT)];
    expect(expected.length).toBeGreaterThan(400);
    expect(missing(expected, await columns(pdfs.printed))).toEqual([]);
  });

  it('draw no text over other text, and print at full size', async () => {
    for (const pdf of pdfs.printed) {
      const pages = await wordBoxes(pdf);
      expect([path.basename(pdf), pages.flatMap((p) => overlaps(p)).map(([a, b]) => `${a.text} / ${b.text}`)]).toEqual([path.basename(pdf), []]);
      for (const scale of await pageScales(pdf, FORM_SIZE)) expect(scale).toBeGreaterThan(0.97);
    }
  });
});

describe('the report and the 公开版', () => {
  it('show every review text whole (comments wrap into rows tall enough)', async () => {
    const all = [...reviewTexts(model.org, ORG_TEXT), ...reviewTexts(model.member, MEMBER_TEXT)];
    expect(missing(all, await columns([pdfs.report]))).toEqual([]);
    const published = await columns([pdfs.publicReport]);
    expect(missing(reviewTexts(model.org, ORG_TEXT), published)).toEqual([]);
    // A member's 存在问题 stays internal.
    const problems = reviewTexts(model.member, ['problems']);
    expect(missing(problems, published)).toEqual(problems);
  });

  it('draw no text over other text, on any page', async () => {
    for (const pdf of [pdfs.report, pdfs.publicReport]) {
      const bad = (await wordBoxes(pdf)).flatMap((words, i) => overlaps(words).map(([a, b]) => `p${i + 1}: ${a.text} / ${b.text}`));
      expect([path.basename(pdf), bad]).toEqual([path.basename(pdf), []]);
    }
  });

  it('shrink no page below 70 %', async () => {
    for (const pdf of [pdfs.report, pdfs.publicReport]) {
      const scales = await pageScales(pdf, FONT_SIZE);
      expect(scales.length).toBeGreaterThan(3);
      const small = scales.map((s, i) => [i + 1, Math.round(s * 100)]).filter(([, s]) => s < MIN_SCALE * 100);
      expect([path.basename(pdf), small]).toEqual([path.basename(pdf), []]);
    }
  });
});
