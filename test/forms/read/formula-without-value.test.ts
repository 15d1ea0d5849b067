import { type Grid, gridRow } from '../../../addin/forms/cell';
import { readForm } from '../../../addin/forms/read/sheet-reader';
import { RECTIFICATION_FORM } from '../../../addin/forms/branch-forms';

const header = RECTIFICATION_FORM.columns.map((c) => c.meta.label);

function grid(value: string | number | null): Grid {
  const row: (string | number)[] = ['党组织', '一组', '问题', '措施', '张三', '2010-11-30', '整改中'];
  if (value !== null) row[7] = value;
  return {
    name: '整改台账',
    state: 'visible',
    rows: [gridRow(1, header), gridRow(2, row, 0, [7])],
  };
}

describe('formula cells', () => {
  it('a formula with no cached result is said to be read as blank', () => {
    const read = readForm(RECTIFICATION_FORM, grid(null));
    expect(read.rows[0].problems.map((p) => [p.rule, p.cell, p.severity])).toEqual([['formulaWithoutValue', 'H2', 'warning']]);
    expect(read.rows[0].record?.doneDate).toBeUndefined();
  });
  it('a formula with a cached result is read by that value', () => {
    const read = readForm(RECTIFICATION_FORM, grid('2010-10-01'));
    expect(read.rows[0].problems.map((p) => p.rule)).toEqual(['formulaCell']);
    expect(read.rows[0].record?.doneDate).toBe('2010-10-01');
  });
  it('a formula on a date cell shows its date, not the serial', () => {
    const read = readForm(RECTIFICATION_FORM, grid(40422));
    expect(read.rows[0].record?.doneDate).toBe('2010-09-01');
    expect(read.rows[0].problems.map((p) => p.message)).toEqual(['「完成日期」是公式，已按计算结果“2010-09-01”读取；请直接填写内容']);
  });
});
