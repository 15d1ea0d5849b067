/**
 * The robustness corpus: good branch workbooks generated from the demo school, bad files built
 * by the tests themselves, and a runner that puts them side by side in one folder, runs a
 * command over it and checks that no input changed and nothing was written beside them.
 * `check` runs it; a merge test passes the same cases to its own runner (see runInFolder).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Roster } from '../../../addin/forms/roster';
import { type CheckOutcome, type FileCheck, runCheck } from '../../../scripts/lib/commands/check';
import { type FillInput, fillBranchWorkbook } from '../../../scripts/lib/demo/fill';
import { type School, sampleBranchRows, sampleSchool } from '../../../scripts/lib/demo/sample';
import { buildBranchWorkbook, layoutContext } from '../../../scripts/lib/commands/template';
import { rezip } from './zip-writer';
import { unzipEntries } from '../../helpers/zip';
import { tempDir as suiteTempDir } from '../../helpers/temp';
import { sharedBytes } from '../../helpers/run-cache';

export const STAGE = '全面争创';

export interface Fixture {
  school: School;
  roster: Roster;
  /** The check's as-of date: the stage's report due date. */
  asOf: string;
  /** Blank templates by branch index. */
  templates: Buffer[];
  /** Cleanly filled workbooks by branch index. */
  good: Buffer[];
  /** Member rows of each good workbook. */
  goodMembers: number[];
}

export async function templateFor(roster: Roster, branchIndex: number): Promise<Buffer> {
  const ctx = layoutContext(roster, STAGE, roster.branches[branchIndex]);
  const wb = await buildBranchWorkbook(roster, ctx);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function cleanInput(fx: Pick<Fixture, 'school' | 'roster'>, branchIndex: number, seed = 100): Required<FillInput> {
  const rows = sampleBranchRows(fx.school, fx.roster.branches[branchIndex].name, STAGE, seed + branchIndex);
  return { org: [rows.org], member: rows.members, rectification: rows.rectification, schedule: [] };
}

let cached: Promise<Fixture> | undefined;

/**
 * The fixture is built once per test file, its workbooks once per jest run (exceljs is slow
 * enough to matter: about a second and a half, in every robustness test file).
 */
export function fixture(): Promise<Fixture> {
  cached ??= (async () => {
    const school = sampleSchool(2010, { branches: 3, membersPerBranch: 6 });
    const roster = school.roster;
    const stage = roster.stages.find((s) => s.name === STAGE);
    const asOf = stage?.reportDue ?? stage?.end ?? '2010-12-31';
    const templates: Buffer[] = [];
    const good: Buffer[] = [];
    const goodMembers: number[] = [];
    for (let i = 0; i < roster.branches.length; i++) {
      templates.push(await sharedBytes(`robustness fixture: template ${i}`, () => templateFor(roster, i)));
      const input = cleanInput({ school, roster }, i);
      good.push(await sharedBytes(`robustness fixture: good ${i}`, () => fillBranchWorkbook(templates[i], input)));
      goodMembers.push(input.member.length);
    }
    return { school, roster, asOf, templates, good, goodMembers };
  })();
  return cached;
}

/** A filled branch workbook after `change` edits what the secretary typed. */
export async function filled(fx: Fixture, branchIndex: number, change: (input: Required<FillInput>) => void): Promise<Buffer> {
  const input = cleanInput(fx, branchIndex);
  change(input);
  return fillBranchWorkbook(fx.templates[branchIndex], input);
}

/** Edits a workbook with exceljs (as another program would save it). */
export async function viaExcelJs(buf: Buffer, edit: (wb: ExcelJS.Workbook) => void | Promise<void>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  await edit(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The part name of a sheet in a workbook written by exceljs (sheet order = part order). */
export async function sheetPart(buf: Buffer, sheetName: string): Promise<string> {
  const entries = await unzipEntries(buf);
  const wbXml = (entries.get('xl/workbook.xml') as Buffer).toString('utf8');
  const rels = (entries.get('xl/_rels/workbook.xml.rels') as Buffer).toString('utf8');
  const m = new RegExp(`<sheet [^>]*name="${sheetName}"[^>]*r:id="(rId\\d+)"`).exec(wbXml);
  if (!m) throw new Error(`no sheet ${sheetName}`);
  const t = new RegExp(`Id="${m[1]}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${m[1]}"`).exec(rels);
  const target = (t?.[1] ?? t?.[2] ?? '').replace(/^\/?xl\//, '');
  return `xl/${target}`;
}

/** Edits the XML of parts in the zip directly (for what exceljs cannot or will not write). */
export async function editParts(buf: Buffer, edit: (name: string, xml: string) => string | null): Promise<Buffer> {
  const entries = await unzipEntries(buf);
  return rezip(entries, (name, data) => {
    if (!/\.(xml|rels)$/.test(name)) return data;
    const next = edit(name, data.toString('utf8'));
    return next === null ? null : next;
  });
}

// ── running a corpus ──────────────────────────────────────────────────────────

/** One file of a corpus: bytes, or a folder (a folder named like a workbook). */
export interface CorpusFile {
  name: string;
  data: Buffer | { folder: true };
}

/** A temp folder removed after the test file (see test/helpers/temp.ts). */
export function tempDir(prefix = 'robust-'): Promise<string> {
  return suiteTempDir(prefix);
}

async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string): Promise<void> => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        out.set(full, 'dir');
        await walk(full);
      } else
        out.set(
          full,
          createHash('sha256')
            .update(await fs.readFile(full))
            .digest('hex'),
        );
    }
  };
  await walk(dir);
  return out;
}

