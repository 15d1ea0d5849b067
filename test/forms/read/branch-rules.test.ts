/**
 * Every rule a branch's rows can break: one failing case (exact rule id and A1 cell) and one
 * passing near miss, on grids built in code. Column letters are spelled out on purpose: they are
 * what a secretary is told to look at.
 */
import { RULES } from '../../../addin/forms/problems';
import { type BranchRows, AS_OF, branch, branchContext, checkRows, cleanBranchRows, members, otherMember, planned, roster, where } from '../../helpers/forms';

const ORG = '党组织点评';
const MEM = '党员点评';
const REC = '整改台账';

interface Case {
  rule: keyof typeof RULES;
  fail: (r: BranchRows) => void;
  cell: string;
  pass: (r: BranchRows) => void;
}

const m0 = () => members[0].name;
const m1 = () => members[1].name;

const CASES: Case[] = [
  // required, missing aspect / element: the empty cell itself.
  {
    rule: 'required',
    cell: `${ORG}!D2`,
    fail: (r) => void (r.org[0].reviewer = '  '),
    pass: (r) => void (r.org[0].reviewer = [...(branch.liaison ?? '')].join(' ')),
  },
  {
    rule: 'required',
    cell: `${REC}!E2`,
    fail: (r) => void (r.rectification[0].owner = undefined),
    pass: (r) => void (r.rectification[0].owner = members[0].name),
  },
  {
    rule: 'missingAspect',
    cell: `${MEM}!M3`,
    fail: (r) => void (r.member[1].aspect3 = undefined),
    pass: (r) => void (r.member[1].aspect3 = '坚持为群众办实事，受到好评。'),
  },
  {
    rule: 'missingAspect',
    cell: `${ORG}!M2`,
    fail: (r) => void (r.org[0].aspect4 = '\u200B'),
    pass: (r) => void (r.org[0].aspect4 = '履行管党职责，组织生活规范。'),
  },
  {
    rule: 'missingElement',
    cell: `${MEM}!Q4`,
    fail: (r) => void (r.member[2].direction = ''),
    pass: (r) => void (r.member[2].direction = '进一步加强理论学习。'),
  },
  { rule: 'missingElement', cell: `${ORG}!O2`, fail: (r) => void (r.org[0].problems = null), pass: (r) => void (r.org[0].problems = '理论学习深度不够。') },
  // a choice not in its list
  { rule: 'notInList', cell: `${MEM}!H2`, fail: (r) => void (r.member[0].method = '座谈'), pass: (r) => void (r.member[0].method = ' 集中点评 ') },
  { rule: 'notInList', cell: `${REC}!G2`, fail: (r) => void (r.rectification[0].status = '完成'), pass: (r) => void (r.rectification[0].status = '整改中') },
  // dates: not a date, outside the stage, in the future
  { rule: 'notDate', cell: `${ORG}!F2`, fail: (r) => void (r.org[0].date = '九月中旬'), pass: (r) => void (r.org[0].date = '2010年9月15日') },
  { rule: 'notDate', cell: `${MEM}!G3`, fail: (r) => void (r.member[1].date = '2010-09-31'), pass: (r) => void (r.member[1].date = '2010.9.30') },
  { rule: 'dateOutsideStage', cell: `${MEM}!G2`, fail: (r) => void (r.member[0].date = '2010-10-08'), pass: (r) => void (r.member[0].date = '2010-09-30') },
  { rule: 'dateOutsideStage', cell: `${ORG}!F2`, fail: (r) => void (r.org[0].date = '2010-07-31'), pass: (r) => void (r.org[0].date = '2010-08-01') },
  {
    rule: 'dateInFuture',
    cell: `${REC}!H2`,
    fail: (r) => Object.assign(r.rectification[0], { status: '已整改', doneDate: '2010-10-01' }),
    pass: (r) => Object.assign(r.rectification[0], { status: '已整改', doneDate: AS_OF }),
  },
  {
    rule: 'dateInFuture',
    cell: `${REC}!I2`,
    fail: (r) => void (r.rectification[0].replyDate = '2011-01-05'),
    pass: (r) => void (r.rectification[0].replyDate = '2010-09-29'),
  },
  // counts and yes/no
  { rule: 'notCount', cell: `${ORG}!Q2`, fail: (r) => void (r.org[0].attendingMembers = '十几个'), pass: (r) => void (r.org[0].attendingMembers = '12人') },
  { rule: 'notYesNo', cell: `${MEM}!S3`, fail: (r) => void (r.member[1].example = '也许'), pass: (r) => Object.assign(r.member[1], { example: '否' }) },
  { rule: 'tooLong', cell: `${ORG}!W2`, fail: (r) => void (r.org[0].note = 'x'.repeat(32768)), pass: (r) => void (r.org[0].note = 'x'.repeat(32767)) },
  {
    rule: 'cellError',
    cell: `${MEM}!F5`,
    fail: (r) => void (r.member[3].reviewerPost = { error: '#N/A' }),
    pass: (r) => void (r.member[3].reviewerPost = '#N/A 不是错误'),
  },
  // members and branches against the roster (names compared after NFKC, trim, no inner spaces)
  {
    rule: 'memberNotInRoster',
    cell: `${MEM}!A5`,
    fail: (r) => void (r.member[3].name = '赵无名'),
    pass: (r) => void (r.member[3].name = ` ${[...members[3].name].join('\u3000')} `),
  },
  {
    rule: 'memberOfOtherBranch',
    cell: `${MEM}!A5`,
    fail: (r) => void (r.member[3].name = otherMember.name),
    pass: (r) => void (r.member[3].name = members[3].name.normalize('NFKD')),
  },
  {
    rule: 'memberOfOtherBranch',
    cell: `${REC}!B2`,
    fail: (r) => Object.assign(r.rectification[0], { objectKind: '党员', object: otherMember.name }),
    pass: (r) => Object.assign(r.rectification[0], { objectKind: '党员', object: m1() }),
  },
  {
    rule: 'branchMismatch',
    cell: `${ORG}!A2`,
    fail: (r) => void (r.org[0].branch = roster.branches[2].name),
    pass: (r) => void (r.org[0].branch = `${branch.name} `),
  },
  {
    rule: 'branchMismatch',
    cell: `${MEM}!B4`,
    fail: (r) => void (r.member[2].branch = '不存在党小组'),
    pass: (r) => void (r.member[2].branch = `\u3000${branch.name}`),
  },
  { rule: 'stageMismatch', cell: `${ORG}!H2`, fail: (r) => void (r.org[0].stage = '动员部署'), pass: (r) => void (r.org[0].stage = '全面 争创') },
  {
    rule: 'rectificationObjectUnknown',
    cell: `${REC}!B2`,
    fail: (r) => void (r.rectification[0].object = '外校党小组'),
    pass: (r) => void (r.rectification[0].object = ` ${branch.name}`),
  },
  {
    rule: 'rectificationObjectKind',
    cell: `${REC}!A2`,
    fail: (r) => void (r.rectification[0].objectKind = '党员'),
    pass: (r) => Object.assign(r.rectification[0], { objectKind: '党员', object: m0() }),
  },
  // the same object reviewed twice in one stage: the second row, pointing at the first
  { rule: 'duplicateReview', cell: `${MEM}!A6`, fail: (r) => void r.member.push({ ...r.member[0], name: ` ${m0()}` }), pass: () => undefined },
  { rule: 'duplicateReview', cell: `${ORG}!A3`, fail: (r) => void r.org.push({ ...r.org[0] }), pass: () => undefined },
  // 已整改 without a completion date
  {
    rule: 'doneWithoutDate',
    cell: `${REC}!H2`,
    fail: (r) => void (r.rectification[0].status = '已整改'),
    pass: (r) => Object.assign(r.rectification[0], { status: '已整改', doneDate: '2010-09-20' }),
  },
  // warnings
  {
    rule: 'unexpectedOrgReviewer',
    cell: `${ORG}!D2`,
    fail: (r) => void (r.org[0].reviewer = members[2].name),
    pass: (r) => void (r.org[0].reviewer = ` ${branch.liaison ?? ''}\u3000`),
  },
  {
    rule: 'unexpectedMemberReviewer',
    cell: `${MEM}!E4`,
    fail: (r) => void (r.member[2].reviewer = '外校领导'),
    pass: (r) => void (r.member[2].reviewer = roster.secretary),
  },
  { rule: 'unusualMethod', cell: `${ORG}!G2`, fail: (r) => void (r.org[0].method = '集中点评'), pass: (r) => void (r.org[0].method = '现场点评') },
  { rule: 'unusualMethod', cell: `${MEM}!H3`, fail: (r) => void (r.member[1].method = '谈话点评'), pass: (r) => void (r.member[1].method = '集中点评') },
  {
    rule: 'placeholderComment',
    cell: `${MEM}!Q4`,
    fail: (r) => void (r.member[2].direction = '同上'),
    pass: (r) => void (r.member[2].direction = '多家访，多办实事。'),
  },
  {
    rule: 'placeholderComment',
    cell: `${ORG}!K2`,
    fail: (r) => void (r.org[0].aspect2 = '好。'),
    pass: (r) => void (r.org[0].aspect2 = '承诺事项已全部兑现。'),
  },
  {
    rule: 'placeholderComment',
    cell: `${MEM}!O2`,
    fail: (r) => void (r.member[0].achievements = '较 好'),
    pass: (r) => void (r.member[0].achievements = '教学成绩突出'),
  },
  {
    rule: 'placeholderComment',
    cell: `${MEM}!K2`,
    fail: (r) => void (r.member[0].aspect1 = '无'),
    pass: (r) => void (r.member[0].aspect1 = '无迟到早退，按时完成任务。'),
  },
  {
    rule: 'deadlineWithoutRectification',
    cell: `${MEM}!R3`,
    fail: (r) => void (r.member[1].deadline = '是'),
    pass: (r) => {
      r.member[1].deadline = '是';
      r.rectification.push({
        objectKind: '党员',
        object: m1(),
        issue: '工作记录不完整。',
        measures: '建立工作台账。',
        owner: m1(),
        dueDate: '2010-11-30',
        status: '整改中',
      });
    },
  },
  {
    rule: 'deadlineWithoutRectification',
    cell: `${ORG}!T2`,
    fail: (r) => {
      r.org[0].deadline = '是';
      r.rectification = [];
    },
    pass: (r) => void (r.org[0].deadline = '是'),
  },
  {
    rule: 'exampleWithoutDeeds',
    cell: `${MEM}!T2`,
    fail: (r) => Object.assign(r.member[0], { example: '是', deeds: undefined }),
    pass: (r) => Object.assign(r.member[0], { example: '是', deeds: '扎根村小十余年。' }),
  },
  {
    rule: 'completedNotDone',
    cell: `${REC}!G2`,
    fail: (r) => Object.assign(r.rectification[0], { status: '整改中', doneDate: '2010-09-20' }),
    pass: (r) => Object.assign(r.rectification[0], { status: '已整改', doneDate: '2010-09-20' }),
  },
  {
    rule: 'replyBeforeCompletion',
    cell: `${REC}!I2`,
    fail: (r) => Object.assign(r.rectification[0], { status: '已整改', doneDate: '2010-09-20', replyDate: '2010-09-19' }),
    pass: (r) => Object.assign(r.rectification[0], { status: '已整改', doneDate: '2010-09-20', replyDate: '2010-09-20' }),
  },
];

