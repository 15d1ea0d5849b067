/**
 * A report workbook read back, so a bureau can merge the reports of its schools. Everything the
 * report's content digest covers is read back — the detail rows (through the same report forms),
 * 汇总, 典型推荐, 未覆盖, 来源文件, 问题清单, 定稿情况, the stage and the reference date — and the
 * digest recomputed: a report edited after it was made is an error. Its parts are then compared
 * (report-figures.ts): 汇总 is a view of the detail sheets, never a source.
 */
import { type CellValue, type Grid, cellAt } from '../../forms/cell';
import { serialToIso } from '../../forms/dates';
import { META_SHEET, ReportMeta, metaFromGrid, stageOfMeta } from '../../forms/meta';
import { type Problem, problem } from '../../forms/problems';
import { isAccepted, readForm } from '../../forms/read/sheet-reader';
import {
  REPORT_MEMBER_FORM,
  REPORT_ORG_FORM,
  REPORT_RECTIFICATION_FORM,
  REPORT_SCHEDULE_FORM,
  type ReportMemberRow,
  type ReportOrgRow,
  type ReportRectificationRow,
  type ReportScheduleRow,
} from './report-forms';
import { reportDisagreements } from './report-figures';
import {
  EXAMPLE_COLUMNS,
  type ExampleRow,
  FINALIZATIONS_SHEET,
  FINALIZATION_COLUMNS,
  FINGERPRINT_HEADER,
  type FinalizationRow,
  LEGACY_FINGERPRINT_HEADER,
  PROBLEM_COLUMNS,
  type ProblemRow,
  type ReportModel,
  SOURCE_COLUMNS,
  SOURCE_TIME_KEY,
  type SourceRow,
  UNCOVERED_COLUMNS,
  type UncoveredRow,
  finalizationsOf,
  reportDigest,
} from './report-model';
import { DONE, NOT_SUBMITTED, SUMMARY_COLUMNS, type SummaryRow, TOTAL_LABEL } from './summary';

export interface ReportContent {
  meta: ReportMeta;
  /** The date the report's own figures were counted against (说明's 统计基准日). */
  referenceDate: string;
  org: ReportOrgRow[];
  member: ReportMemberRow[];
  rectification: ReportRectificationRow[];
  schedule: ReportScheduleRow[];
  /** 汇总 as written: compared with the figures of the detail sheets, never summed. */
  summary: SummaryRow[];
  examples: ExampleRow[];
  uncovered: UncoveredRow[];
  sources: SourceRow[];
  /** The branch files behind the report's figures, each with its finalize time. */
  finalizations: FinalizationRow[];
  inputHashes: string[];
  rowsRead: number;
  /** Reading problems and, as errors, a digest that does not match or parts that disagree. */
  problems: Problem[];
}

/** A cell's text exactly as written (the digest covers it so). */
function exact(v: CellValue | undefined): string {
  if (v === null || v === undefined || typeof v === 'object') return '';
  return String(v);
}

function num(v: CellValue | undefined): number {
  return typeof v === 'number' ? v : Number(exact(v).trim()) || 0;
}

/** Rows of a plain table (header in row 1) as label → value; a label the header lacks reads as null. */
function table(grid: Grid | undefined, labels: readonly string[]): Record<string, CellValue>[] {
  if (!grid || grid.rows.length === 0 || grid.rows[0].r !== 1) return [];
  const header = grid.rows[0];
  const columns = labels.map((l) => {
    const at = header.values.findIndex((v) => exact(v).trim() === l);
    return at >= 0 ? header.cols[at] : -1;
  });
  return grid.rows.slice(1).map((row) => Object.fromEntries(labels.map((l, i) => [l, columns[i] >= 0 ? cellAt(row, columns[i]) : null])));
}

function hasColumn(grid: Grid | undefined, label: string): boolean {
  return !!grid && grid.rows.length > 0 && grid.rows[0].values.some((v) => exact(v).trim() === label);
}

function dateText(v: CellValue | undefined, date1904?: boolean): string {
  return typeof v === 'number' ? (serialToIso(v, date1904) ?? '') : exact(v);
}

