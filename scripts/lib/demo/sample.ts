/**
 * A fictional school, generated deterministically from a seed: its roster and realistic review
 * text. Used by `npm run demo`, the tests' fixtures and the benchmark.
 */
import type { Roster, RosterBranch, RosterMember } from '../../../addin/forms/roster';
import { DEFAULT_STAGES } from '../../../addin/forms/roster';
import { addDays, daysBetween } from '../../../addin/forms/dates';
import type { RowInput } from './fill';

/** mulberry32: a small, fast, seedable PRNG; the same seed gives the same school. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)];

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN =
  '建国华明丽芳军伟敏静强磊洋艳勇杰娟涛超秀英霞平刚桂兰玉凤志红春梅海燕文斌宇晨欣怡子涵浩然思远雨婷佳琪俊杰雪梅德胜成玲永福家乐庆丰晓东向阳立新卫东秋菊冬梅国庆振华世杰'.split(
    '',
  );

function personName(r: Random, used: Set<string>): string {
  for (;;) {
    const given = r() < 0.45 ? pick(r, GIVEN) : pick(r, GIVEN) + pick(r, GIVEN);
    const name = pick(r, SURNAMES) + given;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

const BRANCH_PLAN: readonly { name: string; posts: readonly string[]; category: RosterMember['category'] }[] = [
  { name: '语文党小组', posts: ['语文教师', '语文教研组长', '班主任'], category: '教师' },
  { name: '数学党小组', posts: ['数学教师', '数学教研组长', '班主任'], category: '教师' },
  { name: '综合党小组', posts: ['英语教师', '科学教师', '体育教师', '音乐教师'], category: '教师' },
  { name: '行政后勤党小组', posts: ['教务主任', '总务主任', '会计', '食堂管理员'], category: '管理' },
  { name: '村小党小组', posts: ['村小负责人', '复式班教师', '语文教师'], category: '教师' },
  { name: '离退休党小组', posts: ['退休教师', '退休干部'], category: '离退休' },
];

export interface School {
  roster: Roster;
  /** The leaders who review branches (联系领导). */
  leaders: { name: string; post: string }[];
}

export function sampleSchool(seed = 2010, options: { branches?: number; membersPerBranch?: number; unit?: string } = {}): School {
  const r = rng(seed);
  const used = new Set<string>();
  const leaders = [
    { name: personName(r, used), post: '党总支书记、校长' },
    { name: personName(r, used), post: '副校长' },
    { name: personName(r, used), post: '副校长' },
    { name: personName(r, used), post: '党总支副书记' },
  ];
  const branchCount = options.branches ?? BRANCH_PLAN.length;
  const branches: RosterBranch[] = [];
  const members: RosterMember[] = [];
  for (let b = 0; b < branchCount; b++) {
    const plan = BRANCH_PLAN[b % BRANCH_PLAN.length];
    const name = b < BRANCH_PLAN.length ? plan.name : `${plan.name.replace('党小组', '')}第${b + 1}党小组`;
    const size = options.membersPerBranch ?? 8 + Math.floor(r() * 5);
    const names = Array.from({ length: size }, () => personName(r, used));
    branches.push({ name, leader: names[0], liaison: leaders[b % leaders.length].name });
    names.forEach((n, i) =>
      members.push({
        name: n,
        branch: name,
        post: i === 0 ? '党小组组长' : pick(r, plan.posts),
        category: i === 0 && plan.category !== '离退休' ? '教师' : plan.category,
      }),
    );
  }
  const roster: Roster = {
    unit: options.unit ?? '台子乡中心学校',
    reportTo: '县教育局',
    secretary: leaders[0].name,
    stages: DEFAULT_STAGES.map((s) => ({ ...s })),
    branches,
    members,
  };
  return { roster, leaders };
}

const STRENGTHS = [
  '认真组织学习实践科学发展观',
  '立足本职岗位，教学成绩稳居全乡前列',
  '主动承担毕业班教学任务',
  '积极参加教研活动，上好示范课',
  '关心留守儿童，坚持家访',
  '带头完成校舍安全排查等急难险重任务',
  '公开承诺事项全部兑现',
  '团结同事，乐于帮助青年教师成长',
];
const WEAKNESSES = [
  '理论学习的深度还不够',
  '创新意识有待加强',
  '与群众的沟通还不够经常',
  '工作记录不够完整',
  '对信息技术的运用还不熟练',
  '承诺事项的进度公示不够及时',
];
const DIRECTIONS = [
  '进一步加强理论学习，做到学用结合',
  '在教学改革中发挥示范作用',
  '多深入学生家庭，为群众多办实事',
  '按期兑现公开承诺并及时向群众报告',
  '带动身边党员共同进步',
];

function sentence(r: Random, list: readonly string[], count: number): string {
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(pick(r, list));
  return `${[...chosen].join('，')}。`;
}

