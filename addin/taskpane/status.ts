/** The pane's message bar: progress while Excel works, then success, warning or the error text. */
import { AddinError } from '../excel/errors';
import { byId } from './dom';

export type StatusKind = 'busy' | 'success' | 'warning' | 'error' | 'info';

export class StatusBar {
  private readonly root = byId('status', HTMLDivElement);
  private readonly spinner = byId('status-spinner', HTMLSpanElement);
  private readonly text = byId('status-text', HTMLSpanElement);

  show(kind: StatusKind, message: string): void {
    this.root.hidden = false;
    this.root.className = `status ${kind === 'busy' || kind === 'info' ? '' : kind}`.trim();
    this.root.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    this.root.setAttribute('aria-busy', String(kind === 'busy'));
    this.spinner.hidden = kind !== 'busy';
    this.text.textContent = message;
  }

  error(err: unknown): void {
    const message =
      err instanceof AddinError ? err.message : `出现意外错误：${err instanceof Error ? err.message : String(err)}。请重试；如仍出错，请把这段文字发给办公室。`;
    this.show('error', message);
  }

  get message(): string {
    return this.text.textContent ?? '';
  }
}
