/**
 * The one door to Excel: each user action is one `Excel.run`, and whatever goes wrong inside
 * comes out as an AddinError with a Chinese message.
 */
import { toAddinError } from './errors';

export type ExcelAction<T> = (context: Excel.RequestContext) => Promise<T>;

export async function runExcel<T>(actionName: string, action: ExcelAction<T>): Promise<T> {
  try {
    // `return await`, so a rejected sync is caught here and not by the caller's caller.
    return await Excel.run(action);
  } catch (err) {
    throw toAddinError(err, actionName);
  }
}

/** Whether the host supports an ExcelApi requirement set (true outside Office, e.g. in tests). */
export function supportsExcelApi(version: string): boolean {
  const office = (globalThis as { Office?: typeof Office }).Office;
  const requirements = office?.context?.requirements;
  if (!requirements) return true;
  return requirements.isSetSupported('ExcelApi', version);
}
