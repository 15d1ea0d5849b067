/**
 * The branch setup (设置) as the pane edits it, turned into a BranchMeta, with Chinese field
 * messages when something is missing. Pure: no Office, no DOM.
 */
import { isIsoDate, parseDateText } from '../forms/dates';
import { type BranchMeta, PANE_SETUP_DIGEST, SCHEMA_VERSION } from '../forms/meta';
import { POST_CATEGORIES } from '../forms/branch-forms';
import { normalizeName } from '../forms/text';

export { PANE_SETUP_DIGEST };

export interface SetupInput {
  unit: string;
  branch: string;
  branchLeader: string;
  /** 联系领导: the leader who reviews the branch. */
  liaison: string;
  stage: string;
  stageStart: string;
  stageEnd: string;
  /** One member a line: 姓名, then optionally 职务/岗位 and 岗位类别, separated by tabs, commas or spaces. */
  members: string;
}

export type SetupField = keyof SetupInput;
export type SetupErrors = Partial<Record<SetupField, string>>;

export function setupInputOf(meta: BranchMeta | null): SetupInput {
  return {
    unit: meta?.unit ?? '',
    branch: meta?.branch ?? '',
    branchLeader: meta?.branchLeader ?? '',
    liaison: meta?.liaison ?? '',
    stage: meta?.stage ?? '',
    stageStart: meta?.stageStart ?? '',
    stageEnd: meta?.stageEnd ?? '',
    members: (meta?.members ?? []).map((m) => [m.name, m.post ?? '', m.category ?? ''].join('\t').replace(/\t+$/, '')).join('\n'),
  };
}

type Category = (typeof POST_CATEGORIES)[number];

export function parseMembers(text: string): { members: BranchMeta['members']; errors: string[] } {
  const members: BranchMeta['members'] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    const parts = line.split(/\t|,|，|\s{2,}/).map((p) => p.trim());
    const name = normalizeName(parts[0] ?? '');
    if (name === '' || name === '姓名') return;
    if (seen.has(name)) {
      errors.push(`第 ${i + 1} 行：“${name}”重复`);
      return;
    }
    seen.add(name);
    const post = parts[1] || undefined;
    const categoryText = parts[2] ? normalizeName(parts[2]) : '';
    let category: Category | undefined;
    if (categoryText) {
      category = POST_CATEGORIES.find((c) => c === categoryText);
      if (!category) errors.push(`第 ${i + 1} 行：岗位类别“${parts[2]}”应为 ${POST_CATEGORIES.join('、')} 之一`);
    }
    members.push({ name, post, category });
  });
  return { members, errors };
}

/** Rows of a selected range (姓名 | 职务/岗位 | 岗位类别) → the members text. */
export function membersTextOf(rows: readonly (readonly unknown[])[]): string {
  return rows
    .map((r) => r.slice(0, 3).map((v) => (v === null || v === undefined ? '' : String(v).trim())))
    .filter((r) => r[0] !== '' && r[0] !== '姓名')
    .map((r) => r.join('\t').replace(/\t+$/, ''))
    .join('\n');
}

function isoOf(text: string): string | null {
  const t = text.trim();
  return isIsoDate(t) ? t : parseDateText(t);
}

/** Validates the setup; keeps what `_meta` already held (roster digest, secretary, deadlines). */
export function metaFromSetup(input: SetupInput, previous: BranchMeta | null): { meta: BranchMeta } | { errors: SetupErrors } {
  const errors: SetupErrors = {};
  const need = (field: SetupField, label: string) => {
    if (input[field].trim() === '') errors[field] = `请填写${label}`;
  };
  need('unit', '单位名称');
  need('branch', '党小组名称');
  need('stage', '阶段名称');
  const start = isoOf(input.stageStart);
  const end = isoOf(input.stageEnd);
  if (!start) errors.stageStart = '请填写开始日期，如 2010-08-01';
  if (!end) errors.stageEnd = '请填写结束日期，如 2010-09-30';
  if (start && end && end < start) errors.stageEnd = '结束日期不能早于开始日期';
  const members = parseMembers(input.members);
  if (members.errors.length > 0) errors.members = members.errors.join('；');
  else if (members.members.length === 0) errors.members = '请填写本党小组的党员，每行一人';
  if (Object.keys(errors).length > 0 || !start || !end) return { errors };
  const optional = (s: string) => (normalizeName(s) === '' ? undefined : normalizeName(s));
  return {
    meta: {
      schemaVersion: SCHEMA_VERSION,
      kind: 'branch',
      unit: input.unit.trim(),
      reportTo: previous?.reportTo ?? '',
      secretary: previous?.secretary ?? '',
      branch: normalizeName(input.branch),
      branchLeader: optional(input.branchLeader),
      liaison: optional(input.liaison),
      stage: normalizeName(input.stage),
      stageStart: start,
      stageEnd: end,
      planDue: previous?.planDue,
      reportDue: previous?.reportDue,
      // Set up in the pane, not from the office's roster: no roster digest to carry. `_meta` drops
      // empty values and the schema requires the key, so a marker stands in for it.
      rosterDigest: previous?.rosterDigest || PANE_SETUP_DIGEST,
      members: members.members,
    },
  };
}
