/**
 * Reads named parts out of an in-memory zip, within LIMITS. Entry names are only ever compared
 * with the part names we expect; they are never used as paths on disk.
 */
import type { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { WorkbookError } from '../errors';
import { mb } from '../reasons';
import { LIMITS, type Limits } from './limits';

export interface ZipParts {
  /** Every part name as stored (slashes normalized); the first entry of a name, in any case, wins. */
  names: ReadonlySet<string>;
  /** Whether the package has this part: part names compare without case (ECMA-376 Part 2, §9.1.1.1). */
  has(name: string): boolean;
  read(name: string): Promise<Buffer>;
  stream(name: string, onChunk: (chunk: Buffer) => void): Promise<void>;
  close(): void;
}

/** A part name as stored: backslashes as slashes, no leading slash. */
function partName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '');
}

/** The key a part is found by: its name in lower case. */
export function partKey(name: string): string {
  return partName(name).toLowerCase();
}

/** yauzl's errors, sorted into what the user is told: a hostile name, lying sizes, or damage. */
function corrupt(cause: unknown, entry?: string): WorkbookError {
  const text = cause instanceof Error ? cause.message : '';
  if (/^(invalid relative path|absolute path|invalid characters in fileName)/.test(text)) {
    const name = text.replace(/^[^:]*:\s*/, '').slice(0, 80);
    return new WorkbookError('unsafe-entry-name', { name }, { cause });
  }
  if (/encrypt/i.test(text)) {
    return new WorkbookError('encrypted-zip-entry', {}, { cause });
  }
  if (/bytes in the stream|size mismatch/.test(text)) {
    return new WorkbookError('zip-size-mismatch', { part: entry ?? '某个文件' }, { cause });
  }
  return new WorkbookError('corrupt-zip', {}, { cause });
}

function bomb(name: string, bytes: number, limits: Limits): WorkbookError {
  return new WorkbookError('zip-bomb', { part: name, mb: mb(bytes), limitMb: mb(limits.maxPartBytes) });
}

/** A part or the file inflated past the limits as the bytes came (its declared size lied). */
function overLimit(name: string, limits: Limits): WorkbookError {
  return new WorkbookError('zip-bomb-streamed', { part: name, limitMb: mb(limits.maxPartBytes), totalMb: mb(limits.maxTotalBytes) });
}

/** Parts up to this size (declared, uncompressed) are inflated in one call. */
const SYNC_INFLATE_BYTES = 4 * 1024 * 1024;

/** Bytes inflated from the whole file so far, against limits.maxTotalBytes. */
interface Budget {
  total: number;
}

function fromBuffer(buf: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // Sizes are checked by `streamPart` below, as the bytes come (yauzl's check would call an
    // encrypted entry a size mismatch before we can say it is encrypted).
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: false, decodeStrings: true, strictFileNames: false }, (err, z) =>
      err || !z ? reject(corrupt(err)) : resolve(z),
    );
  });
}

interface Part {
  name: string;
  entry: yauzl.Entry;
}

/** The central directory, by part key; an encrypted entry or one declared too large refuses the file before anything is inflated. */
function listEntries(zip: yauzl.ZipFile, limits: Limits): Promise<Map<string, Part>> {
  const entries = new Map<string, Part>();
  return new Promise((resolve, reject) => {
    const refuse = (err: WorkbookError) => {
      zip.close();
      reject(err);
    };
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = partName(entry.fileName);
      if (entry.isEncrypted()) return refuse(corrupt(new Error('entry is encrypted'), name));
      if (entry.uncompressedSize > limits.maxPartBytes) return refuse(bomb(name, entry.uncompressedSize, limits));
      // The first entry of a name wins.
      const key = name.toLowerCase();
      if (!entries.has(key)) entries.set(key, { name, entry });
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (err: unknown) => reject(corrupt(err)));
    zip.readEntry();
  });
}

/**
 * A small part (every part of a real branch workbook) is inflated in one synchronous call: an
 * inflate stream per part costs a thread-pool round trip per chunk, which for ~20 small parts per
 * file costs more than parsing their XML. The output is capped one byte above the declared size,
 * so a lying size is still a mismatch and nothing larger is ever inflated.
 */
