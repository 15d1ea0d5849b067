/**
 * A small zip writer for building broken and hostile workbooks in tests. Unlike a real zip
 * library it lets a test control every header: sizes that lie, names with `../` or backslashes,
 * entries without a central record, any number of entries.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntrySpec {
  /** Stored as is (UTF-8 flag set), so `../x` and `a\\b` reach the reader unchanged. */
  name: string;
  data?: Buffer | string;
  /** 0 stored, 8 deflated (default). */
  method?: 0 | 8;
  /** Bytes to store as the compressed data instead of compressing `data` (e.g. a bomb). */
  raw?: Buffer;
  /** Uncompressed size and CRC to claim when `raw` is given. */
  rawSize?: number;
  rawCrc?: number;
  /** Override the sizes written in the local header (lying sizes). */
  localSizes?: { compressed?: number; uncompressed?: number };
  /** Override the sizes written in the central directory. */
  centralSizes?: { compressed?: number; uncompressed?: number };
}

export interface ZipOptions {
  /** Leave the central directory and end record out (a truncated or half-written zip). */
  omitCentral?: boolean;
  /** Claim this many entries in the end record. */
  eocdCount?: number;
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n & 0xffff);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

export function buildZip(entries: readonly ZipEntrySpec[], options: ZipOptions = {}): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : (e.data ?? Buffer.alloc(0));
    const method = e.method ?? 8;
    const body = e.raw ?? (method === 8 ? deflateRawSync(data) : data);
    const size = e.raw ? (e.rawSize ?? 0) : data.length;
    const crc = e.raw ? (e.rawCrc ?? 0) : crc32(data);
    const local = {
      compressed: e.localSizes?.compressed ?? body.length,
      uncompressed: e.localSizes?.uncompressed ?? size,
    };
    const cen = {
      compressed: e.centralSizes?.compressed ?? body.length,
      uncompressed: e.centralSizes?.uncompressed ?? size,
    };
    const flags = 0x0800; // UTF-8 names
    const header = Buffer.concat([
      u32(0x04034b50),
      u16(20),
      u16(flags),
      u16(method),
      u16(0),
      u16(0x21),
      u32(crc),
      u32(local.compressed),
      u32(local.uncompressed),
      u16(name.length),
      u16(0),
      name,
    ]);
    chunks.push(header, body);
    central.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(20),
        u16(20),
        u16(flags),
        u16(method),
        u16(0),
        u16(0x21),
        u32(crc),
        u32(cen.compressed),
        u32(cen.uncompressed),
        u16(name.length),
        u16(0),
        u16(0),
        u16(0),
        u16(0),
        u32(0),
        u32(offset),
        name,
      ]),
    );
    offset += header.length + body.length;
  }
  if (options.omitCentral) return Buffer.concat(chunks);
  const dir = Buffer.concat(central);
  const count = options.eocdCount ?? entries.length;
  const eocd = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(Math.min(count, 0xffff)),
    u16(Math.min(count, 0xffff)),
    u32(dir.length),
    u32(offset),
    u16(0),
  ]);
  return Buffer.concat([...chunks, dir, eocd]);
}

/**
 * A deflate stream that inflates to `megabytes` MiB of `fill` bytes (zeros by default) from about 1 KB per MiB: one
 * fully flushed block of 1 MiB repeated, then an empty final block.
 */
export function deflateBomb(megabytes: number, fill = 0): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024, fill), { finishFlush: 3 /* Z_FULL_FLUSH */ });
  const parts: Buffer[] = [];
  for (let i = 0; i < megabytes; i++) parts.push(block);
  parts.push(Buffer.from([0x03, 0x00])); // final, fixed Huffman, end of block
  return Buffer.concat(parts);
}

/** Rebuilds a zip from entries (in the given order), optionally editing or dropping some. */
export function rezip(entries: Map<string, Buffer>, edit: (name: string, data: Buffer) => Buffer | string | null = (_n, d) => d): Buffer {
  const out: ZipEntrySpec[] = [];
  for (const [name, data] of entries) {
    const next = edit(name, data);
    if (next !== null) out.push({ name, data: next });
  }
  return buildZip(out);
}
