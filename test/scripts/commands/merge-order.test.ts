/** Property: merge is independent of the order (and repetition) of its inputs. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { fillBranchWorkbook } from '../../../scripts/lib/demo/fill';
import { sampleBranchRows, sampleSchool } from '../../../scripts/lib/demo/sample';
import { finalizeXlsx } from '../../../scripts/lib/commands/finalize';
import { buildMergeModel } from '../../../scripts/lib/commands/merge';
import { buildBranchWorkbook, layoutContext } from '../../../scripts/lib/commands/template';

const STAGE = '全面争创';
const school = sampleSchool(41, { branches: 3, membersPerBranch: 3 });
const { roster } = school;
let dir: string;
let files: string[];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'order-'));
  files = [];
  for (const [i, branch] of roster.branches.entries()) {
    const template = Buffer.from(await (await buildBranchWorkbook(roster, layoutContext(roster, STAGE, branch))).xlsx.writeBuffer());
    const rows = sampleBranchRows(school, branch.name, STAGE, 70 + i);
    const filled = await fillBranchWorkbook(template, { org: [rows.org], member: rows.members, rectification: rows.rectification, schedule: rows.schedule });
    const file = path.join(dir, `b${i}.xlsx`);
    await fs.writeFile(file, filled);
    files.push(file);
  }
  // A resubmission of branch 0 (finalized later) and a broken file.
  const rows = sampleBranchRows(school, roster.branches[0].name, STAGE, 99);
  const again = await fillBranchWorkbook(await fs.readFile(files[0]), {
    member: rows.members.slice(0, 1).map((m) => ({ ...m, aspect1: '重新提交后修改的点评内容。' })),
  });
  const later = path.join(dir, 'b0-again.xlsx');
  await fs.writeFile(later, await finalizeXlsx(again, later, '2010-09-29T09:00:00+08:00', '2010-09-30'));
  files.push(later);
  const broken = path.join(dir, 'broken.xlsx');
  await fs.writeFile(broken, 'not a workbook');
  files.push(broken);
}, 60_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

it('gives the same report content for any order of the same inputs, repeated or not', async () => {
  const reference = await buildMergeModel(files, { roster, stage: STAGE });
  expect(reference.sources.map((s) => s.status).sort()).toEqual(['拒收', '被替代', '采用', '采用', '采用'].sort());
  await fc.assert(
    fc.asyncProperty(fc.shuffledSubarray(files, { minLength: files.length, maxLength: files.length }), fc.boolean(), async (order, repeat) => {
      const args = repeat ? [...order, order[0]] : order;
      const model = await buildMergeModel(args, { roster, stage: STAGE });
      expect(model.contentDigest).toBe(reference.contentDigest);
    }),
    { numRuns: 12 },
  );
});
