/**
 * A report workbook read back, so a bureau can merge the reports of its schools: the accepted
 * detail rows (through the same report forms), the 汇总 rows, 未覆盖, 典型推荐 and the sha256 of
 * the report's own inputs (to spot a branch file passed again beside its report).
 */
import { type CellValue, type Grid, cellAt } from '../../forms/cell';
import { serialToIso } from '../../forms/dates';
import { META_SHEET, ReportMeta, metaFromGrid } from '../../forms/meta';
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
import { EXAMPLE_COLUMNS, type ExampleRow, FINGERPRINT_HEADER, LEGACY_FINGERPRINT_HEADER, UNCOVERED_COLUMNS, type UncoveredRow } from './report-model';
import { DONE, NOT_SUBMITTED, SUMMARY_COLUMNS, type SummaryRow, TOTAL_LABEL } from './summary';

export interface ReportContent {
  meta: ReportMeta;
  org: ReportOrgRow[];
  member: ReportMemberRow[];
  rectification: ReportRectificationRow[];
  schedule: ReportScheduleRow[];
  summary: SummaryRow[];
  examples: ExampleRow[];
  uncovered: UncoveredRow[];
  inputHashes: string[];
  rowsRead: number;
  problems: Problem[];
}

function text(v: CellValue | undefined): string {
  if (v === null || v === undefined || typeof v === 'object') return '';
  return String(v).trim();
}

function num(v: CellValue | undefined): number {
  return typeof v === 'number' ? v : Number(text(v)) || 0;
}

/** A 汇总 cell as its SummaryRow value; a report made before 报送情况 existed counts its branches as 已交. */
function summaryValue(kind: (typeof SUMMARY_COLUMNS)[number]['kind'], v: CellValue): string | number | boolean {
  if (kind === 'text') return text(v);
  if (kind === 'done') return text(v) === DONE;
  if (kind === 'submitted') return text(v) !== NOT_SUBMITTED;
  return num(v);
}

/** Rows of a plain table (header in row 1) as label → value. */
function table(grid: Grid | undefined, labels: readonly string[]): Record<string, CellValue>[] {
  if (!grid || grid.rows.length === 0 || grid.rows[0].r !== 1) return [];
  const header = grid.rows[0];
  const columns = labels.map((l) => {
    const at = header.values.findIndex((v) => text(v) === l);
    return at >= 0 ? header.cols[at] : -1;
  });
  return grid.rows.slice(1).map((row) => Object.fromEntries(labels.map((l, i) => [l, columns[i] >= 0 ? cellAt(row, columns[i]) : null])));
}

export function readReportContent(grids: readonly Grid[], options: { date1904?: boolean } = {}): ReportContent | { problems: Problem[] } {
  const grid = (name: string) => grids.find((g) => g.name === name);
  const metaGrid = grid(META_SHEET);
  const meta = metaGrid ? ReportMeta.safeParse(metaFromGrid(metaGrid)) : undefined;
  if (!meta?.success) return { problems: [problem('metaInvalid', { detail: '汇总表的 _meta' }, { sheet: META_SHEET })] };
  const problems: Problem[] = [];
  let rowsRead = 0;
  const detail = <T>(
    form: typeof REPORT_ORG_FORM | typeof REPORT_MEMBER_FORM | typeof REPORT_RECTIFICATION_FORM | typeof REPORT_SCHEDULE_FORM,
    optional = false,
  ): T[] => {
    const g = grid(form.sheetName);
    if (!g) {
      if (optional) return [];
      problems.push(problem('sheetMissing', { sheet: form.sheetName }, { sheet: form.sheetName }));
      return [];
    }
    const read = readForm(form, g, options);
    rowsRead += read.rows.length;
    problems.push(...read.problems, ...read.rows.flatMap((r) => r.problems));
    return read.rows.filter(isAccepted).map((r) => r.record as T);
  };
  const org = detail<ReportOrgRow>(REPORT_ORG_FORM);
  const member = detail<ReportMemberRow>(REPORT_MEMBER_FORM);
  const rectification = detail<ReportRectificationRow>(REPORT_RECTIFICATION_FORM);
  const schedule = detail<ReportScheduleRow>(REPORT_SCHEDULE_FORM, true);
  const summary: SummaryRow[] = table(
    grid('汇总'),
    SUMMARY_COLUMNS.map((c) => c.label),
  )
    .filter((r) => text(r['党小组']) !== '' && text(r['党小组']) !== TOTAL_LABEL)
    .map((r) => {
      const row = Object.fromEntries(SUMMARY_COLUMNS.map((c) => [c.key, summaryValue(c.kind, r[c.label])])) as unknown as SummaryRow;
      return { ...row, school: row.school || meta.data.unit };
    });
  const uncovered = table(grid('未覆盖'), UNCOVERED_COLUMNS).map((r) => ({
    school: text(r['学校']) || meta.data.unit,
    kind: (text(r['类别']) === '党员' ? '党员' : '党组织') as UncoveredRow['kind'],
    branch: text(r['党小组']),
    name: text(r['名称']),
  }));
  const examples = table(grid('典型推荐'), EXAMPLE_COLUMNS).map((r) => {
    const d = r['点评日期'];
    return {
      school: text(r['学校']) || meta.data.unit,
      branch: text(r['党小组']),
      kind: (text(r['类别']) === '党员' ? '党员' : '党组织') as ExampleRow['kind'],
      name: text(r['名称']),
      reviewer: text(r['点评人']),
      date: typeof d === 'number' ? (serialToIso(d, options.date1904) ?? '') : text(d),
      deeds: text(r['先进事迹']),
    };
  });
  const inputHashes = table(grid('来源文件'), [FINGERPRINT_HEADER, LEGACY_FINGERPRINT_HEADER])
    .map((r) => text(r[FINGERPRINT_HEADER]) || text(r[LEGACY_FINGERPRINT_HEADER]))
    .filter((h) => /^[0-9a-f]{64}$/.test(h));
  return { meta: meta.data, org, member, rectification, schedule, summary, examples, uncovered, inputHashes, rowsRead, problems };
}
