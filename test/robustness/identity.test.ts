/**
 * Identity: rows about another branch's members, a `_meta` naming another branch, a file
 * edited after 定稿, one member twice, a report passed as a branch file, a workbook without
 * `_meta`. (Two files for one branch is merge's to decide: see scripts/lib/commands/merge.ts.)
 */
import { contentDigestOf } from '../../addin/forms/read/branch-reader';
import { caseData, checkCorpus, expectCheckCase, expectGoodRead, fixture, goodFiles, viaExcelJs } from './helpers/corpus';
import { loadOne } from './helpers/sheet-edit';
import { setMeta, IDENTITY } from './cases/identity';

jest.setTimeout(60_000);

beforeAll(() => fixture());

describe('identity problems are named', () => {
  test.each(IDENTITY)('$id', async (c) => {
    const fx = await fixture();
    if (!c.roster) {
      await expectCheckCase(c, fx);
      return;
    }
    const run = await checkCorpus([...goodFiles(fx), { name: c.name, data: await caseData(c, fx) }], fx, { roster: true });
    const p = run.file(c.name).problems.find((x) => x.rule === c.rule);
    expect(
      p
        ? c.rule
        : run
            .file(c.name)
            .problems.map((x) => x.rule)
            .join(','),
    ).toBe(c.rule);
    if (c.says) expect(p?.message).toMatch(c.says);
    expect(run.result.exitCode).toBe(1);
    expectGoodRead(run, fx);
  });

  test('a file finalized and not edited is accepted (the digest matches)', async () => {
    const fx = await fixture();
    const { read } = await loadOne(fx.good[1], fx);
    if (!read) throw new Error('not a branch workbook');
    const digest = contentDigestOf(read.forms, { ...read.meta, finalizedAt: '2010-09-20T10:00:00+08:00' });
    const data = await viaExcelJs(fx.good[1], (wb) => {
      setMeta(wb, 'finalizedAt', '2010-09-20T10:00:00+08:00');
      setMeta(wb, 'contentDigest', digest);
    });
    const again = await loadOne(data, fx);
    expect(again.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  test('_meta naming another branch of the roster: the rows do not belong to it', async () => {
    const fx = await fixture();
    const data = await viaExcelJs(fx.good[1], (wb) => setMeta(wb, 'branch', fx.roster.branches[0].name));
    const run = await checkCorpus([...goodFiles(fx), { name: 'swapped.xlsx', data }], fx, { roster: true });
    const rules = run
      .file('swapped.xlsx')
      .problems.filter((p) => p.severity === 'error')
      .map((p) => p.rule);
    expect(rules.some((r) => r === 'memberOfOtherBranch' || r === 'branchMismatch')).toBe(true);
    expect(run.result.exitCode).toBe(1);
    expectGoodRead(run, fx);
  });
});
