#!/usr/bin/env node
/**
 * The `review-forms` command. This file only wires options to the functions in scripts/lib and
 * turns their results and typed errors into output and exit codes (0 ok, 1 problems, 2 could not run).
 * Commands that write workbooks with exceljs load their modules when run, so check and merge
 * start without it.
 */
import { Command, CommanderError } from 'commander';
import { todayIso } from '../../addin/forms/dates';
import { ProblemsFoundError, ReviewFormsError, UsageError } from '../lib/errors';
import { formatCheckText, runCheck } from '../lib/commands/check';
import { boundHeapGrowth } from '../lib/load/heap';
import { readRosterFile, writeRosterFile } from '../lib/workbook/roster-file';
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../lib/workbook/atomic-write';
import { registerReportCommands } from './report-commands';

function isoOption(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new UsageError('bad-date', `日期应写成 YYYY-MM-DD：${value}`);
  return value;
}

export function buildProgram(): Command {
  const program = new Command('review-forms')
    .description('创先争优活动领导点评：名单、点评表下发、检查、汇总与公开')
    .showHelpAfterError('（用 --help 查看用法）')
    .exitOverride();

  program
    .command('init')
    .description('生成空白名单（名单.xlsx），供办公室填写单位、阶段、党小组和党员')
    .requiredOption('--out <file>', '输出文件，如 名单.xlsx')
    .option('--force', '覆盖已有的文件')
    .action(async (opts: { out: string; force?: boolean }) => {
      // Running init again over a filled roster would silently wipe the office's work.
      const exists = await fs.stat(opts.out).then(() => true, () => false);
      if (exists && !opts.force) throw new UsageError('output-exists', `${opts.out} 已存在，未覆盖（可能是已填写的名单）。请换一个文件名，或加 --force 覆盖。`);
      await writeRosterFile(opts.out);
      process.stderr.write(`已生成空白名单：${opts.out}\n请填写「基本信息」「阶段」「党小组」「党员」四张表。\n`);
    });

  program
    .command('template')
    .description('按名单为每个党小组生成本阶段的点评表')
    .requiredOption('--roster <file>', '名单.xlsx')
    .requiredOption('--stage <name>', '阶段名称，如 全面争创')
    .requiredOption('--out <dir>', '输出文件夹')
    .action(async (opts: { roster: string; stage: string; out: string }) => {
      const { roster } = await readRosterFile(opts.roster);
      const { writeBranchTemplates } = await import('../lib/commands/template');
      const result = await writeBranchTemplates(roster, opts.stage, opts.out);
      for (const f of result.files) process.stderr.write(`  ${f.branch}（${f.members} 名党员）→ ${f.file}\n`);
      process.stderr.write(`已生成 ${result.files.length} 个党小组的点评表。\n`);
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
      boundHeapGrowth();
      const roster = opts.roster ? (await readRosterFile(opts.roster)).roster : undefined;
      const result = await runCheck(paths, { roster, asOf: opts.asOf ?? todayIso(), annotateDir: opts.annotate });
      // Nothing was read (a mistyped path, an empty folder): "可以提交" would mislead; it could not run.
      const unread = (f: (typeof result.files)[number]) => f.status === 'skipped' || (f.status === 'rejected' && f.reason !== undefined);
      if (result.files.every(unread)) {
        const why = result.files.map((f) => `\n  ${f.file}：${f.reason ?? ''}`).join('');
        throw new UsageError('nothing-to-check', `没有找到可检查的点评表（${paths.join('、')}）。${why}`);
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(result.files.flatMap((f) => f.problems), null, 2)}\n`);
      else process.stdout.write(`${formatCheckText(result)}\n`);
      process.exitCode = result.exitCode;
    });

  program
    .command('finalize')
    .description('定稿（供不能使用加载项的 WPS 用户）：检查无错误后，在副本中写入定稿时间和内容摘要')
    .argument('<file>', '党小组点评表')
    .requiredOption('--out <file>', '定稿后的副本（不修改原文件）')
    .option('--at <time>', '定稿时间，如 2010-09-28T16:30:00+08:00（默认现在）')
    .action(async (file: string, opts: { out: string; at?: string }) => {
      const { finalizeWorkbook, localTimestamp } = await import('../lib/commands/finalize');
      const at = opts.at ?? localTimestamp(new Date());
      if (Number.isNaN(Date.parse(at))) throw new UsageError('bad-time', `定稿时间格式不对：${at}`);
      const buf = await fs.readFile(file).catch((err: unknown) => {
        throw new UsageError('unreadable', `无法读取 ${file}：${(err as Error).message}`, { cause: err });
      });
      await writeFileAtomic(opts.out, await finalizeWorkbook(buf, file, at, at.slice(0, 10)));
      process.stderr.write(`已定稿（${at}）：${opts.out}\n`);
    });

  registerReportCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  // Actions report through process.exitCode; a code left by an earlier call in this process
  // (tests, a programmatic caller) must not become this command's.
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ReviewFormsError) {
      process.stderr.write(`错误：${err.message}\n`);
      return err instanceof ProblemsFoundError ? 1 : 2;
    }
    process.stderr.write(`程序出错（请把这段信息发给维护人员）：${(err as Error).stack ?? String(err)}\n`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
