/**
 * How the branch workbook's sheets print: A4, a fixed scale that stays readable (several pages
 * across rather than 4-point text), titles repeated on every page. Both writers render this.
 */

/** Margins in inches, as Excel's page setup shows them. */
export interface Margins {
  left: number;
  right: number;
  top: number;
  bottom: number;
  header: number;
  footer: number;
}

export interface PrintSpec {
  orientation: 'landscape' | 'portrait';
  paperSize: 'A4';
  /** Percent; never below READABLE_SCALE. Wide sheets take several pages across instead. */
  scale: number;
  /** Rows repeated at the top of every page ("1:1"). */
  printTitleRows?: string;
  /** Columns repeated at the left of every page ("A:A": 姓名 or 党组织名称). */
  printTitleColumns?: string;
  /** Across, then down: the pages of one block of rows come one after another. */
  order: 'overThenDown';
  margins: Margins;
}

/** No page of a branch workbook prints smaller than this (percent). */
export const READABLE_SCALE = 70;
/** A sheet that fits one page across at this scale or more is printed so; a wider one takes several pages at WIDE_SCALE. */
const ONE_PAGE_SCALE = 80;
const WIDE_SCALE = 90;
export const FORM_MARGINS: Margins = { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };
const A4_LANDSCAPE_INCHES = 11.69;

/** Excel's column width (characters of Calibri 11) in points. */
function widthPoints(chars: number): number {
  return (chars * 7 + 5) * 0.75;
}

/** The scale of a landscape form: one page across when that stays readable, else several pages at a fixed scale. */
export function formScale(widths: readonly number[]): number {
  const room = (A4_LANDSCAPE_INCHES - FORM_MARGINS.left - FORM_MARGINS.right) * 72;
  const fit = Math.floor((room / widths.reduce((sum, w) => sum + widthPoints(w), 0)) * 100);
  return fit >= ONE_PAGE_SCALE ? Math.min(100, fit) : WIDE_SCALE;
}

/** 填表说明: portrait at 100 %, its column as wide as the page. */
export const INSTRUCTIONS_PRINT: PrintSpec = {
  orientation: 'portrait',
  paperSize: 'A4',
  scale: 100,
  order: 'overThenDown',
  margins: { ...FORM_MARGINS, left: 0.5, right: 0.5 },
};
