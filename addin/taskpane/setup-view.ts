/** The 设置 form: fills from `_meta`, shows field messages, hands a valid BranchMeta to save. */
import { type SetupErrors, type SetupField, type SetupInput, setupInputOf } from '../excel/setup-model';
import type { BranchMeta } from '../forms/meta';
import { byId } from './dom';

const FIELDS: readonly SetupField[] = ['unit', 'branch', 'branchLeader', 'liaison', 'stage', 'stageStart', 'stageEnd', 'members'];

export class SetupView {
  readonly panel = byId('setup-panel', HTMLElement);
  readonly form = byId('setup-form', HTMLFormElement);
  readonly toggle = byId('btn-setup', HTMLButtonElement);
  readonly fromSelection = byId('btn-from-selection', HTMLButtonElement);
  private readonly source = byId('setup-source', HTMLParagraphElement);

  private input(field: SetupField): HTMLInputElement | HTMLTextAreaElement {
    const el = document.getElementById(`f-${field}`);
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return el;
    throw new Error(`任务窗格页面缺少输入框 ${field}`);
  }

  fill(meta: BranchMeta | null, readOnly: boolean): void {
    const values = setupInputOf(meta);
    for (const f of FIELDS) {
      this.input(f).value = values[f];
      this.input(f).readOnly = readOnly;
    }
    this.source.textContent = readOnly
      ? '已定稿：设置不能修改。'
      : meta
        ? '以下内容读自本工作簿（办公室下发的模板或之前保存的设置），可以修改后保存。'
        : '本工作簿还没有设置。请填写后保存，再插入点评表。';
    this.showErrors({});
  }

  values(): SetupInput {
    const out = {} as SetupInput;
    for (const f of FIELDS) out[f] = this.input(f).value;
    return out;
  }

  setMembers(text: string): void {
    this.input('members').value = text;
  }

  showErrors(errors: SetupErrors): void {
    let first: HTMLElement | null = null;
    for (const f of FIELDS) {
      const message = errors[f] ?? '';
      const slot = document.getElementById(`e-${f}`);
      if (slot) slot.textContent = message;
      const input = this.input(f);
      input.setAttribute('aria-invalid', String(message !== ''));
      if (message) {
        input.setAttribute('aria-errormessage', `e-${f}`);
        first ??= input;
      }
    }
    first?.focus();
  }

  open(open: boolean): void {
    this.panel.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }
}
