import { compareInstants, localDateOf, parseInstant, parseInstantInput } from '../../addin/forms/instants';

describe('finalize times are instants', () => {
  it('compares points in time, not text: 13:00Z is later than 20:00+08:00', () => {
    expect('2010-09-28T13:00:00Z' < '2010-09-28T20:00:00+08:00').toBe(true);
    expect(compareInstants('2010-09-28T13:00:00Z', '2010-09-28T20:00:00+08:00')).toBeGreaterThan(0);
    expect(compareInstants('2010-09-28T12:00:00Z', '2010-09-28T20:00:00+08:00')).toBe(0);
    expect(compareInstants(undefined, '2010-09-28T20:00:00+08:00')).toBeLessThan(0);
  });

  it('stores one normalized shape, the offset as written', () => {
    expect(parseInstant('2010-09-28T16:30+08:00')?.text).toBe('2010-09-28T16:30:00+08:00');
    expect(parseInstant('2010-09-28 16:30:05+0800')?.text).toBe('2010-09-28T16:30:05+08:00');
    expect(parseInstant('2010-09-28T08:30:00Z')?.text).toBe('2010-09-28T08:30:00+00:00');
    expect(parseInstant('2010-09-28T08:30:00.5-05:00')?.text).toBe('2010-09-28T08:30:00.500-05:00');
    expect(parseInstant('2010-09-28T16:30:00+08:00')?.ms).toBe(Date.UTC(2010, 8, 28, 8, 30));
    const at = parseInstant('2010-09-30T23:30:00+08:00');
    expect(at && localDateOf(at)).toBe('2010-09-30');
  });

  it('accepts from a file only ISO 8601 with an offset', () => {
    for (const bad of [
      '2010-09-28 11:00',
      '2010-09-28T11:00:00',
      'Sep 28, 2010',
      '2010-09-28',
      '2010-02-30T10:00:00+08:00',
      '2010-09-28T24:00:00Z',
      '2010-09-28T10:00:00+15:00',
      '',
    ]) {
      expect([bad, parseInstant(bad)]).toEqual([bad, null]);
    }
  });

  it('takes the local offset when a typed time has none, and still refuses what is not ISO 8601', () => {
    // A machine in China (this one may run in UTC): 11:00 there is later than 10:00+08:00.
    const beijing = () => 8 * 60;
    expect(parseInstantInput('2010-09-28 11:00', beijing)?.text).toBe('2010-09-28T11:00:00+08:00');
    expect(compareInstants(parseInstantInput('2010-09-28 11:00', beijing)?.text, '2010-09-28T10:00:00+08:00')).toBeGreaterThan(0);
    // The host's own offset by default.
    const offset = -new Date(2010, 8, 28, 11, 0).getTimezoneOffset();
    const sign = offset < 0 ? '-' : '+';
    const hhmm = `${String(Math.trunc(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
    expect(parseInstantInput('2010-09-28 11:00')?.text).toBe(`2010-09-28T11:00:00${sign}${hhmm}`);
    expect(parseInstantInput('2010-09-28 11:00')?.ms).toBe(new Date(2010, 8, 28, 11, 0).getTime());
    expect(parseInstantInput('2010-09-28T11:00:00+08:00')?.text).toBe('2010-09-28T11:00:00+08:00');
    expect(parseInstantInput('Sep 28, 2010')).toBeNull();
    expect(parseInstantInput('2010/09/28 11:00')).toBeNull();
  });
});
