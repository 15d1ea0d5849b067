/**
 * The 汇总 figures as a chart, drawn here as SVG (no chart library): per branch, the members
 * reviewed of those expected (覆盖率) and the planned reviews done, with those overdue.
 */
import { svg } from './dom';

export interface ChartRow {
  label: string;
  reviewed: number;
  expected: number;
  planned: number;
  plannedDone: number;
  planOverdue: number;
}

export const CHART_COLORS = { coverage: '#0f6cbd', plan: '#5c9e31', overdue: '#c50f1f', track: '#eceff1' };

export function summaryChart(rows: readonly ChartRow[]): SVGElement {
  const labelWidth = Math.max(120, ...rows.map((r) => r.label.length * 13 + 8));
  const barWidth = 360;
  const valueWidth = 120;
  const rowHeight = 44;
  const width = labelWidth + barWidth + valueWidth;
  const chart = svg('svg', {
    class: 'chart',
    width,
    height: rows.length * rowHeight + 4,
    viewBox: `0 0 ${width} ${rows.length * rowHeight + 4}`,
    role: 'img',
    'aria-label': rows
      .map((r) => `${r.label}：党员已点评 ${r.reviewed}/${r.expected}，计划完成 ${r.plannedDone}/${r.planned}，逾期 ${r.planOverdue}`)
      .join('；'),
  });
  const bar = (value: number, max: number) => Math.max(0, Math.min(barWidth, max > 0 ? (value / max) * barWidth : 0));
  rows.forEach((r, i) => {
    const y = i * rowHeight + 4;
    const covered = bar(r.reviewed, r.expected);
    const done = bar(r.plannedDone, r.planned);
    const overdue = bar(r.planOverdue, r.planned);
    chart.append(
      svg('text', { x: 0, y: y + 24 }, r.label),
      svg('rect', { x: labelWidth, y, width: barWidth, height: 16, fill: CHART_COLORS.track }),
      svg('rect', { x: labelWidth, y, width: covered, height: 16, fill: CHART_COLORS.coverage, 'data-value': r.reviewed }),
      svg('text', { x: labelWidth + barWidth + 6, y: y + 13 }, `党员 ${r.reviewed}/${r.expected}`),
      svg('rect', { x: labelWidth, y: y + 20, width: barWidth, height: 16, fill: CHART_COLORS.track }),
      svg('rect', { x: labelWidth, y: y + 20, width: done, height: 16, fill: CHART_COLORS.plan, 'data-value': r.plannedDone }),
      svg('rect', {
        x: labelWidth + done,
        y: y + 20,
        width: Math.min(overdue, barWidth - done),
        height: 16,
        fill: CHART_COLORS.overdue,
        'data-value': r.planOverdue,
      }),
      svg('text', { x: labelWidth + barWidth + 6, y: y + 33 }, `计划 ${r.plannedDone}/${r.planned}${r.planOverdue ? `，逾期 ${r.planOverdue}` : ''}`),
    );
  });
  return chart;
}
