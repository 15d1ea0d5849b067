/** The Chinese messages are what a secretary reads: any change to them is deliberate. */
import { RULES, SEVERITY_LABEL, formatMessage, problem, quote } from '../../addin/forms/problems';

describe('RULES', () => {
  it('pins every message and severity', () => {
    expect(Object.fromEntries(Object.entries(RULES).map(([id, r]) => [id, `${SEVERITY_LABEL[r.severity]}  ${r.text}`]))).toMatchSnapshot();
  });

  it('fills every placeholder of a message from its parameters', () => {
    expect(formatMessage('dateOutsideStage', { label: '点评日期', value: '2010-10-08', stage: '全面争创', start: '2010-08-01', end: '2010-09-30' })).toBe(
      '「点评日期」2010-10-08 不在「全面争创」阶段（2010-08-01 至 2010-09-30）内',
    );
    expect(problem('doneWithoutDate', {}, { sheet: '整改台账', cell: 'H2' })).toEqual({
      severity: 'error',
      rule: 'doneWithoutDate',
      message: '状态为“已整改”，但未填写完成日期',
      sheet: '整改台账',
      cell: 'H2',
    });
  });

  it('has only Chinese messages (no untranslated English word in them)', () => {
    const english = Object.entries(RULES).filter(([, r]) => /\b(?!Excel\b|YYYY\b)[A-Za-z]{3,}\b/.test(r.text.replace(/\{\w+\}/g, '')));
    expect(english.map(([id]) => id)).toEqual([]);
  });

  it('shortens long quoted cell text by characters, not UTF-16 units', () => {
    expect(quote('😀'.repeat(25))).toBe(`${'😀'.repeat(20)}…`);
    expect(quote('短')).toBe('短');
  });
});
