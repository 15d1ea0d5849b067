/** Grid → records: header mapping, sheet-level rules with their cells, pre-filled rows, merges, formulas. */
import { type Grid, gridRow } from '../../../addin/forms/cell';
import { HEADER_MAX_CHARS, MAX_DATA_ROWS, readForm } from '../../../addin/forms/read/sheet-reader';
import { MEMBER_FORM, ORG_FORM, RECTIFICATION_FORM } from '../../../addin/forms/branch-forms';
import { type Row, cleanBranchRows, formGrid, where } from '../../helpers/forms';

const SHEET = '整改台账';
const labels = RECTIFICATION_FORM.columns.map((c) => c.meta.label);
const item: (string | number | null)[] = ['党员', '张三', '记录不全。', '建立台账。', '张三', '2010-11-30', '整改中', null, null, '党员点评', null];

function grid(header: (string | null)[], ...rows: (string | number | null | { error: string })[][]): Grid {
  return { name: SHEET, state: 'visible', rows: [gridRow(1, header), ...rows.map((cells, i) => gridRow(i + 2, cells))] };
}

function sheetProblems(g: Grid) {
  const read = readForm(RECTIFICATION_FORM, g);
  return { read, found: where(read.problems) };
}

describe('readForm', () => {
  it('reads a template-shaped sheet into records with the cell of every field', () => {
    const { read, found } = sheetProblems(grid(labels, item));
    expect(found).toEqual([]);
    expect(read.rows[0].record).toEqual({
      objectKind: '党员',
      object: '张三',
      issue: '记录不全。',
      measures: '建立台账。',
      owner: '张三',
      dueDate: '2010-11-30',
      status: '整改中',
      source: '党员点评',
    });
    expect(read.rows[0].cells.status).toBe('G2');
  });

  it('finds the header under a title row and counts rows from the sheet', () => {
    const g: Grid = {
      name: SHEET,
      state: 'visible',
      rows: [gridRow(1, ['领导点评整改落实台账']), gridRow(3, labels), gridRow(5, item)],
    };
    const read = readForm(RECTIFICATION_FORM, g);
    expect(read.headerRow).toBe(3);
    expect(read.rows.map((r) => r.row)).toEqual([5]);
  });

  it('headerNotFound at A1 when no row looks like the header; a real header passes', () => {
    expect(sheetProblems(grid(['甲', '乙'], item)).found).toEqual([`headerNotFound@${SHEET}!A1`]);
    expect(sheetProblems(grid(labels)).read.readable).toBe(true);
  });

  it('missingColumn (required) is an error at the header row; the sheet is not read', () => {
    const { read, found } = sheetProblems(
      grid(
        labels.map((l) => (l === '整改措施' ? null : l)),
        item,
      ),
    );
    expect(found).toEqual([`missingColumn@${SHEET}!A1`]);
    expect(read.readable).toBe(false);
  });

  it('missingOptionalColumn is a warning; the rows are still read', () => {
    const { read, found } = sheetProblems(grid(labels.slice(0, 10), item.slice(0, 10)));
    expect(found).toEqual([`missingOptionalColumn@${SHEET}!A1`]);
    expect(read.rows).toHaveLength(1);
  });

  it('headerNormalized at the header cell for a marked or misspelt header; an exact one passes', () => {
    const marked = labels.map((l) => (l === '整改时限' ? '*整改时限（必填）' : l));
    expect(sheetProblems(grid(marked, item)).found).toEqual([`headerNormalized@${SHEET}!F1`]);
    const typo = labels.map((l) => (l === '书面回复日期' ? '书面回复日朝' : l));
    expect(sheetProblems(grid(typo, item)).found).toEqual([`headerNormalized@${SHEET}!I1`]);
  });

  it('a header with a note up to HEADER_MAX_CHARS is still its column; a longer text is data, not a header', () => {
    const note = (n: number) => `整改时限（${'请'.repeat(n)}）`;
    const fits = labels.map((l) => (l === '整改时限' ? note(HEADER_MAX_CHARS - 6) : l));
    expect(note(HEADER_MAX_CHARS - 6)).toHaveLength(HEADER_MAX_CHARS);
    expect(sheetProblems(grid(fits, item)).found).toEqual([`headerNormalized@${SHEET}!F1`]);
    const long = labels.map((l) => (l === '整改时限' ? note(HEADER_MAX_CHARS - 5) : l));
    expect(sheetProblems(grid(long, item)).found).toEqual([`extraColumn@${SHEET}!F1`, `missingColumn@${SHEET}!A1`]);
  });

  it('extraColumn at its header cell', () => {
    expect(sheetProblems(grid([...labels, '联系电话'], [...item, '123'])).found).toEqual([`extraColumn@${SHEET}!L1`]);
  });

  it('duplicateColumn at the second copy', () => {
    expect(sheetProblems(grid([...labels, '状态'], [...item, '已整改'])).found).toEqual([`duplicateColumn@${SHEET}!L1`]);
  });

  it('columnsReordered is reported once and values follow their headers', () => {
    const swapped = [...labels];
    [swapped[2], swapped[3]] = [swapped[3], swapped[2]];
    const row = [...item];
    [row[2], row[3]] = [row[3], row[2]];
    const { read, found } = sheetProblems(grid(swapped, row));
    expect(found).toEqual([`columnsReordered@${SHEET}!A1`]);
    expect(read.rows[0].record).toMatchObject({ issue: '记录不全。', measures: '建立台账。' });
    expect(read.rows[0].cells.issue).toBe('D2');
  });

  it('mergedCells at the top-left cell; every merged row takes its value', () => {
    const g = grid(labels, item, ['党员', '李四', '记录不全。', '建立台账。', '李四', null, '整改中']);
    g.merges = [{ top: 2, left: 5, bottom: 3, right: 5 }];
    const { read, found } = sheetProblems(g);
    expect(found).toEqual([`mergedCells@${SHEET}!F2`]);
    expect(read.rows.map((r) => r.record?.dueDate)).toEqual(['2010-11-30', '2010-11-30']);
  });

  it('formulaCell is a warning at the cell; the cached value is read', () => {
    const g = grid(labels, item);
    g.rows[1].formulaCols = [6];
    const read = readForm(RECTIFICATION_FORM, g);
    expect(where(read.rows[0].problems)).toEqual([`formulaCell@${SHEET}!G2`]);
    expect(read.rows[0].record?.status).toBe('整改中');
  });

  it('rowsTruncated at the first row not read', () => {
    const g = grid(labels);
    for (let i = 0; i <= MAX_DATA_ROWS; i++) g.rows.push(gridRow(i + 2, item));
    expect(sheetProblems(g).found).toEqual([`rowsTruncated@${SHEET}!A${MAX_DATA_ROWS + 2}`]);
    const fits = grid(labels);
    for (let i = 0; i < MAX_DATA_ROWS; i++) fits.rows.push(gridRow(i + 2, item));
    expect(sheetProblems(fits).found).toEqual([]);
  });

  it('keeps rows holding only pre-filled cells apart (nobody has filled them) and reads a touched one', () => {
    const rows = cleanBranchRows().member;
    const prefilledOnly: Row[] = rows.map((r) => ({ name: r.name, branch: r.branch, post: r.post, category: r.category, stage: r.stage }));
    prefilledOnly[1] = { ...prefilledOnly[1], reviewer: rows[1].reviewer };
    const read = readForm(MEMBER_FORM, formGrid(MEMBER_FORM, prefilledOnly));
    expect(read.untouchedRows.map((r) => r.row)).toEqual([2, 4, 5]);
    expect(read.rows.map((r) => r.row)).toEqual([3]);
    expect(read.rows[0].problems.map((p) => p.rule)).toContain('missingAspect');
  });

  it('reads the 1904 date system', () => {
    const row = [...item];
    row[5] = 40422 - 1462;
    expect(readForm(RECTIFICATION_FORM, grid(labels, row), { date1904: true }).rows[0].record?.dueDate).toBe('2010-09-01');
  });

  it('reports every bad cell of a row, each at its own cell', () => {
    const org = cleanBranchRows().org[0];
    const read = readForm(ORG_FORM, formGrid(ORG_FORM, [{ ...org, date: '某天', method: '开会', aspect1: undefined }]));
    expect(where(read.rows[0].problems).sort()).toEqual(['missingAspect@党组织点评!J2', 'notDate@党组织点评!F2', 'notInList@党组织点评!G2']);
    expect(read.rows[0].record).toBeNull();
  });
});
