/**
 * The report workbook as bytes. exceljs writes an empty x14 extension reference inside every
 * data-bar rule (`<extLst><ext …><x14:id/></ext></extLst>`); Excel ignores it, but other readers
 * (openpyxl) warn about an unknown extension. It carries nothing, so it is removed.
 */
import JSZip from 'jszip';
import type { ReportModel } from '../../addin/report/model/report-model';
import { buildReportWorkbook } from '../../addin/report/exceljs-renderer';

const EMPTY_DATABAR_EXT = /<extLst><ext uri="\{B025F937-C7B1-47D3-B67F-A62EFF666E3E\}"[^>]*><x14:id\/><\/ext><\/extLst>/g;

export async function stripEmptyDataBarExtensions(xlsx: ArrayBuffer | Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(xlsx);
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n))) {
    const file = zip.file(name);
    if (!file) continue;
    const xml = await file.async('string');
    if (xml.includes('<x14:id/>')) zip.file(name, xml.replace(EMPTY_DATABAR_EXT, ''));
  }
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

export async function reportToBytes(model: ReportModel): Promise<Uint8Array> {
  return stripEmptyDataBarExtensions(await buildReportWorkbook(model).xlsx.writeBuffer());
}
