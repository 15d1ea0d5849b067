/**
 * 定稿 outside Excel (for WPS users, the demo and tests): stamps the finalize time and the content
 * digest into `_meta`, exactly as the add-in's 定稿 does. Refused while errors remain.
 */
import ExcelJS from 'exceljs';
import { allProblems, contentDigestOf, isBranchRead, readBranchWorkbook } from '../../../addin/forms/read/branch-reader';
import { META_SHEET } from '../../../addin/forms/meta';
import { hasErrors } from '../../../addin/forms/problems';
import { ProblemsFoundError, ReviewFormsError } from '../errors';
import { readWorkbook } from '../xlsx/xlsx-reader';

export async function finalizeWorkbook(buf: Buffer, fileName: string, finalizedAt: string, asOf: string): Promise<Buffer> {
  const data = await readWorkbook(buf, fileName);
  const read = readBranchWorkbook(data.grids, { asOf, date1904: data.date1904 });
  if (!isBranchRead(read)) throw new ReviewFormsError('not-branch', read.problems.map((p) => p.message).join('；'));
  const errors = allProblems(read).filter((p) => p.severity === 'error');
  if (hasErrors(errors)) {
    const list = errors.slice(0, 10).map((p) => `${[p.sheet, p.cell].filter(Boolean).join('!')} ${p.message}`).join('\n');
    throw new ProblemsFoundError('has-errors', `还有 ${errors.length} 个错误未改正，不能定稿：\n${list}`);
  }
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

/** ISO time with the local offset (2010-09-28T16:30:00+08:00): what 定稿时间 records. */
export function localTimestamp(d: Date): string {
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}
