/** 覆盖情况: the figures and a small bar chart (SVG drawn here, no chart library). */
import type { Coverage } from '../excel/coverage';
import { appendChildren, byId, h, setChildren, svg } from './dom';

function percent(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

export interface Bar {
  label: string;
  value: number;
  max: number;
  color: string;
}

export function coverageBars(c: Coverage): Bar[] {
  const s = c.summary;
  const reviews = Math.max(1, s.concentrated + s.onSite + s.talk);
  const items = Math.max(1, s.rectifications);
  return [
    { label: '已点评党员', value: s.membersReviewed, max: Math.max(1, s.membersExpected), color: '#0f6cbd' },
    { label: '集中点评', value: s.concentrated, max: reviews, color: '#4f6bed' },
    { label: '现场点评', value: s.onSite, max: reviews, color: '#8764b8' },
    { label: '谈话点评', value: s.talk, max: reviews, color: '#00a5af' },
    { label: '未整改事项', value: c.open, max: items, color: '#e9835e' },
    { label: '逾期未整改', value: c.overdueItems.length, max: items, color: '#c50f1f' },
  ];
}

export function barChart(bars: readonly Bar[]): SVGElement {
  const width = 280;
  const rowHeight = 24;
  const labelWidth = 76;
  const barWidth = width - labelWidth - 40;
  const chart = svg('svg', {
    class: 'chart',
    viewBox: `0 0 ${width} ${bars.length * rowHeight}`,
    role: 'img',
    'aria-label': bars.map((b) => `${b.label} ${b.value}`).join('，'),
  });
  bars.forEach((b, i) => {
    const y = i * rowHeight;
    const w = b.max > 0 ? Math.round((b.value / b.max) * barWidth) : 0;
    appendChildren(chart, [
      svg('text', { x: 0, y: y + 16 }, b.label),
      svg('rect', { x: labelWidth, y: y + 5, width: barWidth, height: 14, rx: 2, fill: '#f0f0f0' }),
      svg('rect', { x: labelWidth, y: y + 5, width: w, height: 14, rx: 2, fill: b.color }),
      svg('text', { x: labelWidth + barWidth + 6, y: y + 16 }, String(b.value)),
    ]);
  });
  return chart;
}

export class CoverageView {
  private readonly panel = byId('coverage-panel', HTMLElement);
  private readonly body = byId('coverage-body', HTMLDivElement);

  render(c: Coverage): void {
    const s = c.summary;
    const figure = (label: string, value: string) => [h('dt', {}, label), h('dd', {}, value)];
    const dl = h(
      'dl',
      { class: 'figures' },
      ...figure('已点评 / 应点评党员', `${s.membersReviewed} / ${s.membersExpected}（${percent(s.coverage)}）`),
      ...figure('党组织点评', s.orgReviewed ? '已点评' : '未点评'),
      ...figure('集中 / 现场 / 谈话点评', `${s.concentrated} / ${s.onSite} / ${s.talk}`),
      ...figure('整改事项（已整改）', `${s.rectifications}（${s.rectified}）`),
      ...figure('未整改 / 逾期', `${c.open} / ${c.overdueItems.length}`),
      ...figure('推荐典型', String(s.examples)),
    );
    const notes: HTMLElement[] = [];
    if (c.unreviewed.length > 0)
      notes.push(
        h('p', { class: 'empty' }, `尚未点评：${c.unreviewed.slice(0, 30).join('、')}${c.unreviewed.length > 30 ? ` 等 ${c.unreviewed.length} 人` : ''}`),
      );
    if (c.overdueItems.length > 0)
      notes.push(
        h(
          'p',
          { class: 'empty' },
          `逾期未整改：${c.overdueItems
            .slice(0, 10)
            .map((o) => `${o.object}（${o.dueDate}）`)
            .join('、')}`,
        ),
      );
    if (c.rowsWithErrors > 0) notes.push(h('p', { class: 'empty' }, `有 ${c.rowsWithErrors} 行因存在错误未计入，请先“检查”并改正。`));
    setChildren(
      this.body,
      dl,
      barChart(coverageBars(c)),
      ...notes,
      h('p', { class: 'empty' }, `统计截止日期：${c.asOf}（本阶段上报截止日，与办公室汇总表相同）`),
    );
    this.panel.hidden = false;
    byId('coverage-title', HTMLHeadingElement).focus();
  }

  hide(): void {
    this.panel.hidden = true;
  }
}
