/**
 * `init` → the office fills 名单.xlsx (here with exceljs, typing as people do) → read back.
 * Also the roster's problems as the CLI prints them, with their cells, and exit code 2.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DEFAULT_STAGES } from '../../../addin/forms/roster';
import { readRosterFile } from '../../../scripts/lib/workbook/roster-file';
import { runCli, tempDir } from '../../helpers/workbooks';

let dir: string;
let blank: string;

beforeAll(async () => {
  dir = await tempDir('roster');
  blank = path.join(dir, '名单.xlsx');
  const run = await runCli('init', '--out', blank);
  expect(run.code).toBe(0);
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** Types rows under the headers of a sheet, by header text. */
function type(ws: ExcelJS.Worksheet, rows: Record<string, ExcelJS.CellValue>[], from = 2): void {
  const col = new Map<string, number>();
  ws.getRow(1).eachCell((cell, n) => col.set(String(cell.value), n));
  rows.forEach((row, i) => {
    for (const [header, value] of Object.entries(row)) {
      const n = col.get(header);
      if (!n) throw new Error(`no column ${header} in ${ws.name}`);
      ws.getCell(from + i, n).value = value;
    }
  });
}

async function officeFills(target: string, edit?: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(blank);
  const info = wb.getWorksheet('基本信息') as ExcelJS.Worksheet;
  info.getCell('B2').value = ' 台子乡中心学校 ';
  info.getCell('B3').value = '县教育局';
  info.getCell('B4').value = '王　校长';
  type(wb.getWorksheet('党小组') as ExcelJS.Worksheet, [
    { 名称: '语文党小组', 组长: '李 明', 联系领导: '王校长' },
    { 名称: '村小党小组 ', 组长: '赵四', 联系领导: '钱副校长' },
  ]);
  type(wb.getWorksheet('党员') as ExcelJS.Worksheet, [
    { 姓名: '李明', 所在党小组: '语文党小组', '职务/岗位': '语文教研组长', 岗位类别: '教师' },
    { 姓名: '张　三 ', 所在党小组: '语文 党小组', '职务/岗位': '班主任', 岗位类别: '教师' },
    { 姓名: '赵四', 所在党小组: '村小党小组', '职务/岗位': '村小负责人', 岗位类别: '管理' },
    { 姓名: '张三', 所在党小组: '村小党小组', '职务/岗位': null, 岗位类别: null },
  ]);
  // The office retypes a window as text, the way people write dates.
  type(wb.getWorksheet('阶段') as ExcelJS.Worksheet, [{ 开始日期: '2010.8.1', 结束日期: '2010年9月30日' }], 3);
  edit?.(wb);
  await wb.xlsx.writeFile(target);
  return target;
}

describe('init → 名单.xlsx', () => {
  it('has the four sheets with their headers, the default stages pre-filled', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(blank);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['基本信息', '阶段', '党小组', '党员']);
    const header = (name: string) => (wb.getWorksheet(name)?.getRow(1).values as unknown[]).slice(1);
    expect(header('基本信息')).toEqual(['项目', '内容']);
    expect(header('党小组')).toEqual(['名称', '组长', '联系领导']);
    expect(header('党员')).toEqual(['姓名', '所在党小组', '职务/岗位', '岗位类别']);
    expect(header('阶段').slice(0, 3)).toEqual(['阶段名称', '开始日期', '结束日期']);
    expect(wb.getWorksheet('阶段')?.getCell('A2').value).toBe(DEFAULT_STAGES[0].name);
  });

  it('is refused until it is filled, naming each empty sheet and the missing unit (exit 2 for template)', async () => {
    await expect(readRosterFile(blank)).rejects.toMatchObject({ reason: 'roster-invalid' });
    const run = await runCli('template', '--roster', blank, '--stage', '全面争创', '--out', path.join(dir, 'never'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('名单.xlsx!基本信息!B2  错误  「基本信息」缺少“单位名称”');
    expect(run.stderr).toContain('名单.xlsx!党小组!A2  错误  「党小组」中没有任何数据');
    expect(run.stderr).toContain('名单.xlsx!党员!A2  错误  「党员」中没有任何数据');
    await expect(fs.access(path.join(dir, 'never'))).rejects.toThrow();
  });

  it('reads back what the office typed, names normalized, text dates understood', async () => {
    const { roster } = await readRosterFile(await officeFills(path.join(dir, 'filled.xlsx')));
    expect(roster.unit).toBe('台子乡中心学校');
    expect(roster.secretary).toBe('王校长');
    expect(roster.branches).toEqual([
      { name: '语文党小组', leader: '李明', liaison: '王校长' },
      { name: '村小党小组', leader: '赵四', liaison: '钱副校长' },
    ]);
    expect(roster.members).toEqual([
      { name: '李明', branch: '语文党小组', post: '语文教研组长', category: '教师' },
      { name: '张三', branch: '语文党小组', post: '班主任', category: '教师' },
      { name: '赵四', branch: '村小党小组', post: '村小负责人', category: '管理' },
      { name: '张三', branch: '村小党小组' },
    ]);
    expect(roster.stages.map((s) => [s.name, s.start, s.end])).toEqual(DEFAULT_STAGES.map((s) => [s.name, s.start, s.end]));
  });

  it('then template runs on it, and check reads every issued file (nothing wrong but 尚未填写)', async () => {
    const file = await officeFills(path.join(dir, 'filled2.xlsx'));
    const out = path.join(dir, 'issued');
    const made = await runCli('template', '--roster', file, '--stage', '全面争创', '--out', out);
    expect(made.code).toBe(0);
    expect((await fs.readdir(out)).sort()).toEqual(['台子乡中心学校-村小党小组-全面争创-点评表.xlsx', '台子乡中心学校-语文党小组-全面争创-点评表.xlsx']);
    const checked = await runCli('check', out, '--roster', file, '--as-of', '2010-09-30');
    // Untouched forms are not ready to send; that is all check finds in them.
    const problems = checked.stdout.split('\n').filter((l) => /\s(错误|提示)\s/.test(l));
    expect(problems.map((l) => l.replace(/^.*\s(错误|提示)\s+/, '$1 '))).toEqual(Array(2).fill('错误 尚未填写：「党组织点评」和「党员点评」中还没有任何点评'));
    expect(checked.code).toBe(1);
  });

  it('reports the same member twice in a branch, an unknown branch and overlapping stages with their cells', async () => {
    const file = await officeFills(path.join(dir, 'bad.xlsx'), (wb) => {
      type(
        wb.getWorksheet('党员') as ExcelJS.Worksheet,
        [
          { 姓名: '李 明', 所在党小组: '语文党小组' },
          { 姓名: '孙五', 所在党小组: '数学党小组' },
        ],
        6,
      );
      type(wb.getWorksheet('阶段') as ExcelJS.Worksheet, [{ 开始日期: '2010-09-15' }], 4);
    });
    const run = await runCli('template', '--roster', file, '--stage', '全面争创', '--out', path.join(dir, 'never2'));
    expect(run.code).toBe(2);
    const lines = run.stderr
      .split('\n')
      .filter((l) => l.includes('  错误  '))
      .map((l) => l.trim());
    expect(lines.sort()).toEqual(
      [
        `${file}!阶段!B4  错误  阶段“整改提升”与“全面争创”的时间重叠`,
        `${file}!党员!A6  错误  “李明”在「语文党小组」中出现了两次（另见第 2 行）`,
        `${file}!党员!B7  错误  党员“孙五”所在党小组“数学党小组”不在「党小组」表中`,
      ].sort(),
    );
  });
});

