/**
 * 打印点评表 in the pane: this branch's accepted reviews as the official forms, one per A4 page
 * (addin/report/model/print-forms.ts) — opened as a new workbook built with exceljs where
 * Excel.createWorkbook exists, else added to this workbook as a sheet per form (Office.js).
 * Rows with errors are not printed, as `review-forms print` and merge would not accept them.
 */
import { AddinError } from '../excel/errors';
import { insertPrintSheets } from '../excel/print-sheets';
import { runExcel } from '../excel/run';
import { MEMBER_FORM, ORG_FORM } from '../forms/branch-forms';
import { canCreateWorkbook, openAsNewWorkbook, readReportModel } from '../excel/summary';
import { safeFileNamePart } from '../forms/text';
import { printBranches, printSheets } from '../report/model/print-forms';
import type { ReportModel } from '../report/model/report-model';
import { buildPrintWorkbook } from '../report/print-renderer';
import { bytesToBase64 } from './summary-export';

/** Review rows not printed because of an error: their sheet and row, once each. */
export function rowsWithErrors(model: Pick<ReportModel, 'problems'>): string[] {
  const rows = new Set<string>();
  for (const p of model.problems) {
    if (p.severity !== '错误' || (p.sheet !== ORG_FORM.sheetName && p.sheet !== MEMBER_FORM.sheetName)) continue;
    const row = /\d+$/.exec(p.cell)?.[0];
    if (row) rows.add(`「${p.sheet}」第 ${row} 行`);
  }
  return [...rows];
}

/** Runs 打印点评表 and says, in Chinese, what was made and what was left out. */
export async function printReviewForms(asOf: string): Promise<string> {
  const model = await runExcel('打印点评表', (ctx) => readReportModel(ctx, asOf, '本工作簿'));
  const branch = printBranches(model, model.summary)[0];
  const sheets = branch ? printSheets(branch) : [];
  const errors = rowsWithErrors(model);
  const leftOut = errors.length > 0 ? `\n有错误的 ${errors.length} 行没有打印（${errors.join('、')}），请点“检查”改正后再打印。` : '';
  if (sheets.length === 0) throw new AddinError('nothingToPrint', `没有可打印的点评：还没有填写完整、没有错误的点评。${leftOut}`);
  const count = `${sheets.length} 张点评表（每条点评一页，A4 纵向）`;
  if (canCreateWorkbook()) {
    const buffer = await buildPrintWorkbook(sheets).xlsx.writeBuffer();
    await openAsNewWorkbook(bytesToBase64(new Uint8Array(buffer as ArrayBuffer)));
    const name = `${safeFileNamePart(model.unit, 40)}-${safeFileNamePart(branch.branch, 40)}-${safeFileNamePart(branch.stage, 20)}-点评表（打印）.xlsx`;
    return `已生成 ${count}，在新窗口打开；请另存为“${name}”后打印。${leftOut}`;
  }
  const added = await runExcel('打印点评表', (ctx) => insertPrintSheets(ctx, sheets));
  const setup = added.pageSetup ? '' : '\n此版本的 Excel 不能设置打印格式：打印前请在“页面布局”中选 A4、纵向，并“将工作表调整为一页”。';
  return `此版本的 Excel 不能新建工作簿，已把 ${count}作为新工作表加入本工作簿：${added.sheets.join('、')}。${setup}${leftOut}`;
}
