/**
 * The working folder of `serve`, laid out so the CLI can go on from the same files:
 *   名单.xlsx                     the roster the office uploaded
 *   已移除/                       rosters replaced by a newer upload (never deleted)
 *   <阶段>/下发/                  branch workbooks (template)
 *   <阶段>/收回/                  returned files as uploaded
 *   <阶段>/已移除/                files the office removed from 收回, or replaced by a file of the same name (never deleted)
 *   <阶段>/退回标注/              annotated copies to send back (check --annotate)
 *   <阶段>/汇总.xlsx, 公开版.xlsx  merge and publish
 *   县教育局/各校汇总/             schools' reports (merge --unit), 县教育局/汇总.xlsx, 公开版.xlsx
 *   县教育局/已移除/               reports removed from 各校汇总 or replaced there
 * Uploads are written beside their target under a hidden temporary name and renamed when whole.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants, createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { safeFileNamePart } from '../../../addin/forms/text';
import { UsageError } from '../errors';
import { type ReasonId, type ReasonParams, mb, reasonText } from '../reasons';
import { writeFileAtomic } from '../files/atomic-write';
import { systemErrorText } from '../files/system-error';
import { isSkippedUpload, numberedName, uploadFileName } from './upload-name';

export const ROSTER_FILE = '名单.xlsx';
export const BLANK_ROSTER_FILE = '空白名单.xlsx';
export const REPORT_FILE = '汇总.xlsx';
export const PUBLIC_FILE = '公开版.xlsx';
export const BUREAU_FOLDER = '县教育局';
export const DEFAULT_BUREAU_UNIT = '县教育局';
export const REMOVED_FOLDER = '已移除';
/** What the page chose (the stage, the bureau's name) and what its reports were made with; hidden, so no command reads it as input. */
const SETTINGS_FILE = '.review-forms-serve.json';

export interface Settings {
  stage?: string;
  bureauUnit?: string;
  /**
   * Each report serve made (by its path in the folder, with `/`): its sha256 and the roster's it
   * was made with. The report does not name its roster, so a roster corrected since is found here.
   */
  madeWith?: Record<string, { report: string; roster: string }>;
}

export class Workspace {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  get roster(): string {
    return path.join(this.dir, ROSTER_FILE);
  }

