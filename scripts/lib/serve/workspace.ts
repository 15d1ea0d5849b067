/**
 * The working folder of `serve`, laid out so the CLI can go on from the same files:
 *   名单.xlsx                     the roster the office uploaded
 *   <阶段>/下发/                  branch workbooks (template)
 *   <阶段>/收回/                  returned files as uploaded
 *   <阶段>/退回标注/              annotated copies to send back (check --annotate)
 *   <阶段>/汇总.xlsx, 公开版.xlsx  merge and publish
 *   县教育局/各校汇总/             schools' reports (merge --unit), 县教育局/汇总.xlsx, 公开版.xlsx
 * Uploads are written beside their target under a hidden temporary name and renamed when whole.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { safeFileNamePart } from '../../../addin/forms/text';
import { UsageError } from '../errors';
import { mb, reasonText } from '../reasons';
import { writeFileAtomic } from '../files/atomic-write';
import { isSkippedUpload, numberedName, uploadFileName } from './upload-name';

export const ROSTER_FILE = '名单.xlsx';
export const BLANK_ROSTER_FILE = '空白名单.xlsx';
export const REPORT_FILE = '汇总.xlsx';
export const PUBLIC_FILE = '公开版.xlsx';
export const BUREAU_FOLDER = '县教育局';
export const DEFAULT_BUREAU_UNIT = '县教育局';
/** What the page chose (the stage, the bureau's name); hidden, so no command reads it as input. */
const SETTINGS_FILE = '.review-forms-serve.json';

export interface Settings {
  stage?: string;
  bureauUnit?: string;
}

export class Workspace {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  get roster(): string {
    return path.join(this.dir, ROSTER_FILE);
  }

  get blankRoster(): string {
    return path.join(this.dir, BLANK_ROSTER_FILE);
  }

  stageDir(stage: string): string {
    return path.join(this.dir, safeFileNamePart(stage, 40));
  }

  issued(stage: string): string {
    return path.join(this.stageDir(stage), '下发');
  }

  returned(stage: string): string {
    return path.join(this.stageDir(stage), '收回');
  }

  annotated(stage: string): string {
    return path.join(this.stageDir(stage), '退回标注');
  }

  report(stage: string): string {
    return path.join(this.stageDir(stage), REPORT_FILE);
  }

  publicReport(stage: string): string {
    return path.join(this.stageDir(stage), PUBLIC_FILE);
  }

  get bureauReports(): string {
    return path.join(this.dir, BUREAU_FOLDER, '各校汇总');
  }

  get bureauReport(): string {
    return path.join(this.dir, BUREAU_FOLDER, REPORT_FILE);
  }

  get bureauPublic(): string {
    return path.join(this.dir, BUREAU_FOLDER, PUBLIC_FILE);
  }

  async settings(): Promise<Settings> {
    try {
      return JSON.parse(await fs.readFile(path.join(this.dir, SETTINGS_FILE), 'utf8')) as Settings;
    } catch {
      return {};
    }
  }

  async saveSettings(change: Settings): Promise<Settings> {
    const next = { ...(await this.settings()), ...change };
    await writeFileAtomic(path.join(this.dir, SETTINGS_FILE), Buffer.from(`${JSON.stringify(next, null, 2)}\n`));
    return next;
  }
}

export async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** The plain files directly in a folder (not hidden), sorted by name. */
export async function listFiles(dir: string): Promise<{ name: string; bytes: number; mtimeMs: number }[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const files = [];
  for (const name of names.filter((n) => !n.startsWith('.')).sort()) {
    const stat = await fs.stat(path.join(dir, name)).catch(() => undefined);
    if (stat?.isFile()) files.push({ name, bytes: stat.size, mtimeMs: stat.mtimeMs });
  }
  return files;
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

export interface StoredUpload {
  /** The name kept in the folder (an identical file already there is not stored twice). */
  file?: string;
  /** Why the upload was not kept. */
  reason?: string;
}

interface UploadLimits {
  maxBytes: number;
  /** Whether the stream was cut short at maxBytes (the multipart parser says so once it ends). */
  truncated: () => boolean;
}

/** Receives a stream into a hidden temporary file in `dir`: its path and sha256, or why it was not kept. */
async function receive(dir: string, stream: Readable, limits: UploadLimits): Promise<{ tmp: string; digest: string } | { reason: string }> {
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.upload-${randomBytes(6).toString('hex')}.tmp`);
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, tap, createWriteStream(tmp));
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  if (limits.truncated()) {
    await fs.rm(tmp, { force: true });
    return { reason: reasonText('upload-too-large', { limitMb: mb(limits.maxBytes) }) };
  }
  return { tmp, digest: hash.digest('hex') };
}

async function drain(stream: Readable): Promise<void> {
  stream.resume();
  if (!stream.readableEnded) await new Promise((resolve) => stream.once('end', resolve));
}

/**
 * Stores one uploaded file in `dir` under a safe name: a lock or hidden file is not kept, nor a
 * file over the readers' size limit; a different file with the same name is kept as
 * `name (2).xlsx`, the same file again only once.
 */
export async function storeUpload(dir: string, rawName: string, stream: Readable, limits: UploadLimits): Promise<StoredUpload> {
  const skip = isSkippedUpload(rawName);
  if (skip) {
    await drain(stream);
    return { reason: reasonText(skip) };
  }
  const got = await receive(dir, stream, limits);
  if ('reason' in got) return got;
  const name = uploadFileName(rawName);
  const taken = new Map((await fs.readdir(dir)).map((n) => [n.toLowerCase(), n]));
  try {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : numberedName(name, n);
      const target = path.resolve(dir, candidate);
      if (path.dirname(target) !== path.resolve(dir)) throw new Error(`unsafe upload name ${candidate}`);
      const existing = taken.get(candidate.toLowerCase());
      if (existing === undefined) {
        await fs.rename(got.tmp, target);
        return { file: candidate };
      }
      if ((await sha256OfFile(path.join(dir, existing))) === got.digest) return { file: existing };
    }
  } finally {
    await fs.rm(got.tmp, { force: true });
  }
}

/** Stores an upload as `target` (the roster), replacing the file there once it is whole. */
export async function storeUploadAs(target: string, stream: Readable, limits: UploadLimits): Promise<StoredUpload> {
  const got = await receive(path.dirname(target), stream, limits);
  if ('reason' in got) return got;
  try {
    await fs.rename(got.tmp, target);
  } catch (err) {
    await fs.rm(got.tmp, { force: true });
    // On Windows a file open in Excel or WPS cannot be replaced.
    throw new UsageError('output-busy', { file: target, detail: (err as Error).message }, { cause: err });
  }
  return { file: path.basename(target) };
}
