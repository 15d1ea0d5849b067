/**
 * Problem cells are marked with a conditional format (a fill over the cell, the cell's own
 * format untouched), so removing a mark restores the cell exactly. The add-in's marks carry a
 * formula of their own (always true, and naming the add-in), so the next check finds and deletes
 * exactly those, and never a conditional format the user or the template made. Marks of earlier
 * builds (formula `=TRUE` with one of the marks' fills) are taken for the add-in's too.
 */
import { parseA1 } from '../forms/cell';
import type { Problem, Severity } from '../forms/problems';

const HIGHLIGHT_MARK = 'reviewForms.highlight';
export const HIGHLIGHT_FORMULA = `=ISTEXT("${HIGHLIGHT_MARK}")`;

export const HIGHLIGHT_COLORS: Record<Severity, { fill: string; font: string }> = {
  error: { fill: '#FFC7CE', font: '#9C0006' },
  warning: { fill: '#FFEB9C', font: '#9C5700' },
};

/** The formula earlier builds gave their marks; only with a mark's fill is such a format the add-in's. */
const EARLIER_MARK_FORMULA = '=TRUE';

export function isOwnHighlight(formula: string, fill?: string | null): boolean {
  if (formula.includes(HIGHLIGHT_MARK)) return true;
  const fills = Object.values(HIGHLIGHT_COLORS).map((c) => c.fill);
  return formula.trim().toUpperCase() === EARLIER_MARK_FORMULA && !!fill && fills.indexOf(fill.toUpperCase()) >= 0;
}

/** Sheet name → the A1 ranges marked on it. */
export type HighlightMap = Record<string, string[]>;

export interface HighlightPlan {
  sheet: string;
  severity: Severity;
  /** Compact A1 ranges: consecutive rows of one column merged ("H2:H40"). */
  ranges: string[];
}

/** Groups problem cells per sheet and severity (an error wins over a warning on the same cell). */
export function planHighlights(problems: readonly Problem[]): HighlightPlan[] {
  const bySheet = new Map<string, Map<string, Severity>>();
  for (const p of problems) {
    if (!p.sheet || !p.cell || !parseA1(p.cell)) continue;
    const cells = bySheet.get(p.sheet) ?? new Map<string, Severity>();
    if (cells.get(p.cell) !== 'error') cells.set(p.cell, p.severity);
    bySheet.set(p.sheet, cells);
  }
  const plans: HighlightPlan[] = [];
  for (const [sheet, cells] of bySheet) {
    for (const severity of ['error', 'warning'] as const) {
      const refs = [...cells].filter(([, s]) => s === severity).map(([cell]) => cell);
      if (refs.length > 0) plans.push({ sheet, severity, ranges: compactRanges(refs) });
    }
  }
  return plans;
}

/** Cells → column runs: ["H2","H3","H4","J7"] → ["H2:H4","J7"]. */
export function compactRanges(cells: readonly string[]): string[] {
  const byColumn = new Map<string, number[]>();
  for (const cell of cells) {
    const m = /^([A-Z]+)(\d+)$/.exec(cell.toUpperCase());
    if (!m) continue;
    byColumn.set(m[1], [...(byColumn.get(m[1]) ?? []), Number(m[2])]);
  }
  const out: string[] = [];
  for (const [col, rows] of byColumn) {
    const sorted = [...new Set(rows)].sort((a, b) => a - b);
    let start = sorted[0];
    for (let i = 1; i <= sorted.length; i++) {
      if (i < sorted.length && sorted[i] === sorted[i - 1] + 1) continue;
      const end = sorted[i - 1];
      out.push(start === end ? `${col}${start}` : `${col}${start}:${col}${end}`);
      start = sorted[i];
    }
  }
  return out;
}

/** Conditional formats of every sheet, queued for loading (the caller syncs). */
export type HighlightScan = Map<string, Excel.ConditionalFormatCollection>;

export function queueHighlightScan(sheets: readonly { name: string; sheet: Excel.Worksheet }[]): HighlightScan {
  const scan: HighlightScan = new Map();
  for (const { name, sheet } of sheets) {
    const formats = sheet.getRange().conditionalFormats;
    formats.load('items/type,items/customOrNullObject/rule/formula,items/customOrNullObject/format/fill/color');
    scan.set(name, formats);
  }
  return scan;
}

/** After the sync: the add-in's own marks on each sheet (never a format the user or the template made). */
export function ownHighlights(scan: HighlightScan): Map<string, Excel.ConditionalFormat[]> {
  const own = new Map<string, Excel.ConditionalFormat[]>();
  for (const [name, formats] of scan) {
    const mine = formats.items.filter((cf) => {
      const custom = cf.customOrNullObject;
      return cf.type === 'Custom' && !custom.isNullObject && isOwnHighlight(custom.rule.formula, custom.format.fill.color);
    });
    if (mine.length > 0) own.set(name, mine);
  }
  return own;
}

/** Queues, on one sheet: delete the add-in's old marks, then mark the planned cells. */
export function queueSheetHighlights(sheet: Excel.Worksheet, own: readonly Excel.ConditionalFormat[], plans: readonly HighlightPlan[]): void {
  for (const cf of own) cf.delete();
  for (const plan of plans) {
    const colors = HIGHLIGHT_COLORS[plan.severity];
    for (const ref of plan.ranges) {
      const cf = sheet.getRange(ref).conditionalFormats.add('Custom');
      cf.custom.rule.formula = HIGHLIGHT_FORMULA;
      cf.custom.format.fill.color = colors.fill;
      cf.custom.format.font.color = colors.font;
    }
  }
}
