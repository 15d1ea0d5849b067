/**
 * Which file stands for a branch: finalize times compared as instants, the finalize time and the
 * file's unit, branch and stage sealed by the content digest, a file of another unit never counted
 * (issue 12 §2, §3).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { digestOf } from '../../../addin/forms/digest';
import { isBranchRead, readBranchWorkbook } from '../../../addin/forms/read/branch-reader';
import type { Roster } from '../../../addin/forms/roster';
import { fillBranchWorkbook } from '../../../scripts/lib/demo/fill';
import { sampleBranchRows, sampleSchool } from '../../../scripts/lib/demo/sample';
import { finalizeXlsx } from '../../../scripts/lib/commands/finalize';
import { printForms } from '../../../scripts/lib/commands/print';
import { buildMergeModel } from '../../../scripts/lib/commands/merge';
import { buildBranchWorkbook, layoutContext } from '../../../scripts/lib/commands/template';
import { readXlsx } from '../../../scripts/lib/xlsx/xlsx-reader';
import { gridsOf, runCli, tempDir } from '../../helpers/workbooks';
import { viaExcelJs } from '../../robustness/helpers/corpus';

const STAGE = '全面争创';
const school = sampleSchool(61, { branches: 2, membersPerBranch: 3 });
const { roster } = school;
const branch = roster.branches[0];
let dir: string;

async function template(of: Roster = roster): Promise<Buffer> {
  return Buffer.from(await (await buildBranchWorkbook(of, layoutContext(of, STAGE, branch))).xlsx.writeBuffer());
}

/** Branch 0 filled; `seed` varies the text, so two fills differ in content. */
async function filled(seed: number, of: Roster = roster): Promise<Buffer> {
  const rows = sampleBranchRows(school, branch.name, STAGE, seed);
  return fillBranchWorkbook(await template(of), { org: [rows.org], member: rows.members, rectification: rows.rectification });
}

async function setMeta(buf: Buffer, values: Record<string, string>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  const ws = wb.getWorksheet('_meta') as ExcelJS.Worksheet;
  for (const [key, value] of Object.entries(values)) {
    let row = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(1).value === key) row = n;
    });
    ws.getCell(row || ws.rowCount + 1, 1).value = key;
    ws.getCell(row || ws.rowCount, 2).value = value;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function put(name: string, data: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, data);
  return file;
}

async function mergeOf(...files: string[]) {
  const model = await buildMergeModel(files, { roster, stage: STAGE });
  const status = Object.fromEntries(model.sources.map((s) => [s.file, s.status]));
  const reason = Object.fromEntries(model.sources.map((s) => [s.file, s.reason]));
  return { model, status, reason };
}