/**
 * 汇总 without its 合计 row (the last one). A report made before 报送情况 existed has no
 * `submitted`: its rows are read without it, as its digest was made.
 */
function summaryRows(grid: Grid | undefined): SummaryRow[] {
  const withSubmitted = hasColumn(grid, SUMMARY_COLUMNS.find((c) => c.kind === 'submitted')?.label ?? '');
  const columns = SUMMARY_COLUMNS.filter((c) => c.kind !== 'submitted' || withSubmitted);
  const rows = table(
    grid,
    columns.map((c) => c.label),
  );
  if (rows.length > 0 && exact(rows[rows.length - 1]['党小组']) === TOTAL_LABEL) rows.pop();
  return rows.map((r) => {
    const row = Object.fromEntries(columns.map((c) => [c.key, cellValue(c.kind, r[c.label])])) as unknown as SummaryRow;
    // 覆盖率 is a formula of the two counts; its cached value is rounded by some programs
    // (LibreOffice keeps 15 digits), so it is computed as the report's model computed it.
    return { ...row, coverage: row.membersExpected === 0 ? 1 : row.membersReviewed / row.membersExpected };
  });
}

function cellValue(kind: (typeof SUMMARY_COLUMNS)[number]['kind'], v: CellValue): string | number | boolean {
  if (kind === 'text') return exact(v);
  if (kind === 'done') return exact(v) === DONE;
  if (kind === 'submitted') return exact(v) !== NOT_SUBMITTED;
  return num(v);
}

/** `_meta`'s exact finalize time of each file (来源文件 shows it to the minute in the report's zone), by file and fingerprint. */
function sourceTimes(meta: Grid | undefined): Map<string, string> {
  const times = new Map<string, string>();
  for (const row of meta?.rows ?? []) {
    if (exact(cellAt(row, 0)) === SOURCE_TIME_KEY) times.set(`${exact(cellAt(row, 1))}\u0000${exact(cellAt(row, 2))}`, exact(cellAt(row, 3)));
  }
  return times;
}

/** 来源文件; the finalize time from `_meta` (a report made before it kept them there shows them in full). */
function sourceRows(grid: Grid | undefined, times: Map<string, string>): SourceRow[] {
  const fingerprint = hasColumn(grid, FINGERPRINT_HEADER) ? FINGERPRINT_HEADER : LEGACY_FINGERPRINT_HEADER;
  return table(grid, [...SOURCE_COLUMNS.filter((l) => l !== FINGERPRINT_HEADER), fingerprint]).map((r) => {
    const file = exact(r['文件名']);
    const sha256 = exact(r[fingerprint]);
    return {
      file,
      sha256,
      school: exact(r['学校']),
      branch: exact(r['党小组']),
      stage: exact(r['阶段']),
      finalizedAt: times.get(`${file}\u0000${sha256}`) ?? exact(r['定稿时间']),
      read: num(r['读取行数']),
      accepted: num(r['采用行数']),
      rejected: num(r['拒收行数']),
      status: exact(r['状态']) as SourceRow['status'],
      reason: exact(r['原因']),
    };
  });
}

/**
 * The line that stands for a file's problems not listed (scripts/lib/reasons.ts
 * `problems-unlisted`): its counts are part of the report's content.
 */
const UNLISTED = /^另有 \d+ 个问题未列出（错误 (\d+) 个，提示 (\d+) 个）/;

function problemRow(r: Record<string, CellValue>): ProblemRow {
  const row: ProblemRow = {
    file: exact(r['文件']),
    sheet: exact(r['工作表']),
    cell: exact(r['单元格']),
    severity: exact(r['类别']) as ProblemRow['severity'],
    message: exact(r['问题']),
  };
  const unlisted = row.sheet === '' && row.cell === '' ? UNLISTED.exec(row.message) : null;
  return unlisted ? { ...row, unlisted: { errors: Number(unlisted[1]), warnings: Number(unlisted[2]) } } : row;
}

/** 说明's 统计基准日. */
function referenceDateOf(grid: Grid | undefined): string {
  const row = grid?.rows.find((r) => exact(cellAt(r, 0)) === '统计基准日');
  return row ? exact(cellAt(row, 1)) : '';
}