function inflateWhole(input: Readable, entry: yauzl.Entry, name: string, limits: Limits, budget: Budget, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const compressed: Buffer[] = [];
    input.on('data', (c: Buffer) => compressed.push(c));
    input.on('error', (e: unknown) => reject(corrupt(e, name)));
    input.on('end', () => {
      let out: Buffer;
      try {
        out = inflateRawSync(Buffer.concat(compressed), { maxOutputLength: entry.uncompressedSize + 1 });
      } catch (e) {
        return reject((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? corrupt(new Error('size mismatch'), name) : corrupt(e, name));
      }
      if (out.length !== entry.uncompressedSize) return reject(corrupt(new Error('size mismatch'), name));
      budget.total += out.length;
      if (budget.total > limits.maxTotalBytes) return reject(overLimit(name, limits));
      try {
        onChunk(out);
      } catch (e) {
        return reject(e);
      }
      resolve();
    });
  });
}

/** A large or stored part, chunk by chunk, its size checked against the central directory and the limits as it comes. */
function inflateChunks(input: Readable, entry: yauzl.Entry, name: string, limits: Limits, budget: Budget, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    // Deflated parts are inflated here, in large chunks (yauzl's 16 KB chunks cost a thread hop each).
    const deflated = entry.compressionMethod === 8;
    const source = deflated ? input.pipe(createInflateRaw({ chunkSize: Math.min(256 * 1024, Math.max(16 * 1024, entry.uncompressedSize + 1)) })) : input;
    let size = 0;
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      input.unpipe();
      input.destroy();
      source.destroy();
      reject(e);
    };
    const mismatch = () => corrupt(new Error('size mismatch'), name);
    source.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      budget.total += chunk.length;
      if (size > entry.uncompressedSize) return fail(mismatch());
      if (size > limits.maxPartBytes || budget.total > limits.maxTotalBytes) return fail(overLimit(name, limits));
      try {
        onChunk(chunk);
      } catch (e) {
        fail(e);
      }
    });
    source.on('end', () => {
      if (failed) return;
      if (size !== entry.uncompressedSize) return fail(mismatch());
      resolve();
    });
    source.on('error', (e: unknown) => fail(corrupt(e, name)));
    if (deflated) input.on('error', (e: unknown) => fail(corrupt(e, name)));
  });
}

/** Inflates one part chunk by chunk into `onChunk` (which may throw to stop), within limits. */
function streamPart(zip: yauzl.ZipFile, entry: yauzl.Entry, name: string, limits: Limits, budget: Budget, onChunk: (chunk: Buffer) => void): Promise<void> {
  if (entry.uncompressedSize > limits.maxPartBytes) return Promise.reject(bomb(name, entry.uncompressedSize, limits));
  const deflated = entry.compressionMethod === 8;
  return new Promise<Readable>((resolve, reject) => {
    // yauzl throws (rather than calls back) on some malformed entries.
    try {
      zip.openReadStream(entry, deflated ? { decompress: false } : {}, (err, input) => (err || !input ? reject(corrupt(err, name)) : resolve(input)));
    } catch (e) {
      reject(corrupt(e, name));
    }
  }).then((input) =>
    deflated && entry.uncompressedSize <= SYNC_INFLATE_BYTES
      ? inflateWhole(input, entry, name, limits, budget, onChunk)
      : inflateChunks(input, entry, name, limits, budget, onChunk),
  );
}

export async function openZip(buf: Buffer, limits: Limits = LIMITS): Promise<ZipParts> {
  const zip = await fromBuffer(buf);
  if (zip.entryCount > limits.maxZipEntries) {
    zip.close();
    throw new WorkbookError('too-many-entries', { count: zip.entryCount, limit: limits.maxZipEntries });
  }
  const entries = await listEntries(zip, limits);
  const budget: Budget = { total: 0 };
  const stream = (name: string, onChunk: (chunk: Buffer) => void): Promise<void> => {
    const part = entries.get(partKey(name));
    return part ? streamPart(zip, part.entry, part.name, limits, budget, onChunk) : Promise.reject(new WorkbookError('missing-part', { part: name }));
  };
  const read = async (name: string): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    await stream(name, (c) => chunks.push(c));
    return Buffer.concat(chunks);
  };
  const names = new Set([...entries.values()].map((p) => p.name));
  return { names, has: (name) => entries.has(partKey(name)), read, stream, close: () => zip.close() };
}