  /** Rosters replaced by an upload (beside 名单.xlsx; nothing reads this folder as input). */
  get removedRosters(): string {
    return path.join(this.dir, REMOVED_FOLDER);
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

  /** Beside 收回, never inside it: nothing there is read as an input. */
  removed(stage: string): string {
    return path.join(this.stageDir(stage), REMOVED_FOLDER);
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

  get bureauRemoved(): string {
    return path.join(this.dir, BUREAU_FOLDER, REMOVED_FOLDER);
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

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

export interface StoredUpload {
  /** The name kept in the folder (an identical file already there is not stored twice). */
  file?: string;
  /** Why the upload was not kept. */
  reason?: string;
  /** A different file of the same name that was there (replace mode): where it was moved. */
  replaced?: { file: string; movedTo: string };
  /**
   * Kept under a numbered name beside a different file of its name: one this upload stored
   * ('same-upload'), one that was there ('different': no `replace` was asked for), or one that was
   * there and that `replace` kept, for the reason it gave.
   */
  numbered?: { beside: string; because: 'same-upload' | 'different' | KeptBeside };
}

/** Why `replace` kept a received file beside the file of its name (a reason; {file} and {as} are filled when it is said). */
export interface KeptBeside {
  id: ReasonId;
  params: ReasonParams;
}

export interface UploadLimits {
  maxBytes: number;
  /** Whether the stream was cut short at maxBytes (the multipart parser says so once it ends). */
  truncated: () => boolean;
}

/** Receives a stream into a hidden temporary file in `dir`: its path and sha256, or why it was not kept. */
export async function receiveUpload(dir: string, stream: Readable, limits: UploadLimits): Promise<{ tmp: string; digest: string } | { reason: string }> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (err) {
    // The rest of the request is read on: the files after this one are still stored.
    await drain(stream);
    return { reason: reasonText('upload-store-failed', { folder: dir, detail: systemErrorText(err) }) };
  }
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
    if (!isSystemError(err)) throw err;
    return { reason: reasonText('upload-store-failed', { folder: dir, detail: systemErrorText(err) }) };
  }
  if (limits.truncated()) {
    await fs.rm(tmp, { force: true });
    return { reason: reasonText('upload-too-large', { limitMb: mb(limits.maxBytes) }) };
  }
  return { tmp, digest: hash.digest('hex') };
}

/** An error of the file system (Node's errno code and the call), not of the program. */
function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  return typeof (err as NodeJS.ErrnoException | undefined)?.code === 'string' && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

async function drain(stream: Readable): Promise<void> {
  stream.resume();
  if (!stream.readableEnded) await new Promise((resolve) => stream.once('end', resolve));
}

/** A free name for `name` in `dir` (made if needed): its own, else numbered. */
async function freeName(dir: string, name: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const taken = new Set((await fs.readdir(dir)).map((n) => n.toLowerCase()));
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : numberedName(name, n);
    if (!taken.has(candidate.toLowerCase())) return path.join(dir, candidate);
  }
}

/**
 * Moves `file` into `dir` (made if needed) under its name, numbered if one is taken there: its
 * new path. A system error (the file open in Excel on Windows, `dir` a file) is thrown as it is.
 */
export async function moveAside(file: string, dir: string): Promise<string> {
  const target = await freeName(dir, path.basename(file));
  await fs.rename(file, target);
  return target;
}

export interface StoreOptions {
  /**
   * Replace a different file of the same name that was in the folder before this upload, moving
   * it into folder `into`, when `decide(old, received)` says the received file stands for the old
   * one (serve: the one merge would use, same-form.ts); otherwise it is numbered, for the reason
   * `decide` gives. Names stored earlier by the same upload (a folder's two 点评表.xlsx) are
   * numbered too. Without it, every different file of a taken name is numbered.
   */
  replace?: { into: string; decide: (old: string, received: string) => Promise<true | KeptBeside> };
  /** The names this upload has stored so far (lower case); kept up to date here. */
  storedNow?: Set<string>;
}

/**
 * Stores one uploaded file in `dir` under a safe name: a lock or hidden file is not kept, nor a
 * file over the readers' size limit; a different file with the same name is kept as
 * `name (2).xlsx` (or replaces it: `replace`), the same file again only once. A file that cannot
 * be stored or moved (open in Excel on Windows, a folder that is a file) is not kept, with the
 * reason; the stream is read to its end either way, so the request's next files are stored.
 */
export async function storeUpload(dir: string, rawName: string, stream: Readable, limits: UploadLimits, options: StoreOptions = {}): Promise<StoredUpload> {
  const skip = isSkippedUpload(rawName);
  if (skip) {
    await drain(stream);
    return { reason: reasonText(skip) };
  }
  const got = await receiveUpload(dir, stream, limits);
  if ('reason' in got) return got;
  const name = uploadFileName(rawName);
  const taken = new Map((await fs.readdir(dir)).map((n) => [n.toLowerCase(), n]));
  const kept = (file: string, more: Pick<StoredUpload, 'replaced' | 'numbered'> = {}): StoredUpload => {
    options.storedNow?.add(file.toLowerCase());
    return { file, ...more };
  };
  let numbered: StoredUpload['numbered'];
  try {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : numberedName(name, n);
      const target = path.resolve(dir, candidate);
      if (path.dirname(target) !== path.resolve(dir)) throw new Error(`unsafe upload name ${candidate}`);
      const existing = taken.get(candidate.toLowerCase());
      if (existing === undefined) {
        const failed = await fs.rename(got.tmp, target).then(
          () => undefined,
          (err: unknown) => err,
        );
        if (failed) return { reason: reasonText('upload-store-failed', { folder: dir, detail: systemErrorText(failed) }) };
        return kept(candidate, numbered ? { numbered } : {});
      }
      if ((await sha256OfFile(path.join(dir, existing))) === got.digest) return kept(existing);
      if (n > 1) continue;
      const storedNow = !!options.storedNow?.has(existing.toLowerCase());
      const verdict = options.replace && !storedNow ? await options.replace.decide(path.join(dir, existing), got.tmp) : undefined;
      numbered = { beside: existing, because: storedNow ? 'same-upload' : verdict === undefined || verdict === true ? 'different' : verdict };
      if (options.replace && verdict === true) return await replaceSameName({ dir, existing, candidate, tmp: got.tmp, into: options.replace.into }, kept);
    }
  } catch (err) {
    if (!isSystemError(err)) throw err;
    return { reason: reasonText('upload-store-failed', { folder: dir, detail: systemErrorText(err) }) };
  } finally {
    await fs.rm(got.tmp, { force: true });
  }
}

