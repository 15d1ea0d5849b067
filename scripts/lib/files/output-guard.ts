/**
 * Outputs never land on inputs. Every command asks this before it writes: is this output file one
 * of the files it reads (an input, a file found in an input folder, the roster), under any
 * spelling — `./x/../x`, a symlink to the file or to its folder, another case where the file
 * system ignores case — and does this output folder lie in an input folder? Paths are compared
 * as real paths (real-paths.ts); an output that already exists is also compared by identity
 * (device and inode), which no spelling can hide.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors';
import type { ReasonId } from '../reasons';
import { existingFolderOf, isCaseInsensitive, isSameOrInside, pathKey, realPathOf } from './real-paths';

/** A file or folder a command reads, as the user should see it named. */
export interface InputPlace {
  path: string;
  display: string;
}

export interface CommandInputs {
  /** Files and folders named on the command line (folders are read recursively). */
  args?: readonly string[];
  /** Every file found under them, as the intake listed them. */
  files?: readonly InputPlace[];
  /** The roster, when the command reads one. */
  roster?: string;
}

export interface InputHit extends InputPlace {
  role: 'input' | 'roster';
  /** The input's real path, when it differs from the path it was named by. */
  real?: string;
}

interface Known extends InputHit {
  realPath: string;
}

type Identity = string;

const CONCURRENCY = 32;

async function mapLimited<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, lane));
  return out;
}

async function identityOf(p: string): Promise<Identity | undefined> {
  const stat = await fs.stat(p, { bigint: true }).catch(() => undefined);
  return stat ? `${stat.dev}:${stat.ino}` : undefined;
}

async function known(place: InputPlace, role: InputHit['role']): Promise<Known> {
  const realPath = await realPathOf(place.path);
  return { ...place, role, realPath, real: realPath === path.resolve(place.path) ? undefined : realPath };
}

/** The places a command reads, by real path; asked about each output before it is written. */
export class InputPlaces {
  private identities?: Promise<Map<Identity, Known>>;

  private constructor(
    private readonly files: readonly Known[],
    private readonly folders: readonly Known[],
  ) {}

  static async of(inputs: CommandInputs): Promise<InputPlaces> {
    const args = inputs.args ?? [];
    const argStats = await Promise.all(args.map((a) => fs.stat(a).catch(() => undefined)));
    const folderArgs = args.filter((_, i) => argStats[i]?.isDirectory());
    const fileArgs = args.filter((_, i) => argStats[i]?.isFile());
    const places: [InputPlace, InputHit['role']][] = [
      ...fileArgs.map((a): [InputPlace, InputHit['role']] => [{ path: path.resolve(a), display: a }, 'input']),
      ...(inputs.files ?? []).map((f): [InputPlace, InputHit['role']] => [f, 'input']),
    ];
    if (inputs.roster !== undefined) places.push([{ path: path.resolve(inputs.roster), display: inputs.roster }, 'roster']);
    const files = await mapLimited(places, ([place, role]) => known(place, role));
    const folders = await Promise.all(folderArgs.map((a) => known({ path: path.resolve(a), display: a }, 'input')));
    return new InputPlaces(files, folders);
  }

  /** The input an output file would overwrite, if any (the roster first: it is named in the message). */
  async inputAt(output: string): Promise<InputHit | undefined> {
    const real = await realPathOf(output);
    const folded = await isCaseInsensitive(await existingFolderOf(path.dirname(real)));
    const key = pathKey(real, folded);
    const sorted = [...this.files].sort((a, b) => (a.role === b.role ? 0 : a.role === 'roster' ? -1 : 1));
    const byPath = sorted.find((f) => pathKey(f.realPath, folded) === key);
    if (byPath) return strip(byPath);
    const identity = await identityOf(real);
    if (identity === undefined) return undefined;
    const hit = (await this.byIdentity()).get(identity);
    return hit ? strip(hit) : undefined;
  }

  /** The input folder that `dir` is, or lies inside, if any. */
  async folderHolding(dir: string): Promise<InputHit | undefined> {
    const real = await realPathOf(dir);
    const folded = await isCaseInsensitive(await existingFolderOf(real));
    const key = pathKey(real, folded);
    const hit = this.folders.find((f) => isSameOrInside(key, pathKey(f.realPath, folded)));
    return hit ? strip(hit) : undefined;
  }

  private byIdentity(): Promise<Map<Identity, Known>> {
    this.identities ??= (async () => {
      const ids = await mapLimited(this.files, (f) => identityOf(f.realPath));
      const map = new Map<Identity, Known>();
      this.files.forEach((f, i) => {
        const id = ids[i];
        if (id !== undefined && (!map.has(id) || f.role === 'roster')) map.set(id, f);
      });
      return map;
    })();
    return this.identities;
  }
}

function strip(k: Known): InputHit {
  const { realPath: _realPath, ...hit } = k;
  return hit;
}

function refusal(reason: ReasonId, output: string, hit: InputHit): UsageError {
  return new UsageError(reason, { output, input: hit.display, real: hit.real ?? '' });
}

/** Refuses (exit 2, both paths named) an output file that is one of the inputs or the roster. */
export async function refuseOutputOnInput(places: InputPlaces, output: string): Promise<void> {
  const hit = await places.inputAt(output);
  if (hit) throw refusal(hit.role === 'roster' ? 'output-is-roster' : 'output-is-input', output, hit);
}

/** Refuses an output folder that is, or lies inside, an input folder (where copies would mix with the originals). */
export async function refuseFolderInInputs(places: InputPlaces, dir: string): Promise<void> {
  const hit = await places.folderHolding(dir);
  if (hit) throw refusal('output-in-input-folder', dir, hit);
}
