/**
 * The pure translation of the forms' layout (addin/forms/layout.ts) into Office.js settings:
 * data validation rules, protection options, widths and colours. The exceljs writer
 * (scripts/lib/workbook/sheet-renderer.ts) translates the same layout; a test holds the two together.
 */
import type { ProtectionSpec, ValidationSpec } from '../forms/layout';

export const HEADER_FILL = '#DDEBF7';
export const REQUIRED_HEADER_FILL = '#BDD7EE';
export const LOCKED_FILL = '#F2F2F2';
export const BORDER_COLOR = '#B4B4B4';
export const HEADER_ROW_HEIGHT = 30;

/** Office.js takes column widths in points; the layout gives Excel character units (Calibri 11). */
export function charsToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

export interface OfficeValidation {
  rule: Excel.DataValidationRule;
  prompt: Excel.DataValidationPrompt;
  errorAlert: Excel.DataValidationErrorAlert;
}

const OPERATORS = {
  between: 'Between',
  greaterThanOrEqual: 'GreaterThanOrEqualTo',
  lessThanOrEqual: 'LessThanOrEqualTo',
} as const satisfies Record<NonNullable<ValidationSpec['operator']>, Excel.DataValidationOperator | string>;

function basic(v: ValidationSpec): Excel.BasicDataValidation {
  const operator = OPERATORS[v.operator ?? 'between'];
  if (operator === 'LessThanOrEqualTo') return { formula1: Number(v.max), operator };
  if (operator === 'GreaterThanOrEqualTo') return { formula1: Number(v.min), operator };
  return { formula1: Number(v.min), formula2: Number(v.max), operator };
}

function dateRule(v: ValidationSpec): Excel.DateTimeDataValidation {
  const operator = OPERATORS[v.operator ?? 'between'];
  if (operator === 'LessThanOrEqualTo') return { formula1: String(v.max), operator };
  if (operator === 'GreaterThanOrEqualTo') return { formula1: String(v.min), operator };
  return { formula1: String(v.min), formula2: String(v.max), operator };
}

export function officeValidation(v: ValidationSpec): OfficeValidation {
  let rule: Excel.DataValidationRule;
  switch (v.type) {
    case 'list':
      rule = { list: { inCellDropDown: true, source: v.source ?? (v.items ?? []).join(',') } };
      break;
    case 'date':
      rule = { date: dateRule(v) };
      break;
    case 'whole':
      rule = { wholeNumber: basic(v) };
      break;
    case 'textLength':
      rule = { textLength: basic(v) };
      break;
  }
  return {
    rule,
    prompt: { showPrompt: true, title: v.promptTitle, message: v.prompt },
    errorAlert: { showAlert: true, style: 'Stop', title: v.errorTitle, message: v.error },
  };
}

/** Protection as `template` sets it: the spec's permissions allowed, everything else not. */
export function officeProtection(spec: ProtectionSpec): Excel.WorksheetProtectionOptions {
  return {
    allowAutoFilter: spec.autoFilter,
    allowDeleteColumns: false,
    allowDeleteRows: false,
    allowEditObjects: false,
    allowEditScenarios: false,
    allowFormatCells: false,
    allowFormatColumns: spec.formatColumns,
    allowFormatRows: spec.formatRows,
    allowInsertColumns: false,
    allowInsertHyperlinks: false,
    allowInsertRows: spec.insertRows,
    allowPivotTables: false,
    allowSort: false,
    selectionMode: spec.selectLockedCells && spec.selectUnlockedCells ? 'Normal' : 'Unlocked',
  };
}

/** A finalized sheet: every cell locked, nothing allowed but selecting and filtering. */
export const FINALIZED_PROTECTION: Excel.WorksheetProtectionOptions = {
  allowAutoFilter: true,
  allowDeleteColumns: false,
  allowDeleteRows: false,
  allowEditObjects: false,
  allowEditScenarios: false,
  allowFormatCells: false,
  allowFormatColumns: false,
  allowFormatRows: false,
  allowInsertColumns: false,
  allowInsertHyperlinks: false,
  allowInsertRows: false,
  allowPivotTables: false,
  allowSort: false,
  selectionMode: 'Normal',
};
