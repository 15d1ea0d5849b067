/**
 * Minimal OLE compound files (the container of .xls, .et and password-protected .xlsx): a
 * header with the magic number and one directory sector naming the streams in UTF-16LE.
 * Enough for a reader that must recognize them; not a file Excel would open.
 */
const MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

function dirEntry(name: string, type: number): Buffer {
  const e = Buffer.alloc(128);
  const n = Buffer.from(`${name}\u0000`, 'utf16le');
  n.copy(e, 0, 0, Math.min(n.length, 64));
  e.writeUInt16LE(Math.min(n.length, 64), 64);
  e.writeUInt8(type, 66); // 1 storage, 2 stream, 5 root
  e.writeUInt8(1, 67); // black
  e.writeInt32LE(-1, 68);
  e.writeInt32LE(-1, 72);
  e.writeInt32LE(-1, 76);
  e.writeInt32LE(-2, 116); // start sector: end of chain
  return e;
}

export function oleFile(streams: readonly string[], filler = 4096): Buffer {
  const header = Buffer.alloc(512);
  MAGIC.copy(header, 0);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(0x0003, 26); // major version 3 (512-byte sectors)
  header.writeUInt16LE(0xfffe, 28); // byte order
  header.writeUInt16LE(9, 30); // sector shift
  header.writeUInt16LE(6, 32); // mini sector shift
  header.writeUInt32LE(1, 44); // FAT sectors
  header.writeUInt32LE(1, 48); // first directory sector
  header.writeUInt32LE(0x1000, 56); // mini stream cutoff
  header.writeInt32LE(-2, 60);
  header.writeInt32LE(-2, 68);
  for (let i = 76; i < 512; i += 4) header.writeInt32LE(-1, i);
  header.writeUInt32LE(0, 76); // FAT in sector 0
  const fat = Buffer.alloc(512, 0xff);
  fat.writeInt32LE(-3, 0); // FAT sector
  fat.writeInt32LE(-2, 4); // directory: end of chain
  const dir = Buffer.concat([dirEntry('Root Entry', 5), ...streams.slice(0, 3).map((s) => dirEntry(s, 2))]);
  const dirSector = Buffer.alloc(512);
  dir.copy(dirSector, 0, 0, Math.min(dir.length, 512));
  return Buffer.concat([header, fat, dirSector, Buffer.alloc(filler, 0x5a)]);
}

/** Legacy Excel 97-2003 (.xls): a `Workbook` stream. */
export const xlsFile = (): Buffer => oleFile(['Workbook', '\u0005SummaryInformation']);
/** WPS 表格 (.et): the same container. */
export const etFile = (): Buffer => oleFile(['Workbook', 'WpsCustomData']);
/** An .xlsx with an open password: Office wraps the package in an OLE file. */
export const encryptedXlsx = (): Buffer => oleFile(['EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces']);