/**
 * Writes the files into a fresh folder, runs `run` over it, and asserts that every input is
 * byte-for-byte unchanged and no file appeared in the folder (nor next to it).
 */
export async function runInFolder<T>(
  files: readonly CorpusFile[],
  run: (inputDir: string, workDir: string) => Promise<T>,
): Promise<T & { inputDir: string; workDir: string }> {
  const workDir = await tempDir();
  const inputDir = path.join(workDir, 'in');
  await fs.mkdir(inputDir);
  for (const f of files) {
    const full = path.join(inputDir, f.name);
    await fs.mkdir(path.dirname(full), { recursive: true });
    if (Buffer.isBuffer(f.data)) await fs.writeFile(full, f.data);
    else await fs.mkdir(full, { recursive: true });
  }
  const before = await snapshot(inputDir);
  const result = await run(inputDir, workDir);
  const after = await snapshot(inputDir);
  expect([...after.entries()]).toEqual([...before.entries()]);
  // Only the output folder may appear beside the inputs.
  expect((await fs.readdir(workDir)).filter((n) => n !== 'in' && n !== 'out')).toEqual([]);
  return { ...result, inputDir, workDir };
}

export interface CheckRun {
  result: CheckOutcome;
  file(name: string): FileCheck;
}

/** `check` over a corpus; `--annotate` writes into workDir/out when asked. */
export async function checkCorpus(
  files: readonly CorpusFile[],
  fx: Fixture,
  options: { annotate?: boolean; roster?: boolean } = {},
): Promise<CheckRun & { inputDir: string; workDir: string }> {
  return runInFolder(files, async (inputDir, workDir) => {
    const result = await runCheck([inputDir], {
      asOf: fx.asOf,
      roster: options.roster ? fx.roster : undefined,
      annotateDir: options.annotate ? path.join(workDir, 'out') : undefined,
    });
    const file = (name: string): FileCheck => {
      const found = result.files.find((f) => path.basename(f.file) === name || f.file.endsWith(`${path.sep}${name}`));
      if (!found) throw new Error(`${name} not in the result: ${result.files.map((f) => f.file).join(', ')}`);
      return found;
    };
    return { result, file };
  });
}

/** The good files every bad case is run beside: their rows must still be read. */
export function goodFiles(fx: Fixture, count = 1): CorpusFile[] {
  return fx.good.slice(0, count).map((data, i) => ({ name: `good-${i + 1}.xlsx`, data }));
}

/** Asserts a good file of the run was read in full (every member row accepted, no errors). */
export function expectGoodRead(run: CheckRun, fx: Fixture, index = 0): void {
  const f = run.file(`good-${index + 1}.xlsx`);
  expect(f.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(['ok', 'warnings']).toContain(f.status);
  expect(f.summary?.membersReviewed).toBe(fx.goodMembers[index]);
}

/** A case of the corpus: a bad file and what the user must be told about it. */
export interface BadCase {
  id: string;
  /** File name in the folder (may matter: .xls, .et, .csv, ~$…). */
  name: string;
  make(fx: Fixture): Promise<CorpusFile['data']> | CorpusFile['data'];
  /** Rule or reason code expected on the file; 'skipped' for files passed over quietly. */
  rule: string | 'skipped';
  /** Words the Chinese message must contain (what is wrong, what to do). */
  says?: RegExp;
  /** The cell the problem must name, when there is one. */
  cell?: string;
  /** Merge passes the file over (跳过, with `says` in its reason) where check refuses it: this unit's own report. */
  mergeSkips?: boolean;
}

/** Stands for a folder among the shared bytes (no case's file holds this text). */
const FOLDER = Buffer.from('{ folder: true } — a folder, not a file');

/**
 * A case's file, made once per jest run: check's test of the case, the whole corpus through the
 * CLI and merge's test of every case read the same bytes.
 */
export async function caseData(c: BadCase, fx: Fixture): Promise<CorpusFile['data']> {
  const made = await sharedBytes(`robustness case: ${c.id} (${c.name})`, async () => {
    const data = await c.make(fx);
    return Buffer.isBuffer(data) ? data : FOLDER;
  });
  return made.equals(FOLDER) ? { folder: true } : made;
}

/** Runs one bad case beside a good file and asserts the outcome check must give. */
export async function expectCheckCase(c: BadCase, fx: Fixture): Promise<CheckRun & { inputDir: string; workDir: string }> {
  const run = await checkCorpus([...goodFiles(fx), { name: c.name, data: await caseData(c, fx) }], fx);
  const bad = run.file(c.name);
  if (c.rule === 'skipped') {
    expect(bad.status).toBe('skipped');
    expect(run.result.exitCode).toBe(0);
  } else {
    const match = bad.problems.find((p) => p.rule === c.rule);
    expect(match ? c.rule : bad.problems.map((p) => `${p.rule}: ${p.message}`).join(' | ') || bad.status).toBe(c.rule);
    expect(match?.severity).toBe('error');
    if (c.says) expect(match?.message).toMatch(c.says);
    if (c.cell) expect(match?.cell).toBe(c.cell);
    expect(run.result.exitCode).toBe(1);
  }
  expectGoodRead(run, fx);
  return run;
}