describe('branch rules', () => {
  it('find nothing in a clean branch', () => {
    expect(where(checkRows(cleanBranchRows()))).toEqual([]);
  });

  it.each(CASES.map((c, i) => [`${c.rule} #${i}`, c] as const))('%s: fails at the right cell, passes its near miss', (_name, c) => {
    const bad = cleanBranchRows();
    c.fail(bad);
    const found = checkRows(bad).filter((p) => p.rule === c.rule);
    expect(found.map((p) => `${p.sheet}!${p.cell}`)).toEqual([c.cell]);
    expect(found[0].severity).toBe(RULES[c.rule].severity);

    const good = cleanBranchRows();
    c.pass(good);
    expect(where(checkRows(good))).toEqual([]);
  });

  it('names the first row in a duplicate review', () => {
    const rows = cleanBranchRows();
    rows.member.push({ ...rows.member[1] });
    const dup = checkRows(rows).find((p) => p.rule === 'duplicateReview');
    expect(dup?.message).toBe(`“${m1()}”已在第 3 行点评过，同一对象每阶段只点评一次`);
  });

  it('expects the 组长 or the unit secretary for a member review, nobody when the roster names neither', () => {
    const rows = cleanBranchRows();
    rows.member[2].reviewer = '外校领导';
    const ctx = branchContext({ secretary: undefined, branch: { ...branch, leader: undefined } });
    expect(checkRows(rows, ctx).filter((p) => p.rule === 'unexpectedMemberReviewer')).toEqual([]);
  });

  it('reports an in-stage date after the as-of day as in the future', () => {
    const rows = cleanBranchRows();
    rows.member[0].date = '2010-09-20';
    const found = checkRows(rows, branchContext({ asOf: '2010-09-10' })).filter((p) => p.rule === 'dateInFuture' && p.cell === 'G2');
    expect(found).toHaveLength(1);
  });
});

