/**
 * `check` end to end: template → filled with exceljs as a secretary would → check. Records read
 * back equal what was typed; planted problems are reported at their cells and nothing else;
 * the CLI's text, --json and --annotate outputs and its exit codes; inputs are never modified.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { isBranchRead, readBranchWorkbook } from '../../../addin/forms/read/branch-reader';
import { membersOf } from '../../../addin/forms/roster';
import { ERROR_FILL, WARNING_FILL } from '../../../scripts/lib/commands/annotate';
import { runCheck } from '../../../scripts/lib/commands/check';
import type { FillInput } from '../../../scripts/lib/demo/fill';
import { sampleSchool } from '../../../scripts/lib/demo/sample';
import { main } from '../../../scripts/bin/review-forms';
import { writeRosterFile } from '../../../scripts/lib/workbook/roster-file';
import { writeBranchTemplates } from '../../../scripts/lib/commands/template';
import { branchInput, fillFile, gridsOf, hashTree, runCli, tempDir } from '../../helpers/workbooks';

const STAGE = '全面争创';
const AS_OF = '2010-09-30';
const school = sampleSchool(41, { branches: 3, membersPerBranch: 5 });
const { roster } = school;
let dir: string;
let rosterFile: string;
let inbox: string;
let clean: string;
let planted: string;
let cleanInput: Required<FillInput>;

/** What the planted file must produce, and nothing more: rule @ sheet!cell. */
const PLANTED = [
  'notInList@党员点评!H4',
  'dateOutsideStage@党员点评!G2',
  'missingAspect@党员点评!L3',
  'placeholderComment@党员点评!Q6',
  'unexpectedOrgReviewer@党组织点评!D2',
  'doneWithoutDate@整改台账!H2',
  // An added row: the outsider at the name cell, and the pre-filled columns it lacks.
  'memberNotInRoster@党员点评!A7',
  'required@党员点评!B7',
  'required@党员点评!I7',
].sort();

beforeAll(async () => {
  dir = await tempDir('check');
  rosterFile = path.join(dir, '名单.xlsx');
  await writeRosterFile(rosterFile, roster);
  const { files } = await writeBranchTemplates(roster, STAGE, path.join(dir, 'issued'));
  inbox = path.join(dir, 'inbox');
  cleanInput = branchInput(school, files[0].branch, STAGE, 1);
  clean = await fillFile(files[0].file, path.join(inbox, 'clean.xlsx'), cleanInput);
  const bad = branchInput(school, files[1].branch, STAGE, 2, (input) => {
    const m = input.member;
    m[0].date = '2010-10-08';
    m[1].aspect2 = undefined;
    m[2].method = '座谈会';
    m[3].date = '2010年9月16日';
    m[4].direction = '同上';
    m.push({ ...m[0], name: '钱 多 多', date: '2010-09-02' });
    input.org[0].reviewer = membersOf(roster, files[1].branch)[2].name;
    input.rectification[0].status = '已整改';
    input.schedule = [];
  });
  planted = await fillFile(files[1].file, path.join(inbox, 'planted.xlsx'), bad);
}, 60_000);

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function rules(problems: { rule: string; sheet?: string; cell?: string }[]): string[] {
  return problems.map((p) => `${p.rule}@${p.sheet}!${p.cell}`).sort();
}

describe('round trip: template → filled with exceljs → read', () => {
  it('reads back exactly the records that were typed, pre-filled cells included', async () => {
    const read = readBranchWorkbook(await gridsOf(clean), { roster, asOf: AS_OF });
    if (!isBranchRead(read)) throw new Error('not a branch workbook');
    const branch = roster.branches[0];
    const members = membersOf(roster, branch.name);
    const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

    expect(read.forms.org?.rows.map((r) => r.record)).toEqual([
      defined({ ...cleanInput.org[0], branch: branch.name, branchLeader: branch.leader, memberCount: members.length, stage: STAGE }),
    ]);
    expect(read.forms.member?.rows.map((r) => r.record)).toEqual(
      cleanInput.member.map((m) => {
        const rm = members.find((x) => x.name === m.name);
        return defined({ ...m, branch: branch.name, post: rm?.post, category: rm?.category, stage: STAGE });
      }),
    );
    expect(read.forms.rectification?.rows.map((r) => r.record)).toEqual(cleanInput.rectification.map(defined));
    expect(read.forms.schedule?.rows.map((r) => [r.record?.object, r.record?.plannedDate])).toEqual(cleanInput.schedule.map((s) => [s.object, s.plannedDate]));
    expect(read.problems).toEqual([]);
  });

  it('finds no problem in the clean file', async () => {
    const result = await runCheck([clean], { roster, asOf: AS_OF });
    expect(result.files.map((f) => [f.status, rules(f.problems)])).toEqual([['ok', []]]);
    expect(result.exitCode).toBe(0);
  });

  it('reports each planted problem at its cell and nothing else', async () => {
    const result = await runCheck([planted], { roster, asOf: AS_OF });
    expect(rules(result.files[0].problems)).toEqual(PLANTED);
    expect(result.files[0].status).toBe('errors');
  });

  it('finds the same problems without the roster, from the roster part kept in _meta', async () => {
    const result = await runCheck([planted], { asOf: AS_OF });
    expect(rules(result.files[0].problems)).toEqual(PLANTED);
  });
});

