/** A form = one sheet: its name, title and the ordered columns of its zod schema. */
import type { z } from 'zod';
import { type FieldMeta, fieldMeta } from './fields';

export type FormId = 'org' | 'member' | 'rectification' | 'schedule' | 'branches' | 'members' | 'stages';

export interface Column {
  key: string;
  /** 0-based position in the template. */
  index: number;
  meta: FieldMeta;
}

/** What a row is about: a field's visibility in the public version depends on it. */
export type Subject = 'organization' | 'person';

export interface FormDef<S extends z.ZodObject = z.ZodObject> {
  id: FormId;
  sheetName: string;
  /** The form's official title, printed in the page header. */
  title: string;
  schema: S;
  columns: readonly Column[];
  /** What its rows are about; a form whose rows may be about either tells by the record. */
  subject?: Subject | ((record: Readonly<Record<string, unknown>>) => Subject);
  /** Shown in the public version (公开版), under this title; a form without it is never published. */
  published?: { title: string };
  /**
   * The field naming what a row is about (the branch, the member, the ledger or plan object):
   * repeated at the left of every printed page, and on the review forms one row per object.
   */
  objectKey?: string;
  /** The sheet ends with a 填写状态 column (formulas: 已完成 / 未填写 / 缺N项), which readers skip. */
  statusColumn?: boolean;
}

export type RecordOf<F extends FormDef> = z.infer<F['schema']>;

/** A form from its schema; its `objectKey` keeps its literal type, so a form built on this one can name the same object. */
export function defineForm<S extends z.ZodObject, K extends keyof S['shape'] & string = never>(
  def: Omit<FormDef<S>, 'columns' | 'objectKey'> & { objectKey?: K },
): FormDef<S> & { objectKey?: K } {
  const columns = Object.entries(def.schema.shape).map(([key, fieldSchema], index) => {
    const meta = fieldMeta.get(fieldSchema as z.ZodType);
    if (!meta) throw new Error(`form ${def.id}: field ${key} was not declared with a field factory`);
    return { key, index, meta };
  });
  return { ...def, columns };
}

export function columnOf(form: FormDef, key: string): Column {
  const col = form.columns.find((c) => c.key === key);
  if (!col) throw new Error(`form ${form.id} has no field ${key}`);
  return col;
}

/** The column of the form's object (`objectKey`), if it names one. */
export function objectColumn(form: FormDef): Column | undefined {
  return form.objectKey === undefined ? undefined : columnOf(form, form.objectKey);
}

/** What a row of `form` is about; a form that does not say is taken to be about a person (the stricter). */
export function subjectOf(form: FormDef, record: Readonly<Record<string, unknown>>): Subject {
  const { subject } = form;
  if (subject === undefined) return 'person';
  return typeof subject === 'function' ? subject(record) : subject;
}

/** Whether a stranger may read `column` on a row about `subject`. */
export function isPublicFor(column: Column, subject: Subject): boolean {
  const { visibility } = column.meta;
  return visibility === 'public' || (visibility === 'publicForOrganization' && subject === 'organization');
}
