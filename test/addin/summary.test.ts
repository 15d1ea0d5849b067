import ExcelJS from 'exceljs';
import { branchReportModel } from '../../addin/excel/branch-report';
import { runExcel } from '../../addin/excel/run';
import { insertSummarySheets, readReportModel } from '../../addin/excel/summary';
import { isBranchRead, readBranchWorkbook } from '../../addin/forms/read/branch-reader';
import { uniqueSheetName } from '../../addin/forms/text';
import { REPORT_SHEETS } from '../../addin/report/model/report-sheets';
import { buildReportWorkbook } from '../../addin/report/exceljs-renderer';
import { bytesToBase64, generateSummary, tablesOf } from '../../addin/taskpane/summary-export';
import { cellAt } from './fake-excel';
import { gridsOfFake } from './grids-of-fake';
import { AS_OF, filledWorkbook, fixture, lastRunSyncs } from './helpers';

describe('生成汇总', () => {
  test('the branch report model has this branch in the merge report layout', async () => {
    const f = fixture({ membersPerBranch: 9 });
    await filledWorkbook(f);
    const model = await runExcel('生成汇总', (ctx) => readReportModel(ctx, AS_OF, '本工作簿'));
    expect(lastRunSyncs(f.host)).toBeLessThanOrEqual(3);
    expect(model.summary).toHaveLength(1);
    expect(model.summary[0]).toMatchObject({ branch: f.ctx.branch.name, membersExpected: 9, membersReviewed: 9, orgReviewed: true });
    expect(model.member.map((m) => m.name)).toEqual(f.ctx.members.map((m) => m.name));
    expect(model.uncovered).toEqual([]);
    const read = readBranchWorkbook(gridsOfFake(f.host.book), { asOf: AS_OF });
    if (!isBranchRead(read)) throw new Error('not a branch');
    expect(branchReportModel(read, '本工作簿', model.referenceDate).contentDigest).toBe(model.contentDigest);
  });

  test('opens a new workbook built with exceljs (Excel.createWorkbook)', async () => {
    const f = fixture();
    await filledWorkbook(f);
    const message = await generateSummary(AS_OF);
    expect(message).toMatch(/已生成汇总工作簿/);
    expect(f.host.created).toHaveLength(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.host.created[0], 'base64') as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual([...REPORT_SHEETS]);
  });

  test('without Excel.createWorkbook: the report sheets are added to this workbook', async () => {
    const f = fixture();
    await filledWorkbook(f);
    f.host.apiVersion = 7;
    const message = await generateSummary(AS_OF);
    expect(message).toMatch(/已把汇总作为新工作表加入本工作簿/);
    expect(lastRunSyncs(f.host)).toBeLessThanOrEqual(2);
    const names = f.host.book.sheets.map((s) => s.name);
    for (const s of REPORT_SHEETS) expect(names).toContain(uniqueSheetName(`汇总·${s}`, new Set()));
    expect(cellAt(f.host.book, '汇总·汇总', 'B1')).toBeDefined();
  });

  test('sheet names stay unique and within 31 characters', async () => {
    expect(uniqueSheetName('汇总·党员点评', new Set(['汇总·党员点评']))).toBe('汇总·党员点评(2)');
    expect(uniqueSheetName('x'.repeat(40), new Set()).length).toBe(31);
    expect(bytesToBase64(new Uint8Array([104, 105]))).toBe('aGk=');
    const f = fixture();
    await filledWorkbook(f);
    const model = await runExcel('生成汇总', (ctx) => readReportModel(ctx, AS_OF, 'x'));
    const tables = tablesOf(buildReportWorkbook(model));
    expect(tables.map((t) => t.name)).toEqual([...REPORT_SHEETS]);
    const added = await runExcel('生成汇总', (ctx) => insertSummarySheets(ctx, tables));
    expect(added).toHaveLength(REPORT_SHEETS.length);
  });
});
