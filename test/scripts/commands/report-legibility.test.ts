/**
 * The report and the 公开版 read as an office reads them: files named by their path in the folder
 * given (two files of one name told apart), 文件指纹 (SHA-256), finalize times to the minute in the
 * school's time zone (the exact values kept in _meta), a branch that sent nothing shown as 未交,
 * one CJK font in every cell (the 公开版's 合计 row too), wrapped rows tall enough for their
 * text, and wide sheets printed on several pages at 80 % with their key columns repeated.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type Grid, type GridRow, cellAt, gridRow } from '../../../addin/forms/cell';
import { officeTime } from '../../../addin/forms/dates';
import { textHeight } from '../../../addin/forms/text-fit';
import { readReportContent } from '../../../addin/report/model/report-reader';
import { FONT_NAME, WIDE_SHEET_SCALE } from '../../../addin/report/model/sheet-layout';
import { finalizeXlsx } from '../../../scripts/lib/commands/finalize';
import { buildMergeModel } from '../../../scripts/lib/commands/merge';
import { publishReport } from '../../../scripts/lib/commands/publish';
import { writeBranchTemplates } from '../../../scripts/lib/commands/template';
import { fillBranchWorkbook } from '../../../scripts/lib/demo/fill';
import { sampleBranchRows, sampleSchool } from '../../../scripts/lib/demo/sample';
import { collectInputs } from '../../../scripts/lib/load/intake';
import { reportToXlsx } from '../../../scripts/lib/workbook/report-writer';
import { readXlsx } from '../../../scripts/lib/xlsx/xlsx-reader';
import { tempDir } from '../../helpers/workbooks';

const STAGE = '全面争创';
const school = sampleSchool(11, { branches: 3, membersPerBranch: 4 });
const { roster } = school;
let dir: string;
let report: string;
let publicReport: string;
let grids: Grid[];

beforeAll(async () => {
  dir = await tempDir('legible');
  const { files } = await writeBranchTemplates(roster, STAGE, path.join(dir, 'issued'));
  const fill = async (i: number, seed: number) => {
    const rows = sampleBranchRows(school, files[i].branch, STAGE, seed);
    rows.members[0].achievements = `${'成绩突出，'.repeat(40)}深受好评。`;
    return fillBranchWorkbook(await fs.readFile(files[i].file), { org: [rows.org], member: rows.members, rectification: rows.rectification });
  };
  // Branch 0 sent twice, under the same name, into two folders; branch 1 once, finalized on a PC
  // set to UTC; branch 2 sent nothing.
  const inbox = path.join(dir, '收回');
  await fs.mkdir(path.join(inbox, '补交'), { recursive: true });
  const name = path.basename(files[0].file);
  await fs.writeFile(path.join(inbox, name), await finalizeXlsx(await fill(0, 1), name, '2010-09-20T10:00:00+08:00', '2010-09-30'));
  await fs.writeFile(path.join(inbox, '补交', name), await finalizeXlsx(await fill(0, 2), name, '2010-09-25T16:30:00+08:00', '2010-09-30'));
  await fs.writeFile(path.join(inbox, 'b1.xlsx'), await finalizeXlsx(await fill(1, 3), 'b1.xlsx', '2010-09-26T01:15:00+00:00', '2010-09-30'));
  const model = await buildMergeModel([inbox], { roster, stage: STAGE });
  report = path.join(dir, '汇总.xlsx');
  await fs.writeFile(report, await reportToXlsx(model));
  publicReport = path.join(dir, '公开版.xlsx');
  await publishReport(report, publicReport);
  grids = (await readXlsx(await fs.readFile(report), report)).grids;
}, 120_000);

afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** A row's cells from column A to its last value, empty cells as null. */
const cellsOf = (row: GridRow) => Array.from({ length: (row.cols[row.cols.length - 1] ?? -1) + 1 }, (_, i) => cellAt(row, i));
const sheet = (name: string) => grids.find((g) => g.name === name) as Grid;
const table = (name: string) => {
  const [header, ...rows] = sheet(name).rows;
  return rows.map((r) => Object.fromEntries(cellsOf(header).map((h, i) => [String(h), cellAt(r, i)])));
};

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

