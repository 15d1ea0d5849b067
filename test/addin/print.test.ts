/**
 * 打印点评表 in the pane: the branch's accepted reviews as the official forms, from the same layout
 * as `review-forms print` — a new workbook (exceljs) where Excel.createWorkbook exists, else a
 * sheet per form in this workbook (Office.js), A4 set where ExcelApi 1.9 allows; rows with
 * errors left out and said so.
 */
import ExcelJS from 'exceljs';
import { PRINT_SHEET_PREFIX } from '../../addin/excel/print-sheets';
import { MEMBER_FORM, ORG_FORM } from '../../addin/forms/branch-forms';
import { printReviewForms } from '../../addin/taskpane/print-export';
import { cellAt } from './fake-excel';
import { AS_OF, type Fixture, filledWorkbook, fixture, lastRunSyncs, sheetOf, typeIntoPrefilled } from './helpers';

async function created(f: Fixture): Promise<ExcelJS.Workbook> {
  expect(f.host.created).toHaveLength(1);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(f.host.created[0], 'base64') as unknown as ExcelJS.Buffer);
  return wb;
}

describe('打印点评表', () => {
  test('opens the forms as a new workbook: the branch first, then each member in roster order', async () => {
    const f = fixture({ membersPerBranch: 5 });
    await filledWorkbook(f);
    const message = await printReviewForms(AS_OF);
    expect(message).toMatch(/^已生成 6 张点评表（每条点评一页，A4 纵向），在新窗口打开；请另存为“.*-点评表（打印）\.xlsx”后打印。$/);
    const wb = await created(f);
    expect(wb.worksheets.map((w) => w.name)).toEqual([f.ctx.branch.name, ...f.ctx.members.map((m) => m.name)]);
    expect(wb.worksheets.map((w) => w.getCell('A1').value)).toEqual([ORG_FORM.title, ...f.ctx.members.map(() => MEMBER_FORM.title)]);
    expect(wb.worksheets[1].pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true });
  });

  test('leaves out a row with an error and says which', async () => {
    const f = fixture({ membersPerBranch: 5 });
    await filledWorkbook(f);
    typeIntoPrefilled(f.host.book, MEMBER_FORM, [{ name: f.ctx.members[1].name, date: '2010-10-08' }], 'name');
    const message = await printReviewForms(AS_OF);
    expect(message).toContain('已生成 5 张点评表');
    expect(message).toContain('有错误的 1 行没有打印（「党员点评」第 3 行），请点“检查”改正后再打印。');
    expect((await created(f)).worksheets.map((w) => w.name)).not.toContain(f.ctx.members[1].name);
  });

  test('without Excel.createWorkbook: a sheet per form in this workbook, merged, sized and set for A4', async () => {
    const f = fixture({ membersPerBranch: 3 });
    await filledWorkbook(f);
    (globalThis as unknown as { Excel: { createWorkbook?: unknown } }).Excel.createWorkbook = undefined;
    const message = await printReviewForms(AS_OF);
    expect(lastRunSyncs(f.host)).toBeLessThanOrEqual(2);
    const names = [f.ctx.branch.name, ...f.ctx.members.map((m) => m.name)].map((n) => `${PRINT_SHEET_PREFIX}${n}`);
    expect(message).toBe(`此版本的 Excel 不能新建工作簿，已把 4 张点评表（每条点评一页，A4 纵向）作为新工作表加入本工作簿：${names.join('、')}。`);
    const sheet = sheetOf(f.host.book, names[1]);
    expect(cellAt(f.host.book, names[1], 'A1')).toBe(MEMBER_FORM.title);
    expect(sheet.merges).toContain('A1:D1');
    expect(sheet.rowHeights?.size).toBeGreaterThan(20);
    expect(sheet.showGridlines).toBe(false);
    expect(sheet.page).toMatchObject({
      orientation: 'Portrait',
      paperSize: 'A4',
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 1 },
      centerHorizontally: true,
      rightFooter: '&9第 &P 页，共 &N 页',
    });
  });

  test('an Excel without page setup (ExcelApi 1.7) still gets the forms, and is told to set A4 by hand', async () => {
    const f = fixture({ membersPerBranch: 2 });
    await filledWorkbook(f);
    f.host.apiVersion = 7;
    const message = await printReviewForms(AS_OF);
    expect(message).toContain('打印前请在“页面布局”中选 A4、纵向');
    expect(sheetOf(f.host.book, `${PRINT_SHEET_PREFIX}${f.ctx.branch.name}`).page).toEqual({});
  });

  test('with nothing accepted yet, says there is nothing to print', async () => {
    const f = fixture({ membersPerBranch: 2 });
    await filledWorkbook(f);
    for (const s of f.host.book.sheets.filter((x) => x.name === ORG_FORM.sheetName || x.name === MEMBER_FORM.sheetName)) {
      for (const [k, cell] of s.cells) if (Number(k.split(',')[0]) > 0 && Number(k.split(',')[1]) > 4) delete cell.value;
    }
    await expect(printReviewForms(AS_OF)).rejects.toMatchObject({ code: 'nothingToPrint' });
  });
});
