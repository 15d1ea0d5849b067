/**
 * Field factories. Each form column is declared once, as a zod schema that turns a cell into a
 * typed value, with its sheet metadata (label, width, prompt, options…) in `fieldMeta`. Sheet
 * layouts, data validation, parsing, report columns and the public version all derive from it.
 */
import { z } from 'zod';
import { type CellValue, isCellError } from './cell';
import { isIsoDate, parseDateText, serialToIso } from './dates';
import { type MessageParams, type RuleId, formatMessage, quote } from './problems';
import { cleanShort, cleanText, isBlankText, normalizeName } from './text';

export type FieldKind = 'text' | 'longText' | 'date' | 'choice' | 'count' | 'yesNo';

/**
 * Who may read a field in the public version (公开版), by what its row is about (a form's
 * `subject`): public — anyone, on every row; publicForOrganization — on rows about an
 * organization, and （不公开） on rows about a person; internal — no one. A field declared without
 * one is internal: what is published is decided field by field, never by omission.
 */
export type Visibility = 'public' | 'internal' | 'publicForOrganization';

/** Dropdowns whose items come from the roster rather than from the form. */
export type DynamicList = 'stages' | 'branches' | 'objects';

export interface FieldMeta {
  label: string;
  kind: FieldKind;
  required: boolean;
  /** Column width in Excel character units. */
  width: number;
  /** Input prompt shown when the cell is selected (data validation input message). */
  prompt: string;
  visibility: Visibility;
  options?: readonly string[];
  list?: DynamicList;
  /** Written from the roster by `template`, locked on the sheet. */
  prefilled?: boolean;
  /** Suggested by `template` (editable); like a pre-filled cell, it alone does not make a row filled. */
  suggested?: boolean;
  /** Dates: must fall inside the stage window, or must not be after the as-of date. */
  dateRule?: 'inStage' | 'notFuture';
  /** Review text: one of the four aspects, one of the three elements, or other free text. */
  comment?: 'aspect' | 'element';
  /** Required once another field of the row holds a value (已整改 needs 完成日期), with the rule that says so. */
  requiredWhen?: { key: string; equals: string; rule: RuleId };
  /** Person or organization names: stored normalized (NFKC, no whitespace). */
  isName?: boolean;
  /** Other headers accepted for this column (older templates, common variants). */
  aliases?: readonly string[];
}

export const fieldMeta = z.registry<FieldMeta>();

/** Excel's limit on the characters in one cell. */
export const MAX_CELL_CHARS = 32767;

type Out<R extends boolean, T> = R extends true ? T : T | undefined;
type Fail = (rule: RuleId, params?: MessageParams) => undefined;
type Options<R extends boolean> = Omit<Partial<FieldMeta>, 'kind' | 'required' | 'label'> & { label: string; required: R };

function isBlank(input: unknown): boolean {
  if (input === null || input === undefined) return true;
  return typeof input === 'string' && isBlankText(input);
}

function defineField<T, R extends boolean>(
  kind: FieldKind,
  opts: Options<R>,
  convert: (input: Exclude<unknown, null | undefined>, fail: Fail, meta: FieldMeta) => T | undefined,
): z.ZodType<Out<R, T>> {
  const meta: FieldMeta = {
    width: kind === 'longText' ? 30 : 12,
    prompt: '',
    visibility: 'internal',
    ...opts,
    kind,
  };
  const emptyRule: RuleId = meta.comment === 'aspect' ? 'missingAspect' : meta.comment === 'element' ? 'missingElement' : 'required';
  const base = z.unknown().transform((input, ctx) => {
    const fail: Fail = (rule, params = {}) => {
      ctx.issues.push({ code: 'custom', input, message: formatMessage(rule, { label: meta.label, ...params }), params: { rule } });
      return undefined;
    };
    if (isBlank(input)) {
      if (meta.required) {
        fail(emptyRule);
        return z.NEVER;
      }
      return undefined;
    }
    if (isCellError(input)) {
      fail('cellError', { value: input.error });
      return z.NEVER;
    }
    const value = convert(input as Exclude<unknown, null | undefined>, fail, meta);
    return value === undefined ? z.NEVER : value;
  });
  // An absent optional key must not reach the object's "nonoptional" check.
  const schema = meta.required ? base : base.optional();
  fieldMeta.add(schema, meta);
  return schema as unknown as z.ZodType<Out<R, T>>;
}

