/**
 * Privacy canaries: a branch file with a unique string in every field a stranger must not read —
 * every field of a form that is never published, and on a published form every field the
 * model's visibility withholds from that kind of row — for the tests of publish and of the
 * add-in's 生成汇总. The rows are valid, so every canary reaches the internal report: a canary
 * missing from the public version was withheld, not lost on the way.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BRANCH_FORMS } from '../../addin/forms/branch-forms';
import { type Column, type FormDef, type FormId, type Subject, isPublicFor } from '../../addin/forms/form';
import { REPORT_FORMS } from '../../addin/report/model/report-forms';
import { type RowInput, fillBranchWorkbook } from '../../scripts/lib/demo/fill';
import { sampleBranchRows, sampleSchool } from '../../scripts/lib/demo/sample';
import { buildBranchWorkbook, layoutContext } from '../../scripts/lib/commands/template';
import type { Roster } from '../../addin/forms/roster';

export const STAGE = '全面争创';
const MARK = 'QZCANARY';

export interface CanaryFixture {
  dir: string;
  /** The folder merge reads: the canary branch file and nothing else. */
  inbox: string;
  file: string;
  roster: Roster;
  /** Every canary planted → where (form.field/subject). */
  canaries: Map<string, string>;
  /** Every form.field/subject that holds a canary on some row. */
  covered: ReadonlySet<string>;
}

/** Text a secretary types or the roster gives; dates, counts and choices cannot carry a canary. */
function isText(c: Column): boolean {
  return c.meta.kind === 'text' || c.meta.kind === 'longText';
}

/**
 * Values a stranger may read elsewhere, so they cannot be canaries: the school, the branch and the
 * stage (public on every row); a plan's reviewer (a leader of the roster, public as an
 * organization's reviewer) and the object of a plan row about the branch (the branch's name).
 */
function sharedWithPublic(form: FormId, key: string, subject: Subject): boolean {
  if (key === 'school' || key === 'branch' || key === 'stage') return true;
  return form === 'schedule' && (key === 'reviewer' || (key === 'object' && subject === 'organization'));
}

function reportForm(id: FormId): FormDef {
  return REPORT_FORMS.find((f) => f.id === id) as FormDef;
}

/**
 * The text fields of a report form's row about `subject` that a stranger must not read and can
 * carry a canary. About a person: every one (the domain guide allows a stranger the name and
 * branch at most, and neither is published next to what a row says of them), whatever the model
 * declares, so a field made public by mistake shows its canary. About an organization: those its
 * form does not publish (the model; the test pins 备注 and 来源文件 among them).
 */
export function fieldsToHide(id: FormId, subject: Subject): Column[] {
  const form = reportForm(id);
  const hidden = (c: Column) => subject === 'person' || !form.published || !isPublicFor(c, subject);
  return form.columns.filter((c) => isText(c) && hidden(c) && !sharedWithPublic(id, c.key, subject));
}

export async function canaryFixture(): Promise<CanaryFixture> {
  const canaries = new Map<string, string>();
  let n = 0;
  const canary = (where: string) => {
    const value = `${MARK}${String(++n).padStart(3, '0')}X`;
    canaries.set(value, where);
    return value;
  };
  const school = sampleSchool(77, { branches: 2, membersPerBranch: 3 });
  const { roster } = school;
  const branch = roster.branches[0];
  // The roster gives the pre-filled cells: members' posts, and the names of the members who are
  // not the branch's leader (whose name is public as 组长 of the organization review).
  for (const m of roster.members.filter((x) => x.branch === branch.name)) {
    m.post = canary('member.post/person');
    if (m.name !== branch.leader) m.name = canary('member.name/person');
  }
  const member = roster.members.find((m) => m.branch === branch.name && m.name !== branch.leader);
  if (!member) throw new Error('no member to rectify');
  const rows = sampleBranchRows(school, branch.name, STAGE, 7);
  /** Every form.field/subject holding a canary on some row. */
  const covered = new Set<string>();
  const plant = (id: FormId, subject: Subject, row: RowInput) => {
    const prefilled = new Set(
      BRANCH_FORMS.find((f) => f.id === id)
        ?.columns.filter((c) => c.meta.prefilled)
        .map((c) => c.key),
    );
    for (const c of fieldsToHide(id, subject)) {
      const where = `${id}.${c.key}/${subject}`;
      const given = row[c.key];
      // 来源文件 is the file's name; a member's name or post comes from the roster.
      if (c.key === 'sourceFile' || (typeof given === 'string' && canaries.has(given))) covered.add(where);
      else if (!prefilled.has(c.key)) {
        row[c.key] = canary(where);
        covered.add(where);
      }
    }
    return row;
  };
  const org = plant('org', 'organization', rows.org);
  const posts = new Map(roster.members.map((m) => [m.name, m.post]));
  const members = rows.members.map((m) => plant('member', 'person', { ...m, post: posts.get(m.name as string), example: true }));
  const rectification = [
    plant('rectification', 'organization', rows.rectification[0]),
    plant('rectification', 'person', {
      objectKind: '党员',
      object: member.name,
      dueDate: rows.rectification[0].dueDate,
      status: '整改中',
      source: '党员点评',
    }),
  ];
  const schedule = rows.schedule.map((s) => plant('schedule', s.object === branch.name ? 'organization' : 'person', { ...s }));

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'canary-'));
  const inbox = path.join(dir, 'inbox');
  await fs.mkdir(inbox);
  // 来源文件 (internal) carries the file's name.
  const file = path.join(inbox, `${canary('report.sourceFile')}.xlsx`);
  const template = Buffer.from(await (await buildBranchWorkbook(roster, layoutContext(roster, STAGE, branch))).xlsx.writeBuffer());
  await fs.writeFile(file, await fillBranchWorkbook(template, { org: [org], member: members, rectification, schedule }));
  return { dir, inbox, file, roster, canaries, covered };
}

/** The canaries found in any part of a zip (an xlsx), each part read as UTF-8 and as UTF-16. */
export function canariesIn(parts: ReadonlyMap<string, Buffer>, canaries: Iterable<string>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const list = [...canaries];
  for (const [name, data] of parts) {
    const texts = [data.toString('utf8'), data.toString('utf16le')];
    for (const c of list) if (texts.some((t) => t.includes(c))) found.set(c, [...(found.get(c) ?? []), name]);
  }
  return found;
}
