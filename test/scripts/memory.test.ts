/**
 * The memory helpers of merge and check: the full collection after a large roster really
 * collects, and sharing the report rows' repeated texts changes no value.
 */
import { branchReportPart } from '../../addin/forms/branch-report';
import { collectGarbage } from '../../scripts/lib/heap';
import { shareRowTexts } from '../../scripts/lib/merge/pool';

describe('collectGarbage', () => {
  it('collects an object nothing refers to any more', async () => {
    let ref: WeakRef<object> | undefined;
    (() => {
      ref = new WeakRef({ rows: new Array(1000).fill('点评') });
    })();
    // A WeakRef's target is kept until the end of the job that made or read it.
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(ref?.deref()).toBeUndefined();
  });
});

describe('shareRowTexts', () => {
  it('keeps every value of every row (equal texts stay equal, different ones different)', () => {
    const members = ['张三', '李四', '王五'].map((name, i) => ({ name, branch: '语文党小组', post: i === 1 ? '班主任' : '语文教师', category: '教师' as const }));
    const part = branchReportPart({ school: '第一中学', branch: '语文党小组', members, file: '语文党小组.xlsx', referenceDate: '2010-09-30' });
    // Rows as a worker's message gives them: every string its own copy.
    const copy = structuredClone(part);
    const before = JSON.parse(JSON.stringify(copy)) as unknown;
    shareRowTexts(copy);
    expect(copy).toEqual(before);
    expect(copy.uncovered.map((r) => [r.school, r.kind, r.branch, r.name])).toEqual([
      ['第一中学', '党组织', '语文党小组', '语文党小组'],
      ['第一中学', '党员', '语文党小组', '张三'],
      ['第一中学', '党员', '语文党小组', '李四'],
      ['第一中学', '党员', '语文党小组', '王五'],
    ]);
  });
});
