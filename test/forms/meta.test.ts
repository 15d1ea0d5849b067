/** The _meta sheet: what template writes is what every reader gets back. */
import { type Grid, gridRow } from '../../addin/forms/cell';
import { BranchMeta, SCHEMA_VERSION, membersOfMeta, metaFromGrid, metaToRows, stageOfMeta } from '../../addin/forms/meta';
import { branchMetaFor, layoutContext } from '../../scripts/lib/commands/template';
import { STAGE, branch, members, roster } from '../helpers/forms';

function gridOf(rows: string[][]): Grid {
  return {
    name: '_meta',
    state: 'veryHidden',
    rows: rows.map((cells, i) =>
      gridRow(
        i + 1,
        cells.map((c) => (c === '' ? null : c)),
      ),
    ),
  };
}

describe('_meta', () => {
  const meta = branchMetaFor(roster, layoutContext(roster, STAGE, branch));

  it('round-trips through its rows', () => {
    const back = BranchMeta.parse(metaFromGrid(gridOf(metaToRows(meta))));
    expect(back).toEqual(JSON.parse(JSON.stringify(meta)));
    expect(back.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('gives back the roster part a secretary needs: the stage window and the members', () => {
    const back = BranchMeta.parse(metaFromGrid(gridOf(metaToRows(meta))));
    expect(stageOfMeta(back)).toEqual(roster.stages.find((s) => s.name === STAGE));
    expect(membersOfMeta(back)).toEqual(members);
  });

  it('refuses a damaged stage window', () => {
    const rows = metaToRows(meta).map((r) => (r[0] === 'stageEnd' ? ['stageEnd', '九月底'] : r));
    expect(BranchMeta.safeParse(metaFromGrid(gridOf(rows))).success).toBe(false);
  });
});
