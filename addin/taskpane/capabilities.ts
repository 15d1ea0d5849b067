/**
 * What this Office can do, said in Chinese. The Excel requirement sets come from Office.js
 * (isSetSupported); the webview from what its script engine can parse. docs/addin.md has the
 * table of Office versions behind these texts.
 */
import { supportsExcelApi } from '../excel/run';

/** The set manifest.xml declares: below it Office does not offer the add-in at all. */
export const MIN_EXCEL_API = '1.7';

export const TOO_OLD_EXCEL =
  '当前 Excel 版本太旧（需要 ExcelApi 1.7：Excel 2019 及以上、Microsoft 365 或网页版 Excel；Excel 2016 批量许可版不行）。' +
  '请直接在办公室下发的点评表中填写，填好后发给办公室，由办公室检查和定稿。';

/**
 * Whether the engine runs ES2018, as the exceljs chunk of 生成汇总 needs: WebView2, Safari and
 * today's browsers do; Internet Explorer 11 and Edge Legacy do not.
 */
export function canRunModernScripts(): boolean {
  try {
    // Compiled, never run: a SyntaxError is the answer.
    new Function('var o = { ...{ a: 1 } }; return async function () { for await (var x of []) o = x; };');
    return true;
  } catch (err) {
    // A page that forbade eval would say nothing about the engine.
    return !(err instanceof SyntaxError);
  }
}

export const SUMMARY_NEEDS_WEBVIEW2 =
  '生成汇总需要较新的浏览器内核：这台电脑的 Office 用 Internet Explorer 11 或旧版 Edge 显示加载项。' +
  '请安装 Microsoft Edge WebView2 运行时后重试；或把本工作簿发给办公室，由办公室用 review-forms merge 汇总。检查、覆盖情况和定稿不受影响。';

export const PRINT_NEEDS_WEBVIEW2 =
  '打印点评表需要较新的浏览器内核：这台电脑的 Office 用 Internet Explorer 11 或旧版 Edge 显示加载项。' +
  '请安装 Microsoft Edge WebView2 运行时后重试；或把本工作簿发给办公室，由办公室用 review-forms print 打印。检查、覆盖情况和定稿不受影响。';

/** Lines for the note under the pane's title: what is unavailable here and what to do instead. */
export function capabilityNotes(): string[] {
  const notes: string[] = [];
  if (!supportsExcelApi('1.8'))
    notes.push(
      '此版本 Excel（ExcelApi 1.7，如 Excel 2019 批量许可版）可以检查、查看覆盖情况和定稿；插入点评表时不能写入下拉列表和填写提示（请用办公室下发的点评表）；生成汇总和打印点评表会作为新工作表加入本工作簿（打印前请自行设置 A4 纵向）。',
    );
  if (!canRunModernScripts())
    notes.push(
      '此 Office 用 Internet Explorer 11 或旧版 Edge 显示加载项：生成汇总和打印点评表不可用，其余功能正常。安装 Microsoft Edge WebView2 运行时后即可使用。',
    );
  return notes;
}
