/** `review-forms check`: every problem of every branch file, at its cell. */
import { type Problem, SEVERITY_LABEL } from '../../../addin/forms/problems';
import type { Roster } from '../../../addin/forms/roster';
import { InputPlaces, refuseFolderInInputs } from '../files/output-guard';
import { ensureFolder } from '../files/output-folder';
import { WorkbookError } from '../errors';
import type { Annotator } from './annotate';
import { reasonText } from '../reasons';
import { collectInputs } from '../load/intake';
import { loadFiles } from '../load/pool';
import { type OutlinedFile, listProblems, unlistedCounts, unlistedText } from '../load/outline';

export interface CheckOptions {
  roster?: Roster;
  /** Dates after this day are errors ("in the future"). */
  asOf: string;
  annotateDir?: string;
  /**
   * Judge each file's dates against its own stage's reference date, never after `asOf` (serve,
   * whose folder may hold a file of another stage); the CLI judges every file against `asOf`.
   */
  byStage?: boolean;
  /** The roster's file, never written over by an annotated copy. */
  rosterFile?: string;
}

export interface FileCheck {
  file: string;
  status: 'ok' | 'warnings' | 'errors' | 'rejected' | 'skipped';
  reason?: string;
  /** The file's problems as listed: the first PROBLEMS_LISTED. */
  problems: (Problem & { file: string })[];
  /** Problems beyond those listed, counted. */
  unlisted?: { errors: number; warnings: number };
  summary?: {
    branch: string;
    stage: string;
    membersReviewed: number;
    members: number;
    /** Members still without an accepted review, by name. */
    unreviewed: string[];
    orgReviewed: boolean;
    rectifications: number;
  };
  annotated?: string;
  /** Why no annotated copy could be made (the file's check stands). */
  annotateFailed?: string;
}

export interface CheckOutcome {
  files: FileCheck[];
  errors: number;
  warnings: number;
  exitCode: 0 | 1;
}

function summarize(loaded: OutlinedFile): FileCheck['summary'] {
  const b = loaded.branch;
  if (!b) return undefined;
  return {
    branch: b.meta.branch,
    stage: b.meta.stage,
    membersReviewed: b.accepted.member,
    members: b.members,
    unreviewed: b.unreviewed,
    orgReviewed: b.accepted.org > 0,
    rectifications: b.accepted.rectification,
  };
}

export async function runCheck(args: readonly string[], options: CheckOptions): Promise<CheckOutcome> {
  const inputs = await collectInputs(args);
  const files: FileCheck[] = [];
  const used = new Set<string>();
  // The annotation folder is checked and made before anything is read: a folder among the
  // inputs (copies would mix with the originals), under a file or read-only stops the command.
  let places: InputPlaces | undefined;
  if (options.annotateDir !== undefined) {
    places = await InputPlaces.of({ args, files: inputs, roster: options.rosterFile });
    await refuseFolderInInputs(places, options.annotateDir);
    await ensureFolder(options.annotateDir);
  }
  let errors = 0;
  let warnings = 0;
  // Loaded on every core, like merge's files, each cut down to its problems and counts (load/pool.ts).
  const loadedFiles = await loadFiles(inputs, { roster: options.roster, asOf: options.asOf, byStage: options.byStage });
  let annotator: Annotator | undefined;
  try {
    for (const [i, input] of inputs.entries()) {
      const loaded = loadedFiles[i];
      const list = loaded.branch ? loaded.problemList : listProblems(loaded.problems);
      const problems = list.listed.map((p) => ({ ...p, file: input.display }));
      let status: FileCheck['status'];
      if (loaded.kind === 'skipped') status = 'skipped';
      else if (!loaded.branch) status = 'rejected';
      else if (list.errors > 0) status = 'errors';
      else status = list.warnings > 0 ? 'warnings' : 'ok';
      const check: FileCheck = { file: input.display, status, problems, summary: summarize(loaded), reason: loaded.input.reason ?? input.reason };
      const unlisted = unlistedCounts(list);
      if (unlisted.errors + unlisted.warnings > 0) check.unlisted = unlisted;
      errors += list.errors;
      warnings += list.warnings;
      if (options.annotateDir && places && loaded.branch && problems.length > 0) {
        // Loaded only to annotate: it brings exceljs, which check does not otherwise need.
        const annotate = await import('./annotate');
        annotator ??= new annotate.Annotator();
        const target = await annotate.annotationTarget(input.path, options.annotateDir, used, places);
        try {
          check.annotated = await annotator.annotate(input.path, target, problems);
        } catch (err) {
          if (!(err instanceof WorkbookError)) throw err;
          check.annotateFailed = err.message;
        }
      }
      files.push(check);
    }
  } finally {
    await annotator?.close();
  }
  return { files, errors, warnings, exitCode: errors > 0 ? 1 : 0 };
}

export function problemLine(p: Problem & { file?: string }): string {
  return `${[p.file, p.sheet, p.cell].filter(Boolean).join('!')}  ${SEVERITY_LABEL[p.severity]}  ${p.message}`;
}

/**
 * `check --json`: every listed problem, each with its file; after a file's first
 * PROBLEMS_LISTED, one entry (rule problems-unlisted) says how many more there are.
 */
export function checkJson(result: CheckOutcome): (Problem & { file: string; unlisted?: FileCheck['unlisted'] })[] {
  return result.files.flatMap((f) => {
    if (!f.unlisted) return f.problems;
    const more = { severity: f.unlisted.errors > 0 ? 'error' : 'warning', rule: 'problems-unlisted', message: unlistedText(f.unlisted), file: f.file } as const;
    return [...f.problems, { ...more, unlisted: f.unlisted }];
  });
}

export function formatCheckText(result: CheckOutcome): string {
  const lines: string[] = [];
  for (const f of result.files) {
    if (f.status === 'skipped') continue;
    const s = f.summary;
    const head = s
      ? `${f.file}（${s.branch}，${s.stage}：党员已点评 ${s.membersReviewed}/${s.members}，党组织点评${s.orgReviewed ? '已' : '未'}完成，整改事项 ${s.rectifications} 条）`
      : f.file;
    lines.push(`── ${head}`);
    if (f.problems.length === 0) lines.push('  未发现问题');
    for (const p of f.problems) lines.push(`  ${problemLine(p)}`);
    if (f.unlisted) lines.push(`  ${unlistedText(f.unlisted)}`);
    if (s && !s.orgReviewed) lines.push(`  ${reasonText('org-review-missing', { branch: s.branch })}`);
    if (s && s.unreviewed.length > 0) lines.push(`  ${reasonText('members-unreviewed', { count: s.unreviewed.length, names: s.unreviewed.join('、') })}`);
    if (f.annotated) lines.push(`  已生成标注文件：${f.annotated}`);
    if (f.annotateFailed) lines.push(`  ${f.annotateFailed}`);
  }
  const skipped = result.files.filter((f) => f.status === 'skipped');
  if (skipped.length > 0) lines.push(`（跳过 ${skipped.length} 个文件：${skipped.map((f) => `${f.file}：${f.reason}`).join('；')}）`);
  const checked = result.files.length - skipped.length;
  const bad = result.files.filter((f) => f.status === 'errors' || f.status === 'rejected').length;
  lines.push(
    `共检查 ${checked} 个文件：${bad} 个有错误，${result.errors} 个错误，${result.warnings} 个提示。${result.errors > 0 ? '请改正“错误”后重新提交。' : '可以提交。'}`,
  );
  return lines.join('\n');
}
