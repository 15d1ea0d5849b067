/** merge and publish are wired here (see scripts/lib/merge). */
import type { Command } from 'commander';

export function registerReportCommands(_program: Command): void {
  // Added with the merge.
}
