/**
 * Finalize times are instants: ISO 8601 date and time with a UTC offset, stored in one normalized
 * shape (2010-09-28T16:30:00+08:00) and compared as points in time, never as text — 13:00Z is
 * later than 20:00+08:00. Only this shape is accepted from a file; `--at` may leave out the offset
 * (the local one is taken) or the seconds.
 */
import { type IsoDate, isoFromParts } from './dates';

export interface Instant {
  /** The normalized text: YYYY-MM-DDTHH:MM:SS(.fff)±HH:MM, the offset as written (Z is +00:00). */
  text: string;
  /** Milliseconds since 1970-01-01T00:00:00Z. */
  ms: number;
}

const MS_PER_MINUTE = 60_000;
/** The widest offsets in use (UTC−12 to UTC+14). */
const MAX_OFFSET_MINUTES = 14 * 60;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.trunc(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * Parses `text`; an offset is required unless `localOffset` is given, which then returns the
 * offset (minutes east of UTC) of that wall-clock time where the command runs.
 */
function parse(text: string, localOffset?: (wall: WallTime) => number): Instant | null {
  const m = INSTANT.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  const date = isoFromParts(y, mo, d);
  if (!date || h > 23 || mi > 59 || s > 59) return null;
  let offset: number;
  if (m[8] === undefined) {
    if (!localOffset) return null;
    offset = localOffset({ y, mo, d, h, mi, s });
  } else if (m[8].toUpperCase() === 'Z') {
    offset = 0;
  } else {
    const digits = m[8].replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (om > 59) return null;
    offset = (digits[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  if (Math.abs(offset) > MAX_OFFSET_MINUTES) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, fraction) - offset * MS_PER_MINUTE;
  const seconds = `${pad(s)}${fraction > 0 ? `.${pad(fraction, 3)}` : ''}`;
  return { text: `${date}T${pad(h)}:${pad(mi)}:${seconds}${offsetText(offset)}`, ms };
}

/** Local time with its UTC offset, e.g. 2010-09-20T10:00:00+08:00: the finalize time 定稿 stamps. */
export function localTimestamp(now: Date): string {
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  return `${date}T${time}${offsetText(-now.getTimezoneOffset())}`;
}

/** A stored finalize time: ISO 8601 with an offset, or null. */
export function parseInstant(text: string): Instant | null {
  return parse(text);
}

/** A wall-clock time, as typed without an offset. */
export interface WallTime {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

/** The host's offset, minutes east of UTC, at a local wall-clock time. */
function hostOffset(wall: WallTime): number {
  return -new Date(wall.y, wall.mo - 1, wall.d, wall.h, wall.mi, wall.s).getTimezoneOffset();
}

/**
 * A time typed by a person (`finalize --at`): ISO 8601, with the local offset (`offsetAt`, the
 * host's by default) when none is written.
 */
export function parseInstantInput(text: string, offsetAt: (wall: WallTime) => number = hostOffset): Instant | null {
  return parse(text, offsetAt);
}

/** Earlier first; a missing or unreadable time (not finalized) before every instant. */
export function compareInstants(a: string | undefined, b: string | undefined): number {
  const x = a === undefined ? undefined : parseInstant(a)?.ms;
  const y = b === undefined ? undefined : parseInstant(b)?.ms;
  if (x === undefined || y === undefined) return (x === undefined ? 0 : 1) - (y === undefined ? 0 : 1);
  return x - y;
}

/** The calendar day of an instant where it was stamped (its own offset): what 按期 compares with a deadline. */
export function localDateOf(instant: Instant): IsoDate {
  return instant.text.slice(0, 10);
}
