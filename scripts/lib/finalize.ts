/**
 * 定稿 outside Excel (for WPS users, the demo and tests): stamps the finalize time and the content
 * digest into `_meta`, exactly as the add-in's 定稿 does. Refused while errors remain.
 */
import ExcelJS from 'exceljs';
import { allProblems, contentDigestOf, isBranchRead, readBranchWorkbook } from '../../addin/forms/branch-workbook';
import { META_SHEET } from '../../addin/forms/meta';
import { hasErrors } from '../../addin/forms/problems';
import { ReviewFormsError } from './errors';
import { readWorkbook } from './xlsx/read-workbook';

export async function finalizeWorkbook(buf: Buffer, fileName: string, finalizedAt: string, asOf: string): Promise<Buffer> {
  const data = await readWorkbook(buf, fileName);
  const read = readBranchWorkbook(data.grids, { asOf, date1904: data.date1904 });
  if (!isBranchRead(read)) throw new ReviewFormsError('not-branch', read.problems.map((p) => p.message).join('；'));
  if (hasErrors(allProblems(read))) throw new ReviewFormsError('has-errors', '还有错误未改正，不能定稿。');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet(META_SHEET);
  if (!ws) throw new ReviewFormsError('not-branch', '缺少 _meta 工作表');
  const set = (key: string, value: string) => {
    let row = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(1).value === key) row = n;
    });
    if (row === 0) row = ws.rowCount + 1;
    ws.getCell(row, 1).value = key;
    ws.getCell(row, 2).value = value;
  };
  set('finalizedAt', finalizedAt);
  set('contentDigest', contentDigestOf(read.forms));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
