/**
 * `npm run bench -- --files 1000`: on each corpus (bench/corpus.ts: our own files, and files other
 * programs wrote), times the straightforward exceljs program (bench/baseline.ts), `review-forms
 * merge`, `review-forms check` and an unzip-and-tokenize floor (bench/floor.ts) on the same
 * generated files, each in its own process; checks that the baseline's and merge's reports hold
 * the same detail rows; writes bench/results.json; at 1,000 files fails unless merge holds GATE
 * on every corpus.
 * Options: --files N (default 1000), --corpus ours|foreign (default both), --no-baseline (skip
 * the slow baseline at large N), --repeat N (default 2: each program runs N times; its fastest
 * wall time and its highest peak RSS count — a shared VM's CPU speed swings by a tenth or more
 * from one run to the next, and the same for every program).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_STAGE, CORPUS_KINDS, type Corpus, type CorpusKind, MEMBERS_PER_BRANCH, PROTOTYPES, REPO, ensureCorpus, writerOf } from './corpus';
import type { Measured } from './measure';
import { compareDetailSheets } from './compare';
import { timePureCheck } from './pure-check';

interface Timed extends Measured {
  wallS: number;
}

/** `timed` `repeat` times: the fastest wall time, the highest peak RSS. */
async function timedBest(repeat: number, label: string, outDir: string, program: string, args: string[]): Promise<Timed> {
  let best: Timed | undefined;
  for (let i = 0; i < repeat; i++) {
    const t = await timed(label, outDir, program, args);
    best = !best ? t : { ...(t.wallS < best.wallS ? t : best), peakRssMb: Math.max(t.peakRssMb, best.peakRssMb) };
  }
  return best as Timed;
}