describe('regressions', () => {
  it('names an outsider on an added row that also lacks its pre-filled cells (memberNotInRoster was silent)', () => {
    const rows = cleanBranchRows();
    rows.member.push({ ...rows.member[0], name: '钱多多', branch: undefined, stage: undefined });
    expect(where(checkRows(rows)).sort()).toEqual(['memberNotInRoster@党员点评!A6', 'required@党员点评!B6', 'required@党员点评!I6']);
  });

  it('names a member of another branch on a row with a bad date', () => {
    const rows = cleanBranchRows();
    rows.member[3] = { ...rows.member[3], name: otherMember.name, date: '某天' };
    expect(where(checkRows(rows)).sort()).toEqual(['memberOfOtherBranch@党员点评!A5', 'notDate@党员点评!G5']);
  });
});

describe('regressions: 限期整改 and the ledger', () => {
  it('does not say the ledger has no item for a member whose item has a bad cell (it has one; the bad cell is reported)', () => {
    const rows = cleanBranchRows();
    rows.member[1].deadline = '是';
    rows.rectification.push({ objectKind: '党员', object: m1(), issue: '记录不全。', measures: '建立台账。', owner: m1(), dueDate: '明年', status: '整改中' });
    expect(where(checkRows(rows))).toEqual(['notDate@整改台账!F3']);
  });
});

