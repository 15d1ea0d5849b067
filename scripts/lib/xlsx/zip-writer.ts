/**
 * A small zip writer for the report: each entry deflated as it is written, the archive kept as
 * compressed chunks and joined at the end. An entry's bytes are compressed in segments, as pigz
 * does: each segment on libuv's thread pool (several at once, beside the JS that makes the next
 * bytes), primed with the 32 KB before it and sync-flushed, so the segments joined are one
 * deflate stream, closed by an empty final block. Local headers carry the sizes, filled
 * in once an entry is complete (the archive is in memory, so no data descriptors are needed).
 * Every entry has the same fixed time unless given one (the same content gives the same bytes);
 * serve's downloads give each file's own time.
 * No zip64: an archive that would pass 4 GB is refused.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { UsageError } from '../errors';

const deflateRaw = promisify(zlib.deflateRaw) as (data: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>;

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION = 20;
const DEFLATE = 8;
const UTF8_NAMES = 0x0800;
/** 1980-01-01 00:00:00, the earliest DOS date. */
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;

/** A time as a zip entry holds it: DOS time and date, local time, to 2 seconds, 1980–2107. */
export function dosDateTime(when: Date): { time: number; date: number } {
  const year = when.getFullYear();
  if (Number.isNaN(year) || year < 1980) return { time: DOS_TIME, date: DOS_DATE };
  if (year > 2107) return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
  return {
    time: (when.getHours() << 11) | (when.getMinutes() << 5) | Math.floor(when.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((when.getMonth() + 1) << 5) | when.getDate(),
  };
}
const MAX_32 = 0xffffffff;
/** Deflate's window: how far back a segment's matches may reach into the one before. */
const WINDOW = 32 * 1024;
/** Segments compressed at once on libuv's thread pool (4 threads unless configured). */
const SEGMENTS_IN_FLIGHT = 4;
/** An empty final block (fixed Huffman, end of block): closes a stream of sync-flushed segments. */
const FINAL_EMPTY_BLOCK = Buffer.from([0x03, 0x00]);

/** An archive past what a zip without zip64 holds: `what` says which limit (a reason, exit code 2). */
function tooLarge(what: string): UsageError {
  return new UsageError('report-too-large', { what });
}

interface EntryRecord {
  name: Buffer;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
  time: number;
  date: number;
}

/**
 * An entry being written: `write` resolves once the compressor can take more. A written Buffer
 * is the compressor's until the entry ends: pass a new one each time.
 */
export interface ZipEntryWriter {
  write(data: string | Buffer): Promise<void>;
  end(): Promise<void>;
}

/**
 * The fields a local header (at 4) and a central directory header (at 6) share, in the same
 * order: version needed, flags, method, time, date, crc, compressed and uncompressed size, name
 * length (the extra field length after them stays 0).
 */
function writeEntryFields(h: Buffer, at: number, e: EntryRecord): void {
  h.writeUInt16LE(VERSION, at);
  h.writeUInt16LE(e.flags, at + 2);
  h.writeUInt16LE(DEFLATE, at + 4);
  h.writeUInt16LE(e.time, at + 6);
  h.writeUInt16LE(e.date, at + 8);
  h.writeUInt32LE(e.crc >>> 0, at + 10);
  h.writeUInt32LE(e.compressed, at + 14);
  h.writeUInt32LE(e.size, at + 18);
  h.writeUInt16LE(e.name.length, at + 22);
}

export class ZipWriter {
  private readonly chunks: Buffer[] = [];
  private readonly entries: EntryRecord[] = [];
  private offset = 0;
  private open = false;

  constructor(private readonly level = zlib.constants.Z_DEFAULT_COMPRESSION) {}

  private push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.offset += chunk.length;
    if (this.offset > MAX_32) throw tooLarge('压缩后');
  }

  /** Starts an entry; one at a time. `modified`: the entry's time (default 1980-01-01 00:00). */
  entry(name: string, modified?: Date): ZipEntryWriter {
    if (this.open) throw new Error(`zip entry ${name} started before the previous one ended`);
    this.open = true;
    const nameBytes = Buffer.from(name, 'utf8');
    const flags = /^[\x20-\x7e]*$/.test(name) ? 0 : UTF8_NAMES;
    const { time, date } = modified ? dosDateTime(modified) : { time: DOS_TIME, date: DOS_DATE };
    const record: EntryRecord = { name: nameBytes, flags, crc: 0, compressed: 0, size: 0, offset: this.offset, time, date };
    // The fields (crc and sizes known only at `end`) are written at `end`; the header's place is kept.
    const header = Buffer.alloc(30 + nameBytes.length);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    nameBytes.copy(header, 30);
    this.push(header);

    // Segments in flight, oldest first; their output joins the archive in order.
    const inFlight: Promise<Buffer>[] = [];
    let previous: Buffer | undefined;
    const takeOldest = async () => {
      const out = await (inFlight.shift() as Promise<Buffer>);
      record.compressed += out.length;
      this.push(out);
    };
    return {
      write: async (data) => {
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        if (bytes.length === 0) return;
        record.crc = zlib.crc32(bytes, record.crc);
        record.size += bytes.length;
        if (record.size > MAX_32) throw tooLarge(`「${name}」`);
        // Primed with the end of the previous segment, so matches reach back across the seam
        // as in one stream; the sync flush ends the segment on a byte boundary, not final.
        const options: zlib.ZlibOptions = { level: this.level, finishFlush: zlib.constants.Z_SYNC_FLUSH };
        if (previous) options.dictionary = previous.subarray(Math.max(0, previous.length - WINDOW));
        previous = bytes;
        const segment = deflateRaw(bytes, options);
        segment.catch(() => undefined); // awaited in turn by takeOldest; not unhandled meanwhile
        inFlight.push(segment);
        while (inFlight.length >= SEGMENTS_IN_FLIGHT) await takeOldest();
      },
      end: async () => {
        while (inFlight.length > 0) await takeOldest();
        record.compressed += FINAL_EMPTY_BLOCK.length;
        this.push(FINAL_EMPTY_BLOCK);
        writeEntryFields(header, 4, record);
        this.entries.push(record);
        this.open = false;
      },
    };
  }

  /** Adds a whole entry. */
  async add(name: string, data: string | Buffer, modified?: Date): Promise<void> {
    const e = this.entry(name, modified);
    await e.write(data);
    await e.end();
  }

  /** Writes the central directory and returns the archive. */
  finish(): Buffer {
    if (this.open) throw new Error('zip finished with an entry still open');
    if (this.entries.length > 0xffff) throw tooLarge('文件条目数');
    const start = this.offset;
    for (const e of this.entries) {
      const h = Buffer.alloc(46 + e.name.length);
      h.writeUInt32LE(CENTRAL_HEADER, 0);
      h.writeUInt16LE(VERSION, 4); // version made by
      writeEntryFields(h, 6, e);
      // extra, comment, disk, internal and external attributes: 0.
      h.writeUInt32LE(e.offset, 42);
      e.name.copy(h, 46);
      this.push(h);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    this.push(end);
    return Buffer.concat(this.chunks);
  }
}
