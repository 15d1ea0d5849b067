/**
 * The benchmark's test files: a county's worth of branch workbooks in the real template layout,
 * generated deterministically and cached in bench/.cache/. Two corpora:
 * - `ours`: every file as `template` and exceljs write it (shared strings, our styles);
 * - `foreign`: a third of the files as ours, a third re-saved by LibreOffice, a third rewritten
 *   with inline strings and no shared-strings part (bench/foreign.ts), as files come back from
 *   secretaries' programs and scripts.
 *
 * Building and filling one workbook through exceljs takes most of a second, so only PROTOTYPES
 * branches go through the real pipeline (`buildBranchWorkbook` + `fillBranchWorkbook`); every
 * other branch is a prototype with its names replaced in the XML (branch, members — the texts
 * that mention a member follow). The roster is aligned so the copies are valid: member j of
 * branch i has the post and category of member j of its prototype; with PROTOTYPES a multiple of
 * 12, a copy shares its prototype's liaison (4 leaders) and branch kind (6 kinds). In the foreign
 * corpus the prototypes are re-saved or rewritten first, so the names are replaced in the XML
 * their program wrote.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Roster } from '../addin/forms/roster';
import { type FillInput, fillBranchWorkbook } from '../scripts/lib/demo/fill';
import { type School, sampleBranchRows, sampleSchool } from '../scripts/lib/demo/sample';
import { writeRosterFile } from '../scripts/lib/workbook/roster-file';
import { branchFileName, buildBranchWorkbook, layoutContext } from '../scripts/lib/commands/template';
import { inlineStrings, libreOfficeResave } from './foreign';

export const BENCH_STAGE = '全面争创';
export const MEMBERS_PER_BRANCH = 30;
export const PROTOTYPES = 12;
const SEED = 2026;
/** Bump when the generated files change, so old caches are not reused. */
const VERSION = 2;

export const CORPUS_KINDS = ['ours', 'foreign'] as const;
export type CorpusKind = (typeof CORPUS_KINDS)[number];

export type Writer = 'ours' | 'libreoffice' | 'inline';

/**
 * Who writes each prototype of the foreign corpus: four each. LibreOffice writes a text that mixes
 * scripts as runs, one per font (数学第 · 8 · 党小组), in which a name cannot be found to be
 * replaced; so its prototypes are among the first six branches, whose names have no digit.
 */
const FOREIGN_WRITERS: readonly Writer[] = [
  'ours',
  'libreoffice',
  'libreoffice',
  'ours',
  'libreoffice',
  'libreoffice',
  'ours',
  'inline',
  'inline',
  'ours',
  'inline',
  'inline',
];

/** Who wrote prototype `p` in a corpus of this kind. */
export function writerOf(kind: CorpusKind, p: number): Writer {
  return kind === 'ours' ? 'ours' : FOREIGN_WRITERS[p % PROTOTYPES];
}

export interface Corpus {
  kind: CorpusKind;
  dir: string;
  inbox: string;
  rosterFile: string;
  files: number;
}

/** Members' posts and categories copied from their prototype branch, position by position. */
export function benchSchool(files: number): School {
  const school = sampleSchool(SEED, { branches: files, membersPerBranch: MEMBERS_PER_BRANCH, unit: '县教育局直属学校' });
  const { roster } = school;
  const byBranch = new Map<string, number[]>();
  roster.members.forEach((m, i) => byBranch.set(m.branch, [...(byBranch.get(m.branch) ?? []), i]));
  const index = roster.branches.map((b) => byBranch.get(b.name) ?? []);
  for (let b = PROTOTYPES; b < roster.branches.length; b++) {
    const proto = index[b % PROTOTYPES];
    index[b].forEach((mi, j) => {
      const p = roster.members[proto[j]];
      roster.members[mi] = { ...roster.members[mi], post: p.post, category: p.category };
    });
  }
  return school;
}