beforeAll(async () => {
  dir = await tempDir('seal');
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('finalize times are compared as instants', () => {
  it('13:00Z wins over 20:00+08:00 (12:00Z), whatever the text says', async () => {
    const east = await put('east.xlsx', await finalizeXlsx(await filled(1), 'east.xlsx', '2010-09-28T20:00:00+08:00', '2010-09-30'));
    const utc = await put('utc.xlsx', await finalizeXlsx(await filled(2), 'utc.xlsx', '2010-09-28T13:00:00Z', '2010-09-30'));
    const { status } = await mergeOf(east, utc);
    expect(status).toEqual({ 'east.xlsx': '被替代', 'utc.xlsx': '采用' });
  });

  it('stores the time normalized, and a stored time without an offset is an error of that file', async () => {
    const stamped = await finalizeXlsx(await filled(3), 'x.xlsx', '2010-09-28T16:30+08:00', '2010-09-30');
    const data = await readXlsx(stamped, 'x.xlsx');
    const read = readBranchWorkbook(data.grids, { asOf: '2010-09-30' });
    expect(isBranchRead(read) && read.meta.finalizedAt).toBe('2010-09-28T16:30:00+08:00');

    const naive = await put('naive.xlsx', await setMeta(stamped, { finalizedAt: '2010-09-28 11:00' }));
    const plain = await put('plain.xlsx', await filled(4));
    const { status, reason } = await mergeOf(naive, plain);
    expect(status).toEqual({ 'naive.xlsx': '拒收', 'plain.xlsx': '采用' });
    expect(reason['naive.xlsx']).toContain('定稿时间“2010-09-28 11:00”不是带时区的有效时间');
  });

  it('finalize --at refuses what is not ISO 8601 and takes the local offset when none is given', async () => {
    const input = await put('to-finalize.xlsx', await filled(5));
    const bad = await runCli('finalize', input, '--out', path.join(dir, 'never.xlsx'), '--at', 'Sep 28, 2010');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('定稿时间格式不对：“Sep 28, 2010”');
    await expect(fs.stat(path.join(dir, 'never.xlsx'))).rejects.toThrow();

    const out = path.join(dir, 'local.xlsx');
    expect((await runCli('finalize', input, '--out', out, '--at', '2010-09-28 11:00')).code).toBe(0);
    const read = readBranchWorkbook(await gridsOf(out), { asOf: '2010-09-30' });
    const at = isBranchRead(read) ? (read.meta.finalizedAt ?? '') : '';
    expect(at).toMatch(/^2010-09-28T11:00:00[+-]\d{2}:\d{2}$/);
    expect(Date.parse(at)).toBe(new Date(2010, 8, 28, 11, 0).getTime());
    expect((await runCli('finalize', input, '--out', path.join(dir, 'past.xlsx'), '--at', '2010-09-28 11:00')).stderr).not.toContain('晚于现在');
  });

  it('finalize --at a time after now is done, with a 提示 to check it', async () => {
    const input = await put('to-finalize-later.xlsx', await filled(8));
    const run = await runCli('finalize', input, '--out', path.join(dir, 'future.xlsx'), '--at', '2099-01-01T00:00:00+08:00');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('提示：定稿时间 2099-01-01T00:00:00+08:00 晚于现在，请确认 --at 是否写对');
  });
});

describe('the same submission twice is a copy, not a conflict', () => {
  /** The file as another program saves it: other bytes, the same cells. */
  const resaved = (buf: Buffer) =>
    viaExcelJs(buf, (wb) => {
      wb.creator = 'WPS 表格';
    });

  it('a sealed file and its re-saved copy: one is used, the other is 被替代 as a copy; the branch keeps its reviews', async () => {
    const sealed = await finalizeXlsx(await filled(20), 'sealed.xlsx', '2010-09-28T16:30:00+08:00', '2010-09-30');
    const copy = await resaved(sealed);
    expect(copy.equals(sealed)).toBe(false);
    const { model, status, reason } = await mergeOf(await put('a-sealed.xlsx', sealed), await put('b-resaved.xlsx', copy));
    expect(status).toEqual({ 'a-sealed.xlsx': '采用', 'b-resaved.xlsx': '被替代' });
    expect(reason['b-resaved.xlsx']).toBe('与 a-sealed.xlsx 内容完全相同（重复提交）');
    expect(model.member.length).toBeGreaterThan(0);
  });

  it('the same reviews sealed at one instant written two ways (16:30+08:00, 08:30Z) are one submission', async () => {
    const reviews = await filled(24);
    const east = await finalizeXlsx(reviews, 'east.xlsx', '2010-09-28T16:30:00+08:00', '2010-09-30');
    const utc = await finalizeXlsx(reviews, 'utc.xlsx', '2010-09-28T08:30:00Z', '2010-09-30');
    const { status, reason } = await mergeOf(await put('g-east.xlsx', east), await put('h-utc.xlsx', utc));
    expect(status).toEqual({ 'g-east.xlsx': '采用', 'h-utc.xlsx': '被替代' });
    expect(reason['h-utc.xlsx']).toBe('与 g-east.xlsx 内容完全相同（重复提交）');
  });

  it('the same time with other reviews is still a conflict: neither is used', async () => {
    const one = await finalizeXlsx(await filled(21), 'one.xlsx', '2010-09-28T16:30:00+08:00', '2010-09-30');
    const other = await finalizeXlsx(await filled(22), 'other.xlsx', '2010-09-28T16:30:00+08:00', '2010-09-30');
    const { status, reason } = await mergeOf(await put('c-one.xlsx', one), await put('d-other.xlsx', other));
    expect(status).toEqual({ 'c-one.xlsx': '拒收', 'd-other.xlsx': '拒收' });
    expect(reason['c-one.xlsx']).toContain('定稿时间相同（2010-09-28 16:30）但内容不同');
  });

  it('print decides alike: the copy is left out as a copy', async () => {
    const sealed = await finalizeXlsx(await filled(23), 'sealed.xlsx', '2010-09-28T16:30:00+08:00', '2010-09-30');
    const files = [await put('e-sealed.xlsx', sealed), await put('f-resaved.xlsx', await resaved(sealed))];
    const out = path.join(dir, 'printed');
    const result = await printForms(files, out, { roster });
    expect(result.leftOut.filter((l) => l.where === '').map((l) => [l.file, l.reason])).toEqual([
      ['f-resaved.xlsx', '与 e-sealed.xlsx 内容完全相同（重复提交）'],
    ]);
  });
});

describe('the finalize time and the file’s unit, branch and stage are sealed by the content digest', () => {
  it('an earlier file whose finalizedAt was edited is 定稿后内容又被修改 and never replaces the later one', async () => {
    const earlier = await finalizeXlsx(await filled(6), 'earlier.xlsx', '2010-09-20T10:00:00+08:00', '2010-09-30');
    const later = await put('later.xlsx', await finalizeXlsx(await filled(7), 'later.xlsx', '2010-09-25T10:00:00+08:00', '2010-09-30'));
    const forged = await put('forged.xlsx', await setMeta(earlier, { finalizedAt: '2010-09-29T10:00:00+08:00' }));
    const { model, status, reason } = await mergeOf(forged, later);
    expect(status).toEqual({ 'forged.xlsx': '拒收', 'later.xlsx': '采用' });
    expect(reason['forged.xlsx']).toContain('定稿后内容又被修改');
    expect(new Set(model.member.map((m) => m.sourceFile))).toEqual(new Set(['later.xlsx']));
  });

  it('editing the unit or stage of a finalized file breaks the seal too', async () => {
    const stamped = await finalizeXlsx(await filled(8), 'b.xlsx', '2010-09-20T10:00:00+08:00', '2010-09-30');
    const read = (buf: Buffer) => readXlsx(buf, 'b.xlsx').then((d) => readBranchWorkbook(d.grids, { asOf: '2010-09-30' }));
    const rules = async (buf: Buffer) => {
      const r = await read(buf);
      return isBranchRead(r) ? r.problems.map((p) => p.rule) : [];
    };
    expect(await rules(stamped)).toEqual([]);
    expect(await rules(await setMeta(stamped, { unit: '别的学校' }))).toContain('editedAfterFinalize');
    expect(await rules(await setMeta(stamped, { stage: '整改提升' }))).toContain('editedAfterFinalize');
  });

  it('a time stamped by an earlier version (digest over the records alone) is not trusted: the file counts as not finalized', async () => {
    const stamped = await finalizeXlsx(await filled(9), 'old.xlsx', '2010-09-20T10:00:00+08:00', '2010-09-30');
    const r = readBranchWorkbook((await readXlsx(stamped, 'old.xlsx')).grids, { asOf: '2010-09-30' });
    if (!isBranchRead(r)) throw new Error('not a branch workbook');
    const records = (f?: { rows: { record: unknown }[] }) => (f?.rows ?? []).map((x) => x.record);
    const old = digestOf({
      org: records(r.forms.org),
      member: records(r.forms.member),
      rectification: records(r.forms.rectification),
      schedule: records(r.forms.schedule),
    });
    // Alone it is used, as a file not finalized, with the 提示 saying why.
    const file = await put('old-version.xlsx', await setMeta(stamped, { contentDigest: old, finalizedAt: '2010-09-29T10:00:00+08:00' }));
    const alone = await mergeOf(file);
    expect(alone.status['old-version.xlsx']).toBe('采用');
    expect(alone.model.sources.find((s) => s.file === 'old-version.xlsx')?.finalizedAt).toBe('');
    expect(alone.model.problems.filter((p) => p.file === 'old-version.xlsx').map((p) => `${p.severity} ${p.message}`)).toContain(
      '提示 本表由旧版程序定稿，定稿时间未受内容摘要保护，按未定稿处理（同一党小组还有其他文件时，不凭此时间取胜）；请取消定稿后重新定稿',
    );
    // Beside a file sealed earlier, its later (unsealed) time does not win.
    const sealed = await put('sealed.xlsx', await finalizeXlsx(await filled(10), 'sealed.xlsx', '2010-09-21T10:00:00+08:00', '2010-09-30'));
    const both = await mergeOf(file, sealed);
    expect(both.status).toEqual({ 'old-version.xlsx': '被替代', 'sealed.xlsx': '采用' });
    // print decides alike: the sealed file is printed, the old one left out as superseded by it.
    const printed = await printForms([file, sealed], path.join(dir, 'printed'), { roster });
    expect(printed.leftOut.filter((l) => l.where === '').map((l) => [l.file, l.reason.startsWith('被 sealed.xlsx')])).toEqual([['old-version.xlsx', true]]);
  });
});

describe('a file belongs to one unit', () => {
  it('a template of another school with the same branch and stage is refused, naming both units; the genuine file stands', async () => {
    const foreignRoster: Roster = { ...roster, unit: '河口镇中心学校' };
    const foreign = await put('foreign.xlsx', await filled(10, foreignRoster));
    const genuine = await put('genuine.xlsx', await filled(11));
    const { model, status, reason } = await mergeOf(foreign, genuine);
    expect(status).toEqual({ 'foreign.xlsx': '拒收', 'genuine.xlsx': '采用' });
    expect(reason['foreign.xlsx']).toContain('本表属于“河口镇中心学校”，不是名单单位“台子乡中心学校”的点评表');
    const row = model.summary.find((s) => s.branch === branch.name);
    expect(row?.membersReviewed).toBe(row?.membersExpected);
  });
});
