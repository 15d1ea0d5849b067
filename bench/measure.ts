/**
 * Runs one benchmarked program in this (child) process and records its time and peak RSS:
 *
 *   node build/bench/measure.js RESULT.json baseline --roster R --out FILE DIR
 *   node build/bench/measure.js RESULT.json review-forms merge DIR --roster R --out FILE
 *   node build/bench/measure.js RESULT.json floor DIR
 *
 * Peak RSS is the process's (worker threads included), from getrusage.
 */
import { promises as fs } from 'node:fs';
import { runBaseline } from './baseline';
import { runFloor } from './floor';

export interface Measured {
  ms: number;
  peakRssMb: number;
  exitCode: number;
}

async function run(program: string, args: string[]): Promise<number> {
  if (program === 'baseline') {
    const opt = (name: string) => {
      const i = args.indexOf(name);
      return i < 0 ? '' : args.splice(i, 2)[1];
    };
    const roster = opt('--roster');
    const out = opt('--out');
    await runBaseline(args[0], roster, out);
    return 0;
  }
  if (program === 'floor') {
    await runFloor(args[0]);
    return 0;
  }
  // Imported here so the baseline's numbers do not include loading the CLI.
  const { main } = await import('../scripts/bin/review-forms');
  return main(['node', 'review-forms', ...args]);
}

async function measure(): Promise<void> {
  const [resultFile, program, ...args] = process.argv.slice(2);
  const start = process.hrtime.bigint();
  const exitCode = await run(program, args);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const result: Measured = { ms, peakRssMb: process.resourceUsage().maxRSS / 1024, exitCode };
  await fs.writeFile(resultFile, JSON.stringify(result));
  // Idle worker threads or handles must not keep the measured process alive.
  process.exit(0);
}

void measure().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(2);
});