describe('init over an existing file', () => {
  it('refuses (exit 2) and leaves a filled roster as it was; --force overwrites', async () => {
    const file = await officeFills(path.join(dir, '已填写.xlsx'));
    const before = await fs.readFile(file);
    const run = await runCli('init', '--out', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('已存在，未覆盖');
    expect((await fs.readFile(file)).equals(before)).toBe(true);
    const forced = await runCli('init', '--out', file, '--force');
    expect(forced.code).toBe(0);
    await expect(readRosterFile(file)).rejects.toMatchObject({ reason: 'roster-invalid' });
  });
});

describe('a 名单.xlsx made by hand, without init', () => {
  it('is read: a title row above the headers, alias and marked headers, real date cells, sheets in another order', async () => {
    const wb = new ExcelJS.Workbook();
    const members = wb.addWorksheet('党员');
    members.addRow(['党员名单']);
    members.addRow(['姓名', '所在党小组*', '岗位类别', '职务/岗位']);
    members.addRow(['李明', '语文党小组', '教师', '语文教师']);
    members.addRow(['周 红', '语文党小组', null, null]);
    const branches = wb.addWorksheet('党小组');
    branches.addRow(['党小组名称', '组长', '联系领导']);
    branches.addRow(['语文党小组', '李明', '王校长']);
    const stages = wb.addWorksheet('阶段');
    stages.addRow(['阶段名称', '开始日期', '结束日期']);
    stages.addRow(['全面争创', new Date(Date.UTC(2010, 7, 1)), new Date(Date.UTC(2010, 8, 30))]);
    const info = wb.addWorksheet('基本信息');
    info.addRow(['单位名称', '某某小学']);
    info.addRow(['党组织书记', '王校长']);
    const file = path.join(dir, '手工名单.xlsx');
    await wb.xlsx.writeFile(file);

    const { roster, warnings } = await readRosterFile(file);
    expect(roster).toEqual({
      unit: '某某小学',
      reportTo: '',
      secretary: '王校长',
      stages: [{ name: '全面争创', start: '2010-08-01', end: '2010-09-30' }],
      branches: [{ name: '语文党小组', leader: '李明', liaison: '王校长' }],
      members: [
        { name: '李明', branch: '语文党小组', post: '语文教师', category: '教师' },
        { name: '周红', branch: '语文党小组' },
      ],
    });
    // Only 提示 about the variations, each at its cell.
    expect(warnings.every((w) => w.severity === 'warning')).toBe(true);
    expect(warnings.map((w) => `${w.rule}@${w.sheet}!${w.cell}`)).toEqual(expect.arrayContaining(['headerNormalized@党员!B2', 'columnsReordered@党员!A2']));

    const out = path.join(dir, 'hand-issued');
    const run = await runCli('template', '--roster', file, '--stage', '全面争创', '--out', out);
    expect(run.code).toBe(0);
    expect(await fs.readdir(out)).toEqual(['某某小学-语文党小组-全面争创-点评表.xlsx']);
  });
});