type ReportForm = typeof REPORT_ORG_FORM | typeof REPORT_MEMBER_FORM | typeof REPORT_RECTIFICATION_FORM | typeof REPORT_SCHEDULE_FORM;

export function readReportContent(grids: readonly Grid[], options: { date1904?: boolean } = {}): ReportContent | { problems: Problem[] } {
  const grid = (name: string) => grids.find((g) => g.name === name);
  const metaGrid = grid(META_SHEET);
  const parsed = metaGrid ? ReportMeta.safeParse(metaFromGrid(metaGrid)) : undefined;
  if (!parsed?.success) return { problems: [problem('metaInvalid', { detail: '汇总表的 _meta' }, { sheet: META_SHEET })] };
  const meta = parsed.data;
  const problems: Problem[] = [];
  let rowsRead = 0;
  const detail = <T>(form: ReportForm, optional = false): T[] => {
    const g = grid(form.sheetName);
    if (!g) {
      if (!optional) problems.push(problem('sheetMissing', { sheet: form.sheetName }, { sheet: form.sheetName }));
      return [];
    }
    // Every row: a county's sheets hold more than a branch sheet's row limit.
    const read = readForm(form, g, { ...options, maxRows: Number.MAX_SAFE_INTEGER });
    rowsRead += read.rows.length;
    problems.push(...read.problems, ...read.rows.flatMap((r) => r.problems));
    return read.rows.filter(isAccepted).map((r) => r.record as T);
  };
  const sources = sourceRows(grid('来源文件'), sourceTimes(metaGrid));
  const finalizationsGrid = grid(FINALIZATIONS_SHEET);
  const carried = finalizationsGrid
    ? table(finalizationsGrid, FINALIZATION_COLUMNS).map((r) => ({
        school: exact(r['学校']),
        branch: exact(r['党小组']),
        file: exact(r['文件名']),
        finalizedAt: exact(r['定稿时间']),
      }))
    : undefined;
  const model: Omit<ReportModel, 'contentDigest'> = {
    unit: meta.unit,
    stage: stageOfMeta(meta),
    referenceDate: referenceDateOf(grid('说明')),
    schemaVersion: meta.schemaVersion,
    sources,
    summary: summaryRows(grid('汇总')),
    org: detail<ReportOrgRow>(REPORT_ORG_FORM),
    member: detail<ReportMemberRow>(REPORT_MEMBER_FORM),
    rectification: detail<ReportRectificationRow>(REPORT_RECTIFICATION_FORM),
    schedule: detail<ReportScheduleRow>(REPORT_SCHEDULE_FORM, true),
    examples: table(grid('典型推荐'), EXAMPLE_COLUMNS).map((r) => ({
      school: exact(r['学校']),
      branch: exact(r['党小组']),
      kind: (exact(r['类别']) === '党员' ? '党员' : '党组织') as ExampleRow['kind'],
      name: exact(r['名称']),
      reviewer: exact(r['点评人']),
      date: dateText(r['点评日期'], options.date1904),
      deeds: exact(r['先进事迹']),
    })),
    uncovered: table(grid('未覆盖'), UNCOVERED_COLUMNS).map((r) => ({
      school: exact(r['学校']),
      kind: (exact(r['类别']) === '党员' ? '党员' : '党组织') as UncoveredRow['kind'],
      branch: exact(r['党小组']),
      name: exact(r['名称']),
    })),
    problems: table(grid('问题清单'), PROBLEM_COLUMNS).map(problemRow),
    finalizations: carried,
  };
  const content: ReportContent = {
    meta,
    referenceDate: model.referenceDate,
    org: model.org,
    member: model.member,
    rectification: model.rectification,
    schedule: model.schedule,
    summary: model.summary,
    examples: model.examples,
    uncovered: model.uncovered,
    sources,
    finalizations: finalizationsOf(model),
    inputHashes: sources.map((s) => s.sha256).filter((h) => /^[0-9a-f]{64}$/.test(h)),
    rowsRead,
    problems,
  };
  if (reportDigest(model) !== meta.contentDigest) problems.push(problem('reportEdited', {}, { sheet: META_SHEET }));
  else problems.push(...reportDisagreements(content));
  return content;
}
