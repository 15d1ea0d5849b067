/** The office's commands: merge and publish (wiring only; the work is in scripts/lib/merge). */
import type { Command } from 'commander';
import { boundHeapGrowth } from '../lib/load/heap';
import { buildMergeModel, formatMergeSummary, mergeExitCode, mergeSummary } from '../lib/commands/merge';
import { publishReport } from '../lib/commands/publish';
import { reportToBytesStreaming } from '../lib/workbook/report-writer';
import { readRosterFile } from '../lib/workbook/roster-file';
import { writeFileAtomic } from '../lib/workbook/atomic-write';

function progressBar(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY || process.env.CI) return undefined;
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    process.stderr.write(`\r读取 [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
    if (done === total) process.stderr.write('\n');
  };
}

export function registerReportCommands(program: Command): void {
  program
    .command('merge')
    .description('把各党小组的点评表合并为上报县教育局的标准汇总表')
    .argument('<paths...>', '点评表文件或文件夹')
    .option('--roster <file>', '名单.xlsx（合并党小组点评表时必需；只合并各校汇总表时可省略）')
    .requiredOption('--out <file>', '输出的汇总表，如 汇总.xlsx')
    .option('--unit <name>', '没有名单时汇总表的单位名称，如 县教育局')
    .option('--stage <name>', '阶段名称（默认取多数文件所属的阶段）')
    .option('--as-of <date>', '统计基准日（默认为该阶段的上报截止日）')
    .option('--json', '在标准输出打印 JSON 格式的摘要')
    .action(async (paths: string[], opts: { roster?: string; out: string; unit?: string; stage?: string; asOf?: string; json?: boolean }) => {
      boundHeapGrowth();
      const roster = opts.roster ? (await readRosterFile(opts.roster)).roster : undefined;
      const model = await buildMergeModel(paths, { roster, unit: opts.unit, stage: opts.stage, asOf: opts.asOf, onProgress: progressBar() });
      await writeFileAtomic(opts.out, await reportToBytesStreaming(model));
      const summary = { ...mergeSummary(model), out: opts.out };
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
      const result = await publishReport(report, opts.out);
      process.stderr.write(`已生成公开版：${opts.out}（党组织点评 ${result.org} 条，整改事项 ${result.rectification} 条）\n`);
    });
}
