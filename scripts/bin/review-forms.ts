#!/usr/bin/env node
/**
 * The `review-forms` command. This file only wires options to the functions in scripts/lib/commands
 * and turns their results and typed errors into output and exit codes (0 ok, 1 problems, 2 could
 * not run). Each command's module is imported when that command runs, so `check` and `merge`
 * never load exceljs (test/scripts/bin/lazy-commands.test.ts).
 */
import { type Command, CommanderError } from 'commander';
import { isIsoDate, todayIso } from '../../addin/forms/dates';
import { ProblemsFoundError, ReviewFormsError, UsageError } from '../lib/errors';
import { installNodeSha256 } from '../lib/node-sha256';
import { packageVersion } from '../lib/package-info';
import { reasonText } from '../lib/reasons';
import { chineseProgram, invalidValue } from './chinese-command';

function isoOption(value: string): string {
  if (!isIsoDate(value)) throw invalidValue('date-format');
  return value;
}

function portOption(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw invalidValue('port-format');
  return port;
}

function progressBar(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY || process.env.CI) return undefined;
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    process.stderr.write(`\r读取 [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    if (done === total) process.stderr.write('\n');
  };
}

async function readRoster(file: string) {
  const { readRosterFile } = await import('../lib/workbook/roster-file');
  return (await readRosterFile(file)).roster;
}

/** check and merge read many files: V8's heap is bounded before the first is read (scripts/lib/load/heap.ts). */
async function boundHeapGrowth(): Promise<void> {
  (await import('../lib/load/heap')).boundHeapGrowth();
}

export function buildProgram(): Command {
  const program = chineseProgram('review-forms', packageVersion())
    .description('创先争优活动领导点评：名单、点评表下发、检查、汇总与公开。办公室可用 review-forms serve 在浏览器中完成全部工作。')
    .showHelpAfterError('（用 --help 查看用法）')
    .exitOverride();

  program
    .command('init')
    .description('生成空白名单（名单.xlsx），供办公室填写单位、阶段、党小组和党员')
    .requiredOption('--out <file>', '输出文件，如 名单.xlsx')
    .option('--force', '覆盖已有的文件')
    .action(async (opts: { out: string; force?: boolean }) => {
      const { initRoster } = await import('../lib/commands/init');
      await initRoster(opts.out, { force: opts.force });
      process.stderr.write(`已生成空白名单：${opts.out}\n请填写「基本信息」「阶段」「党小组」「党员」四张表。\n`);
    });

  program
    .command('template')
    .description('按名单为每个党小组生成本阶段的点评表')
    .requiredOption('--roster <file>', '名单.xlsx')
    .requiredOption('--stage <name>', '阶段名称，如 全面争创')
    .requiredOption('--out <dir>', '输出文件夹')
    .option('--force', '覆盖文件夹中已有的同名点评表')
    .action(async (opts: { roster: string; stage: string; out: string; force?: boolean }) => {
      const roster = await readRoster(opts.roster);
      const { writeBranchTemplates } = await import('../lib/commands/template');
      const result = await writeBranchTemplates(roster, opts.stage, opts.out, { force: opts.force, rosterFile: opts.roster });
      for (const f of result.files) process.stderr.write(`  ${f.branch}（${f.members} 名党员）→ ${f.file}\n`);
      for (const f of result.kept) process.stderr.write(`  ${reasonText('template-kept', { file: f.file })}\n`);
      process.stderr.write(`已生成 ${result.files.length} 个党小组的点评表${result.kept.length > 0 ? `，${result.kept.length} 个已存在未覆盖` : ''}。\n`);
    });

  program
    .command('check')
    .description('检查党小组点评表，列出每个问题所在的单元格')
    .argument('<paths...>', '点评表文件或文件夹')
    .option('--roster <file>', '名单.xlsx（不给出时按表内保存的名单检查）')
    .option('--json', '以 JSON 数组输出问题')
    .option('--annotate <dir>', '在该文件夹生成标注了问题的副本')
    .option('--as-of <date>', '检查基准日（晚于此日的日期视为将来），默认今天', isoOption)
    .action(async (paths: string[], opts: { roster?: string; json?: boolean; annotate?: string; asOf?: string }) => {
      await boundHeapGrowth();
      const roster = opts.roster === undefined ? undefined : await readRoster(opts.roster);
      const { checkJson, formatCheckText, runCheck } = await import('../lib/commands/check');
      const result = await runCheck(paths, { roster, rosterFile: opts.roster, asOf: opts.asOf ?? todayIso(), annotateDir: opts.annotate });
      // Nothing was read (a mistyped path, an empty folder): "可以提交" would mislead; it could not run.
      const unread = (f: (typeof result.files)[number]) => f.status === 'skipped' || (f.status === 'rejected' && f.reason !== undefined);
      if (result.files.every(unread)) {
        const why = result.files.map((f) => `\n  ${f.file}：${f.reason ?? ''}`).join('');
        throw new UsageError('nothing-to-check', { paths: paths.join('、'), details: why });
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(checkJson(result), null, 2)}\n`);
      else process.stdout.write(`${formatCheckText(result)}\n`);
      process.exitCode = result.exitCode;
    });

  program
    .command('merge')
    .description('把各党小组的点评表合并为上报县教育局的标准汇总表')
    .argument('<paths...>', '点评表文件或文件夹')
    .option('--roster <file>', '名单.xlsx（合并党小组点评表时必需；只合并各校汇总表时可省略）')
    .requiredOption('--out <file>', '输出的汇总表，如 汇总.xlsx')
    .option('--unit <name>', '没有名单时汇总表的单位名称，如 县教育局')
    .option('--stage <name>', '阶段名称（默认取多数文件所属的阶段）')
    .option('--as-of <date>', '统计基准日（默认为该阶段的上报截止日）', isoOption)
    .option('--json', '在标准输出打印 JSON 格式的摘要')
    .action(async (paths: string[], opts: { roster?: string; out: string; unit?: string; stage?: string; asOf?: string; json?: boolean }) => {
      if (opts.roster === undefined && opts.unit === undefined) throw new UsageError('merge-needs-roster-or-unit');
      await boundHeapGrowth();
      const roster = opts.roster === undefined ? undefined : await readRoster(opts.roster);
      const { formatMergeSummary, mergeExitCode, mergeToFile } = await import('../lib/commands/merge');
      const summary = await mergeToFile(paths, opts.out, {
        roster,
        rosterFile: opts.roster,
        unit: opts.unit,
        stage: opts.stage,
        asOf: opts.asOf,
        onProgress: progressBar(),
      });
      if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      process.stderr.write(`${formatMergeSummary(summary)}\n`);
      process.exitCode = mergeExitCode(summary);
    });

  program
    .command('publish')
    .description('由汇总表生成公开版（整理公开），不含对党员个人的问题和个人信息')
    .argument('<report>', 'merge 生成的汇总表')
    .requiredOption('--out <file>', '输出的公开版，如 公开版.xlsx')
    .action(async (report: string, opts: { out: string }) => {
      const { publishReport } = await import('../lib/commands/publish');
      const result = await publishReport(report, opts.out);
      process.stderr.write(`已生成公开版：${opts.out}（党组织点评 ${result.org ?? 0} 条，整改事项 ${result.rectification ?? 0} 条）\n`);
    });

  program
    .command('print')
    .description('打印点评表：把没有错误的点评排成正式的《领导点评表》，每条一页（A4 纵向），每个党小组一个工作簿')
    .argument('<paths...>', '点评表或汇总表文件，或文件夹')
    .requiredOption('--out <dir>', '输出文件夹')
    .option('--roster <file>', '名单.xlsx（给出时按名单检查，与 merge 相同；否则按表内保存的名单）')
    .option('--pdf', '同时用 LibreOffice 生成 PDF')
    .action(async (paths: string[], opts: { out: string; roster?: string; pdf?: boolean }) => {
      const roster = opts.roster === undefined ? undefined : await readRoster(opts.roster);
      const { formatPrintResult, printForms } = await import('../lib/commands/print');
      const result = await printForms(paths, opts.out, { roster, rosterFile: opts.roster, pdf: opts.pdf });
      process.stderr.write(`${formatPrintResult(result)}\n`);
      process.exitCode = result.exitCode;
    });

  program
    .command('finalize')
    .description('定稿（供不能使用加载项的 WPS 用户）：检查无错误后，在副本中写入定稿时间和内容摘要')
    .argument('<file>', '党小组点评表')
    .requiredOption('--out <file>', '定稿后的副本（不修改原文件）')
    .option('--at <time>', '定稿时间，如 2010-09-28T16:30:00+08:00；不写时区按本机时区（默认现在）')
    .action(async (file: string, opts: { out: string; at?: string }) => {
      const { finalizeFile } = await import('../lib/commands/finalize');
      const at = await finalizeFile(file, opts.out, { at: opts.at });
      process.stderr.write(`已定稿（${at}）：${opts.out}\n`);
      // A receipt time after now is a typo more often than not (2019 for 2010): said, not refused.
      if (Date.parse(at) > Date.now() + 60_000) process.stderr.write(`${reasonText('finalized-in-future', { at })}\n`);
    });

  program
    .command('serve')
    .description('在本机启动点评工作页面并用浏览器打开：名单、下发、收回与检查、汇总、县教育局汇总')
    .option('--port <n>', '端口（默认自动选择空闲端口）', portOption)
    .option('--dir <folder>', '工作目录：上传和生成的文件都按阶段保存在这里（默认：“文档”下的“领导点评”文件夹）')
    .option('--no-open', '不自动打开浏览器')
    .action(async (opts: { port?: number; dir?: string; open: boolean }) => {
      const { defaultWorkDir, openBrowser, startServer } = await import('../lib/serve/server');
      const server = await startServer({ dir: opts.dir ?? defaultWorkDir(), port: opts.port ?? 0 });
      process.stdout.write(`点评工作页面：${server.url}\n`);
      process.stderr.write(`工作目录：${server.dir}\n只有本机能打开这个地址；关闭本窗口（或按 Ctrl+C）即停止。\n`);
      if (opts.open && !openBrowser(server.url)) process.stderr.write('未能自动打开浏览器，请把上面的地址复制到浏览器中打开。\n');
      await new Promise<void>((resolve) => {
        const stop = () => void server.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  return program;
}

/**
 * `help NAME`: the help of NAME, or, for a NAME that is no command, the unknown-command error with
 * its suggestion (commander's own help command printed the program's help and exited 2, silently).
 */
function helpCommandArgs(program: Command, argv: readonly string[]): string[] {
  const [node, bin, first, name, ...rest] = argv;
  if (first !== 'help' || name === undefined) return [...argv];
  const known = program.commands.some((c) => c.name() === name || c.aliases().includes(name));
  return known ? [node, bin, name, '--help', ...rest] : [node, bin, name, ...rest];
}

export async function main(argv: string[]): Promise<number> {
  installNodeSha256();
  const program = buildProgram();
  // Actions report through process.exitCode; a code left by an earlier call in this process
  // (tests, a programmatic caller) must not become this command's.
  process.exitCode = undefined;
  try {
    await program.parseAsync(helpCommandArgs(program, argv));
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ReviewFormsError) {
      process.stderr.write(`错误：${err.message}\n`);
      return err instanceof ProblemsFoundError ? 1 : 2;
    }
    process.stderr.write(`${reasonText('internal-error', { detail: (err as Error).stack ?? String(err) })}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
