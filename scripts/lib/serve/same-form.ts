/**
 * Whether an upload may replace the file of its name already in the folder. Only when it stands
 * for it as merge would judge the two: the same form (a branch workbook of one unit, branch and
 * stage, or a school's report of one unit and stage, as check and merge read them: loadInputFile),
 * and the one merge would use — for a branch, the later finalized (resolveResubmissions, on the
 * trusted finalize times and records digests merge orders resubmissions by), or the same
 * submission again. A file merge would skip or refuse (an unedited annotated copy, a file with
 * errors) never displaces a usable one. Otherwise both are kept and merge decides between them:
 * a chat app names every file it passes on 点评表.xlsx, and a file sent again may be the older one.
 */
import path from 'node:path';
import { normalizeName } from '../../../addin/forms/text';
import { recordsDigestOf, trustedFinalizedAt } from '../../../addin/forms/read/branch-reader';
import { loadInputFile } from '../load/load-file';
import { type Candidate, isSameSubmission, resolveResubmissions, shownTime, submissionOf } from '../load/resubmissions';
import type { KeptBeside } from './workspace';

/** A file as a same-name upload needs it judged. */
interface Judged {
  /** Which form it is (undefined: none merge can use, e.g. skipped or unreadable). */
  form?: string;
  /** Whether merge would use it (nothing at sheet level keeps it out). */
  usable: boolean;
  /** Why merge would not use it. */
  why: string;
  /** A branch file as merge weighs resubmissions. */
  candidate?: Candidate;
}

/** The first errors as one line (merge's 原因 lists the first few too). */
function errorsLine(problems: readonly { severity: string; message: string }[]): string {
  return problems
    .filter((p) => p.severity === 'error')
    .slice(0, 3)
    .map((p) => p.message)
    .join('；');
}

async function judge(file: string, name: string): Promise<Judged> {
  const loaded = await loadInputFile({ path: file, display: name, name, kind: 'read' }, { asOf: '9999-12-31' });
  const key = (...parts: string[]) => JSON.stringify(parts.map(normalizeName));
  const { read, report } = loaded;
  if (read) {
    return {
      form: key('branch', read.meta.unit, read.meta.branch, read.meta.stage),
      usable: read.usable,
      why: errorsLine(read.problems),
      candidate: {
        name,
        loaded: { sha256: loaded.sha256, branch: { meta: { finalizedAt: trustedFinalizedAt(read) } } },
        content: recordsDigestOf(read.forms),
      },
    };
  }
  if (report) {
    const why = errorsLine(report.problems);
    return { form: key('report', report.meta.unit, report.meta.stage), usable: why === '', why };
  }
  return { usable: false, why: loaded.input.reason ?? (errorsLine(loaded.problems) || '无法读取') };
}

/**
 * Whether `received` (an upload of the name of `old`, which is in the folder) replaces `old`:
 * true, or why both are kept.
 */
export async function replacesSameName(old: string, received: string): Promise<true | KeptBeside> {
  const name = path.basename(old);
  const [was, now] = await Promise.all([judge(old, name), judge(received, name)]);
  if (now.form === undefined) return { id: 'upload-kept-unusable', params: { why: now.why } };
  if (now.form !== was.form) return { id: 'upload-kept-beside', params: {} };
  if (!was.usable) return true;
  if (!now.usable) return { id: 'upload-kept-unusable', params: { why: now.why } };
  // Two usable reports of one school: the one sent now is the school's correction.
  if (!was.candidate || !now.candidate) return true;
  const [a, b] = [was.candidate, now.candidate];
  const { winner } = resolveResubmissions([a, b], submissionOf);
  const [at, bt] = [a.loaded.branch.meta.finalizedAt, b.loaded.branch.meta.finalizedAt];
  if (!winner) return { id: 'upload-kept-conflict', params: { finalizedAt: shownTime(at) } };
  // The same submission again (its bytes, or its records at the same instant) changes nothing merge uses.
  if (winner === b || isSameSubmission(b, a)) return true;
  return { id: 'upload-kept-older', params: { own: shownTime(bt), theirs: shownTime(at) } };
}
