/**
 * XML parsing for workbook parts. Any DOCTYPE or entity declaration is refused before parsing,
 * so no entity is ever expanded and no external DTD is ever fetched.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { WorkbookError } from '../errors';

export interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

const DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

export function parseXml(buf: Buffer, part: string, handlers: XmlHandlers): void {
  const xml = buf.toString('utf8');
  if (DECLARATION.test(xml)) {
    throw new WorkbookError('xml-doctype', `工作簿的 ${part} 含有 DOCTYPE/实体声明，Excel 从不写入这类内容，可能是恶意文件，已拒收。`);
  }
  const parser = new SaxesParser({ xmlns: false, position: false });
  let failure: unknown;
  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('doctype', () => {
    failure ??= new Error('doctype');
  });
  if (handlers.open) {
    const open = handlers.open;
    parser.on('opentag', (tag: SaxesTagPlain) => open(tag.name, tag.attributes as Record<string, string>));
  }
  if (handlers.close) {
    const close = handlers.close;
    parser.on('closetag', (tag) => close(tag.name));
  }
  if (handlers.text) parser.on('text', handlers.text);
  try {
    parser.write(xml).close();
  } catch (err) {
    failure ??= err;
  }
  if (failure) {
    if (failure instanceof WorkbookError) throw failure;
    throw new WorkbookError('xml-invalid', `工作簿的 ${part} 不是有效的 XML（文件已损坏）。请在 Excel 中打开后另存为 .xlsx 再发送。`, { cause: failure });
  }
}

/** Local name without a namespace prefix ("x:row" → "row"). */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}