describe('review-forms check (CLI)', () => {
  it('exit 0 with no errors, prints the file and 未发现问题', async () => {
    const run = await runCli('check', clean, '--roster', rosterFile, '--as-of', AS_OF);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('未发现问题');
    expect(run.stdout).toMatch(/共检查 1 个文件：0 个有错误，0 个错误，0 个提示。可以提交。/);
  });

  it('exit 1 with errors: `file!sheet!cell  错误|提示  message` lines grouped by file, then a summary', async () => {
    const run = await runCli('check', inbox, '--roster', rosterFile, '--as-of', AS_OF);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    const heads = lines.filter((l) => l.startsWith('── ')).map((l) => path.basename(l.slice(3).split('（')[0]));
    expect(heads).toEqual(['clean.xlsx', 'planted.xlsx']);
    const problemLines = lines.filter((l) => l.startsWith('  ') && l.includes('!'));
    expect(problemLines).toHaveLength(PLANTED.length);
    for (const l of problemLines) expect(l).toMatch(/^ {2}\S*planted\.xlsx!(党员点评|党组织点评|整改台账)![A-Z]+\d+ {2}(错误|提示) {2}\S/);
    expect(problemLines.find((l) => l.includes('!党员点评!G2'))).toContain('错误  「点评日期」2010-10-08 不在「全面争创」阶段（2010-08-01 至 2010-09-30）内');
    expect(problemLines.find((l) => l.includes('!党组织点评!D2'))).toContain('  提示  ');
    expect(lines[lines.length - 1]).toBe('共检查 2 个文件：1 个有错误，7 个错误，2 个提示。请改正“错误”后重新提交。');
  });

  it('--json prints an array of problems with file, sheet, cell, severity, rule and message', async () => {
    const run = await runCli('check', inbox, '--roster', rosterFile, '--as-of', AS_OF, '--json');
    expect(run.code).toBe(1);
    const parsed = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(Array.isArray(parsed)).toBe(true);
    expect(rules(parsed as never)).toEqual(PLANTED);
    for (const p of parsed) {
      expect(Object.keys(p).sort()).toEqual(['cell', 'file', 'message', 'rule', 'severity', 'sheet']);
      expect(['error', 'warning']).toContain(p.severity);
      expect(String(p.file)).toMatch(/planted\.xlsx$/);
    }
  });

  it('--annotate writes copies with red/yellow cells and notes; the inputs are not modified', async () => {
    const before = await hashTree(inbox);
    const out = path.join(dir, 'annotated');
    const run = await runCli('check', inbox, '--roster', rosterFile, '--as-of', AS_OF, '--annotate', out);
    expect(run.code).toBe(1);
    expect(await hashTree(inbox)).toEqual(before);
    // Only the file with problems gets a copy.
    expect(await fs.readdir(out)).toEqual(['planted.xlsx']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'planted.xlsx'));
    const cell = (sheet: string, ref: string) => wb.getWorksheet(sheet)?.getCell(ref);
    const fill = (sheet: string, ref: string) => (cell(sheet, ref)?.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
    const note = (sheet: string, ref: string) => {
      const n = cell(sheet, ref)?.note;
      return typeof n === 'string' ? n : (n?.texts ?? []).map((t) => t.text).join('');
    };
    expect(fill('党员点评', 'G2')).toBe(ERROR_FILL);
    expect(note('党员点评', 'G2')).toContain('错误：「点评日期」2010-10-08 不在「全面争创」阶段');
    expect(fill('党组织点评', 'D2')).toBe(WARNING_FILL);
    expect(note('党组织点评', 'D2')).toMatch(/^提示：党组织点评一般由联系领导/);
    expect(fill('整改台账', 'H2')).toBe(ERROR_FILL);
    expect(cell('党员点评', 'G3')?.note).toBeUndefined();
    // Cells without a problem stay as they were (they share a style with the painted ones).
    for (const [sheet, ref] of [
      ['党员点评', 'G3'],
      ['党员点评', 'E3'],
      ['党组织点评', 'E2'],
      ['整改台账', 'B5'],
    ])
      expect(fill(sheet, ref)).toBeUndefined();
    // The copy goes back to the secretary: still protected, dropdowns and hidden sheets intact, the cell still editable.
    const members = wb.getWorksheet('党员点评') as ExcelJS.Worksheet;
    expect(wb.worksheets.filter((w) => w.state === 'veryHidden').map((w) => w.name)).toEqual(['_lists', '_meta']);
    expect((members as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet).toBe(true);
    expect((members as unknown as { dataValidations: { model: Record<string, { type: string }> } }).dataValidations.model.H2?.type).toBe('list');
    expect(cell('党员点评', 'G2')?.protection?.locked).toBe(false);
    // Unedited, the copy is skipped (标注副本): it holds the original's rows and must not compete with it.
    const copy = path.join(out, 'planted.xlsx');
    const unedited = await runCheck([copy], { roster, asOf: AS_OF });
    expect(unedited.files[0]).toMatchObject({ status: 'skipped', reason: expect.stringContaining('标注副本') });
    // Once the secretary edits it, it is a branch workbook again, with the problems left.
    members.getCell('G2').value = new Date(Date.UTC(2010, 8, 15));
    await wb.xlsx.writeFile(copy);
    const edited = await runCheck([copy], { roster, asOf: AS_OF });
    expect(rules(edited.files[0].problems)).toEqual(PLANTED.filter((r) => r !== 'dateOutsideStage@党员点评!G2'));
  });

  it("--annotate into the inputs' own folder writes a -标注 copy beside them and never overwrites one", async () => {
    const before = await hashTree(inbox);
    const run = await runCli('check', planted, '--as-of', AS_OF, '--annotate', inbox);
    expect(run.code).toBe(1);
    const names = await fs.readdir(inbox);
    expect(names.sort()).toEqual(['clean.xlsx', 'planted-标注.xlsx', 'planted.xlsx']);
    const after = await hashTree(inbox);
    expect({ clean: after['clean.xlsx'], planted: after['planted.xlsx'] }).toEqual({ clean: before['clean.xlsx'], planted: before['planted.xlsx'] });
    await fs.rm(path.join(inbox, 'planted-标注.xlsx'));
  });

  it('never modifies its inputs (text and JSON runs)', async () => {
    const before = await hashTree(inbox);
    await runCli('check', inbox, '--roster', rosterFile, '--as-of', AS_OF);
    await runCli('check', planted, '--json', '--as-of', AS_OF);
    expect(await hashTree(inbox)).toEqual(before);
  });

  it.each([
    ['a missing roster file', ['check', 'inbox', '--roster', 'no-such-名单.xlsx'], /无法读取名单文件.*文件不存在/],
    ['a malformed --as-of', ['check', 'inbox', '--as-of', '2010/09/30'], /日期应写成 YYYY-MM-DD/],
    ['no input', ['check'], /./],
    ['a mistyped path (nothing to check)', ['check', 'no-such-名单.xlsx'], /没有找到可检查的点评表[\s\S]*文件或文件夹不存在/],
    ['an empty folder', ['check', 'empty'], /没有找到可检查的点评表/],
    ['an unknown option', ['check', 'inbox', '--frobnicate'], /./],
  ])('exit 2 when it cannot run: %s', async (_name, args, message) => {
    await fs.mkdir(path.join(dir, 'empty'), { recursive: true });
    const run = await runCli(...args.map((a) => (a === 'inbox' ? inbox : a === 'no-such-名单.xlsx' || a === 'empty' ? path.join(dir, a) : a)));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('a missing path beside real files is reported as an error of that input (exit 1), the others checked', async () => {
    const run = await runCli('check', clean, path.join(dir, 'no-such.xlsx'), '--as-of', AS_OF);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('no-such.xlsx  错误  文件或文件夹不存在');
    expect(run.stdout).toContain('未发现问题');
  });

  it('exit 2 for a roster with errors, naming the cell', async () => {
    const badRoster = path.join(dir, '坏名单.xlsx');
    await writeRosterFile(badRoster, {
      ...roster,
      members: [...roster.members, { name: '新人', branch: '不存在的党小组', post: undefined, category: undefined }],
    });
    const run = await runCli('check', inbox, '--roster', badRoster);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('坏名单.xlsx!党员!B17  错误  党员“新人”所在党小组“不存在的党小组”不在「党小组」表中');
  });

  it('returns each run its own exit code when main is called twice in one process', async () => {
    const saved = process.exitCode;
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const writeErr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['node', 'review-forms', 'check', planted, '--as-of', AS_OF])).toBe(1);
      expect(await main(['node', 'review-forms', 'check', clean, '--as-of', AS_OF])).toBe(0);
      expect(await main(['node', 'review-forms', 'check', planted, '--as-of', AS_OF])).toBe(1);
      // A command that does not set an exit code itself must not inherit the previous one.
      expect(await main(['node', 'review-forms', 'init', '--out', path.join(dir, '名单-空白.xlsx')])).toBe(0);
    } finally {
      write.mockRestore();
      writeErr.mockRestore();
      process.exitCode = saved;
    }
  });
});
