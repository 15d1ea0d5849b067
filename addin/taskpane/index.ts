/**
 * Entry of the task pane page: styles in, then start once Office is ready. Compiled to ES5 with
 * polyfills (webpack.config.js): older Office runs the pane in Internet Explorer 11 or Edge Legacy.
 * The page's inline boot script shows what to do when this bundle never gets here; the bundle
 * cancels it once it has taken over the page.
 */
import css from './taskpane.css';
import { TaskPane } from './app';
import { MIN_EXCEL_API, TOO_OLD_EXCEL, capabilityNotes } from './capabilities';
import { withoutCustomProperties } from './css-fallback';

/** The inline boot script's timer (taskpane.html). */
function takeOverFromBootScript(): void {
  const w = window as unknown as { reviewFormsBoot?: number };
  if (w.reviewFormsBoot !== undefined) window.clearTimeout(w.reviewFormsBoot);
  const boot = document.getElementById('boot-error');
  if (boot) boot.style.display = 'none';
}

function showFatal(message: string): void {
  takeOverFromBootScript();
  const status = document.getElementById('status');
  const text = document.getElementById('status-text');
  if (status && text) {
    status.hidden = false;
    status.className = 'status error';
    status.setAttribute('role', 'alert');
    text.textContent = message;
  }
}

function showNotes(notes: readonly string[]): void {
  const note = document.getElementById('capability-note');
  if (!note || notes.length === 0) return;
  note.textContent = notes.join('\n');
  note.hidden = false;
}

const style = document.createElement('style');
const supportsVars = typeof CSS !== 'undefined' && typeof CSS.supports === 'function' && CSS.supports('color', 'var(--a)');
style.textContent = supportsVars ? css : withoutCustomProperties(css);
document.head.appendChild(style);

if (typeof Office === 'undefined') {
  showFatal('没有加载 Office.js：请在 Excel 中打开本加载项（开始 → 点评表），并确认电脑能访问 appsforoffice.microsoft.com。');
} else {
  Office.onReady((info) => {
    if (info.host !== Office.HostType.Excel) {
      showFatal('本加载项只能在 Excel 中使用。');
      return;
    }
    if (!Office.context.requirements.isSetSupported('ExcelApi', MIN_EXCEL_API)) {
      showFatal(TOO_OLD_EXCEL);
      return;
    }
    takeOverFromBootScript();
    showNotes(capabilityNotes());
    Promise.resolve()
      .then(() => new TaskPane().start())
      .catch((err: unknown) => showFatal(`加载项启动失败：${err instanceof Error ? err.message : String(err)}`));
  });
}