function asText(input: unknown): string {
  if (input instanceof Date) return input.toISOString().slice(0, 10);
  return String(input);
}

function textValue(input: unknown, fail: Fail, meta: FieldMeta): string | undefined {
  const raw = asText(input);
  if (raw.length > MAX_CELL_CHARS) return fail('tooLong', { length: raw.length });
  if (meta.isName) return normalizeName(raw);
  return meta.kind === 'longText' ? cleanText(raw) : cleanShort(raw);
}

/** Short single-line text (names, posts). */
export function text<R extends boolean>(opts: Options<R>): z.ZodType<Out<R, string>> {
  return defineField<string, R>('text', opts, textValue);
}

/** Free text that may run over several lines (review comments). */
export function longText<R extends boolean>(opts: Options<R>): z.ZodType<Out<R, string>> {
  return defineField<string, R>('longText', { width: 30, ...opts }, textValue);
}

/** A calendar date, held as an ISO string (YYYY-MM-DD). */
export function date<R extends boolean>(opts: Options<R>): z.ZodType<Out<R, string>> {
  return defineField<string, R>('date', { width: 12, ...opts }, (input, fail) => {
    let iso: string | null = null;
    if (input instanceof Date && !Number.isNaN(input.getTime())) iso = input.toISOString().slice(0, 10);
    else if (typeof input === 'number') iso = serialToIso(input);
    else if (typeof input === 'string') iso = isIsoDate(input.trim()) ? input.trim() : parseDateText(input);
    return iso ?? fail('notDate', { value: quote(asText(input)) });
  });
}

/** One item of a fixed list. */
export function choice<const O extends readonly string[], R extends boolean>(options: O, opts: Options<R>): z.ZodType<Out<R, O[number]>> {
  const byNormalized = new Map(options.map((o) => [normalizeName(o), o] as const));
  return defineField<O[number], R>('choice', { ...opts, options }, (input, fail) => {
    const found = byNormalized.get(normalizeName(asText(input)));
    return found ?? fail('notInList', { value: quote(asText(input)), options: options.join('、') });
  });
}

/** A whole number of people or items, 0 or more ("12人" is read as 12). */
export function count<R extends boolean>(opts: Options<R>): z.ZodType<Out<R, number>> {
  return defineField<number, R>('count', { width: 10, ...opts }, (input, fail) => {
    if (typeof input === 'number' && Number.isInteger(input) && input >= 0) return input;
    const s = normalizeName(asText(input)).replace(/[人个条项名]$/u, '');
    if (/^\d{1,9}$/.test(s)) return Number(s);
    return fail('notCount', { value: quote(asText(input)) });
  });
}

export const YES = '是';
export const NO = '否';
/** What a 是/否 cell may hold, compared in lower case after normalization. */
export const YES_WORDS: readonly string[] = ['是', 'y', 'yes', 'true', '1', '√', '✓', '有'];
export const NO_WORDS: readonly string[] = ['否', 'n', 'no', 'false', '0', '×', '✗', '无'];
const YES_SET = new Set(YES_WORDS);
const NO_SET = new Set(NO_WORDS);

/** 是 / 否, held as a boolean. */
export function yesNo<R extends boolean>(opts: Options<R>): z.ZodType<Out<R, boolean>> {
  return defineField<boolean, R>('yesNo', { width: 9, ...opts, options: [YES, NO] }, (input, fail) => {
    if (typeof input === 'boolean') return input;
    const s = normalizeName(asText(input)).toLowerCase();
    if (YES_SET.has(s)) return true;
    if (NO_SET.has(s)) return false;
    return fail('notYesNo', { value: quote(asText(input)) });
  });
}

/** The value a record field becomes in a cell (the inverse of the field's parse). */
export function toCellValue(meta: FieldMeta, value: unknown): CellValue {
  if (value === undefined || value === null) return null;
  if (meta.kind === 'yesNo') return value ? YES : NO;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}