describe('来源文件', () => {
  it('names each file by its path in the folder given, so two of one name are told apart', () => {
    const names = table('来源文件').map((r) => r['文件名']);
    const name = path.basename(names.find((n) => String(n).startsWith('补交/')) as string);
    expect(names).toEqual(expect.arrayContaining([name, `补交/${name}`, 'b1.xlsx']));
    const superseded = table('来源文件').find((r) => r['文件名'] === name);
    expect([superseded?.['状态'], String(superseded?.['原因'])]).toEqual(['被替代', expect.stringContaining(`补交/${name}`)]);
    expect(table('党员点评').every((r) => r['来源文件'] === `补交/${name}` || r['来源文件'] === 'b1.xlsx')).toBe(true);
  });

  it('heads the hash 文件指纹 (SHA-256), and a report made before that is still read', () => {
    const hashes = table('来源文件').map((r) => r['文件指纹 (SHA-256)']);
    expect(hashes.every((h) => /^[0-9a-f]{64}$/.test(String(h)))).toBe(true);
    const old = grids.map((g) =>
      g.name === '来源文件'
        ? {
            ...g,
            rows: [
              gridRow(
                g.rows[0].r,
                cellsOf(g.rows[0]).map((c) => (c === '文件指纹 (SHA-256)' ? 'sha256' : c)),
              ),
              ...g.rows.slice(1),
            ],
          }
        : g,
    );
    const content = readReportContent(old);
    expect('meta' in content && [...content.inputHashes].sort()).toEqual([...hashes].sort());
  });

  it('gives finalize times to the minute in the zone most files were finalized in, the exact values in _meta', () => {
    const times = table('来源文件').map((r) => r['定稿时间']);
    // b1 was finalized at 01:15 UTC: 09:15 in the zone of the other two.
    expect(times.sort()).toEqual(['2010-09-20 10:00', '2010-09-25 16:30', '2010-09-26 09:15']);
    const meta = sheet('_meta').rows.map((r) => cellsOf(r).map(String));
    expect(meta).toEqual(
      expect.arrayContaining([['timeZone', '+08:00'], expect.arrayContaining(['sourceFinalizedAt', 'b1.xlsx', '2010-09-26T01:15:00+00:00'])]),
    );
    const readme = Object.fromEntries(sheet('说明').rows.map((r) => [cellAt(r, 0), cellAt(r, 1)]));
    expect(readme['定稿时间']).toContain('UTC+08:00（北京时间）');
  });
});

describe('officeTime', () => {
  it('shows a timestamp in the report’s zone, or as written when either has no offset', () => {
    expect(officeTime('2010-09-26T01:15:00+00:00', '+08:00')).toBe('2010-09-26 09:15');
    expect(officeTime('2010-09-30T20:00:00-04:00', '+08:00')).toBe('2010-10-01 08:00');
    expect(officeTime('2010-09-26T01:15:00Z', '+05:30')).toBe('2010-09-26 06:45');
    expect(officeTime('2010-09-23T10:00:00', '+08:00')).toBe('2010-09-23 10:00');
    expect(officeTime('2010-09-23T10:00:00+08:00')).toBe('2010-09-23 10:00');
    expect(officeTime('（未定稿）', '+08:00')).toBe('（未定稿）');
  });
});

describe('汇总', () => {
  it('shows a branch that sent nothing as 未交, grey before the yellow of a partly done one', () => {
    const rows = table('汇总');
    expect(rows.map((r) => [r['党小组'], r['报送情况']])).toEqual([
      [roster.branches[0].name, '已交'],
      [roster.branches[1].name, '已交'],
      [roster.branches[2].name, '未交'],
      ['合计', 2],
    ]);
  });

  it('has the 未交 highlight as the first row rule, in the report and the 公开版', async () => {
    for (const file of [report, publicReport]) {
      const ws = (await load(file)).getWorksheet('汇总') as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] };
      const rules = ws.conditionalFormattings.flatMap((c) => c.rules).filter((r) => r.type === 'expression');
      expect((rules[0] as { formulae: string[] }).formulae[0]).toBe('$C2="未交"');
    }
  });
});

