/**
 * The memory helpers of merge and check: the full collection after a large roster really
 * collects, and sharing the report rows' repeated texts changes no value and leaves one string
 * in the heap where a worker's message had made one per row.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
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

  it('leaves one string in the heap for a text every row repeats, where the copies had one per row', () => {
    // `===` cannot tell one string from two equal ones; a heap snapshot can. It is taken in a
    // small process of its own (a snapshot of a jest worker's heap is large and slow), which runs
    // the compiled shareRowTexts from build/ (jest's globalSetup compiles it).
    const pool = path.join(__dirname, '../../../build/scripts/lib/load/pool.js');
    const probe = `
      const v8 = require('node:v8');
      const { shareRowTexts } = require(${JSON.stringify(pool)});
      // Made at run time, so no copy of it sits in this script's source.
      const school = ['共享', '测试', '学校', process.pid].join('');
      const copiesOf = (text) => {
        const snapshot = JSON.parse(v8.getHeapSnapshot().read().toString());
        const { node_fields: fields, node_types: [types] } = snapshot.snapshot.meta;
        const string = types.indexOf('string');
        let count = 0;
        for (let i = 0; i < snapshot.nodes.length; i += fields.length)
          if (snapshot.nodes[i] === string && snapshot.strings[snapshot.nodes[i + 1]] === text) count++;
        return count;
      };
      const rows = Array.from({ length: 40 }, (_, i) => ({ school, name: '党员' + i }));
      // A worker's message: structured clone, as postMessage does.
      const part = structuredClone({ org: [], member: rows, rectification: [], schedule: [], examples: [], uncovered: [] });
      rows.length = 0;
      const before = copiesOf(school);
      shareRowTexts(part);
      const after = copiesOf(school);
      process.stdout.write(JSON.stringify({ before, after, names: new Set(part.member.map((r) => r.name)).size }));
    `;
    const counts = JSON.parse(execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' })) as { before: number; after: number; names: number };
    // The probe holds `school` itself: one string more than the rows'.
    expect(counts).toEqual({ before: 40 + 1, after: 1 + 1, names: 40 });
  });
});
