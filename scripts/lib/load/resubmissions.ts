/**
 * Several files of one branch and stage (a secretary sent a corrected copy): the one finalized
 * later (as an instant) is used and the others are superseded; files tied for the latest time with different
 * content conflict, and none of them is used. merge and print decide alike, here.
 * Content is the records as read, not the file's bytes: the same sealed file sent twice, once
 * re-saved by WPS or LibreOffice, is one submission sent twice, not a conflict.
 */
import { officeTime } from '../../../addin/forms/dates';
import { parseInstant } from '../../../addin/forms/instants';
import { type ReasonId, type ReasonParams, reasonText } from '../reasons';

/** A finalize time as a reason shows it: 2010-09-28 16:30 as the file records it, or 未定稿. */
export function shownTime(finalizedAt: string | undefined): string {
  return finalizedAt ? officeTime(finalizedAt) : '未定稿';
}

export interface Submission {
  /** The file's name in the report (for a stable order among equals). */
  name: string;
  finalizedAt?: string;
  sha256?: string;
  /** What the file holds (the records' digest); files equal in it hold the same reviews. Default: the bytes' sha256. */
  content?: string;
}

export interface Resolution<T> {
  /** Latest first (then by name and hash). */
  ordered: T[];
  /** The file used, unless the latest ones conflict. */
  winner?: T;
  /** The latest files, when they differ in content: none is used. */
  conflict: T[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byNumber = (a: number, b: number) => (a === b ? 0 : a < b ? -1 : 1);

/**
 * A finalize time as the instant it names (13:00Z is later than 20:00+08:00, whatever the text
 * says); a file not finalized comes before every finalized one. Files whose time does not parse
 * never get here: that is an error of the file (finalizedAtInvalid).
 */
function instantOf(finalizedAt: string | undefined): number {
  return (finalizedAt ? parseInstant(finalizedAt)?.ms : undefined) ?? Number.NEGATIVE_INFINITY;
}

export function resolveResubmissions<T>(list: readonly T[], of: (item: T) => Submission): Resolution<T> {
  const ordered = [...list].sort((a, b) => {
    const [x, y] = [of(a), of(b)];
    return byNumber(instantOf(y.finalizedAt), instantOf(x.finalizedAt)) || byText(x.name, y.name) || byText(x.sha256 ?? '', y.sha256 ?? '');
  });
  const tied = ordered.filter((c) => sameInstant(of(c), of(ordered[0])));
  if (tied.some((c) => !sameSubmission(of(c), of(ordered[0])))) return { ordered, conflict: tied };
  return { ordered, winner: ordered[0], conflict: [] };
}

const sameInstant = (a: Submission, b: Submission) => instantOf(a.finalizedAt) === instantOf(b.finalizedAt);

/**
 * One submission sent twice: the same bytes, or the same records finalized at the same instant
 * (however its time is written: 16:30+08:00 is 08:30Z).
 */
function sameSubmission(a: Submission, b: Submission): boolean {
  if (a.sha256 !== undefined && a.sha256 === b.sha256) return true;
  return sameInstant(a, b) && (a.content ?? a.sha256) === (b.content ?? b.sha256);
}

/** A resubmitted file as merge and print hold it: its name, hash, (trusted) finalize time, and what it holds (recordsDigestOf). */
export interface Candidate {
  name: string;
  loaded: { sha256?: string; branch: { meta: { finalizedAt?: string } } };
  content?: string;
}

/** Whether two candidates are one submission sent twice (sameSubmission). */
export function isSameSubmission(a: Candidate, b: Candidate): boolean {
  return sameSubmission(submissionOf(a), submissionOf(b));
}

/** A candidate as the resolution weighs it. */
export function submissionOf(c: Candidate): Submission {
  return { name: c.name, finalizedAt: c.loaded.branch.meta.finalizedAt, sha256: c.loaded.sha256, content: c.content };
}

/**
 * Every file of one branch the resolution does not use, with its status and reason: a conflict
 * leaves the tied files 拒收 and the earlier ones 被替代; otherwise each other file is 被替代.
 */
export function notUsed<T extends Candidate>(resolution: Resolution<T>, branch: string): { item: T; status: '拒收' | '被替代'; reason: string }[] {
  const { ordered, winner, conflict } = resolution;
  if (winner) return ordered.slice(1).map((item) => ({ item, status: '被替代', reason: reasonText(...supersededReason(item, winner)) }));
  const files = conflict.map((c) => `${c.name}（${c.loaded.sha256?.slice(0, 12)}）`).join('、');
  const finalizedAt = shownTime(ordered[0].loaded.branch.meta.finalizedAt);
  return ordered.map((item) =>
    conflict.includes(item)
      ? { item, status: '拒收', reason: reasonText('resubmissions-conflict', { branch, finalizedAt, files }) }
      : { item, status: '被替代', reason: reasonText('superseded-by-conflict', { files }) },
  );
}

/** Why `c` is not used: a copy of the winner (its bytes, or its reviews at the same finalize time), or an earlier version of it. */
export function supersededReason(c: Candidate, winner: Candidate): [ReasonId, ReasonParams] {
  if (isSameSubmission(c, winner)) return ['duplicate-copy', { file: winner.name }];
  return [
    'superseded',
    {
      file: winner.name,
      digest: winner.loaded.sha256?.slice(0, 12) ?? '',
      finalizedAt: shownTime(winner.loaded.branch.meta.finalizedAt),
      ownDigest: c.loaded.sha256?.slice(0, 12) ?? '',
      ownFinalizedAt: shownTime(c.loaded.branch.meta.finalizedAt),
    },
  ];
}