describe('legible on paper', () => {
  it('writes every text cell in 宋体, the 公开版’s 合计 row too', async () => {
    for (const file of [report, publicReport]) {
      const wb = await load(file);
      for (const ws of wb.worksheets.filter((w) => w.state === 'visible')) {
        const fonts = new Set<string>();
        ws.eachRow((row) => row.eachCell((cell) => void fonts.add(String(cell.font?.name))));
        expect([path.basename(file), ws.name, [...fonts]]).toEqual([path.basename(file), ws.name, [FONT_NAME]]);
      }
      const summary = wb.getWorksheet('汇总') as ExcelJS.Worksheet;
      const total = summary.getRow(summary.rowCount);
      expect([total.getCell(2).value, total.getCell(2).font?.bold, total.getCell(2).font?.name]).toEqual(['合计', true, FONT_NAME]);
    }
  });

  it('makes wrapped rows tall enough for their longest text', async () => {
    const ws = (await load(report)).getWorksheet('党员点评') as ExcelJS.Worksheet;
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const col = header.indexOf('主要成绩');
    let checked = 0;
    ws.eachRow((row, r) => {
      if (r === 1) return;
      const text = String(row.getCell(col).value ?? '');
      const need = textHeight({ text, width: ws.getColumn(col).width as number, fontSize: 11 });
      if (need > 15) {
        expect(row.height).toBeGreaterThanOrEqual(Math.min(409, need));
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(0);
  });

  it('prints wide sheets on several pages at 80 % with their key columns repeated, narrow ones on one page across', async () => {
    const wb = await load(report);
    const setup = (name: string) => {
      const p = (wb.getWorksheet(name) as ExcelJS.Worksheet).pageSetup;
      return { fitToPage: !!p.fitToPage, scale: p.fitToPage ? undefined : p.scale, columns: p.printTitlesColumn };
    };
    expect(setup('党员点评')).toEqual({ fitToPage: false, scale: WIDE_SHEET_SCALE, columns: 'A:B' });
    expect(setup('整改台账')).toEqual({ fitToPage: false, scale: WIDE_SHEET_SCALE, columns: 'A:D' });
    expect(setup('汇总')).toEqual({ fitToPage: true, scale: undefined, columns: undefined });
    expect(setup('说明')).toEqual({ fitToPage: true, scale: undefined, columns: undefined });
  });

  it('lists each input in 说明 as its name over its fingerprint', () => {
    const cells = sheet('说明').rows.map((r) => String(cellAt(r, 1) ?? ''));
    const files = table('来源文件').map((r) => `${r['文件名']}\n${r['文件指纹 (SHA-256)']}`);
    expect(cells.filter((c) => c.includes('\n'))).toEqual([...files].sort());
  });
});

describe('report names of inputs', () => {
  it('are relative to the folder given, whatever the order of the arguments', async () => {
    const root = path.join(dir, 'names');
    for (const f of ['a/x.xlsx', 'a/sub/x.xlsx', 'b/x.xlsx', 'b/y.xlsx', 'c.xlsx']) {
      await fs.mkdir(path.dirname(path.join(root, f)), { recursive: true });
      await fs.writeFile(path.join(root, f), '');
    }
    const named = async (args: string[]) => (await collectInputs(args.map((a) => path.join(root, a)))).map((i) => [path.relative(root, i.path), i.name]);
    const expected = [
      [path.join('a', 'sub', 'x.xlsx'), 'sub/x.xlsx'],
      [path.join('a', 'x.xlsx'), 'a/x.xlsx'],
      [path.join('b', 'x.xlsx'), 'b/x.xlsx'],
      [path.join('b', 'y.xlsx'), 'y.xlsx'],
      ['c.xlsx', 'c.xlsx'],
    ];
    expect(await named(['a', 'b', 'c.xlsx'])).toEqual(expected);
    expect(await named(['c.xlsx', 'b', 'a'])).toEqual(expected);
    // One folder: plain relative paths.
    expect((await collectInputs([path.join(root, 'a')])).map((i) => i.name)).toEqual(['sub/x.xlsx', 'x.xlsx']);
  });
});
