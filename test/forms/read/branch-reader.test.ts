/**
 * The workbook-level rules of a branch file: _meta, the roster it was made from, the stage, the
 * sheets, 定稿. Grids of a real filled template are read once and altered in memory per case.
 */
import { type Grid, cellAt, withCells } from '../../../addin/forms/cell';
import { allProblems, isBranchRead, readBranchWorkbook } from '../../../addin/forms/read/branch-reader';
import type { Roster } from '../../../addin/forms/roster';
import { fillBranchWorkbook } from '../../../scripts/lib/demo/fill';
import { finalizeXlsx } from '../../../scripts/lib/commands/finalize';
import { buildBranchWorkbook, layoutContext } from '../../../scripts/lib/commands/template';
import { readXlsx } from '../../../scripts/lib/xlsx/xlsx-reader';
import { AS_OF, STAGE, branch, roster, school, where } from '../../helpers/forms';
import { branchInput } from '../../helpers/workbooks';

let pristine: Grid[];
let finalized: Grid[];

beforeAll(async () => {
  const wb = await buildBranchWorkbook(roster, layoutContext(roster, STAGE, branch));
  const filled = await fillBranchWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), branchInput(school, branch.name, STAGE, 3));
  pristine = (await readXlsx(filled, 'b.xlsx')).grids;
  const stamped = await finalizeXlsx(filled, 'b.xlsx', '2010-09-28T16:30:00+08:00', AS_OF);
  finalized = (await readXlsx(stamped, 'b.xlsx')).grids;
});

function copy(grids: Grid[]): Grid[] {
  return structuredClone(grids);
}

function setMeta(grids: Grid[], key: string, value: string | null): Grid[] {
  const meta = grids.find((g) => g.name === '_meta') as Grid;
  if (value === null) meta.rows = meta.rows.filter((r) => cellAt(r, 0) !== key);
  else meta.rows = meta.rows.map((r) => (cellAt(r, 0) === key ? withCells(r.r, r, new Map([[1, value]])) : r));
  return grids;
}

function problemsOf(grids: Grid[], options: { roster?: Roster; stage?: string } = { roster }): string[] {
  const read = readBranchWorkbook(grids, { asOf: AS_OF, ...options });
  return where(isBranchRead(read) ? allProblems(read) : read.problems);
}

describe('readBranchWorkbook', () => {
  it('finds nothing in a clean filled file, with or without the roster', () => {
    expect(problemsOf(copy(pristine))).toEqual([]);
    expect(problemsOf(copy(pristine), {})).toEqual([]);
    expect(problemsOf(copy(finalized))).toEqual([]);
  });

  it.each<[string, string[], (g: Grid[]) => Grid[], { roster?: Roster; stage?: string }?]>([
    ['metaMissing', ['metaMissing@!'], (g) => g.filter((x) => x.name !== '_meta')],
    ['schemaVersion', ['schemaVersion@_meta!'], (g) => setMeta(g, 'schemaVersion', '0')],
    ['metaInvalid', ['metaInvalid@_meta!'], (g) => setMeta(g, 'stageStart', '2010-02-30')],
    ['notBranchWorkbook', ['notBranchWorkbook@_meta!'], (g) => setMeta(g, 'kind', 'report')],
    ['branchNotInRoster', ['branchNotInRoster@_meta!'], (g) => g, { roster: { ...roster, branches: roster.branches.slice(1) } }],
    ['stageNotInRoster', ['stageNotInRoster@_meta!'], (g) => g, { roster: { ...roster, stages: roster.stages.filter((s) => s.name !== STAGE) } }],
    ['fileStageMismatch', ['fileStageMismatch@_meta!'], (g) => g, { roster, stage: '整改提升' }],
    [
      'rosterChanged',
      ['rosterChanged@_meta!'],
      (g) => g,
      { roster: { ...roster, members: [...roster.members, { name: '新党员', branch: roster.branches[2].name, post: undefined, category: undefined }] } },
    ],
    ['sheetMissing', ['sheetMissing@整改台账!'], (g) => g.filter((x) => x.name !== '整改台账')],
    ['sheetRenamed', ['sheetRenamed@党员 点评!'], (g) => g.map((x) => (x.name === '党员点评' ? { ...x, name: '党员 点评' } : x))],
    ['sheetHidden', ['sheetHidden@党组织点评!'], (g) => g.map((x) => (x.name === '党组织点评' ? { ...x, state: 'hidden' as const } : x))],
    [
      'sheetDuplicated',
      ['sheetDuplicated@党员点评 (2)!'],
      (g) => [...g, { ...structuredClone(g.find((x) => x.name === '党员点评') as Grid), name: '党员点评 (2)' }],
    ],
  ])('%s', (_rule, expected, alter, options = { roster }) => {
    expect(problemsOf(alter(copy(pristine)), options)).toEqual(expected);
  });

  it('editedAfterFinalize: a cell changed after 定稿 is an error; the untouched stamped file passes', () => {
    const grids = copy(finalized);
    const members = grids.find((g) => g.name === '党员点评') as Grid;
    members.rows[1] = withCells(members.rows[1].r, members.rows[1], new Map([[15, '改过的问题。']]));
    expect(problemsOf(grids)).toEqual(['editedAfterFinalize@_meta!']);
  });

  it('an optional 点评安排 sheet may be missing (files made before it existed)', () => {
    expect(problemsOf(copy(pristine).filter((g) => g.name !== '点评安排'))).toEqual([]);
  });
});
