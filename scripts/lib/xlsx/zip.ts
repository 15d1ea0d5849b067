/**
 * Reads named parts out of an in-memory zip, within LIMITS. Entry names are only ever compared
 * with the part names we expect; they are never used as paths on disk.
 */
import yauzl from 'yauzl';
import { WorkbookError } from '../errors';
import { LIMITS } from './limits';

export interface ZipParts {
  names: ReadonlySet<string>;
  read(name: string): Promise<Buffer>;
  close(): void;
}

const CORRUPT = '文件已损坏或不完整（可能没有传完，或被其他程序改坏），无法作为 Excel 工作簿打开。请重新发送原文件，或在 Excel 中打开后另存为 .xlsx。';

function corrupt(cause: unknown): WorkbookError {
  return new WorkbookError('corrupt-zip', CORRUPT, { cause });
}

export async function openZip(buf: Buffer): Promise<ZipParts> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true, strictFileNames: false }, (err, z) => (err || !z ? reject(corrupt(err)) : resolve(z)));
  });
  if (zip.entryCount > LIMITS.maxZipEntries) {
    zip.close();
    throw new WorkbookError('too-many-entries', `压缩包内有 ${zip.entryCount} 个文件，远超正常工作簿（上限 ${LIMITS.maxZipEntries}），已拒收。`);
  }
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      // Backslashes are normalized for lookup only; the first entry of a name wins.
      const name = entry.fileName.replace(/\\/g, '/').replace(/^\/+/, '');
      if (!entries.has(name)) entries.set(name, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', (err: unknown) => reject(corrupt(err)));
    zip.readEntry();
  });
  let total = 0;
  const read = (name: string) =>
    new Promise<Buffer>((resolve, reject) => {
      const entry = entries.get(name);
      if (!entry) return reject(new WorkbookError('missing-part', `工作簿缺少必需的部分 ${name}（文件已损坏）。请在 Excel 中打开后另存为 .xlsx 再发送。`));
      if (entry.uncompressedSize > LIMITS.maxPartBytes) {
        return reject(new WorkbookError('part-too-large', `工作簿中的 ${name} 解压后有 ${Math.round(entry.uncompressedSize / 1048576)} MB，超过上限 ${LIMITS.maxPartBytes / 1048576} MB，已拒收（可能是“压缩炸弹”）。`));
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(corrupt(err));
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          total += chunk.length;
          if (size > LIMITS.maxPartBytes || total > LIMITS.maxTotalBytes) {
            stream.destroy();
            reject(new WorkbookError('part-too-large', `工作簿中的 ${name} 解压后超过上限，已拒收（可能是“压缩炸弹”）。`));
            return;
          }
          chunks.push(chunk);
        });
        stream.on('end', () => resolve(Buffer.concat(chunks, size)));
        stream.on('error', (e: unknown) => reject(corrupt(e)));
      });
    });
  return { names: new Set(entries.keys()), read, close: () => zip.close() };
}