describe('点评安排 rules', () => {
  const PLAN = '点评安排';
  const PLAN_CASES: Case[] = [
    {
      rule: 'scheduleObjectUnknown',
      cell: `${PLAN}!A3`,
      fail: (r) => void (r.schedule[1].object = '外人'),
      pass: (r) => void (r.schedule[1].object = ` ${String(r.schedule[1].object)} `),
    },
    { rule: 'memberOfOtherBranch', cell: `${PLAN}!A3`, fail: (r) => void (r.schedule[1].object = otherMember.name), pass: () => undefined },
    { rule: 'duplicatePlan', cell: `${PLAN}!A7`, fail: (r) => void r.schedule.push({ ...r.schedule[2] }), pass: () => undefined },
    // Anyone the roster knows may review: another branch's member passes, a stranger does not.
    {
      rule: 'scheduleReviewerUnknown',
      cell: `${PLAN}!B2`,
      fail: (r) => void (r.schedule[0].reviewer = '路人甲'),
      pass: (r) => void (r.schedule[0].reviewer = otherMember.name),
    },
    // A row with only the suggested cells is untouched, not an error; a note makes it a plan without a date.
    { rule: 'required', cell: `${PLAN}!D4`, fail: (r) => Object.assign(r.schedule[2], { plannedDate: undefined, note: '待定' }), pass: () => undefined },
    { rule: 'dateOutsideStage', cell: `${PLAN}!D4`, fail: (r) => void (r.schedule[2].plannedDate = '2010-10-01'), pass: () => undefined },
    {
      rule: 'reviewWithoutPlan',
      cell: `${MEM}!A2`,
      fail: (r) => void (r.schedule = r.schedule.filter((p) => p.object !== m0())),
      pass: () => undefined,
    },
    {
      rule: 'reviewFarFromPlan',
      cell: `${MEM}!G2`,
      fail: (r) => {
        r.schedule.forEach((p) => p.object === m0() && (p.plannedDate = '2010-08-01'));
        r.member[0].date = '2010-08-16';
      },
      pass: (r) => {
        r.schedule.forEach((p) => p.object === m0() && (p.plannedDate = '2010-08-01'));
        r.member[0].date = '2010-08-15';
      },
    },
  ];

  it('find nothing in a planned clean branch', () => {
    expect(where(checkRows(planned()))).toEqual([]);
  });

  it.each(PLAN_CASES.map((c, i) => [`${c.rule} #${i}`, c] as const))('%s: fails at the right cell, passes its near miss', (_name, c) => {
    const bad = planned();
    c.fail(bad);
    expect(
      checkRows(bad)
        .filter((p) => p.rule === c.rule)
        .map((p) => `${p.sheet}!${p.cell}`),
    ).toEqual([c.cell]);
    const good = planned();
    c.pass(good);
    expect(where(checkRows(good))).toEqual([]);
  });

  it('does not nag a branch that has not used the plan sheet', () => {
    const rows = cleanBranchRows();
    expect(rows.schedule).toEqual([]);
    expect(where(checkRows(rows))).toEqual([]);
  });
});

