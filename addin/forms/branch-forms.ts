/**
 * The three forms a branch fills: 党组织点评, 党员点评, 整改台账 (and the 点评安排 plan).
 * Aspects and elements follow the school's implementing opinion (实施意见), section 二.
 *
 * Every field says what a stranger may read of it in the public version (its visibility, see
 * fields.ts), by what its row is about. Organization reviews are published; about a person a
 * stranger reads the name and branch at most — what a review says of them, their post, and that
 * they have a rectification item stay internal (domain guide, Privacy). 备注 is the office's own
 * note, never published.
 */
import { z } from 'zod';
import { choice, count, date, longText, text, yesNo } from './fields';
import { type Subject, defineForm } from './form';

export const METHODS = ['集中点评', '现场点评', '谈话点评'] as const;
export type Method = (typeof METHODS)[number];

export const POST_CATEGORIES = ['教师', '管理', '后勤', '离退休', '其他'] as const;
export const RECTIFICATION_STATUSES = ['未整改', '整改中', '已整改'] as const;
/** The status that closes a ledger item (销号): it needs a 完成日期. */
export const DONE_STATUS = '已整改' satisfies (typeof RECTIFICATION_STATUSES)[number];
export const OBJECT_KINDS = ['党组织', '党员'] as const;
export const RECTIFICATION_SOURCES = ['党组织点评', '党员点评', '其他'] as const;

/** Customary methods (实施意见 三): a departure is a 提示, never an error. */
export const USUAL_METHOD = { org: '现场点评', member: '集中点评' } as const satisfies Record<string, Method>;

const METHOD_PROMPT = '集中点评：会议上点评；现场点评：到联系点走访、座谈时点评；谈话点评：个别谈话时点评。';
const DATE_PROMPT = '填写点评的日期，须在本阶段时间内，如 2010-09-15。';

/** Who reviewed, when and how: public for an organization; for a person, part of their review. */
const reviewer = () => ({
  reviewer: text({ label: '点评人', required: true, isName: true, width: 10, prompt: '进行点评的领导姓名。', visibility: 'publicForOrganization' }),
  reviewerPost: text({ label: '点评人职务', required: true, width: 14, prompt: '点评人的职务，如 党总支书记、副校长。', visibility: 'publicForOrganization' }),
  date: date({ label: '点评日期', required: true, dateRule: 'inStage', prompt: DATE_PROMPT, visibility: 'publicForOrganization' }),
  method: choice(METHODS, { label: '点评方式', required: true, width: 11, prompt: METHOD_PROMPT, visibility: 'publicForOrganization' }),
  stage: text({
    label: '所属阶段',
    required: true,
    isName: true,
    list: 'stages',
    prefilled: true,
    width: 10,
    prompt: '本次点评所属的活动阶段，已预先填写。',
    visibility: 'public',
  }),
});

/** What a review says: public for an organization, internal for a person. */
const aspect = (label: string, prompt: string) =>
  longText({ label, required: true, comment: 'aspect', width: 28, prompt, visibility: 'publicForOrganization' });
const element = (label: string, prompt: string) =>
  longText({ label, required: true, comment: 'element', width: 28, prompt, visibility: 'publicForOrganization' });

const recognition = () => ({
  example: yesNo({
    label: '推荐为典型',
    required: false,
    prompt: '表现突出、可作为先进典型推荐的，选“是”，并填写先进事迹。',
    visibility: 'publicForOrganization',
  }),
  deeds: longText({ label: '先进事迹', required: false, width: 30, prompt: '推荐为典型时填写主要先进事迹。', visibility: 'publicForOrganization' }),
  note: longText({ label: '备注', required: false, width: 16, prompt: '', visibility: 'internal' }),
});

