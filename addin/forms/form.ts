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

export interface FormDef<S extends z.ZodObject = z.ZodObject> {
  id: FormId;
  sheetName: string;
  /** The form's official title, printed in the page header. */
  title: string;
  schema: S;
  columns: readonly Column[];
}

export type RecordOf<F extends FormDef> = z.infer<F['schema']>;

export function defineForm<S extends z.ZodObject>(def: { id: FormId; sheetName: string; title: string; schema: S }): FormDef<S> {
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