async function timed(label: string, outDir: string, program: string, args: string[]): Promise<Timed> {
  const resultFile = path.join(outDir, `${label}.json`);
  await fs.rm(resultFile, { force: true });
  const log = createWriteStream(path.join(outDir, `${label}.log`));
  await new Promise((resolve) => log.on('open', resolve));
  const start = process.hrtime.bigint();
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'measure.js'), resultFile, program, ...args], { stdio: ['ignore', log, log] });
    child.on('error', reject);
    child.on('exit', (c) => resolve(c ?? 1));
  });
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  log.end();
  if (code !== 0) throw new Error(`${label} failed (exit ${code}); see ${path.join(outDir, `${label}.log`)}`);
  const measured = JSON.parse(await fs.readFile(resultFile, 'utf8')) as Measured;
  return { ...measured, wallS };
}

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} expects a positive whole number`);
  return n;
}

function corpusKinds(args: string[]): readonly CorpusKind[] {
  const i = args.indexOf('--corpus');
  if (i < 0) return CORPUS_KINDS;
  const kind = args[i + 1] as CorpusKind;
  if (!CORPUS_KINDS.includes(kind)) throw new Error(`--corpus expects one of ${CORPUS_KINDS.join(', ')}`);
  return [kind];
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/** What merge must hold on every corpus at the default size (issue 16): speed against the baseline, and peak memory. */
const GATE = { files: 1000, minSpeedup: 4, maxMergePeakRssMb: 400 };

interface CorpusResult {
  writers: Record<string, number>;
  baseline_s: number | null;
  merge_s: number;
  check_s: number;
  floor_s: number;
  speedup: number | null;
  merge_over_floor: number;
  merge_files_per_s: number;
  check_files_per_s: number;
  baseline_files_per_s: number | null;
  baseline_peak_rss_mb: number | null;
  merge_peak_rss_mb: number;
  check_peak_rss_mb: number;
  floor_peak_rss_mb: number;
  rows_compared: number | null;
}

/** Baseline, merge, check and the floor on one corpus, back to back; the two reports compared. */
async function benchCorpus(
  corpus: Corpus,
  withBaseline: boolean,
  repeat: number,
  log: (s: string) => void,
): Promise<{ result: CorpusResult; table: string[] }> {
  const { files } = corpus;
  const outDir = path.join(corpus.dir, 'out');
  await fs.mkdir(outDir, { recursive: true });
  const baselineOut = path.join(outDir, 'baseline.xlsx');
  const mergeOut = path.join(outDir, 'merge.xlsx');
  const referenceDate = '2010-09-30';

  log(`${files} 个文件（${corpus.kind}）：${corpus.inbox}`);
  const baseline = withBaseline
    ? await timedBest(repeat, 'baseline', outDir, 'baseline', ['--roster', corpus.rosterFile, '--out', baselineOut, corpus.inbox])
    : undefined;
  if (baseline) log(`  baseline ${baseline.wallS.toFixed(2)} s`);
  const merge = await timedBest(repeat, 'merge', outDir, 'review-forms', [
    'merge',
    corpus.inbox,
    '--roster',
    corpus.rosterFile,
    '--stage',
    BENCH_STAGE,
    '--out',
    mergeOut,
  ]);
  log(`  merge    ${merge.wallS.toFixed(2)} s (exit ${merge.exitCode})`);
  const check = await timedBest(repeat, 'check', outDir, 'review-forms', ['check', corpus.inbox, '--roster', corpus.rosterFile, '--as-of', referenceDate]);
  log(`  check    ${check.wallS.toFixed(2)} s (exit ${check.exitCode})`);
  const floor = await timedBest(repeat, 'floor', outDir, 'floor', [corpus.inbox]);
  log(`  floor    ${floor.wallS.toFixed(2)} s`);
  if (merge.exitCode !== 0 || check.exitCode !== 0) throw new Error(`the generated files (${corpus.kind}) should merge and check without problems (exit 0)`);

  const compared = baseline ? await compareDetailSheets(baselineOut, mergeOut) : undefined;
  if (compared && compared.differences.length > 0) throw new Error(`the reports differ (${corpus.kind}):\n${compared.differences.join('\n')}`);

  const writers: Record<string, number> = {};
  for (let b = 0; b < files; b++) {
    const w = writerOf(corpus.kind, b % PROTOTYPES);
    writers[w] = (writers[w] ?? 0) + 1;
  }
  const result: CorpusResult = {
    writers,
    baseline_s: baseline ? r2(baseline.wallS) : null,
    merge_s: r2(merge.wallS),
    check_s: r2(check.wallS),
    floor_s: r2(floor.wallS),
    speedup: baseline ? r2(baseline.wallS / merge.wallS) : null,
    merge_over_floor: r2(merge.wallS / floor.wallS),
    merge_files_per_s: Math.round(files / merge.wallS),
    check_files_per_s: Math.round(files / check.wallS),
    baseline_files_per_s: baseline ? Math.round(files / baseline.wallS) : null,
    baseline_peak_rss_mb: baseline ? Math.round(baseline.peakRssMb) : null,
    merge_peak_rss_mb: Math.round(merge.peakRssMb),
    check_peak_rss_mb: Math.round(check.peakRssMb),
    floor_peak_rss_mb: Math.round(floor.peakRssMb),
    rows_compared: compared?.rows ?? null,
  };
  const row = (name: string, t: Timed | undefined) => {
    if (!t) return `${name.padEnd(10)}  (skipped)`;
    const perSecond = String(Math.round(files / t.wallS)).padStart(9);
    return `${name.padEnd(10)}${t.wallS.toFixed(2).padStart(9)} s${perSecond}${String(Math.round(t.peakRssMb)).padStart(10)} MB`;
  };
  const table = [
    '',
    `corpus ${corpus.kind}: ${Object.entries(writers)
      .map(([w, n]) => `${n} ${w}`)
      .join(', ')}`,
    `${'program'.padEnd(10)}${'wall'.padStart(11)}${'files/s'.padStart(9)}${'peak RSS'.padStart(13)}`,
    row('baseline', baseline),
    row('merge', merge),
    row('check', check),
    row('floor', floor),
    result.speedup !== null ? `speedup (baseline / merge): ${result.speedup}×` : '',
    `merge / floor (fflate + saxes, one core): ${result.merge_over_floor}`,
    compared ? `detail sheets identical: ${compared.rows} rows compared cell by cell (党组织点评, 党员点评, 整改台账)` : '',
  ].filter(Boolean);
  return { result, table };
}

/** What merge failed to hold on a corpus, at the gate's size; nothing when it held or the size is another. */
function gateFailures(files: number, kind: CorpusKind, r: CorpusResult): string[] {
  if (files !== GATE.files) return [];
  const failures: string[] = [];
  if (r.speedup !== null && r.speedup < GATE.minSpeedup) failures.push(`${kind}: merge ${r.speedup}× the baseline, under ${GATE.minSpeedup}×`);
  if (r.merge_peak_rss_mb >= GATE.maxMergePeakRssMb) failures.push(`${kind}: merge peak RSS ${r.merge_peak_rss_mb} MB, not under ${GATE.maxMergePeakRssMb} MB`);
  return failures;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const files = option(args, '--files', 1000);
  const withBaseline = !args.includes('--no-baseline');
  const repeat = option(args, '--repeat', 2);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const corpora: Partial<Record<CorpusKind, CorpusResult>> = {};
  const lines: string[] = [];
  let cacheDir = '';
  for (const kind of corpusKinds(args)) {
    const corpus = await ensureCorpus(files, kind, undefined, log);
    cacheDir = path.join(corpus.dir, '..');
    const { result, table } = await benchCorpus(corpus, withBaseline, repeat, log);
    corpora[kind] = result;
    lines.push(...table);
  }
  const pure = await timePureCheck(cacheDir);

  const results = {
    date: new Date().toISOString().slice(0, 10),
    files,
    // The roster grows with the files (one branch per file): what merge and check hold of it grows too.
    roster_members: files * MEMBERS_PER_BRANCH,
    // Runs of each program: its fastest wall time and highest peak RSS are given.
    repeat,
    corpora,
    // The corpora it was held against: all of them unless --corpus named one.
    gate: { ...GATE, applies: files === GATE.files && withBaseline, corpora: Object.keys(corpora) },
    pure_check_300_ms: { median: r2(pure.median), max: r2(pure.max), runs: pure.runs },
    machine: {
      cpu: os.cpus()[0]?.model ?? '?',
      cores: os.cpus().length,
      memory_gb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      loadavg_1min_at_end: r2(os.loadavg()[0]),
    },
  };
  process.stdout.write(
    `${[
      `${files} files (roster of ${results.roster_members} members), ${results.machine.cores} × ${results.machine.cpu}, Node ${process.version}`,
      ...lines,
      '',
      `pure check of a 300-member sheet: median ${results.pure_check_300_ms.median} ms, max ${results.pure_check_300_ms.max} ms over ${pure.runs} runs`,
    ].join('\n')}\n`,
  );
  await fs.writeFile(path.join(REPO, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const failures = Object.entries(corpora).flatMap(([kind, r]) => gateFailures(files, kind as CorpusKind, r));
  if (failures.length > 0) throw new Error(`merge did not hold at ${files} files:\n${failures.join('\n')}`);
  if (results.gate.applies)
    process.stdout.write(
      `held on ${results.gate.corpora.join(' and ')}: at least ${GATE.minSpeedup}× the baseline, peak RSS under ${GATE.maxMergePeakRssMb} MB\n`,
    );
}

void main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
