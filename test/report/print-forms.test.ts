/**
 * The printed review forms as data: the official title, every label from the form model, the
 * review's values (dates written 2010年9月1日), boxes as tall as their text, one sheet per review
 * in roster order, an A4 portrait page that shrinks to one page only while it stays legible.
 */
import { MEMBER_FORM, ORG_FORM } from '../../addin/forms/branch-forms';
import { uniqueSheetName } from '../../addin/forms/text';
import { MAX_ROW_HEIGHT, textHeight } from '../../addin/forms/text-fit';
import { MIN_FORM_SCALE, type PrintSheet, printBranches, printSheets, yesNoMarks } from '../../addin/report/model/print-forms';
import type { ReportMemberRow, ReportOrgRow } from '../../addin/report/model/report-forms';

const org: ReportOrgRow = {
  school: '台子乡中心学校',
  branch: '语文党小组',
  branchLeader: '夏宇超',
  memberCount: 12,
  reviewer: '蒋秀',
  reviewerPost: '党总支书记、校长',
  date: '2010-09-01',
  method: '现场点评',
  stage: '全面争创',
  promises: '每名党员结对帮扶一名学困生。',
  aspect1: '组织有力。',
  aspect2: '承诺兑现。',
  aspect3: '服务群众。',
  aspect4: '管党尽责。',
  achievements: '成绩突出。',
  problems: '记录不全。',
  suggestions: '加强学习。',
  attendingMembers: 11,
  attendingPublic: 4,
  publicOpinion: '多开展活动。',
  deadline: false,
  example: true,
  deeds: '结对帮扶成效明显。',
  note: undefined,
  sourceFile: 'a.xlsx',
};

const member = (name: string, extra: Partial<ReportMemberRow> = {}): ReportMemberRow => ({
  school: '台子乡中心学校',
  name,
  branch: '语文党小组',
  post: '语文教师',
  category: '教师',
  reviewer: '夏宇超',
  reviewerPost: '党小组组长',
  date: '2010-09-15',
  method: '集中点评',
  stage: '全面争创',
  aspect1: `${name}立足本职。`,
  aspect2: `${name}践行承诺。`,
  aspect3: `${name}为民办事。`,
  aspect4: `${name}履行义务。`,
  achievements: `${name}成绩。`,
  problems: `${name}问题。`,
  direction: `${name}方向。`,
  deadline: true,
  example: undefined,
  deeds: undefined,
  note: undefined,
  promises: undefined,
  sourceFile: 'a.xlsx',
  ...extra,
});

const values = (s: PrintSheet) => s.blocks.map((b) => b.value);
/** The label block's neighbour: the value written for a label. */
const valueOf = (s: PrintSheet, label: string) => {
  const l = s.blocks.find((b) => b.value === label);
  return s.blocks.find((b) => l && b.top === l.top && b.left === l.right + 1)?.value;
};
const rowsOf = (s: PrintSheet, value: string) => {
  const b = s.blocks.find((x) => x.value === value);
  if (!b) throw new Error(`no block ${value}`);
  return { block: b, height: s.heights.slice(b.top - 1, b.bottom).reduce((n, h) => n + h, 0) };
};

describe('a printed form', () => {
  const [orgSheet, a, b] = printSheets({
    unit: '台子乡中心学校',
    branch: '语文党小组',
    stage: '全面争创',
    org: [org],
    member: [member('张三'), member('李四')],
  });

  it('is the branch review first, then the members in the order given, a sheet each named for whom it is', () => {
    expect([orgSheet, a, b].map((s) => [s.name, s.object])).toEqual([
      ['语文党小组', { kind: '党组织', name: '语文党小组' }],
      ['张三', { kind: '党员', name: '张三' }],
      ['李四', { kind: '党员', name: '李四' }],
    ]);
  });

  it('carries the official title and unit, and every label from the form model', () => {
    expect(values(orgSheet)[0]).toBe(ORG_FORM.title);
    expect(values(a)[0]).toBe(MEMBER_FORM.title);
    expect(values(orgSheet)).toContain('单位：台子乡中心学校');
    const labels = (form: typeof ORG_FORM | typeof MEMBER_FORM, keys: string[]) => keys.map((k) => form.columns.find((c) => c.key === k)?.meta.label as string);
    const common = ['reviewer', 'reviewerPost', 'date', 'method', 'stage', 'promises', 'achievements', 'problems', 'deadline', 'example'];
    for (const label of labels(ORG_FORM, [
      ...common,
      'branch',
      'branchLeader',
      'memberCount',
      'suggestions',
      'attendingMembers',
      'attendingPublic',
      'publicOpinion',
      'deeds',
    ]))
      expect(values(orgSheet)).toContain(label);
    for (const label of labels(MEMBER_FORM, [...common, 'name', 'branch', 'post', 'category', 'direction'])) expect(values(a)).toContain(label);
    // The four aspects, numbered.
    expect(values(a)).toEqual(expect.arrayContaining(['一、立足本职争优秀', '二、公开承诺践行', '三、为民办实事好事', '四、履行党章义务']));
    expect(values(orgSheet)).toEqual(expect.arrayContaining(['点评人（签字）：', '被点评人（签字）：']));
  });

  it('writes the values beside their labels: the date in Chinese, counts, marks', () => {
    expect(valueOf(orgSheet, '点评日期')).toBe('2010年9月1日');
    expect(valueOf(orgSheet, '党员人数')).toBe('12');
    expect(valueOf(orgSheet, '参加党员人数')).toBe('11');
    expect(valueOf(orgSheet, '限期整改')).toBe(yesNoMarks(false));
    expect(valueOf(orgSheet, '推荐为典型')).toBe(yesNoMarks(true));
    expect(valueOf(orgSheet, '先进事迹')).toBe('结对帮扶成效明显。');
    expect(valueOf(a, '限期整改')).toBe('■ 是　　□ 否');
    expect(valueOf(a, '推荐为典型')).toBe('□ 是　　□ 否');
    // No 先进事迹 box when the member is not recommended.
    expect(values(a)).not.toContain('先进事迹');
    for (const text of ['张三立足本职。', '张三问题。', '张三方向。']) expect(values(a)).toContain(text);
  });

  it('is an A4 portrait page, one page across and down, with unit, branch and page number in the footer', () => {
    expect(a.page).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToWidth: 1, fitToHeight: 1 });
    expect(a.page.footer).toEqual({ left: '&9台子乡中心学校　语文党小组', right: '&9第 &P 页，共 &N 页' });
    // The columns fit the page at full size.
    const units = a.widths.reduce((n, w) => n + w, 0);
    expect(units * 5.25).toBeLessThanOrEqual((8.27 - a.page.margins.left - a.page.margins.right) * 72);
  });
});

