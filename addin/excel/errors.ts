/**
 * Typed errors of the add-in. Every failure a person can meet carries a Chinese message that
 * says what happened and what to do; the pane shows `message`, never a raw Office error.
 */
export type AddinErrorCode =
  | 'office'
  | 'protected'
  | 'finalized'
  | 'notFinalized'
  | 'hasErrors'
  | 'noSetup'
  | 'setupInvalid'
  | 'notBranchWorkbook'
  | 'unsupported'
  | 'noSelection'
  | 'nothingToPrint';

export class AddinError extends Error {
  constructor(
    readonly code: AddinErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AddinError';
  }
}

/** The shape of an OfficeExtension.Error, without depending on the global being present. */
interface OfficeErrorLike {
  code: string;
  message: string;
}

function isOfficeError(err: unknown): err is OfficeErrorLike {
  return typeof err === 'object' && err !== null && typeof (err as OfficeErrorLike).code === 'string' && typeof (err as OfficeErrorLike).message === 'string';
}

const OFFICE_MESSAGES: Record<string, string> = {
  AccessDenied: '工作表受保护或正在编辑单元格，Excel 拒绝了修改。请先按 Esc 退出单元格编辑；若工作表设有密码，请先撤销保护。',
  InvalidOperation: 'Excel 拒绝了这项操作。请先按 Esc 退出单元格编辑，然后重试。',
  ItemAlreadyExists: '同名的工作表已经存在。',
  ItemNotFound: '找不到要操作的工作表或单元格，可能已被删除或改名。',
  GeneralException: 'Excel 处理时出错，请稍后重试。',
  RequestPayloadSizeLimitExceeded: '一次要处理的内容太多，超出了 Excel 的限制。',
  ApiNotFound:
    '当前 Excel 版本不支持这项功能。Excel 2019 批量许可版（ExcelApi 1.7）可以检查、查看覆盖情况和定稿；插入带下拉列表的点评表、新建汇总工作簿需要 Excel 2021 及以上、Microsoft 365 或网页版 Excel。',
};

/** Any thrown value → an AddinError with a Chinese message (the original kept as `cause`). */
export function toAddinError(err: unknown, action: string): AddinError {
  if (err instanceof AddinError) return err;
  if (isOfficeError(err)) {
    const known = OFFICE_MESSAGES[err.code];
    const detail = known ?? `Excel 返回错误：${err.message}`;
    return new AddinError('office', `${action}失败：${detail}（错误代码 ${err.code}）`, { cause: err });
  }
  const text = err instanceof Error ? err.message : String(err);
  return new AddinError('office', `${action}失败：${text}`, { cause: err });
}
