/**
 * The demo's folder (scripts/lib/demo: roster, issued and returned files, report, 公开版, printed
 * forms) for the tests that read it: run once per jest run (a few seconds), copied into each
 * test file's own folder (test/helpers/run-cache.ts).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type DemoResult, runDemo } from '../../scripts/lib/demo/demo';
import { sharedFolder } from './run-cache';

/** Where the demo's result is kept in its folder while cached, its paths relative to the folder. */
const RESULT = '.demo-result.json';

function relocate(demo: DemoResult, from: string, to: string): DemoResult {
  const move = (p: string) => path.join(to, path.relative(from, p));
  return {
    ...demo,
    dir: to,
    roster: move(demo.roster),
    returned: move(demo.returned),
    text: demo.text.split(from).join(to),
    report: move(demo.report),
    publicReport: move(demo.publicReport),
    printed: demo.printed.map(move),
  };
}

/** The demo run in `dir` (as `runDemo(dir)` gives it). */
export async function demoIn(dir: string): Promise<DemoResult> {
  await sharedFolder('the demo', dir, async (made) => {
    const demo = await runDemo(made);
    await fs.writeFile(path.join(made, RESULT), JSON.stringify({ at: made, demo }));
  });
  const result = path.join(dir, RESULT);
  const { at, demo } = JSON.parse(await fs.readFile(result, 'utf8')) as { at: string; demo: DemoResult };
  await fs.rm(result);
  return relocate(demo, at, dir);
}
