/**
 * The bytes of a workbook written with exceljs, with the parts exceljs writes against the
 * ECMA-376 schema put right — Excel offers to "repair" such a file and drops what it cannot
 * read. Every workbook the scripts write with exceljs goes through `workbookBytes`; each fix is
 * one small transform of one part (test/scripts/workbook/schema-valid.test.ts validates them all).
 */
import type ExcelJS from 'exceljs';
import { REPORT_LIMITS } from '../xlsx/limits';
import { openZip } from '../xlsx/zip-reader';
import { ZipWriter } from '../xlsx/zip-writer';

const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/;

/** CT_SheetPr's children in schema order. */
const SHEET_PR_ORDER = ['tabColor', 'outlinePr', 'pageSetUpPr'];

/**
 * `<sheetPr>`'s children in schema order. exceljs writes `<pageSetUpPr>` before `<outlinePr>`
 * (exceljs issue #1348), which it does for every sheet of a file saved by another program with
 * outline properties and fit-to-page printing (openpyxl, WPS, LibreOffice write both).
 */
export function sheetPrInSchemaOrder(xml: string): string {
  return xml.replace(/(<sheetPr\b[^>]*>)((?:<[A-Za-z]+\b[^>]*\/>)+)(<\/sheetPr>)/, (whole, open: string, children: string, close: string) => {
    const list = children.match(/<[A-Za-z]+\b[^>]*\/>/g) ?? [];
    const rank = (child: string) => {
      const i = SHEET_PR_ORDER.indexOf(/^<([A-Za-z]+)/.exec(child)?.[1] ?? '');
      return i < 0 ? SHEET_PR_ORDER.length : i;
    };
    const sorted = list.map((child, i) => ({ child, i })).sort((a, b) => rank(a.child) - rank(b.child) || a.i - b.i);
    const ordered = sorted.map((s) => s.child).join('');
    return ordered === children ? whole : `${open}${ordered}${close}`;
  });
}

/** The package with its worksheets fixed; the same bytes when nothing needed it. */
export async function repairExceljsPackage(buf: Buffer): Promise<Buffer> {
  const zip = await openZip(buf, REPORT_LIMITS);
  try {
    const fixed = new Map<string, string>();
    for (const name of zip.names) {
      if (!WORKSHEET.test(name)) continue;
      const xml = (await zip.read(name)).toString('utf8');
      const next = sheetPrInSchemaOrder(xml);
      if (next !== xml) fixed.set(name, next);
    }
    if (fixed.size === 0) return buf;
    const out = new ZipWriter();
    for (const name of zip.names) await out.add(name, fixed.get(name) ?? (await zip.read(name)));
    return out.finish();
  } finally {
    zip.close();
  }
}

/** What every exceljs workbook the scripts write goes through. */
export async function workbookBytes(wb: ExcelJS.Workbook): Promise<Buffer> {
  return repairExceljsPackage(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** Sets a key of a `_meta` sheet (key in column A, value in B): its row if it has one, else a new row. */
export function setMetaValue(ws: ExcelJS.Worksheet, key: string, value: string): void {
  let row = 0;
  ws.eachRow((r, n) => {
    if (r.getCell(1).value === key) row = n;
  });
  if (row === 0) row = ws.rowCount + 1;
  ws.getCell(row, 1).value = key;
  ws.getCell(row, 2).value = value;
}