export const OrgReview = z.object({
  branch: text({
    label: '党组织名称',
    required: true,
    isName: true,
    list: 'branches',
    prefilled: true,
    width: 14,
    prompt: '被点评的党小组（党组织），已预先填写。',
    visibility: 'public',
  }),
  branchLeader: text({
    label: '组长',
    required: false,
    isName: true,
    prefilled: true,
    width: 9,
    prompt: '党小组组长（党组织书记）。',
    aliases: ['党组织书记/组长', '书记/组长'],
    visibility: 'public',
  }),
  memberCount: count({ label: '党员人数', required: false, prefilled: true, width: 9, prompt: '本党小组党员人数。', visibility: 'public' }),
  ...reviewer(),
  promises: longText({ label: '公开承诺事项及兑现情况', required: false, prompt: '汇报情况：党小组公开承诺的事项及兑现情况。', visibility: 'public' }),
  aspect1: aspect('组织活动推动业务', '方面一：组织抓好创先争优活动，深入学习实践科学发展观，立足本职推动业务工作和重点任务完成的情况。'),
  aspect2: aspect('公开承诺兑现', '方面二：认真开展公开承诺、切实兑现公开承诺的情况。'),
  aspect3: aspect('服务群众办实事', '方面三：促进社会和谐，服务人民群众，为群众办实事的情况。'),
  aspect4: aspect('履行管党职责', '方面四：履行管党职责，解决党建突出问题，创建“五个好”党小组，发挥战斗堡垒作用的情况。'),
  achievements: element('主要成绩', '肯定成绩：党小组取得的主要成绩。'),
  problems: element('存在问题', '指出问题：存在的问题和不足。'),
  suggestions: element('意见建议及努力方向', '提出意见建议，明确努力方向。'),
  attendingMembers: count({ label: '参加党员人数', required: false, prompt: '参加点评的党员人数。', visibility: 'public' }),
  attendingPublic: count({ label: '群众代表人数', required: false, prompt: '参加点评的群众代表人数。', visibility: 'public' }),
  publicOpinion: longText({ label: '群众代表意见', required: false, prompt: '党员、群众代表提出的意见和建议。', visibility: 'public' }),
  deadline: yesNo({
    label: '限期整改',
    required: false,
    prompt: '思想不重视、措施不得力、效果不明显的，选“是”，并在整改台账中登记整改事项。',
    visibility: 'public',
  }),
  ...recognition(),
});
export type OrgReview = z.infer<typeof OrgReview>;

export const MemberReview = z.object({
  name: text({ label: '姓名', required: true, isName: true, prefilled: true, width: 9, prompt: '被点评党员，已预先填写。', visibility: 'public' }),
  branch: text({
    label: '所在党小组',
    required: true,
    isName: true,
    prefilled: true,
    list: 'branches',
    width: 14,
    prompt: '已预先填写。',
    visibility: 'public',
  }),
  post: text({ label: '职务/岗位', required: false, prefilled: true, width: 12, visibility: 'internal', prompt: '已预先填写。' }),
  category: choice(POST_CATEGORIES, {
    label: '岗位类别',
    required: false,
    prefilled: true,
    width: 9,
    visibility: 'internal',
    prompt: '用于分类点评，已预先填写。',
  }),
  ...reviewer(),
  promises: longText({ label: '公开承诺事项及践行情况', required: false, prompt: '汇报情况：党员公开承诺的事项及践行情况。', visibility: 'internal' }),
  aspect1: aspect('立足本职争优秀', '方面一：积极投身创先争优活动，立足本职工作争优秀，特别是完成急难险重任务的表现。'),
  aspect2: aspect('公开承诺践行', '方面二：认真开展公开承诺、切实践行承诺的情况。'),
  aspect3: aspect('为民办实事好事', '方面三：为群众办实事做好事、为民服务的情况。'),
  aspect4: aspect('履行党章义务', '方面四：履行党章规定的义务，在本单位发挥模范带头作用的情况。'),
  achievements: element('主要成绩', '肯定成绩：该党员取得的主要成绩。'),
  problems: element('存在问题', '指出问题：存在的问题和不足（不对外公开）。'),
  direction: element('努力方向', '提出意见建议，明确努力方向。'),
  deadline: yesNo({
    label: '限期整改',
    required: false,
    prompt: '需要限期整改的，选“是”，并在整改台账中登记整改事项。',
    aliases: ['是否限期整改'],
    visibility: 'internal',
  }),
  ...recognition(),
});
export type MemberReview = z.infer<typeof MemberReview>;

/**
 * A ledger row about a person names them and what they must put right: all of it stays
 * internal (being on the ledger is itself a criticism). Its kind, deadline and progress are
 * public for every row, so the public ledger shows every item being followed up.
 */
