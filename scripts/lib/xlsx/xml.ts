/**
 * XML parsing for workbook parts. Any DOCTYPE or entity declaration is refused before parsing
 * (and saxes, which never reads a DTD, stops at one too), so no entity is ever expanded and no
 * external DTD is ever fetched.
 */
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { WorkbookError } from '../errors';

export interface XmlHandlers {
  open?(name: string, attrs: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

function doctypeMessage(part: string): string {
  return `工作簿的 ${part} 含有 DOCTYPE/实体声明（Excel 从不写入这类内容，可能是恶意文件），已拒收，未展开任何实体。请在 Excel 中打开后另存为 .xlsx 再发送；如非本人制作，请勿打开。`;
}

const MARKS = ['<!DOCTYPE', '<!ENTITY'].flatMap((m) => [Buffer.from(m, 'utf8'), Buffer.from(m, 'utf16le'), Buffer.from(m, 'utf16le').swap16()]);

/**
 * For parts that are not parsed (styles, theme, document properties…): refuses a DOCTYPE or
 * entity declaration all the same, by a byte search (no decoding), so a hostile part is
 * reported even where no parser of ours would have met it.
 */
export function refuseDeclarations(buf: Buffer, part: string): void {
  if (buf.indexOf(0x21) < 0) return; // no '!' at all: the common case, one fast scan
  for (const mark of MARKS) {
    if (buf.indexOf(mark) >= 0) throw new WorkbookError('xml-doctype', doctypeMessage(part));
  }
}

export interface XmlSink {
  write(chunk: Buffer): void;
  close(): void;
}

function failureOf(err: unknown, part: string): WorkbookError {
  if (err instanceof WorkbookError) return err;
  return new WorkbookError('xml-invalid', `工作簿的 ${part} 不是有效的 XML（文件已损坏）。请在 Excel 中打开后另存为 .xlsx 再发送。`, { cause: err });
}

/** The longest declaration mark in bytes, less one: what a chunk boundary can split. */
const OVERLAP = Math.max(...MARKS.map((m) => m.length)) - 1;

/** refuseDeclarations over a part that arrives in chunks, marks split across chunks included. */
export function declarationScanner(part: string): (chunk: Buffer) => void {
  let tail = Buffer.alloc(0);
  return (chunk) => {
    refuseDeclarations(chunk, part);
    if (tail.length > 0) refuseDeclarations(Buffer.concat([tail, chunk.subarray(0, OVERLAP)]), part);
    tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - OVERLAP)));
  };
}

/**
 * A streaming parser: inflated chunks go straight into saxes (no whole-part buffer or string),
 * each checked for declarations, including across chunk boundaries. Throws WorkbookError.
 */
export function xmlParser(part: string, handlers: XmlHandlers): XmlSink {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const decoder = new StringDecoder('utf8');
  let failure: WorkbookError | undefined;
  const scan = declarationScanner(part);
  // Stop at the first error: saxes would otherwise go on, and a part of 50 MB of invalid
  // characters then takes minutes (one error object per character).
  parser.on('error', (err) => {
    throw err;
  });
  parser.on('doctype', () => {
    throw new WorkbookError('xml-doctype', doctypeMessage(part));
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
  const guard = (step: () => void) => {
    if (failure) throw failure;
    try {
      step();
    } catch (err) {
      failure = failureOf(err, part);
      throw failure;
    }
  };
  return {
    write(chunk) {
      guard(() => {
        scan(chunk);
        parser.write(decoder.write(chunk));
      });
    },
    close() {
      guard(() => {
        const rest = decoder.end();
        if (rest) parser.write(rest);
        parser.close();
      });
    },
  };
}

export function parseXml(buf: Buffer, part: string, handlers: XmlHandlers): void {
  const sink = xmlParser(part, handlers);
  sink.write(buf);
  sink.close();
}

/** Local name without a namespace prefix ("x:row" → "row"). */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}