/**
 * `existing` in `dir` moved into `into`, and the received `tmp` stored under its name; a move
 * that fails (the old file open in Excel on Windows, `into` a file) leaves the old file where it
 * was and the upload not kept, with the reason.
 */
async function replaceSameName(
  { dir, existing, candidate, tmp, into }: { dir: string; existing: string; candidate: string; tmp: string; into: string },
  kept: (file: string, more: Pick<StoredUpload, 'replaced'>) => StoredUpload,
): Promise<StoredUpload> {
  const old = path.join(dir, existing);
  let movedTo: string;
  try {
    movedTo = await moveAside(old, into);
  } catch (err) {
    return { reason: reasonText('upload-replace-failed', { file: existing, folder: into, detail: systemErrorText(err) }) };
  }
  try {
    await fs.rename(tmp, path.join(dir, candidate));
  } catch (err) {
    // The old file back in its place (if even that fails, it is kept in `into`, never lost).
    const back = await fs.rename(movedTo, old).then(
      () => true,
      () => false,
    );
    const where = back ? path.basename(dir) : movedTo;
    return { reason: reasonText('upload-replace-back', { file: existing, where, detail: systemErrorText(err) }) };
  }
  return kept(candidate, { replaced: { file: existing, movedTo } });
}

/**
 * Replaces `target` (the roster) with a received temporary file: the old one first copied into
 * `into` under a free name (its path returned; undefined when there was none), then the new one
 * renamed over it, so there is a roster in place at every moment. A failure leaves the old roster
 * as it was and no copy behind, and is thrown as a Chinese reason.
 */
export async function replaceWith(tmp: string, target: string, into: string): Promise<string | undefined> {
  let copy: string | undefined;
  try {
    if (await exists(target)) {
      copy = await freeName(into, path.basename(target));
      await fs.copyFile(target, copy, fsConstants.COPYFILE_EXCL);
    }
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw new UsageError('roster-copy-failed', { folder: into, detail: systemErrorText(err) }, { cause: err });
  }
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    if (copy) await fs.rm(copy, { force: true });
    // On Windows a file open in Excel or WPS cannot be replaced.
    throw new UsageError('output-busy', { file: target, detail: systemErrorText(err) }, { cause: err });
  }
  return copy;
}

/**
 * `name` as a file directly or deeper inside `dir` (as merge names its inputs: relative, with
 * `/`), or undefined when it points anywhere else, through a link, or at no plain file.
 */
export async function fileInside(dir: string, name: string): Promise<string | undefined> {
  if (name === '' || name.includes('\u0000') || path.isAbsolute(name)) return undefined;
  const root = path.resolve(dir);
  const file = path.resolve(root, name);
  const rel = path.relative(root, file);
  const outside = (r: string) => r === '..' || r.startsWith(`..${path.sep}`) || path.isAbsolute(r);
  if (rel === '' || outside(rel)) return undefined;
  const stat = await fs.lstat(file).catch(() => undefined);
  if (!stat?.isFile()) return undefined;
  // A folder on the way that is a link (or a junction) would lead out of `dir`.
  const [realRoot, realParent] = await Promise.all([fs.realpath(root), fs.realpath(path.dirname(file))]);
  if (outside(path.relative(realRoot, realParent))) return undefined;
  return file;
}
