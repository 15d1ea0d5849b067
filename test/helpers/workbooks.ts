/**
 * Fixtures on disk for the script tests: temp folders, the sample school's roster and branch
 * files, filled as a secretary would (exceljs), the CLI with its output captured, LibreOffice.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Grid } from '../../addin/forms/cell';
import { main } from '../../scripts/bin/review-forms';
import { type FillInput, fillBranchWorkbook } from '../../scripts/lib/demo/fill';
import { type School, sampleBranchRows } from '../../scripts/lib/demo/sample';
import { readXlsx } from '../../scripts/lib/xlsx/xlsx-reader';
import { tempDir as suiteTempDir } from './temp';

/** A temp folder removed after the test file (see ./temp). */
export function tempDir(prefix: string): Promise<string> {
  return suiteTempDir(`rf-${prefix}-`);
}

export async function gridsOf(file: string): Promise<Grid[]> {
  return (await readXlsx(await fs.readFile(file), file)).grids;
}

export async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
}

/** Hash of every file under `dir`, by relative path. */
export async function hashTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await fs.readdir(dir, { recursive: true })).sort()) {
    const full = path.join(dir, name);
    if ((await fs.stat(full)).isFile()) out[name] = await sha256(full);
  }
  return out;
}

/** The clean rows of one branch, as fill.ts takes them; `mutate` plants problems. */
export function branchInput(school: School, branch: string, stage: string, seed: number, mutate?: (input: Required<FillInput>) => void): Required<FillInput> {
  const rows = sampleBranchRows(school, branch, stage, seed);
  const input: Required<FillInput> = { org: [rows.org], member: rows.members, rectification: rows.rectification, schedule: rows.schedule };
  mutate?.(input);
  return input;
}

export async function fillFile(template: string, target: string, input: FillInput): Promise<string> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, await fillBranchWorkbook(await fs.readFile(template), input));
  return target;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `review-forms …args` in this process, as the bin does, capturing what it prints. */
export async function runCli(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const before = process.exitCode;
  try {
    const code = await main(['node', 'review-forms', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = before;
  }
}

function run(cmd: string, args: string[], timeout: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout }, (error, _stdout, stderr) => (error ? reject(new Error(`${cmd} failed: ${error.message}\n${stderr}`)) : resolve()));
  });
}

/**
 * LibreOffice keeps the cached results of an xlsx's formulas unless told to recalculate on load
 * (Tools ▸ Options ▸ Calc ▸ Formula ▸ "Recalculation on file load"): a private profile says so.
 */
const RECALCULATE_ON_LOAD = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

export interface ConvertOptions {
  to: 'xlsx' | 'xls' | 'ods' | 'pdf';
  /** Recompute every formula on load (else LibreOffice shows the cached results). */
  recalculate?: boolean;
}

/** Converts `files` with LibreOffice into `outDir` (one soffice run, a private profile); returns the outputs in order. */
export async function libreOfficeConvert(files: readonly string[], outDir: string, options: ConvertOptions): Promise<string[]> {
  const profile = await tempDir('lo-profile');
  try {
    if (options.recalculate) {
      await fs.mkdir(path.join(profile, 'user'), { recursive: true });
      await fs.writeFile(path.join(profile, 'user', 'registrymodifications.xcu'), RECALCULATE_ON_LOAD);
    }
    await fs.mkdir(outDir, { recursive: true });
    await run(
      'soffice',
      [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', options.to, '--outdir', outDir, ...files],
      240_000,
    );
  } finally {
    await fs.rm(profile, { recursive: true, force: true });
  }
  const out = files.map((f) => path.join(outDir, `${path.basename(f, path.extname(f))}.${options.to}`));
  for (const f of out) await fs.access(f);
  return out;
}

/** Re-saves `files` as xlsx with LibreOffice into `outDir` (one soffice run, a private profile). */
export async function libreOfficeResave(files: readonly string[], outDir: string): Promise<string[]> {
  return libreOfficeConvert(files, outDir, { to: 'xlsx' });
}
