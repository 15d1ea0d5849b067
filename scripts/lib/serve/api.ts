/**
 * What the server and the page say to each other: JSON shapes only (the page imports these types,
 * never the server's code). Every text a person reads is already Chinese when it leaves the server.
 */

export interface ProblemView {
  sheet: string;
  cell: string;
  severity: '错误' | '提示';
  message: string;
}

export interface StageView {
  name: string;
  start: string;
  end: string;
  planDue?: string;
  reportDue?: string;
}

export interface RosterView {
  present: boolean;
  /** The roster's path in the working folder. */
  file: string;
  /** Why the file could not be read at all (not a workbook, too large…). */
  readError?: string;
  unit?: string;
  branches: number;
  members: number;
  stages: StageView[];
  problems: ProblemView[];
}

export interface IssuedView {
  folder: string;
  files: { name: string; bytes: number }[];
}

export type FileStatus = '采用' | '有错误' | '被替代' | '拒收' | '跳过';

export interface ProblemGroup {
  sheet: string;
  problems: ProblemView[];
}

export interface ReturnedFileView {
  /** Its name in the folder (relative, with `/`): what 移除 names. */
  file: string;
  status: FileStatus;
  reason: string;
  /** What the office can do about it (e.g. a conflict: remove the file not wanted). */
  advice?: string;
  school: string;
  branch: string;
  errors: number;
  warnings: number;
  groups: ProblemGroup[];
  annotated: boolean;
}

export interface CoverageView {
  school: string;
  branch: string;
  membersExpected: number;
  membersReviewed: number;
  orgReviewed: boolean;
  /** Roster entries without an accepted review: 党组织 and 党员 names. */
  missing: { kind: '党组织' | '党员'; name: string }[];
}

export interface ReturnsView {
  folder: string;
  files: ReturnedFileView[];
  coverage: CoverageView[];
  annotated: number;
  /** When the inputs could not be judged at all (e.g. no roster). */
  error?: string;
}

export interface SummaryColumnView {
  key: string;
  label: string;
  kind: 'text' | 'count' | 'ratio' | 'done' | 'submitted';
}

/** A merged report as written to disk, read back: its 汇总 rows (the 合计 row last). */
export interface ReportView {
  file: string;
  publicFile?: string;
  unit: string;
  stage: string;
  referenceDate: string;
  columns: SummaryColumnView[];
  rows: Record<string, string | number>[];
  uncovered: number;
  /** The files it was made from are no longer those in the folder: it must be made again. */
  stale?: boolean;
  error?: string;
}

export interface BureauView {
  folder: string;
  unit: string;
  files: ReturnedFileView[];
  report?: ReportView;
  error?: string;
}

export interface StateView {
  dir: string;
  roster: RosterView;
  stage?: string;
  issued?: IssuedView;
  returns?: ReturnsView;
  report?: ReportView;
  bureau: BureauView;
}

/** Files an upload did not keep, each with the reason (too large, a lock file…). */
export interface UploadResult {
  stored: string[];
  refused: { file: string; reason: string }[];
  /** Files of the same name it replaced (moved to 已移除), each with what the page says. */
  replaced: { file: string; note: string }[];
  /** Files kept under a numbered name beside a different file of their name (not the same form, or twice in this upload). */
  numbered: { file: string; note: string }[];
}

/** A roster upload: refused (with the uploaded file's own problems) unless it may replace the roster. */
export interface RosterUploadResult extends UploadResult {
  problems: ProblemView[];
}

/** 移除: what became of the file. */
export interface RemoveResult {
  note: string;
}

export interface ErrorBody {
  error: string;
}
