/**
 * Dates are held as ISO strings (YYYY-MM-DD) everywhere past the reader. Excel stores them as
 * serial day numbers; people type them as text in many shapes.
 */
import { nfkc } from './text';

const MS_PER_DAY = 86_400_000;
// Serial 25569 is 1970-01-01 in the 1900 date system (which counts the phantom 1900-02-29).
const EPOCH_1900 = 25569;
const EPOCH_1904 = 24107;

export type IsoDate = string;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function isoFromParts(y: number, m: number, d: number): IsoDate | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m !== null && isoFromParts(Number(m[1]), Number(m[2]), Number(m[3])) === value;
}

/** Excel serial → ISO date; the time of day is dropped. Serials before 1900-03-01 are refused. */
export function serialToIso(serial: number, date1904 = false): IsoDate | null {
  if (!Number.isFinite(serial)) return null;
  const whole = Math.floor(serial + 1e-9);
  if (!date1904 && whole < 61) return null;
  const days = whole - (date1904 ? EPOCH_1904 : EPOCH_1900);
  const t = new Date(days * MS_PER_DAY);
  return isoFromParts(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function isoToSerial(iso: IsoDate): number {
  return utcDateToSerial(isoToUtcDate(iso));
}

/** A JS Date (UTC) → Excel serial (1900 system), the time of day as a fraction. */
export function utcDateToSerial(date: Date): number {
  return date.getTime() / MS_PER_DAY + EPOCH_1900;
}

/** ISO date → a JS Date at UTC midnight (what exceljs writes as a date cell). */
export function isoToUtcDate(iso: IsoDate): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/**
 * Text typed as a date: 2010-09-01, 2010/9/1, 2010.9.1, 2010年9月1日(号), 20100901,
 * 9/1/2010 (month first, as Excel's US format; day first when the first number exceeds 12),
 * full-width digits, an optional time after the date. Returns null when it is not a date.
 */
export function parseDateText(text: string): IsoDate | null {
  const s = nfkc(text)
    .replace(/[\s\u200B-\u200D\uFEFF]+/g, ' ')
    .trim();
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(s);
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    return a > 12 ? isoFromParts(Number(m[3]), b, a) : isoFromParts(Number(m[3]), a, b);
  }
  // A serial number typed or stored as text.
  if (/^\d{5}(\.\d+)?$/.test(s)) return serialToIso(Number(s));
  return null;
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  const t = isoToUtcDate(iso).getTime() + days * MS_PER_DAY;
  const d = new Date(t);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((isoToUtcDate(to).getTime() - isoToUtcDate(from).getTime()) / MS_PER_DAY);
}

/** Today's date in local time, for commands that are asked about "now" (check's default as-of). */
export function todayIso(now: Date = new Date()): IsoDate {
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Chinese display of an ISO date: 2010年9月1日. */
export function isoToChinese(iso: IsoDate): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The UTC offset of a timestamp as written (`+08:00`, `Z` as `+00:00`), or undefined when it has none. */
export function offsetOf(timestamp: string): string | undefined {
  const m = /(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$/.exec(timestamp.trim());
  if (!m) return undefined;
  if (m[1] === 'Z') return '+00:00';
  return m[1].includes(':') ? m[1] : `${m[1].slice(0, 3)}:${m[1].slice(3)}`;
}

function offsetMinutes(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

/**
 * A timestamp as an office reads it, 2010-09-29 10:00: in the time zone `zone` (+08:00) when
 * both it and the timestamp carry an offset, else the wall time as written. Text that is not a
 * timestamp comes back unchanged.
 */
export function officeTime(timestamp: string, zone?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(timestamp.trim());
  if (!m) return timestamp;
  const [, y, mo, d, h, mi] = m;
  const own = offsetOf(timestamp);
  if (!own || !zone) return `${y}-${mo}-${d} ${pad(Number(h))}:${mi}`;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)) - offsetMinutes(own) * 60_000;
  const t = new Date(utc + offsetMinutes(zone) * 60_000);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

/** A UTC offset as people write it: UTC+08:00（北京时间）. */
export function zoneLabel(offset: string): string {
  return offset === '+08:00' ? 'UTC+08:00（北京时间）' : `UTC${offset}`;
}
