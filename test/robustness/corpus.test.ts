/**
 * The whole corpus in one folder, through the CLI, as the office would run it: every bad file
 * reported with its rule (lock files skipped), every good file read in full, exit code 1, no
 * input changed and nothing written outside the --annotate folder.
 */
import path from 'node:path';
import { main } from '../../scripts/bin/review-forms';
import { ALL_BAD_CASES } from './cases';
import { type CorpusFile, caseData, fixture, runInFolder } from './helpers/corpus';

jest.setTimeout(300_000);

interface JsonProblem {
  file: string;
  rule: string;
  severity: string;
  message: string;
}

test('check over the whole corpus beside three good files', async () => {
  const fx = await fixture();
  const names = ALL_BAD_CASES.map((c) => c.name);
  expect(new Set(names).size).toBe(names.length);
  const files: CorpusFile[] = [
    ...fx.good.map((data, i) => ({ name: `good-${i + 1}.xlsx`, data })),
    ...(await Promise.all(ALL_BAD_CASES.map(async (c) => ({ name: c.name, data: await caseData(c, fx) })))),
  ];
  const out: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  const { code } = await runInFolder(files, async (inputDir, workDir) => {
    try {
      return { code: await main(['node', 'review-forms', 'check', inputDir, '--json', '--as-of', fx.asOf, '--annotate', path.join(workDir, 'out')]) };
    } finally {
      write.mockRestore();
      process.exitCode = undefined;
    }
  });
  expect(code).toBe(1);
  const problems = JSON.parse(out.join('')) as JsonProblem[];
  const of = (name: string) => problems.filter((p) => path.basename(p.file) === name);
  const missing: string[] = [];
  for (const c of ALL_BAD_CASES) {
    const got = of(c.name);
    if (c.rule === 'skipped' ? got.length > 0 : !got.some((p) => p.rule === c.rule && p.severity === 'error')) {
      missing.push(`${c.name} (${c.id}): expected ${c.rule}, got ${got.map((p) => p.rule).join(',') || 'nothing'}`);
    }
  }
  expect(missing).toEqual([]);
  for (let i = 0; i < fx.good.length; i++) expect(of(`good-${i + 1}.xlsx`).filter((p) => p.severity === 'error')).toEqual([]);
});
