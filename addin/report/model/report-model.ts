/**
 * The content of the report workbook as plain data. `merge` fills it; the report writer
 * (addin/report) renders it; its digest is over this data, so equal content gives an equal digest.
 */
import { digestOf } from '../../forms/digest';
import type { ReportMemberRow, ReportOrgRow, ReportRectificationRow, ReportScheduleRow } from './report-forms';
import type { RosterStage } from '../../forms/roster';
import type { SummaryRow } from './summary';

export type SourceStatus = '采用' | '被替代' | '拒收' | '跳过';

export interface SourceRow {
  /** The file's path relative to the folder given, with `/` (a file given by itself: its name). */
  file: string;
  sha256: string;
  school: string;
  branch: string;
  stage: string;
  /** As the file records it (ISO with the finalizing PC's offset); '' when not finalized. */
  finalizedAt: string;
  read: number;
  accepted: number;
  rejected: number;
  status: SourceStatus;
  reason: string;
}

export interface ProblemRow {
  file: string;
  sheet: string;
  cell: string;
  severity: '错误' | '提示';
  message: string;
  /** On the line that stands for a file's problems not listed (另有 N 个问题未列出): how many of each. */
  unlisted?: { errors: number; warnings: number };
}

/** The problems a 问题清单 stands for, listed or not. */
export function problemCounts(rows: readonly ProblemRow[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const p of rows) {
    if (p.unlisted) {
      errors += p.unlisted.errors;
      warnings += p.unlisted.warnings;
    } else if (p.severity === '错误') errors++;
    else warnings++;
  }
  return { errors, warnings };
}

export interface UncoveredRow {
  school: string;
  kind: '党组织' | '党员';
  branch: string;
  name: string;
}

export interface ExampleRow {
  school: string;
  branch: string;
  kind: '党组织' | '党员';
  name: string;
  reviewer: string;
  date: string;
  deeds: string;
}

/**
 * A branch file a report used, and when it was finalized: what 是否按期 is judged from. A merge of
 * reports carries every school's through (the county's 说明 judges each school by them).
 */
export interface FinalizationRow {
  school: string;
  branch: string;
  file: string;
  finalizedAt: string;
}

export interface ReportModel {
  unit: string;
  stage: RosterStage;
  /** The date overdue items are counted against (the stage's 上报截止, else its end). */
  referenceDate: string;
  schemaVersion: string;
  sources: SourceRow[];
  summary: SummaryRow[];
  org: ReportOrgRow[];
  member: ReportMemberRow[];
  rectification: ReportRectificationRow[];
  schedule: ReportScheduleRow[];
  examples: ExampleRow[];
  uncovered: UncoveredRow[];
  problems: ProblemRow[];
  /**
   * Only in a merge that took schools' reports (sheet 定稿情况): the branch files behind every
   * school's figures. A merge of branch files alone has them in `sources`.
   */
  finalizations?: FinalizationRow[];
  contentDigest: string;
}

export function reportDigest(model: Omit<ReportModel, 'contentDigest'>): string {
  return digestOf(model);
}

/** The branch files a report's figures rest on: carried through from schools' reports, else its own used files. */
export function finalizationsOf(model: { sources: readonly SourceRow[]; finalizations?: FinalizationRow[] }): FinalizationRow[] {
  return (
    model.finalizations ??
    model.sources
      .filter((s) => s.status === '采用' && s.branch !== '')
      .map((s) => ({ school: s.school, branch: s.branch, file: s.file, finalizedAt: s.finalizedAt }))
  );
}

/**
 * Schools whose report was sent but refused, with no report of theirs used: a county's figures
 * leave them out, and 是否按期 and the summary must say so (they are not merely late or 未交).
 * A refused report is a source without a branch, of a school other than the merging unit.
 */
export function schoolsNotCounted(model: Pick<ReportModel, 'unit' | 'sources' | 'summary'>): string[] {
  const counted = new Set(model.summary.map((s) => s.school));
  const refused = model.sources.filter((s) => s.status === '拒收' && s.branch === '' && s.school !== '' && s.school !== model.unit);
  return [...new Set(refused.map((s) => s.school))].filter((school) => !counted.has(school)).sort();
}

/** 来源文件's header of a file's SHA-256 (reports made before it was named in Chinese say `sha256`). */
export const FINGERPRINT_HEADER = '文件指纹 (SHA-256)';
export const LEGACY_FINGERPRINT_HEADER = 'sha256';
/** `_meta` rows of a report: the zone its times are shown in, and each file's exact finalize time. */
export const TIME_ZONE_KEY = 'timeZone';
export const SOURCE_TIME_KEY = 'sourceFinalizedAt';

export const SOURCE_COLUMNS = ['文件名', FINGERPRINT_HEADER, '学校', '党小组', '阶段', '定稿时间', '读取行数', '采用行数', '拒收行数', '状态', '原因'] as const;
export const PROBLEM_COLUMNS = ['文件', '工作表', '单元格', '类别', '问题'] as const;
export const UNCOVERED_COLUMNS = ['学校', '类别', '党小组', '名称'] as const;
/** Between 来源文件 and 问题清单, only in a merge of schools' reports. */
export const FINALIZATIONS_SHEET = '定稿情况';
export const FINALIZATION_COLUMNS = ['学校', '党小组', '文件名', '定稿时间'] as const;
export const EXAMPLE_COLUMNS = ['学校', '党小组', '类别', '名称', '点评人', '点评日期', '先进事迹'] as const;