export function reviewText(r: Random) {
  return {
    aspect1: `能够${sentence(r, STRENGTHS, 2)}`,
    aspect2: `年初作出的公开承诺${pick(r, ['已基本兑现', '全部按期兑现', '大部分已兑现，个别事项正在推进'])}，${pick(r, ['群众反映较好。', '在公示栏及时公开了进展。', '得到了家长的认可。'])}`,
    aspect3: `${pick(r, ['为学生和家长办了实事', '坚持开展送教上门', '帮助困难学生申请资助'])}，${pick(r, ['受到群众好评。', '服务意识较强。', '赢得了家长信任。'])}`,
    aspect4: `${pick(r, ['认真履行党章规定的义务', '按时参加组织生活', '在本单位发挥了模范带头作用'])}，${pick(r, ['按时足额交纳党费。', '积极参加组织生活会。', '作风扎实。'])}`,
    achievements: sentence(r, STRENGTHS, 2),
    problems: sentence(r, WEAKNESSES, 1),
    direction: sentence(r, DIRECTIONS, 2),
  };
}

/** A clean, complete set of rows for one branch: its organization review, every member, the ledger. */
export interface BranchRows {
  org: RowInput;
  members: RowInput[];
  rectification: RowInput[];
  /** 点评安排: a planned date for the branch and each member; reviews fall within a few days of it. */
  schedule: RowInput[];
}

export function sampleBranchRows(school: School, branchName: string, stageName: string, seed: number): BranchRows {
  const r = rng(seed);
  const { roster } = school;
  const branch = roster.branches.find((b) => b.name === branchName);
  const stage = roster.stages.find((s) => s.name === stageName);
  if (!branch || !stage) throw new Error(`no branch ${branchName} or stage ${stageName}`);
  const span = Math.max(1, daysBetween(stage.start, stage.end));
  const planned = new Map<string, string>();
  const day = (object: string) => {
    const plan = addDays(stage.start, Math.floor(r() * Math.max(1, span - 5)));
    planned.set(object, plan);
    return addDays(plan, Math.floor(r() * 5));
  };
  const liaison = school.leaders.find((l) => l.name === branch.liaison) ?? school.leaders[0];
  const orgText = reviewText(r);
  const org: RowInput = {
    reviewer: liaison.name,
    reviewerPost: liaison.post,
    date: day(branch.name),
    method: '现场点评',
    promises: `本党小组承诺：${pick(r, ['每名党员结对帮扶一名学困生', '开展“党员示范课”活动', '每月为村民开展一次科普讲座'])}，目前${pick(r, ['已全部兑现', '正按计划推进'])}。`,
    aspect1: orgText.aspect1,
    aspect2: orgText.aspect2,
    aspect3: orgText.aspect3,
    aspect4: `坚持“三会一课”制度，${pick(r, ['积极创建“五个好”党小组', '战斗堡垒作用明显', '组织生活规范有序'])}。`,
    achievements: orgText.achievements,
    problems: orgText.problems,
    suggestions: orgText.direction,
    attendingMembers: 5 + Math.floor(r() * 6),
    attendingPublic: Math.floor(r() * 6),
    publicOpinion: pick(r, ['希望继续加强与家长的联系。', '建议多开展面向村民的活动。', '对党员教师的工作表示满意。']),
    deadline: false,
    example: false,
  };
  const members = roster.members.filter((m) => m.branch === branch.name);
  const reviewerName = branch.leader ?? roster.secretary;
  const memberRows: RowInput[] = members.map((m) => {
    const t = reviewText(r);
    const isExample = r() < 0.12;
    return {
      name: m.name,
      reviewer: m.name === reviewerName ? roster.secretary : reviewerName,
      reviewerPost: m.name === reviewerName ? '党总支书记' : '党小组组长',
      date: day(m.name),
      method: '集中点评',
      promises: `承诺${pick(r, ['所教班级成绩稳步提高', '每学期家访不少于二十户', '上好一节校级示范课'])}，${pick(r, ['已兑现。', '正在践行。'])}`,
      aspect1: t.aspect1,
      aspect2: t.aspect2,
      aspect3: t.aspect3,
      aspect4: t.aspect4,
      achievements: t.achievements,
      problems: `${m.name}同志${t.problems}`,
      direction: t.direction,
      deadline: false,
      example: isExample,
      deeds: isExample ? `${m.name}同志${pick(r, ['扎根村小十余年', '带病坚持上课', '资助贫困学生多名'])}，事迹感人。` : undefined,
    };
  });
  const due = addDays(stage.end, 60);
  const rectification: RowInput[] = [
    {
      objectKind: '党组织',
      object: branch.name,
      issue: orgText.problems,
      measures: '制定学习计划，每月集中学习两次。',
      owner: branch.leader,
      dueDate: due,
      status: '整改中',
      source: '党组织点评',
    },
  ];
  const schedule: RowInput[] = [...planned].map(([object, plannedDate]) => ({ object, plannedDate }));
  return { org, members: memberRows, rectification, schedule };
}