/** A prototype's rows: the sample's, with a few more ledger items (some closed) for variety. */
function prototypeRows(school: School, branch: string, seed: number): FillInput {
  const rows = sampleBranchRows(school, branch, BENCH_STAGE, seed);
  const extra = seed % 4;
  for (let k = 0; k < extra; k++) {
    const m = rows.members[(k * 7 + seed) % rows.members.length];
    const done = k % 2 === 1;
    rows.rectification.push({
      objectKind: '党员',
      object: m.name,
      issue: `${String(m.name)}同志${k === 0 ? '理论学习的深度还不够' : '与群众的沟通还不够经常'}。`,
      measures: '制定个人学习计划，每周撰写学习笔记，按月向党小组汇报。',
      owner: m.name,
      dueDate: '2010-11-30',
      status: done ? '已整改' : '整改中',
      doneDate: done ? '2010-09-20' : undefined,
      source: '党员点评',
    });
  }
  return { org: [rows.org], member: rows.members, rectification: rows.rectification, schedule: rows.schedule };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Prototype names → this branch's names, longest first so no name is cut inside another. */
function renamer(roster: Roster, proto: number, target: number): (xml: string) => string {
  const members = (b: number) => roster.members.filter((m) => m.branch === roster.branches[b].name).map((m) => m.name);
  const from = [roster.branches[proto].name, ...members(proto)];
  const to = [roster.branches[target].name, ...members(target)];
  const map = new Map(from.map((f, i) => [f, to[i]]));
  const re = new RegExp(
    [...map.keys()]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return (xml) => xml.replace(re, (m) => map.get(m) ?? m);
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** The repository: this file runs compiled from build/bench/ (and as TypeScript from bench/ in tests). */
export const REPO = path.resolve(__dirname, path.basename(path.dirname(__dirname)) === 'build' ? '../..' : '..');

export async function ensureCorpus(
  files: number,
  kind: CorpusKind = 'ours',
  root = path.join(REPO, 'bench', '.cache'),
  log: (s: string) => void = () => undefined,
): Promise<Corpus> {
  const dir = path.join(root, `v${VERSION}-${kind}-${files}`);
  const corpus: Corpus = { kind, dir, inbox: path.join(dir, '收回'), rosterFile: path.join(dir, '名单.xlsx'), files };
  if (await exists(path.join(dir, 'done.json'))) return corpus;
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(corpus.inbox, { recursive: true });
  const school = benchSchool(files);
  const { roster } = school;
  log(`生成 ${files} 个点评表（${kind}，名单 ${roster.members.length} 名党员）……`);
  await writeRosterFile(corpus.rosterFile, roster);
  const filled: Buffer[] = [];
  for (let p = 0; p < Math.min(PROTOTYPES, files); p++) {
    const branch = roster.branches[p];
    const template = await buildBranchWorkbook(roster, layoutContext(roster, BENCH_STAGE, branch));
    filled.push(await fillBranchWorkbook(Buffer.from(await template.xlsx.writeBuffer()), prototypeRows(school, branch.name, 100 + p)));
  }
  const resaved = filled.map((_f, p) => p).filter((p) => writerOf(kind, p) === 'libreoffice');
  if (resaved.length > 0) {
    const bytes = await libreOfficeResave(
      resaved.map((p) => filled[p]),
      dir,
    );
    resaved.forEach((p, i) => (filled[p] = bytes[i]));
  }
  const prototypes: JSZip[] = [];
  for (const [p, bytes] of filled.entries()) {
    const zip = await JSZip.loadAsync(bytes);
    if (writerOf(kind, p) === 'inline') await inlineStrings(zip);
    prototypes.push(zip);
  }
  for (let b = 0; b < files; b++) {
    const p = b % PROTOTYPES;
    const name = branchFileName(roster.unit, roster.branches[b].name, BENCH_STAGE);
    const rename = renamer(roster, p, b);
    const zip = new JSZip();
    const proto = prototypes[p];
    for (const entry of Object.values(proto.files)) {
      if (entry.dir) continue;
      const data = /\.(xml|rels)$/.test(entry.name) && b !== p ? rename(await entry.async('string')) : await entry.async('uint8array');
      zip.file(entry.name, data, { date: new Date(Date.UTC(2010, 8, 28)) });
    }
    await fs.writeFile(
      path.join(corpus.inbox, name),
      await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } }),
    );
    if ((b + 1) % 500 === 0) log(`  ${b + 1}/${files}`);
  }
  await fs.writeFile(path.join(dir, 'done.json'), JSON.stringify({ files, kind, version: VERSION }));
  return corpus;
}
