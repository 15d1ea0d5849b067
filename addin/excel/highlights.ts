/**
 * Problem cells are marked with a conditional format (a fill over the cell, the cell's own
 * format untouched), so clearing a mark restores the cell exactly. The ranges marked last time
 * are kept in the workbook's settings, so the next check clears them even after a reload.
 */
import { parseA1 } from '../forms/cell';
import type { Problem, Severity } from '../forms/problems';

export const HIGHLIGHT_SETTING = 'reviewForms.highlights';
export const HIGHLIGHT_COLORS: Record<Severity, { fill: string; font: string }> = {
  error: { fill: '#FFC7CE', font: '#9C0006' },
  warning: { fill: '#FFEB9C', font: '#9C5700' },
};

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

export function parseHighlightSetting(value: unknown): HighlightMap {
  if (typeof value !== 'string' && (typeof value !== 'object' || value === null)) return {};
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return {};
    }
  }
  const out: HighlightMap = {};
  for (const [sheet, ranges] of Object.entries(parsed as Record<string, unknown>)) {
    if (Array.isArray(ranges)) out[sheet] = ranges.filter((r): r is string => typeof r === 'string' && /^[A-Z]+\d+(:[A-Z]+\d+)?$/.test(r));
  }
  return out;
}

/** Queues: clear last time's marks, then mark the new ones. Returns what to store. */
export function queueHighlights(sheets: ReadonlyMap<string, Excel.Worksheet>, previous: HighlightMap, plans: readonly HighlightPlan[]): HighlightMap {
  for (const [name, ranges] of Object.entries(previous)) {
    const sheet = sheets.get(name);
    if (!sheet) continue;
    for (const ref of ranges) sheet.getRange(ref).conditionalFormats.clearAll();
  }
  const stored: HighlightMap = {};
  for (const plan of plans) {
    const sheet = sheets.get(plan.sheet);
    if (!sheet) continue;
    const colors = HIGHLIGHT_COLORS[plan.severity];
    for (const ref of plan.ranges) {
      const cf = sheet.getRange(ref).conditionalFormats.add('Custom');
      cf.custom.rule.formula = '=TRUE';
      cf.custom.format.fill.color = colors.fill;
      cf.custom.format.font.color = colors.font;
    }
    stored[plan.sheet] = [...(stored[plan.sheet] ?? []), ...plan.ranges];
  }
  return stored;
}
