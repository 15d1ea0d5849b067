/**
 * The very hidden `_meta` sheet: what a workbook is (branch file or report), for which unit,
 * branch and stage, the part of the roster a secretary needs, and the finalize stamp.
 * Column A holds keys, B onward values; `member` rows repeat, one per roster member.
 */
import { z } from 'zod';
import { type CellValue, type Grid, cellAt } from './cell';
import { isIsoDate } from './dates';
import { POST_CATEGORIES } from './branch-forms';
import type { RosterMember, RosterStage } from './roster';

export const META_SHEET = '_meta';
export const LISTS_SHEET = '_lists';
/** Bumped when the layout of the form sheets changes incompatibly. */
export const SCHEMA_VERSION = '1';
/**
 * `rosterDigest` of a workbook set up in the add-in's 设置 rather than made by `template`: it was
 * never issued from a roster, so there is no roster change to report.
 */
export const PANE_SETUP_DIGEST = 'pane-setup';

const isoDate = z.string().refine(isIsoDate, '日期格式应为 YYYY-MM-DD');
const optionalText = z.string().optional();

export const MetaMember = z.object({
  name: z.string().min(1),
  post: optionalText,
  category: z.enum(POST_CATEGORIES).optional(),
});

export const BranchMeta = z.object({
  schemaVersion: z.string(),
  kind: z.literal('branch'),
  unit: z.string().min(1),
  reportTo: z.string().default(''),
  secretary: z.string().default(''),
  branch: z.string().min(1),
  branchLeader: optionalText,
  liaison: optionalText,
  stage: z.string().min(1),
  stageStart: isoDate,
  stageEnd: isoDate,
  planDue: isoDate.optional(),
  reportDue: isoDate.optional(),
  rosterDigest: z.string(),
  finalizedAt: optionalText,
  contentDigest: optionalText,
  /** Set by `check --annotate` on its copy: the forms' content digest when annotated (an unedited copy is skipped). */
  annotatedCopy: optionalText,
  members: z.array(MetaMember),
});
export type BranchMeta = z.infer<typeof BranchMeta>;

export const ReportMeta = z.object({
  schemaVersion: z.string(),
  kind: z.literal('report'),
  unit: z.string().min(1),
  stage: z.string().min(1),
  stageStart: isoDate,
  stageEnd: isoDate,
  planDue: isoDate.optional(),
  reportDue: isoDate.optional(),
  contentDigest: z.string(),
});
export type ReportMeta = z.infer<typeof ReportMeta>;

export type MetaRow = string[];

const SCALAR_KEYS = [
  'schemaVersion',
  'kind',
  'unit',
  'reportTo',
  'secretary',
  'branch',
  'branchLeader',
  'liaison',
  'stage',
  'stageStart',
  'stageEnd',
  'planDue',
  'reportDue',
  'rosterDigest',
  'finalizedAt',
  'contentDigest',
  'annotatedCopy',
] as const;

/** Meta → rows of strings for the `_meta` sheet (both writers use this). */
export function metaToRows(meta: BranchMeta | ReportMeta): MetaRow[] {
  const rows: MetaRow[] = [];
  const record = meta as Record<string, unknown>;
  for (const key of SCALAR_KEYS) {
    const value = record[key];
    if (value !== undefined && value !== '') rows.push([key, String(value)]);
  }
  if (meta.kind === 'branch') {
    for (const m of meta.members) rows.push(['member', m.name, m.post ?? '', m.category ?? '']);
  }
  return rows;
}

function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return v.error;
  return String(v).trim();
}

/** Reads `_meta` rows back into a loose object; the caller validates it with the schema it expects. */
export function metaFromGrid(grid: Grid): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const members: z.input<typeof MetaMember>[] = [];
  for (const row of grid.rows) {
    const key = cellText(cellAt(row, 0));
    if (key === 'member') {
      const [name, post, category] = [1, 2, 3].map((i) => cellText(cellAt(row, i)));
      members.push({ name, post: post || undefined, category: (category || undefined) as z.input<typeof MetaMember>['category'] });
    } else if (key !== '') {
      out[key] = cellText(cellAt(row, 1));
    }
  }
  out.members = members;
  for (const key of ['planDue', 'reportDue', 'finalizedAt', 'contentDigest', 'annotatedCopy', 'branchLeader', 'liaison']) {
    if (out[key] === '') delete out[key];
  }
  return out;
}

export function stageOfMeta(meta: BranchMeta | ReportMeta): RosterStage {
  return { name: meta.stage, start: meta.stageStart, end: meta.stageEnd, planDue: meta.planDue, reportDue: meta.reportDue };
}

export function membersOfMeta(meta: BranchMeta): RosterMember[] {
  return meta.members.map((m) => ({ name: m.name, branch: meta.branch, post: m.post, category: m.category }));
}
