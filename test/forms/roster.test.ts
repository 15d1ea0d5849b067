/** 名单 grids → Roster: the roster's own rules, each with a failing cell and a passing near miss. */
import { type Grid, gridRow } from '../../addin/forms/cell';
import { BRANCHES_FORM, MEMBERS_FORM, type Roster, STAGES_FORM } from '../../addin/forms/roster';
import { rosterFromGrids } from '../../addin/forms/read/roster-reader';
import { type Row, formGrid, roster, where } from '../helpers/forms';

interface RosterRows {
  info: [string, string][];
  stages: Row[];
  branches: Row[];
  members: Row[];
}

function rowsOf(r: Roster): RosterRows {
  return {
    info: [
      ['单位名称', r.unit],
      ['上报单位', r.reportTo],
      ['党组织书记', r.secretary],
    ],
    stages: r.stages.map((s) => ({ ...s })),
    branches: r.branches.map((b) => ({ ...b })),
    members: r.members.map((m) => ({ ...m })),
  };
}

function grids(r: RosterRows): Grid[] {
  return [
    { name: '基本信息', state: 'visible', rows: [gridRow(1, ['项目', '内容']), ...r.info.map((cells, i) => gridRow(i + 2, cells))] },
    formGrid(STAGES_FORM, r.stages),
    formGrid(BRANCHES_FORM, r.branches),
    formGrid(MEMBERS_FORM, r.members),
  ];
}

function read(mutate: (r: RosterRows) => void = () => undefined) {
  const rows = rowsOf(roster);
  mutate(rows);
  return rosterFromGrids(grids(rows));
}

describe('rosterFromGrids', () => {
  it('reads a clean roster back exactly', () => {
    const r = read();
    expect(r.problems).toEqual([]);
    expect(r.roster).toEqual(roster);
  });

  it('normalizes names: "张　三 " in 党员 equals 张三, and a member\'s branch written with spaces is found', () => {
    const r = read((x) => {
      x.members[0].name = ` ${[...String(x.members[0].name)].join('\u3000')} `;
      x.members[1].branch = ` ${String(x.members[1].branch)}\u3000`;
    });
    expect(r.problems).toEqual([]);
    expect(r.roster?.members.slice(0, 2)).toEqual(roster.members.slice(0, 2));
  });

  const CASES: { rule: string; cell: string; fail: (r: RosterRows) => void; pass: (r: RosterRows) => void }[] = [
    {
      rule: 'rosterUnknownBranch',
      cell: '党员!B3',
      fail: (x) => void (x.members[1].branch = '音乐党小组'),
      pass: (x) => void (x.members[1].branch = x.branches[2].name),
    },
    {
      rule: 'rosterDuplicateMember',
      cell: '党员!A14',
      fail: (x) => void x.members.push({ ...x.members[1], name: `${String(x.members[1].name)} ` }),
      // The same name in another branch is a different person.
      pass: (x) => void x.members.push({ ...x.members[1], branch: x.branches[2].name }),
    },
    {
      rule: 'rosterDuplicateBranch',
      cell: '党小组!A5',
      fail: (x) => void x.branches.splice(3, 0, { ...x.branches[0] }),
      pass: (x) => void x.branches.splice(3, 0, { name: '新党小组' }),
    },
    {
      rule: 'rosterDuplicateStage',
      cell: '阶段!A6',
      fail: (x) => void x.stages.push({ ...x.stages[1], start: '2012-01-01', end: '2012-02-01' }),
      pass: (x) => void x.stages.push({ name: '回头看', start: '2012-01-01', end: '2012-02-01' }),
    },
    { rule: 'rosterStageOrder', cell: '阶段!C3', fail: (x) => void (x.stages[1].end = '2010-07-31'), pass: (x) => void (x.stages[1].end = '2010-08-01') },
    // Windows that touch on one day overlap; the next day does not.
    { rule: 'rosterStageOverlap', cell: '阶段!B4', fail: (x) => void (x.stages[2].start = '2010-09-30'), pass: (x) => void (x.stages[2].start = '2010-10-05') },
    { rule: 'rosterMissingInfo', cell: '基本信息!B2', fail: (x) => void (x.info[0][1] = ' '), pass: (x) => void (x.info[0][1] = '某某学校') },
    { rule: 'rosterEmpty', cell: '党员!A2', fail: (x) => void (x.members = []), pass: (x) => void (x.members = x.members.slice(0, 1)) },
    { rule: 'required', cell: '党员!A3', fail: (x) => void (x.members[1].name = '\u3000'), pass: (x) => void (x.members[1].name = '新党员') },
    { rule: 'notDate', cell: '阶段!B2', fail: (x) => void (x.stages[0].start = '五月'), pass: (x) => void (x.stages[0].start = '2010年5月1日') },
    { rule: 'notInList', cell: '党员!D4', fail: (x) => void (x.members[2].category = '老师'), pass: (x) => void (x.members[2].category = '后勤') },
  ];

  it.each(CASES.map((c) => [c.rule, c] as const))('%s: an error at its cell, none in the near miss', (_rule, c) => {
    const bad = read(c.fail);
    expect(bad.roster).toBeUndefined();
    expect(where(bad.problems).filter((w) => w.startsWith(`${c.rule}@`))).toEqual([`${c.rule}@${c.cell}`]);
    const good = read(c.pass);
    expect(good.problems).toEqual([]);
    expect(good.roster).toBeDefined();
  });

  it('names a missing sheet', () => {
    const r = rosterFromGrids(grids(rowsOf(roster)).filter((g) => g.name !== '党小组'));
    expect(where(r.problems)).toEqual(['sheetMissing@党小组!']);
  });
});
