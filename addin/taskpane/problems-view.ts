/** The 检查 result: counts of 错误 and 提示, and a list whose items select their cell. */
import type { Problem } from '../forms/problems';
import { SEVERITY_LABEL } from '../forms/problems';
import { byId, h, setChildren } from './dom';

/** More than this many are summarized, so a pane with thousands of problems stays usable. */
export const MAX_LISTED = 200;

export class ProblemsView {
  private readonly panel = byId('problems-panel', HTMLElement);
  private readonly counts = byId('problem-counts', HTMLDivElement);
  private readonly list = byId('problem-list', HTMLUListElement);

  constructor(private readonly onSelect: (p: Problem) => void) {}

  render(problems: readonly Problem[]): void {
    this.panel.hidden = false;
    const errors = problems.filter((p) => p.severity === 'error');
    const warnings = problems.filter((p) => p.severity === 'warning');
    setChildren(
      this.counts,
      h('span', { class: 'badge error' }, `${SEVERITY_LABEL.error} ${errors.length}`),
      h('span', { class: 'badge warning' }, `${SEVERITY_LABEL.warning} ${warnings.length}`),
    );
    const ordered = [...errors, ...warnings];
    const items = ordered.slice(0, MAX_LISTED).map((p) => {
      const where = [p.sheet ? `「${p.sheet}」` : '', p.cell ?? ''].join(' ').trim();
      const button = h(
        'button',
        { type: 'button', class: `problem ${p.severity}`, 'data-severity': p.severity, 'aria-label': `${SEVERITY_LABEL[p.severity]}：${where} ${p.message}` },
        h('span', { class: 'where' }, `${SEVERITY_LABEL[p.severity]} · ${where || '整个工作簿'}`),
        h('span', { class: 'message' }, p.message),
      );
      button.addEventListener('click', () => this.onSelect(p));
      return h('li', {}, button);
    });
    if (ordered.length > MAX_LISTED)
      items.push(h('li', {}, h('p', { class: 'empty' }, `另有 ${ordered.length - MAX_LISTED} 个问题未列出，请先改正上面的问题后再检查。`)));
    if (ordered.length === 0) items.push(h('li', {}, h('p', { class: 'empty' }, '没有发现问题。')));
    setChildren(this.list, ...items);
    // Keyboard users land on the result, not back at the top of the pane.
    byId('problems-title', HTMLHeadingElement).focus();
  }

  hide(): void {
    this.panel.hidden = true;
  }
}