export const Rectification = z.object({
  objectKind: choice(OBJECT_KINDS, { label: '对象类型', required: true, width: 9, prompt: '整改对象是党组织（党小组）还是党员。', visibility: 'public' }),
  object: text({
    label: '整改对象',
    required: true,
    isName: true,
    list: 'objects',
    width: 14,
    prompt: '党小组名称或党员姓名。',
    visibility: 'publicForOrganization',
  }),
  issue: longText({ label: '问题', required: true, prompt: '点评指出的问题。', visibility: 'publicForOrganization' }),
  measures: longText({ label: '整改措施', required: true, prompt: '针对问题的具体整改措施。', visibility: 'publicForOrganization' }),
  owner: text({ label: '责任人', required: true, isName: true, width: 9, prompt: '负责整改的人。', visibility: 'publicForOrganization' }),
  dueDate: date({ label: '整改时限', required: true, prompt: '整改完成的期限，如 2010-11-30。', visibility: 'public' }),
  status: choice(RECTIFICATION_STATUSES, {
    label: '状态',
    required: true,
    width: 9,
    prompt: '未整改 / 整改中 / 已整改（已整改须填完成日期）。',
    visibility: 'public',
  }),
  doneDate: date({
    label: '完成日期',
    required: false,
    dateRule: 'notFuture',
    requiredWhen: { key: 'status', equals: DONE_STATUS, rule: 'doneWithoutDate' },
    prompt: '整改完成（销号）的日期。',
    visibility: 'public',
  }),
  replyDate: date({ label: '书面回复日期', required: false, dateRule: 'notFuture', prompt: '整改到位后书面回复点评领导的日期。', visibility: 'public' }),
  source: choice(RECTIFICATION_SOURCES, { label: '来源', required: false, width: 11, prompt: '问题来自哪一种点评。', visibility: 'public' }),
  note: longText({ label: '备注', required: false, width: 16, prompt: '', visibility: 'internal' }),
});
export type Rectification = z.infer<typeof Rectification>;

/**
 * 点评安排: the branch's plan, one row per object (the branch itself and each member). Every
 * member is planned (全面覆盖): a row says nothing about the person beyond that they are reviewed.
 */
export const ScheduleRow = z.object({
  object: text({
    label: '点评对象',
    required: true,
    isName: true,
    prefilled: true,
    list: 'objects',
    width: 14,
    prompt: '本党小组或党员，已预先填写。',
    visibility: 'public',
  }),
  reviewer: text({
    label: '点评人',
    required: true,
    isName: true,
    suggested: true,
    width: 10,
    prompt: '计划进行点评的领导，已按名单建议填写，可修改。',
    visibility: 'public',
  }),
  reviewerPost: text({ label: '点评人职务', required: false, suggested: true, width: 14, prompt: '点评人的职务。', visibility: 'public' }),
  plannedDate: date({ label: '计划日期', required: true, dateRule: 'inStage', prompt: '计划点评的日期，须在本阶段时间内。', visibility: 'public' }),
  method: choice(METHODS, { label: '点评方式', required: true, suggested: true, width: 11, prompt: METHOD_PROMPT, visibility: 'public' }),
  scope: text({ label: '参加范围', required: false, suggested: true, width: 18, prompt: '如 支部党员大会、党员群众代表座谈会。', visibility: 'public' }),
  note: longText({ label: '备注', required: false, width: 16, prompt: '', visibility: 'internal' }),
});
export type ScheduleRow = z.infer<typeof ScheduleRow>;

/** What a ledger row is about: its 对象类型 (unknown counts as a person, the stricter). */
export const rectificationSubject = (record: Readonly<Record<string, unknown>>): Subject => (record.objectKind === '党组织' ? 'organization' : 'person');

/**
 * What a plan row is about: the branch when its object is the branch's name. Only a report's row
 * knows its branch (所在党小组); on a branch's own sheet a row counts as about a person.
 */
export const scheduleSubject = (record: Readonly<Record<string, unknown>>): Subject =>
  record.branch !== undefined && record.object === record.branch ? 'organization' : 'person';

export const ORG_FORM = defineForm({
  id: 'org',
  sheetName: '党组织点评',
  title: '基层党组织开展创先争优活动领导点评表',
  schema: OrgReview,
  subject: 'organization',
  objectKey: 'branch',
  statusColumn: true,
});
export const MEMBER_FORM = defineForm({
  id: 'member',
  sheetName: '党员点评',
  title: '党员开展创先争优活动领导点评表',
  schema: MemberReview,
  subject: 'person',
  objectKey: 'name',
  statusColumn: true,
});
export const RECTIFICATION_FORM = defineForm({
  id: 'rectification',
  sheetName: '整改台账',
  title: '领导点评整改落实台账',
  schema: Rectification,
  subject: rectificationSubject,
  objectKey: 'object',
});

export const SCHEDULE_FORM = defineForm({
  id: 'schedule',
  sheetName: '点评安排',
  title: '领导点评工作具体安排',
  schema: ScheduleRow,
  subject: scheduleSubject,
  objectKey: 'object',
});

/** The form sheets of a branch workbook, in sheet order. */
export const BRANCH_FORMS = [SCHEDULE_FORM, ORG_FORM, MEMBER_FORM, RECTIFICATION_FORM] as const;

/** Sheets a branch workbook may lack (made before they existed): missing is not an error. */
export const OPTIONAL_FORMS: readonly unknown[] = [SCHEDULE_FORM];

/** A review this many days or more from its planned date is a 提示. */
export const PLAN_TOLERANCE_DAYS = 15;
