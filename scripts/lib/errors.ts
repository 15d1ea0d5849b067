/**
 * Typed errors of the scripts. Library code throws them; only the bin turns them into an exit
 * code. The reason is an id of the reasons table (scripts/lib/reasons.ts), which gives the Chinese
 * message that says what to do; the id is stable for tests and JSON.
 */
import { type ReasonId, type ReasonParams, reasonText } from './reasons';

export class ReviewFormsError extends Error {
  constructor(
    readonly reason: ReasonId,
    params: ReasonParams = {},
    options?: { cause?: unknown },
  ) {
    super(reasonText(reason, params), options);
    this.name = 'ReviewFormsError';
  }
}

/** A file that cannot be read as a branch workbook or report (the run goes on with the others). */
export class WorkbookError extends ReviewFormsError {
  override name = 'WorkbookError';
}

/** Usage errors and an unreadable roster: the command cannot run at all (exit code 2). */
export class UsageError extends ReviewFormsError {
  override name = 'UsageError';
}

/** The command ran but refused because of problems in the input (exit code 1). */
export class ProblemsFoundError extends ReviewFormsError {
  override name = 'ProblemsFoundError';
}
