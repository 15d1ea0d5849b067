/**
 * 定稿 outside Excel (for WPS users, the demo and tests): stamps the finalize time and the content
 * digest into `_meta`, exactly as the add-in's 定稿 does. Refused while errors remain.
 */
import ExcelJS from 'exceljs';
import { localDateOf, localTimestamp, parseInstant, parseInstantInput } from '../../../addin/forms/instants';
import { contentDigestOf, finalizeProblems, isBranchRead, readBranchWorkbook } from '../../../addin/forms/read/branch-reader';
import { META_SHEET } from '../../../addin/forms/meta';
import { hasErrors } from '../../../addin/forms/problems';
import { ProblemsFoundError, ReviewFormsError, UsageError } from '../errors';
import { writeFileAtomic } from '../files/atomic-write';
import { InputPlaces, refuseOutputOnInput } from '../files/output-guard';
import { setMetaValue, workbookBytes } from '../workbook/exceljs-output';
import { readXlsx } from '../xlsx/xlsx-reader';
import { readInputFile } from '../files/read-input';
import { systemErrorText } from '../files/system-error';

/**
 * The finalized copy of a branch workbook: `finalizedAt` is ISO 8601 with an offset, stored
 * normalized; dates after `asOf` (by default the finalize day) are in the future.
 */
export async function finalizeXlsx(buf: Buffer, fileName: string, finalizedAt: string, asOf?: string): Promise<Buffer> {
  const at = parseInstant(finalizedAt);
  if (!at) throw new UsageError('bad-time', { value: finalizedAt });
  const data = await readXlsx(buf, fileName);
  const read = readBranchWorkbook(data.grids, { asOf: asOf ?? localDateOf(at), date1904: data.date1904 });
  if (!isBranchRead(read)) throw new ReviewFormsError('not-branch', { file: fileName, detail: read.problems.map((p) => p.message).join('；') });
  const errors = finalizeProblems(read).filter((p) => p.severity === 'error');
  if (hasErrors(errors)) {
    const list = errors
      .slice(0, 10)
      .map((p) => `${[p.sheet, p.cell].filter(Boolean).join('!')} ${p.message}`)
      .join('\n');
    throw new ProblemsFoundError('has-errors', { count: errors.length, list });
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet(META_SHEET);
  if (!ws) throw new ReviewFormsError('not-branch', { file: fileName, detail: '缺少 _meta 工作表' });
  setMetaValue(ws, 'finalizedAt', at.text);
  setMetaValue(ws, 'contentDigest', contentDigestOf(read.forms, { ...read.meta, finalizedAt: at.text }));
  return workbookBytes(wb);
}

/** finalize as the command runs it: `file` read, its finalized copy written to `out`; returns the time stamped. */
export async function finalizeFile(file: string, out: string, options: { at?: string } = {}): Promise<string> {
  const at = parseInstantInput(options.at ?? localTimestamp(new Date()));
  if (!at) throw new UsageError('bad-time', { value: options.at ?? '' });
  await refuseOutputOnInput(await InputPlaces.of({ args: [file] }), out);
  const buf = await readInputFile(file).catch((err: unknown) => {
    throw new UsageError('input-unreadable', { file, detail: systemErrorText(err) }, { cause: err });
  });
  await writeFileAtomic(out, await finalizeXlsx(buf, file, at.text));
  return at.text;
}
