/**
 * The memory helpers of merge and check: the full collection after a large roster really
 * collects, and sharing the report rows' repeated texts changes no value.
 */
import { branchReportPart } from '../../../addin/report/model/branch-part';
import { type BranchForms, checkBranchForms } from '../../../addin/forms/read/branch-rules';
import { readForm } from '../../../addin/forms/read/sheet-reader';
import { MEMBER_FORM, ORG_FORM, RECTIFICATION_FORM, SCHEDULE_FORM } from '../../../addin/forms/branch-forms';
import { collectGarbage } from '../../../scripts/lib/load/heap';
import { shareRowTexts } from '../../../scripts/lib/load/pool';
import { AS_OF, branch, branchContext, formGrid, members, planned, roster } from '../../helpers/forms';

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
  it('keeps every value of every row of a filled branch (equal texts stay equal, different ones different)', () => {
    const rows = planned();
    const forms: BranchForms = {
      org: readForm(ORG_FORM, formGrid(ORG_FORM, rows.org)),
      member: readForm(MEMBER_FORM, formGrid(MEMBER_FORM, rows.member)),
      rectification: readForm(RECTIFICATION_FORM, formGrid(RECTIFICATION_FORM, rows.rectification)),
      schedule: readForm(SCHEDULE_FORM, formGrid(SCHEDULE_FORM, rows.schedule)),
    };
    checkBranchForms(branchContext(), forms);
    const part = branchReportPart({ school: roster.unit, branch: branch.name, members, forms, file: '语文党小组.xlsx', referenceDate: AS_OF });
    expect([part.org.length, part.member.length, part.rectification.length, part.schedule.length]).toEqual([
      1,
      members.length,
      rows.rectification.length,
      rows.schedule.length,
    ]);
    expect(part.member.length).toBeGreaterThan(1);
    // Rows as a worker's message gives them: every string its own copy.
    const copy = structuredClone(part);
    shareRowTexts(copy);
    expect(copy).toEqual(part);
  });
});