describe('boxes tall enough for their text', () => {
  it('grow with the text and stay at least a few lines for writing', () => {
    const short = printSheets({ unit: 'u', branch: 'b', stage: 's', org: [], member: [member('张三')] })[0];
    const long = printSheets({ unit: 'u', branch: 'b', stage: 's', org: [], member: [member('张三', { achievements: '成绩显著，'.repeat(60) })] })[0];
    const s = rowsOf(short, '张三成绩。');
    const l = rowsOf(long, '成绩显著，'.repeat(60));
    expect(s.height).toBeGreaterThanOrEqual(40);
    const width = long.widths.slice(l.block.left - 1, l.block.right).reduce((n, w) => n + w, 0);
    expect(l.height).toBeGreaterThanOrEqual(textHeight({ text: '成绩显著，'.repeat(60), width: width - 2, fontSize: 12 }));
    expect(long.page.fitToHeight).toBe(1);
  });

  it('spread a text taller than Excel’s tallest row over merged rows, and let a very long form run on', () => {
    const text = '长'.repeat(2500);
    const sheet = printSheets({ unit: 'u', branch: 'b', stage: 's', org: [], member: [member('张三', { aspect1: text })] })[0];
    const { block, height } = rowsOf(sheet, text);
    expect(block.bottom).toBeGreaterThan(block.top);
    expect(sheet.heights.every((h) => h <= MAX_ROW_HEIGHT)).toBe(true);
    const label = sheet.blocks.find((b) => b.value === '一、立足本职争优秀');
    expect([label?.top, label?.bottom]).toEqual([block.top, block.bottom]);
    expect(height).toBeGreaterThan(MAX_ROW_HEIGHT);
    // Too long to shrink onto one page at 75 %: it runs on to a second page at full width.
    expect(sheet.heights.reduce((n, h) => n + h, 0) * MIN_FORM_SCALE).toBeGreaterThan(700);
    expect(sheet.page.fitToHeight).toBe(0);
  });
});

describe('sheet names and branches', () => {
  it('follows Excel’s rules for sheet names', () => {
    expect(uniqueSheetName('a/b:c*?[d]', new Set())).toBe('a_b_c___d_');
    expect(uniqueSheetName('张三', new Set(['张三']))).toBe('张三(2)');
    expect(uniqueSheetName('X'.repeat(40), new Set()).length).toBe(31);
    expect(uniqueSheetName('abc', new Set(['ABC', 'abc(2)']))).toBe('abc(3)');
  });

  it('groups a report’s rows by school, branch and stage, in the order of 汇总', () => {
    const other = { ...org, school: '乙校', branch: '一组' };
    const branches = printBranches({ org: [other, org], member: [member('张三'), { ...member('王五'), school: '乙校', branch: '一组' }] }, [
      { school: '台子乡中心学校', branch: '语文党小组' },
      { school: '乙校', branch: '一组' },
    ]);
    expect(branches.map((b) => [b.unit, b.branch, b.org.length, b.member.map((m) => m.name)])).toEqual([
      ['台子乡中心学校', '语文党小组', 1, ['张三']],
      ['乙校', '一组', 1, ['王五']],
    ]);
  });
});
