/**
 * The CLI speaks Chinese: every command run with a bad invocation (missing required option,
 * option without its value, unknown option, unknown command, bad value, missing or excess
 * arguments) answers in Chinese, names the option or command it is about, and says nothing of
 * commander's English; --help and --version too. Runs main() in this process, output captured.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { displayWidth, wrapHelpText } from '../../../scripts/bin/chinese-command';
import { runCli, tempDir } from '../../helpers/workbooks';

/** What commander would say in English (lower-cased match). */
const ENGLISH = new RegExp(
  [
    ...['usage:', 'options:', 'commands:', 'arguments:', 'error:', 'unknown', 'required', 'missing', 'argument', 'did you mean'],
    ...['too many', 'display help', 'output the version', 'not specified', 'invalid', 'expected'],
  ].join('|'),
  'i',
);

let dir: string;
beforeAll(async () => {
  dir = await tempDir('chinese-cli');
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

/** The text with the option names, placeholders and file names the user typed taken out. */
function prose(text: string): string {
  return text.replace(/--?[a-z][a-z-]*( <[^>]+>)?/gi, '').replace(/<[^>]+>|\[[^\]]+\]/g, '');
}

const BAD: { name: string; args: string[]; says: RegExp }[] = [
  { name: 'unknown command', args: ['chek', 'x'], says: /没有名为“chek”的命令。您是不是要输入 check ？/ },
  { name: 'help of an unknown command', args: ['help', 'chek'], says: /没有名为“chek”的命令。您是不是要输入 check ？/ },
  {
    name: 'unknown command, far from any',
    args: ['zzzz'],
    says: /没有名为“zzzz”的命令。可用的命令：init、template、check、merge、publish、print、finalize、serve/,
  },
  { name: 'init: required option missing', args: ['init'], says: /review-forms init 缺少必需的选项 --out <file>（输出文件/ },
  { name: 'init: option without value', args: ['init', '--out'], says: /review-forms init 的选项 --out <file> 后面缺少值/ },
  { name: 'init: unknown option', args: ['init', '--out', 'x.xlsx', '--forse'], says: /review-forms init 没有选项 --forse。您是不是要输入 --force ？/ },
  {
    name: 'template: required option missing',
    args: ['template', '--roster', 'r.xlsx', '--out', 'd'],
    says: /review-forms template 缺少必需的选项 --stage <name>/,
  },
  {
    name: 'template: unknown option',
    args: ['template', '--roster', 'r.xlsx', '--stage', 's', '--out', 'd', '--rooster', 'r.xlsx'],
    says: /review-forms template 没有选项 --rooster。您是不是要输入 --roster ？/,
  },
  { name: 'check: argument missing', args: ['check'], says: /review-forms check 缺少参数 paths（点评表文件或文件夹）/ },
  {
    name: 'check: bad date',
    args: ['check', 'x', '--as-of', '2010/9/1'],
    says: /review-forms check 的选项 --as-of <date> 的值“2010\/9\/1”不对：日期应写成 YYYY-MM-DD/,
  },
  { name: 'check: unknown option', args: ['check', 'x', '--anotate', 'd'], says: /review-forms check 没有选项 --anotate。您是不是要输入 --annotate ？/ },
  { name: 'merge: required option missing', args: ['merge', 'x', '--roster', 'r.xlsx'], says: /review-forms merge 缺少必需的选项 --out <file>/ },
  {
    name: 'merge: neither roster nor unit',
    args: ['merge', 'x', '--out', 'o.xlsx'],
    says: /合并需要 --roster 或 --unit：.*--roster 指定名单\.xlsx.*--unit 指定单位名称/,
  },
  { name: 'merge: bad date', args: ['merge', 'x', '--out', 'o.xlsx', '--as-of', 'today'], says: /review-forms merge 的选项 --as-of <date> 的值“today”不对/ },
  {
    name: 'merge: a date the calendar does not have',
    args: ['merge', 'x', '--out', 'o.xlsx', '--as-of', '2010-02-30'],
    says: /review-forms merge 的选项 --as-of <date> 的值“2010-02-30”不对：日期应写成 YYYY-MM-DD，且是日历上有的日子/,
  },
  {
    name: 'publish: excess arguments',
    args: ['publish', 'a.xlsx', 'b.xlsx', '--out', 'c.xlsx'],
    says: /review-forms publish 的参数太多：应有 1 个，实际有 2 个（a\.xlsx b\.xlsx）/,
  },
  { name: 'publish: argument missing', args: ['publish', '--out', 'c.xlsx'], says: /review-forms publish 缺少参数 report/ },
  { name: 'finalize: required option missing', args: ['finalize', 'a.xlsx'], says: /review-forms finalize 缺少必需的选项 --out <file>/ },
  { name: 'serve: bad port', args: ['serve', '--port', 'eighty', '--no-open'], says: /review-forms serve 的选项 --port <n> 的值“eighty”不对：端口应是/ },
  { name: 'serve: unknown option', args: ['serve', '--no-opne'], says: /review-forms serve 没有选项 --no-opne。您是不是要输入 --no-open ？/ },
];

test.each(BAD)('$name: a Chinese message naming it, exit code 2', async ({ args, says }) => {
  const { code, stdout: out, stderr: err } = await runCli(...args);
  expect(code).toBe(2);
  expect(out).toBe('');
  expect(err).toMatch(says);
  expect(err).toMatch(/^错误：/);
  expect(prose(err)).not.toMatch(ENGLISH);
});

test('merge without a roster names the branch file that needs one', async () => {
  const { writeRosterFile } = await import('../../../scripts/lib/workbook/roster-file');
  const { writeBranchTemplates } = await import('../../../scripts/lib/commands/template');
  const { sampleSchool } = await import('../../../scripts/lib/demo/sample');
  const school = sampleSchool(3, { branches: 1, membersPerBranch: 2 });
  await writeRosterFile(path.join(dir, '名单.xlsx'), school.roster);
  const issued = await writeBranchTemplates(school.roster, school.roster.stages[1].name, path.join(dir, '下发'));
  const { code, stderr: err } = await runCli('merge', path.join(dir, '下发'), '--unit', '县教育局', '--out', path.join(dir, '汇总.xlsx'));
  expect(code).toBe(2);
  expect(err).toContain(path.basename(issued.files[0].file));
  expect(err).toMatch(/是党小组点评表（共 1 个），合并点评表需要名单：请用 --roster 指定名单\.xlsx/);
  expect(err).not.toMatch(/阶段/);
});

test('--help of the program and of each command is Chinese', async () => {
  for (const args of [['--help'], ['help'], ...['init', 'template', 'check', 'merge', 'publish', 'print', 'finalize', 'serve'].map((c) => [c, '--help'])]) {
    const { code, stdout: out } = await runCli(...args);
    expect(code).toBe(0);
    expect(out).toMatch(/^用法： review-forms/);
    expect(out).toContain('选项：');
    expect(out).toContain('显示帮助');
    expect(prose(out)).not.toMatch(ENGLISH);
    // Wrapped within 80 columns (a CJK character takes two), never a line opening on closing punctuation.
    const lines = out.split('\n');
    expect(lines.filter((l) => displayWidth(l) > 80)).toEqual([]);
    expect(lines.filter((l) => /^\s*[）」』》〉】”’…，。、；：！？]/.test(l))).toEqual([]);
  }
  expect((await runCli('print', '--help')).stdout).toContain('每条一页（A4 纵向）');
  const { stdout: out } = await runCli('--help');
  expect(out).toMatch(/命令：[\s\S]*serve \[选项\]/);
  expect(out).toContain('-V, --version');
});

test('--version prints the package version', async () => {
  const pkg = JSON.parse(await fs.readFile(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string };
  const { code, stdout: out } = await runCli('--version');
  expect(code).toBe(0);
  expect(out.trim()).toBe(pkg.version);
});

test('help text wraps between CJK characters, keeps a character outside the BMP whole, and leaves preformatted or narrow text alone', () => {
  const ext = '𠀀'; // U+20000, two UTF-16 units, two columns
  const wrapped = wrapHelpText(`${'字'.repeat(19)}${ext}“引号”结尾。`, 40);
  expect(wrapped.split('\n')).toEqual([`${'字'.repeat(19)}${ext}`, '“引号”结尾。']);
  expect(wrapHelpText(`第一行\n  已排好的第二行${'字'.repeat(40)}`, 40)).toBe(`第一行\n  已排好的第二行${'字'.repeat(40)}`);
  expect(wrapHelpText('字'.repeat(30), 30)).toBe('字'.repeat(30));
});
