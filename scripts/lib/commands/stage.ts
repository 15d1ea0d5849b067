/** The stage a user named (--stage, the page's choice), shared by template, merge and serve. */
import { type Roster, type RosterStage, findStage } from '../../../addin/forms/roster';
import { UsageError } from '../errors';

/** The stage of that name, or a UsageError listing the stages there are. */
export function stageNamed(roster: Pick<Roster, 'stages'>, name: string): RosterStage {
  const stage = findStage(roster, name);
  if (!stage) throw new UsageError('unknown-stage', { stage: name, options: roster.stages.map((s) => s.name).join('、') || '（无）' });
  return stage;
}
