/** Cell → value coercion of each field kind, and the rule id a bad cell is reported under. */
import type { z } from 'zod';
import { choice, count, date, longText, text, yesNo } from '../../addin/forms/fields';
import { isoToSerial, parseDateText, serialToIso } from '../../addin/forms/dates';
import { MIN_COMMENT_LENGTH, isPlaceholderComment } from '../../addin/forms/text';

function parse<T>(schema: z.ZodType<T>, input: unknown): { value?: T; rules: string[] } {
  const r = schema.safeParse(input);
  if (r.success) return { value: r.data, rules: [] };
  return { rules: r.error.issues.map((i) => String((i as { params?: { rule?: string } }).params?.rule)) };
}

const day = date({ label: '点评日期', required: true });
const optionalDay = date({ label: '完成日期', required: false });

describe('date fields', () => {
  it.each([
    ['2010-09-01', '2010-09-01'],
    ['2010.9.1', '2010-09-01'],
    ['2010年9月1日', '2010-09-01'],
    ['2010 年 9 月 1 号', '2010-09-01'],
    ['9/1/2010', '2010-09-01'],
    ['13/9/2010', '2010-09-13'],
    ['2010/9/1', '2010-09-01'],
    ['20100901', '2010-09-01'],
    ['２０１０－０９－０１', '2010-09-01'],
    ['2010-09-01 08:30', '2010-09-01'],
    ['40422', '2010-09-01'],
    [40422, '2010-09-01'],
    [40422.75, '2010-09-01'],
    [new Date(Date.UTC(2010, 8, 1)), '2010-09-01'],
  ])('reads %p as %s', (input, iso) => {
    expect(parse(day, input)).toEqual({ value: iso, rules: [] });
  });

  it.each(['2010-02-30', '2010-13-01', '下周一', '2010', '9/1', '0', 59, true])('refuses %p as notDate', (input) => {
    expect(parse(day, input).rules).toEqual(['notDate']);
  });

  it('reports an empty required date as required, an empty optional one as absent', () => {
    expect(parse(day, '  ').rules).toEqual(['required']);
    expect(parse(optionalDay, undefined)).toEqual({ value: undefined, rules: [] });
    expect(parse(optionalDay, '')).toEqual({ value: undefined, rules: [] });
  });

  it('reports an Excel error value as cellError', () => {
    expect(parse(day, { error: '#VALUE!' }).rules).toEqual(['cellError']);
  });

  it('converts serials both ways, 1900 and 1904 systems', () => {
    expect(isoToSerial('2010-09-01')).toBe(40422);
    expect(serialToIso(40422)).toBe('2010-09-01');
    expect(serialToIso(40422 - 1462, true)).toBe('2010-09-01');
    expect(serialToIso(60)).toBeNull();
    expect(parseDateText('2010年9月31日')).toBeNull();
  });
});

describe('name and text fields', () => {
  const name = text({ label: '姓名', required: true, isName: true });
  const post = text({ label: '职务', required: false });
  const comment = longText({ label: '主要成绩', required: true, comment: 'element' });

  it.each(['张　三 ', ' 张 三', '张\u200B三', '张\t三\n', '\u3000张三\u3000'])('normalizes the name %p to 张三', (input) => {
    expect(parse(name, input).value).toBe('张三');
  });

  it('applies NFKC to names (full-width letters and digits)', () => {
    expect(parse(name, 'ＡＢ１２').value).toBe('AB12');
  });

  it('folds inner spaces of short text but keeps them', () => {
    expect(parse(post, '  语文  教师 ').value).toBe('语文 教师');
  });

  it('keeps line breaks of long text, unifies their endings, trims', () => {
    expect(parse(comment, '  第一条；\r\n第二条。\r ').value).toBe('第一条；\n第二条。');
  });

  it('reports an empty element as missingElement, not as required', () => {
    expect(parse(comment, '').rules).toEqual(['missingElement']);
  });

  it('reads a number typed in a text column as its text', () => {
    expect(parse(post, 12).value).toBe('12');
  });
});

describe('choice, count and yes/no fields', () => {
  const method = choice(['集中点评', '现场点评', '谈话点评'] as const, { label: '点评方式', required: true });
  const people = count({ label: '参加党员人数', required: false });
  const example = yesNo({ label: '推荐为典型', required: false });

  it('accepts a choice typed with stray or full-width spaces', () => {
    expect(parse(method, ' 现场\u3000点评 ').value).toBe('现场点评');
    expect(parse(method, '现场').rules).toEqual(['notInList']);
  });

  it.each([
    [12, 12],
    ['12', 12],
    ['12人', 12],
    ['１２', 12],
    [0, 0],
  ])('reads the count %p as %p', (input, n) => {
    expect(parse(people, input).value).toBe(n);
  });

  it.each([-1, 1.5, '十二', '12.5'])('refuses the count %p', (input) => {
    expect(parse(people, input).rules).toEqual(['notCount']);
  });

  it.each([
    ['是', true],
    ['否', false],
    [true, true],
    ['Y', true],
    ['√', true],
    ['无', false],
  ])('reads %p as %p', (input, b) => {
    expect(parse(example, input).value).toBe(b);
  });

  it('refuses other words as notYesNo', () => {
    expect(parse(example, '可以').rules).toEqual(['notYesNo']);
  });
});

describe('placeholder comments', () => {
  it('are found however long the cell is before normalization, and only then', () => {
    expect(isPlaceholderComment(`无${' '.repeat(100)}`)).toBe(true);
    expect(isPlaceholderComment(`同　上。${'\u200B'.repeat(20)}`)).toBe(true);
    expect(isPlaceholderComment('工作认真负责，能按时完成各项任务。')).toBe(false);
    // Short in characters though long in UTF-16 units: four characters outside the BMP pass, three do not.
    expect(isPlaceholderComment('𠀀'.repeat(MIN_COMMENT_LENGTH))).toBe(false);
    expect(isPlaceholderComment('𠀀'.repeat(MIN_COMMENT_LENGTH - 1))).toBe(true);
  });
});