describe('a row naming a branch the roster does not have', () => {
  const ctx = () => branchContext({ allBranches: roster.branches.map((b) => b.name) });

  it('is rowBranchNotInRoster at the branch cell; another branch of the unit stays branchMismatch', () => {
    const unknown = cleanBranchRows();
    unknown.org[0].branch = '外校党小组';
    expect(where(checkRows(unknown, ctx()))).toEqual(['rowBranchNotInRoster@党组织点评!A2']);
    const other = cleanBranchRows();
    other.member[1].branch = roster.branches[2].name;
    expect(where(checkRows(other, ctx()))).toEqual(['branchMismatch@党员点评!B3']);
    expect(where(checkRows(cleanBranchRows(), ctx()))).toEqual([]);
  });
});

describe('regressions: a second review typed on an added row', () => {
  it('is a duplicate at its name cell even though the row lacks the pre-filled cells', () => {
    const rows = cleanBranchRows();
    rows.member.push({ ...rows.member[2], branch: undefined, stage: undefined });
    expect(where(checkRows(rows)).sort()).toEqual(['duplicateReview@党员点评!A6', 'required@党员点评!B6', 'required@党员点评!I6']);
  });
});

describe('regressions: a ledger item typed with gaps', () => {
  it('still reports 已整改 without 完成日期 and an unknown object, beside the empty required cells', () => {
    const rows = cleanBranchRows();
    rows.rectification.push({ objectKind: '党员', object: '外人', issue: '记录不全。', status: '已整改' });
    expect(where(checkRows(rows)).sort()).toEqual([
      'doneWithoutDate@整改台账!H3',
      'rectificationObjectUnknown@整改台账!B3',
      'required@整改台账!D3',
      'required@整改台账!E3',
      'required@整改台账!F3',
    ]);
  });

  it('does not guess about a status it could not read', () => {
    const rows = cleanBranchRows();
    Object.assign(rows.rectification[0], { status: '办完了', doneDate: '2010-09-20' });
    expect(where(checkRows(rows))).toEqual(['notInList@整改台账!G2']);
  });
});

describe('regressions: several problems planted in one row', () => {
  it('reports the date outside the stage, the wrong stage and the placeholder beside an empty aspect', () => {
    const rows = cleanBranchRows();
    Object.assign(rows.member[1], { date: '2010-10-08', aspect1: undefined, direction: '同上', stage: '动员部署' });
    expect(where(checkRows(rows)).sort()).toEqual([
      'dateOutsideStage@党员点评!G3',
      'missingAspect@党员点评!K3',
      'placeholderComment@党员点评!Q3',
      'stageMismatch@党员点评!I3',
    ]);
  });

  it('reports a completion date in the future beside a bad 整改时限', () => {
    const rows = cleanBranchRows();
    Object.assign(rows.rectification[0], { dueDate: '年底', status: '已整改', doneDate: '2011-01-01' });
    expect(where(checkRows(rows)).sort()).toEqual(['dateInFuture@整改台账!H2', 'notDate@整改台账!F2']);
  });
});

describe('regressions: warnings beside an error in the same row', () => {
  it('reports an unexpected reviewer and an unusual method on a member row with an empty element', () => {
    const rows = cleanBranchRows();
    Object.assign(rows.member[2], { reviewer: '外校领导', method: '谈话点评', achievements: undefined });
    expect(where(checkRows(rows)).sort()).toEqual(['missingElement@党员点评!O4', 'unexpectedMemberReviewer@党员点评!E4', 'unusualMethod@党员点评!H4']);
  });

  it('reports 限期整改 without a ledger item on an org row with a bad date', () => {
    const rows = cleanBranchRows();
    Object.assign(rows.org[0], { deadline: '是', date: '下月' });
    rows.rectification = [];
    expect(where(checkRows(rows)).sort()).toEqual(['deadlineWithoutRectification@党组织点评!T2', 'notDate@党组织点评!F2']);
  });
});
