import { allProblems, isBranchRead, readBranchWorkbook } from '../../addin/forms/read/branch-reader';
import { PANE_SETUP_DIGEST } from '../../addin/forms/meta';
import { sampleSchool } from '../../scripts/lib/demo/sample';
import { branchMetaFor, buildBranchWorkbook, layoutContext } from '../../scripts/lib/commands/template';
import { readXlsx } from '../../scripts/lib/xlsx/xlsx-reader';

const school = sampleSchool(51, { branches: 2, membersPerBranch: 3 });
const { roster } = school;

async function rulesWith(rosterDigest: string): Promise<string[]> {
  const ctx = layoutContext(roster, '全面争创', roster.branches[0]);
  const wb = await buildBranchWorkbook(roster, ctx, { ...branchMetaFor(roster, ctx), rosterDigest });
  const data = await readXlsx(Buffer.from(await wb.xlsx.writeBuffer()), 'x.xlsx');
  const read = readBranchWorkbook(data.grids, { roster, asOf: '2010-09-30' });
  if (!isBranchRead(read)) throw new Error('not a branch workbook');
  // An untouched template is also 尚未填写 (notFilled); this suite is about the roster digest.
  return allProblems(read)
    .map((p) => p.rule)
    .filter((r) => r !== 'notFilled');
}

describe('roster digest in _meta', () => {
  it('warns that the roster changed when the digest differs', async () => {
    expect(await rulesWith('0'.repeat(64))).toEqual(['rosterChanged']);
  });
  it('does not warn for a workbook set up in the add-in, which was never issued from a roster', async () => {
    expect(await rulesWith(PANE_SETUP_DIGEST)).toEqual([]);
  });
});
