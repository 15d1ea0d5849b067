/** Entry of the task pane page: styles in, then start once Office is ready. */
import css from './taskpane.css';
import { TaskPane } from './app';

function showFatal(message: string): void {
  const status = document.getElementById('status');
  const text = document.getElementById('status-text');
  if (status && text) {
    status.hidden = false;
    status.className = 'status error';
    status.setAttribute('role', 'alert');
    text.textContent = message;
  }
}

const style = document.createElement('style');
style.textContent = css;
document.head.append(style);

if (typeof Office === 'undefined') {
  showFatal('没有加载 Office.js：请在 Excel 中打开本加载项（开始 → 点评表）。');
} else {
  Office.onReady((info) => {
    if (info.host !== Office.HostType.Excel) {
      showFatal('本加载项只能在 Excel 中使用。');
      return;
    }
    if (!Office.context.requirements.isSetSupported('ExcelApi', '1.8')) {
      showFatal('当前 Excel 版本太旧（需要 ExcelApi 1.8，即 Excel 2019、Microsoft 365 或网页版 Excel）。');
      return;
    }
    new TaskPane().start().catch((err: unknown) => showFatal(`加载项启动失败：${err instanceof Error ? err.message : String(err)}`));
  });
}
