import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCheck } from '../../scripts/lib/check';
import { fillBranchWorkbook } from '../../scripts/lib/demo/fill';
import { sampleBranchRows, sampleSchool } from '../../scripts/lib/demo/sample';
import { buildBranchWorkbook, layoutContext } from '../../scripts/lib/template';

const STAGE = '全面争创';
const school = sampleSchool(61, { branches: 2, membersPerBranch: 3 });
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dup-branch-'));
  const { roster } = school;
  for (const [i, branch] of roster.branches.entries()) {
    const template = Buffer.from(await (await buildBranchWorkbook(roster, layoutContext(roster, STAGE, branch))).xlsx.writeBuffer());
    for (const seed of i === 0 ? [1, 2] : [3]) {
      const rows = sampleBranchRows(school, branch.name, STAGE, seed);
      await fs.writeFile(path.join(dir, `b${i}-${seed}.xlsx`), await fillBranchWorkbook(template, { org: [rows.org], member: rows.members, rectification: rows.rectification }));
    }
  }
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

it('check tells each of two files for one branch about the other, and only them', async () => {
  const result = await runCheck([dir], { roster: school.roster, asOf: '2010-09-30' });
  const rules = Object.fromEntries(result.files.map((f) => [path.basename(f.file), f.problems.map((p) => p.rule)]));
  expect(rules).toEqual({ 'b0-1.xlsx': ['duplicateBranchFile'], 'b0-2.xlsx': ['duplicateBranchFile'], 'b1-3.xlsx': [] });
  const first = result.files.find((f) => f.file.endsWith('b0-1.xlsx'));
  expect(first?.problems[0].message).toContain('b0-2.xlsx');
  expect(first?.problems[0].severity).toBe('error');
  expect(result.exitCode).toBe(1);
});
