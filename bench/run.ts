/**
 * `npm run bench -- --files 1000`: times the straightforward exceljs program (bench/baseline.ts)
 * against `review-forms merge`, then `review-forms check`, on the same generated files, each in
 * its own process; checks that both reports hold the same detail rows; writes bench/results.json.
 * Options: --files N (default 1000), --no-baseline (skip the slow baseline at large N).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BENCH_STAGE, type Corpus, MEMBERS_PER_BRANCH, REPO, ensureCorpus } from './corpus';
import type { Measured } from './measure';
import { compareDetailSheets } from './compare';
import { timePureCheck } from './pure-check';

interface Timed extends Measured {
  wallS: number;
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

const r2 = (x: number) => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const files = option(args, '--files', 1000);
  const withBaseline = !args.includes('--no-baseline');
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const corpus: Corpus = await ensureCorpus(files, undefined, log);
  const outDir = path.join(corpus.dir, 'out');
  await fs.mkdir(outDir, { recursive: true });
  const baselineOut = path.join(outDir, 'baseline.xlsx');
  const mergeOut = path.join(outDir, 'merge.xlsx');
  const referenceDate = '2010-09-30';

  log(`${files} 个文件：${corpus.inbox}`);
  const baseline = withBaseline ? await timed('baseline', outDir, 'baseline', ['--roster', corpus.rosterFile, '--out', baselineOut, corpus.inbox]) : undefined;
  if (baseline) log(`  baseline ${baseline.wallS.toFixed(2)} s`);
  const merge = await timed('merge', outDir, 'review-forms', ['merge', corpus.inbox, '--roster', corpus.rosterFile, '--stage', BENCH_STAGE, '--out', mergeOut]);
  log(`  merge    ${merge.wallS.toFixed(2)} s (exit ${merge.exitCode})`);
  const check = await timed('check', outDir, 'review-forms', ['check', corpus.inbox, '--roster', corpus.rosterFile, '--as-of', referenceDate]);
  log(`  check    ${check.wallS.toFixed(2)} s (exit ${check.exitCode})`);
  if (merge.exitCode !== 0 || check.exitCode !== 0) throw new Error('the generated files should merge and check without problems (exit 0)');

  const compared = baseline ? await compareDetailSheets(baselineOut, mergeOut) : undefined;
  if (compared && compared.differences.length > 0) throw new Error(`the reports differ:\n${compared.differences.join('\n')}`);
  const pure = await timePureCheck(path.join(corpus.dir, '..'));

  const results = {
    files,
    baseline_s: baseline ? r2(baseline.wallS) : null,
    merge_s: r2(merge.wallS),
    check_s: r2(check.wallS),
    speedup: baseline ? r2(baseline.wallS / merge.wallS) : null,
    merge_files_per_s: Math.round(files / merge.wallS),
    check_files_per_s: Math.round(files / check.wallS),
    baseline_files_per_s: baseline ? Math.round(files / baseline.wallS) : null,
    baseline_peak_rss_mb: baseline ? Math.round(baseline.peakRssMb) : null,
    merge_peak_rss_mb: Math.round(merge.peakRssMb),
    check_peak_rss_mb: Math.round(check.peakRssMb),
    rows_compared: compared?.rows ?? null,
    // The roster grows with the files (one branch per file): what merge and check hold of it grows too.
    roster_members: files * MEMBERS_PER_BRANCH,
    pure_check_300_ms: { median: r2(pure.median), max: r2(pure.max), runs: pure.runs },
    machine: {
      cpu: os.cpus()[0]?.model ?? '?',
      cores: os.cpus().length,
      memory_gb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
  };
  const row = (name: string, t: Timed | undefined) =>
    t
      ? `${name.padEnd(10)}${t.wallS.toFixed(2).padStart(9)} s${String(Math.round(files / t.wallS)).padStart(9)}${String(Math.round(t.peakRssMb)).padStart(10)} MB`
      : `${name.padEnd(10)}  (skipped)`;
  const lines = [
    '',
    `${files} files (roster of ${results.roster_members} members), ${results.machine.cores} × ${results.machine.cpu}, Node ${process.version}`,
    `${'program'.padEnd(10)}${'wall'.padStart(11)}${'files/s'.padStart(9)}${'peak RSS'.padStart(13)}`,
    row('baseline', baseline),
    row('merge', merge),
    row('check', check),
    results.speedup !== null ? `speedup (baseline / merge): ${results.speedup}×` : '',
    compared ? `detail sheets identical: ${compared.rows} rows compared cell by cell (党组织点评, 党员点评, 整改台账)` : '',
    `pure check of a 300-member sheet: median ${results.pure_check_300_ms.median} ms, max ${results.pure_check_300_ms.max} ms over ${pure.runs} runs`,
  ].filter(Boolean);
  process.stdout.write(`${lines.join('\n')}\n`);
  await fs.writeFile(path.join(REPO, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

void main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
