import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { fillBranchWorkbook } from '../../../scripts/lib/demo/fill';
import { sampleBranchRows, sampleSchool } from '../../../scripts/lib/demo/sample';
import { localTimestamp } from '../../../addin/forms/instants';
import { runCheck } from '../../../scripts/lib/commands/check';
import { buildBranchWorkbook, layoutContext } from '../../../scripts/lib/commands/template';
import { runCli, sha256 } from '../../helpers/workbooks';

const STAGE = '全面争创';
const school = sampleSchool(31, { branches: 1, membersPerBranch: 3 });
let dir: string;
let clean: string;
let broken: string;
let template: Buffer;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'finalize-'));
  const { roster } = school;
  const wb = await buildBranchWorkbook(roster, layoutContext(roster, STAGE, roster.branches[0]));
  template = Buffer.from(await wb.xlsx.writeBuffer());
  const rows = sampleBranchRows(school, roster.branches[0].name, STAGE, 1);
  clean = path.join(dir, 'clean.xlsx');
  await fs.writeFile(
    clean,
    await fillBranchWorkbook(template, { org: [rows.org], member: rows.members, rectification: rows.rectification, schedule: rows.schedule }),
  );
  broken = path.join(dir, 'broken.xlsx');
  await fs.writeFile(broken, await fillBranchWorkbook(template, { org: [{ ...rows.org, aspect2: undefined }], member: rows.members }));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('review-forms finalize', () => {
  it('stamps a copy that check accepts, and leaves the input untouched', async () => {
    const before = await sha256(clean);
    const out = path.join(dir, 'final.xlsx');
    expect((await runCli('finalize', clean, '--out', out, '--at', '2010-09-28T16:30:00+08:00')).code).toBe(0);
    expect(await sha256(clean)).toBe(before);
    const result = await runCheck([out], { asOf: '2010-09-30' });
    expect(result.files[0].problems).toEqual([]);
  });

  it('makes an edit after finalizing visible to check', async () => {
    const out = path.join(dir, 'final2.xlsx');
    await runCli('finalize', clean, '--out', out, '--at', '2010-09-28T16:30:00+08:00');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await fs.readFile(out)) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('党员点评');
    if (!ws) throw new Error('no 党员点评');
    ws.getCell('O2').value = '改过的成绩';
    const edited = path.join(dir, 'edited.xlsx');
    await fs.writeFile(edited, Buffer.from(await wb.xlsx.writeBuffer()));
    const result = await runCheck([edited], { asOf: '2010-09-30' });
    expect(result.files[0].problems.map((p) => p.rule)).toContain('editedAfterFinalize');
    expect(result.exitCode).toBe(1);
  });

  it('refuses while errors remain (exit 1) and writes nothing', async () => {
    const out = path.join(dir, 'never.xlsx');
    const { code, stderr: err } = await runCli('finalize', broken, '--out', out);
    expect(code).toBe(1);
    expect(err).toContain('不能定稿');
    expect(err).toContain('党组织点评!');
    await expect(fs.stat(out)).rejects.toThrow();
  });

  it('refuses an untouched template (尚未填写) and one with only its plan filled', async () => {
    const out = path.join(dir, 'empty-final.xlsx');
    const empty = path.join(dir, 'empty.xlsx');
    await fs.writeFile(empty, template);
    const untouched = await runCli('finalize', empty, '--out', out);
    expect(untouched.code).toBe(1);
    expect(untouched.stderr).toContain('尚未填写');
    const planOnly = path.join(dir, 'plan-only.xlsx');
    const rows = sampleBranchRows(school, school.roster.branches[0].name, STAGE, 1);
    await fs.writeFile(planOnly, await fillBranchWorkbook(template, { schedule: rows.schedule }));
    const planned = await runCli('finalize', planOnly, '--out', out);
    expect(planned.code).toBe(1);
    expect(planned.stderr).toContain('尚未填写');
    await expect(fs.stat(out)).rejects.toThrow();
  });

  it('records local time with its offset', () => {
    expect(localTimestamp(new Date(2010, 8, 28, 16, 30, 5))).toMatch(/^2010-09-28T16:30:05[+-]\d{2}:\d{2}$/);
  });
});
