/**
 * Regression: a plan is about the future, so a 点评安排 row planned after the as-of day (for
 * `merge`, after 上报截止) is not “日期不能在将来”. README only asks its date to be inside the stage,
 * and 逾期未点评 counts plans *before* the reference date, so later plans must be accepted.
 */
import { cellAt } from '../../addin/forms/cell';
import ExcelJS from 'exceljs';
import { readXlsx } from '../../scripts/lib/xlsx/xlsx-reader';
import { branchContext, checkRows, planned, where } from '../helpers/forms';

describe('点评安排 dated after the as-of day', () => {
  it('is accepted (inside the stage), while a review dated after it is still an error', () => {
    const rows = planned();
    rows.schedule[0].plannedDate = '2010-09-30';
    rows.org[0].date = '2010-09-30';
    const problems = checkRows(rows, branchContext({ asOf: '2010-09-29' }));
    expect(where(problems).filter((w) => w.includes('点评安排'))).toEqual([]);
    expect(where(problems).filter((w) => w.startsWith('dateInFuture'))).toEqual(['dateInFuture@党组织点评!F2']);
  });
});

/**
 * Regression: a member reviewed twice is reported as such even when the first row has another
 * error (e.g. 主要成绩 empty): duplicates are looked for among every row naming its object, not
 * only the error-free ones.
 */
describe('the same member reviewed twice when the first row has another error', () => {
  it('reports the repeat at the second row’s 姓名 as well as the first row’s own error', () => {
    const rows = planned();
    const first = rows.member[0];
    rows.member.push({ ...first });
    first.achievements = undefined;
    const problems = where(checkRows(rows));
    expect(problems).toContain(`missingElement@党员点评!O2`);
    expect(problems).toContain(`duplicateReview@党员点评!A${rows.member.length + 1}`);
  });
});

/**
 * Regression: a formula cell without a cached result (as openpyxl and other non-calculating
 * writers leave it) is marked as a formula (formulaCell 提示), not read as a blank cell with no
 * word about the formula, which would make a count such as 群众代表人数 “=1+2” silently empty.
 */
describe('a formula without a cached result', () => {
  it('is marked as a formula cell, not silently blank', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表');
    ws.getCell('A1').value = '姓名';
    ws.getCell('B1').value = '人数';
    ws.getCell('A2').value = '张三';
    ws.getCell('B2').value = { formula: '1+2' } as ExcelJS.CellFormulaValue;
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const data = await readXlsx(buf, 'f.xlsx');
    const row = data.grids.find((g) => g.name === '表')?.rows.find((r) => r.r === 2);
    expect(row && cellAt(row, 0)).toBe('张三');
    expect(row && cellAt(row, 1)).toBeNull();
    expect(row?.formulaCols).toEqual([1]);
  });
});
