/**
 * Typed errors of the scripts. Library code throws them; only the bin turns them into an exit
 * code. The message is Chinese and says what to do; `reason` is a stable code for tests and JSON.
 */
export class ReviewFormsError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
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
