/**
 * Reads named parts out of an in-memory zip, within LIMITS. Entry names are only ever compared
 * with the part names we expect; they are never used as paths on disk.
 */
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { WorkbookError } from '../errors';
import { mb } from '../reasons';
import { LIMITS, type Limits } from './limits';

export interface ZipParts {
  names: ReadonlySet<string>;
  read(name: string): Promise<Buffer>;
  stream(name: string, onChunk: (chunk: Buffer) => void): Promise<void>;
  close(): void;
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

export async function openZip(buf: Buffer, limits: Limits = LIMITS): Promise<ZipParts> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    // Sizes are checked by `stream` below, as the bytes come (yauzl's check would call an
    // encrypted entry a size mismatch before we can say it is encrypted).
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: false, decodeStrings: true, strictFileNames: false }, (err, z) =>
      err || !z ? reject(corrupt(err)) : resolve(z),
    );
  });
  if (zip.entryCount > limits.maxZipEntries) {
    zip.close();
    throw new WorkbookError('too-many-entries', { count: zip.entryCount, limit: limits.maxZipEntries });
  }
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      // Backslashes are normalized for lookup only; the first entry of a name wins.
      const name = entry.fileName.replace(/\\/g, '/').replace(/^\/+/, '');
      if (entry.isEncrypted()) {
        zip.close();
        reject(corrupt(new Error('entry is encrypted'), name));
        return;
      }
      // Refused from the central directory, before anything is inflated.
      if (entry.uncompressedSize > limits.maxPartBytes) {
        zip.close();
        reject(bomb(name, entry.uncompressedSize, limits));
        return;
      }
      if (!entries.has(name)) entries.set(name, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (err: unknown) => reject(corrupt(err)));
    zip.readEntry();
  });
  let total = 0;
  /** Inflates one part chunk by chunk into `onChunk` (which may throw to stop), within limits. */
  const stream = (name: string, onChunk: (chunk: Buffer) => void) =>
    new Promise<void>((resolve, reject) => {
      const entry = entries.get(name);
      if (!entry) return reject(new WorkbookError('missing-part', { part: name }));
      if (entry.uncompressedSize > limits.maxPartBytes) return reject(bomb(name, entry.uncompressedSize, limits));
      // Deflated parts are inflated here, in large chunks (yauzl's 16 KB chunks cost a thread
      // hop each), and their size checked against the central directory as they come.
      const deflated = entry.compressionMethod === 8;
      const open = (): void =>
        zip.openReadStream(entry, deflated ? { decompress: false } : {}, (err, input) => {
          if (err || !input) return reject(corrupt(err, name));
          if (deflated && entry.uncompressedSize <= SYNC_INFLATE_BYTES) return inflateWhole(input);
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
            total += chunk.length;
            if (size > entry.uncompressedSize) return fail(mismatch());
            if (size > limits.maxPartBytes || total > limits.maxTotalBytes) {
              return fail(overLimit(name, limits));
            }
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
      /**
       * A small part (every part of a real branch workbook) is inflated in one synchronous call:
       * an inflate stream per part costs a thread-pool round trip per chunk, which for ~20 small
       * parts per file costs more than parsing their XML. The output is capped one byte above the
       * declared size, so a lying size is still a mismatch and nothing larger is ever inflated.
       */
      const inflateWhole = (input: NodeJS.ReadableStream): void => {
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
          total += out.length;
          if (total > limits.maxTotalBytes) {
            return reject(overLimit(name, limits));
          }
          try {
            onChunk(out);
          } catch (e) {
            return reject(e);
          }
          resolve();
        });
      };
      // yauzl throws (rather than calls back) on some malformed entries.
      try {
        open();
      } catch (e) {
        reject(corrupt(e, name));
      }
    });
  const read = async (name: string): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    await stream(name, (c) => chunks.push(c));
    return Buffer.concat(chunks);
  };
  return { names: new Set(entries.keys()), read, stream, close: () => zip.close() };
}
