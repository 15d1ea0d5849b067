/**
 * The public version (公开版) of the report's detail sheets, derived from the model only: a
 * report form is published when it says so (`published`), a column is shown when a stranger may
 * read it on some row the form can hold, and on each row a shown field its subject does not
 * allow reads （不公开）. Nothing here names a column or a sheet.
 */
import { type Column, type FormDef, type Subject, isPublicFor, subjectOf } from '../../forms/form';
import { REPORT_FORMS } from './report-forms';

export const WITHHELD = '（不公开）';

/** The report forms of the public version, in sheet order. */
export const PUBLISHED_FORMS: readonly FormDef[] = REPORT_FORMS.filter((f) => f.published);

/** The subjects a form's rows can be about. */
function subjectsOf(form: FormDef): Subject[] {
  return typeof form.subject === 'string' ? [form.subject] : ['organization', 'person'];
}

/** Each form's shown columns, found once: publicCells asks for them on every row. */
const shown = new WeakMap<FormDef, readonly Column[]>();

/** The columns shown: those a stranger may read on some row of the form. */
export function publicColumns(form: FormDef): readonly Column[] {
  let columns = shown.get(form);
  if (!columns) {
    const subjects = subjectsOf(form);
    columns = form.columns.filter((c) => subjects.some((s) => isPublicFor(c, s)));
    shown.set(form, columns);
  }
  return columns;
}

/** A record's cells in the public version: `cell` of each shown field its row may show, else WITHHELD. */
export function publicCells<T>(form: FormDef, record: Readonly<Record<string, unknown>>, cell: (column: Column, value: unknown) => T): (T | typeof WITHHELD)[] {
  const subject = subjectOf(form, record);
  return publicColumns(form).map((c) => (isPublicFor(c, subject) ? cell(c, record[c.key]) : WITHHELD));
}
