/** Recognizes what a file is from its first bytes, before any parser sees it. */
import { WorkbookError } from '../errors';

export type FileKind = 'zip' | 'ole' | 'empty' | 'text' | 'unknown';

const ZIP = [0x50, 0x4b];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(buf: Buffer, magic: number[]): boolean {
  return magic.every((b, i) => buf[i] === b);
}

export function sniff(buf: Buffer): FileKind {
  if (buf.length === 0) return 'empty';
  if (startsWith(buf, ZIP)) return 'zip';
  if (startsWith(buf, OLE)) return 'ole';
  // UTF-16 text (Excel's "Unicode 文本", some web exports named .xls) has a BOM and many zero bytes.
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) return 'text';
  const head = buf.subarray(0, 4096);
  const printable = head.filter((b) => b === 9 || b === 10 || b === 13 || b >= 32).length;
  return printable / head.length > 0.95 ? 'text' : 'unknown';
}

/** UTF-16LE name as it appears in an OLE compound file's directory. */
function utf16(name: string): Buffer {
  return Buffer.from(name, 'utf16le');
}

/** Throws the right Chinese explanation for anything that is not a zip-based workbook. */
export function refuseNonWorkbook(buf: Buffer, fileName: string): void {
  const kind = sniff(buf);
  const lower = fileName.toLowerCase();
  if (kind === 'zip') return;
  if (kind === 'empty') throw new WorkbookError('empty');
  if (kind === 'ole') {
    if (buf.includes(utf16('EncryptedPackage')) || buf.includes(utf16('EncryptionInfo'))) {
      throw new WorkbookError('encrypted');
    }
    if (lower.endsWith('.et')) {
      throw new WorkbookError('wps-et');
    }
    throw new WorkbookError('legacy-xls');
  }
  if (kind === 'text') {
    const head = buf.subarray(0, 2048).toString('utf8');
    if (lower.endsWith('.csv') || /[,\t].*\n.*[,\t]/s.test(head)) {
      throw new WorkbookError('csv');
    }
    const ext = /\.[a-z0-9]{1,5}$/.exec(lower)?.[0] ?? '';
    throw new WorkbookError('text', { ext });
  }
  throw new WorkbookError('unknown-format');
}
