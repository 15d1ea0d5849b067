/**
 * Every bad file of the robustness corpus (test/robustness/cases) through `merge`, beside a good
 * file: the bad file is skipped or reported with its Chinese reason, the good file is merged in
 * full, the inputs are untouched, and only the output is written.
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { buildMergeModel } from '../../../scripts/lib/commands/merge';
import { writeFileAtomic } from '../../../scripts/lib/files/atomic-write';
import { reportToXlsx } from '../../../scripts/lib/workbook/report-writer';
import { ALL_BAD_CASES, ROSTER_CASES } from '../../robustness/cases';
import { type Fixture, STAGE, caseData, fixture, goodFiles, runInFolder } from '../../robustness/helpers/corpus';

let fx: Fixture;

beforeAll(async () => {
  fx = await fixture();
}, 120_000);

describe.each([...ALL_BAD_CASES, ...ROSTER_CASES].map((c) => [c.id, c] as const))('merge beside a good file: %s', (_id, c) => {
  it('reports the bad file, merges every row of the good one', async () => {
    const bad = { name: c.name, data: await caseData(c, fx) };
    const run = await runInFolder([...goodFiles(fx), bad], async (inputDir, workDir) => {
      const model = await buildMergeModel([inputDir], { roster: fx.roster, stage: STAGE });
      const out = path.join(workDir, 'out', '汇总.xlsx');
      await fs.mkdir(path.dirname(out), { recursive: true });
      // As mergeToFile writes it, keeping the model to look into.
      await writeFileAtomic(out, await reportToXlsx(model));
      return { model };
    });
    const { model } = run;
    const good = model.sources.find((s) => s.file === 'good-1.xlsx');
    expect(good).toMatchObject({ status: '采用', rejected: 0 });
    expect(model.member.filter((m) => m.sourceFile === 'good-1.xlsx')).toHaveLength(fx.goodMembers[0]);
    const source = model.sources.find((s) => s.file === path.basename(c.name));
    if (c.rule === 'skipped') {
      expect(source?.status).toBe('跳过');
      return;
    }
    if (c.mergeSkips) {
      expect(source).toMatchObject({ status: '跳过', read: 0, rejected: 0 });
      expect(source?.reason).toMatch(c.says ?? /./);
      return;
    }
    // Rejected whole, or merged with the bad rows rejected: either way the reason is in the report.
    const said = [source?.reason ?? '', ...model.problems.filter((p) => p.file === path.basename(c.name) && p.severity === '错误').map((p) => p.message)];
    expect(source?.status === '拒收' || (source?.rejected ?? 0) > 0 || said.length > 1).toBe(true);
    // Merge always has the roster, so a case written for check without it gets the more precise
    // message ("是「…」的党员") instead of its own; the error at the cell is still required below.
    const saysWithoutRoster = c.id.includes('without the roster');
    if (c.says && !saysWithoutRoster) expect(said.some((m) => c.says?.test(m))).toBe(true);
    if (c.cell && source?.status !== '拒收') expect(model.problems.some((p) => p.file === path.basename(c.name) && p.cell === c.cell)).toBe(true);
  });
});
