/**
 * `npm run demo`: the office's whole job on a fictional school. Writes the roster and the branch
 * workbooks, fills them as six secretaries would (most clean, a few with planted problems),
 * checks them, merges them, publishes the public version and prints the review forms.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { formatCheckText, runCheck } from '../commands/check';
import { buildMergeModel, formatMergeSummary, mergeSummary, writeReportFile } from '../commands/merge';
import { formatPrintResult, printForms } from '../commands/print';
import { publishReport } from '../commands/publish';
import { readRosterFile, writeRosterFile } from '../workbook/roster-file';
import { writeBranchTemplates } from '../commands/template';
import { writeFileAtomic } from '../files/atomic-write';
import { type FillInput, fillBranchWorkbook } from './fill';
import { sampleBranchRows, sampleSchool } from './sample';

export const DEMO_STAGE = '全面争创';

export interface DemoResult {
  dir: string;
  roster: string;
  returned: string;
  text: string;
  checkExitCode: number;
  report: string;
  publicReport: string;
  /** The printed forms (print): a workbook per branch. */
  printed: string[];
}

/** The planted problems, by branch index: what a careless secretary does. */
function plant(index: number, input: Required<FillInput>, branch: string): void {
  const m = input.member;
  switch (index) {
    case 1: // 数学党小组: a date outside the stage, a missing aspect, a placeholder
      m[0].date = '2010-10-08';
      m[1].aspect3 = undefined;
      m[2].direction = '同上';
      break;
    case 3: // 行政后勤党小组: an outsider reviewed, a ledger item closed without a date
      m.push({ ...m[0], name: '赵无名', branch, stage: DEMO_STAGE });
      input.rectification.push({
        objectKind: '党员',
        object: m[1].name,
        issue: '工作记录不完整。',
        measures: '建立工作台账。',
        owner: m[1].name,
        dueDate: '2010-10-31',
        status: '已整改',
        source: '党员点评',
      });
      break;
    case 4: // 村小党小组: reviewed by someone unexpected, a talk instead of a meeting, a date typed as text, an unplanned review
      m[0].reviewer = '外校领导';
      m[1].method = '谈话点评';
      m[2].date = '2010年9月16日';
      input.schedule = input.schedule.filter((p) => p.object !== m[3].name);
      break;
    case 5: // 离退休党小组: only half the members reviewed so far, behind its plan
      input.member = m.slice(0, Math.ceil(m.length / 2));
      break;
    default:
      break;
  }
}

export async function runDemo(dir: string): Promise<DemoResult> {
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  const school = sampleSchool(2010);
  const rosterFile = path.join(dir, '名单.xlsx');
  await writeRosterFile(rosterFile, school.roster);
  const { roster } = await readRosterFile(rosterFile);
  const issued = path.join(dir, '下发');
  const returned = path.join(dir, '收回');
  const templates = await writeBranchTemplates(roster, DEMO_STAGE, issued);
  await fs.mkdir(returned, { recursive: true });
  for (const [index, t] of templates.files.entries()) {
    const rows = sampleBranchRows(school, t.branch, DEMO_STAGE, 100 + index);
    const input: Required<FillInput> = { org: [rows.org], member: rows.members, rectification: rows.rectification, schedule: rows.schedule };
    plant(index, input, t.branch);
    const filled = await fillBranchWorkbook(await fs.readFile(t.file), input);
    await writeFileAtomic(path.join(returned, path.basename(t.file)), filled);
  }
  const stage = roster.stages.find((s) => s.name === DEMO_STAGE);
  const check = await runCheck([returned], { roster, asOf: stage?.reportDue ?? '2010-09-30', annotateDir: path.join(dir, '退回标注') });
  const lines = [
    `演示单位：${roster.unit}（${roster.branches.length} 个党小组，${roster.members.length} 名党员），阶段：${DEMO_STAGE}`,
    `名单：${rosterFile}`,
    `下发的点评表：${issued}（${templates.files.length} 个）`,
    `收回的点评表：${returned}`,
    '',
    '检查结果（review-forms check）：',
    formatCheckText(check),
  ];
  const report = path.join(dir, '汇总.xlsx');
  const model = await buildMergeModel([returned], { roster, stage: DEMO_STAGE });
  await writeReportFile(model, report);
  const publicReport = path.join(dir, '公开版.xlsx');
  await publishReport(report, publicReport);
  const printed = await printForms([returned], path.join(dir, '打印'), { roster });
  lines.push(
    '',
    '汇总结果（review-forms merge）：',
    formatMergeSummary({ ...mergeSummary(model), out: report }),
    `公开版（review-forms publish）：${publicReport}`,
    '',
    '打印点评表（review-forms print）：',
    formatPrintResult(printed),
  );
  return {
    dir,
    roster: rosterFile,
    returned,
    text: lines.join('\n'),
    checkExitCode: check.exitCode,
    report,
    publicReport,
    printed: printed.workbooks.map((w) => w.file),
  };
}
