/**
 * 生成汇总: this branch's part of the merge report, as a ReportModel the report writer
 * (addin/report) renders: the same branch part the merge builds (addin/report/model/branch-part.ts),
 * with this workbook as its only source.
 */
import { type BranchRead, allProblems, isAccepted } from '../forms/read/branch-reader';
import { SCHEMA_VERSION } from '../forms/meta';
import { SEVERITY_LABEL } from '../forms/problems';
import type { FormRead } from '../forms/read/sheet-reader';
import { branchReportPart } from '../report/model/branch-part';
import { type ProblemRow, type ReportModel, reportDigest } from '../report/model/report-model';

export function branchReportModel(read: BranchRead, file: string, referenceDate: string): ReportModel {
  const { meta, context } = read;
  const part = branchReportPart({ school: meta.unit, branch: meta.branch, members: context.members, forms: read.forms, file, referenceDate });
  const problems: ProblemRow[] = allProblems(read).map((p) => ({
    file,
    sheet: p.sheet ?? '',
    cell: p.cell ?? '',
    severity: SEVERITY_LABEL[p.severity] as ProblemRow['severity'],
    message: p.message,
  }));
  const all = Object.values(read.forms).flatMap((f: FormRead<unknown> | undefined) => f?.rows ?? []);
  const acceptedRows = all.filter((r) => isAccepted(r)).length;
  const body: Omit<ReportModel, 'contentDigest'> = {
    unit: meta.unit,
    stage: context.stage,
    referenceDate,
    schemaVersion: SCHEMA_VERSION,
    sources: [
      {
        file,
        sha256: '',
        school: meta.unit,
        branch: meta.branch,
        stage: meta.stage,
        finalizedAt: meta.finalizedAt ?? '',
        read: all.length,
        accepted: acceptedRows,
        rejected: all.length - acceptedRows,
        status: '采用',
        reason: '加载项按本工作簿生成',
      },
    ],
    summary: [part.summary],
    org: part.org,
    member: part.member,
    rectification: part.rectification,
    schedule: part.schedule,
    examples: part.examples,
    uncovered: part.uncovered,
    problems,
  };
  return { ...body, contentDigest: reportDigest(body) };
}
