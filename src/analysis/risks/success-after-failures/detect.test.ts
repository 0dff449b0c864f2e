import { describe, expect, it } from 'vitest';
import { events, loginAttempt, missed, simulated } from '../test-helpers.js';
import { successAfterFailuresRisk } from './detect.js';

const ACCOUNT = '13812345678';
const ips = ['192.0.2.131', '192.0.2.132', '192.0.2.133', '192.0.2.134'];
/** `n` failures on ACCOUNT, `gap` s apart from t = 0, rotating over four addresses */
const failures = (n: number, gap = 110, account = ACCOUNT) => Array.from({ length: n }, (_, i) => loginAttempt(i * gap, account, false, ips[i % 4]));

describe('success-after-failures', () => {
  it('8 failures from 4 addresses over ~15 min, then a success from a fifth: one event on the account and the fifth address', () => {
    const ev = events(successAfterFailuresRisk, [...failures(8), loginAttempt(900, ACCOUNT, true, '192.0.2.140')]);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ slug: 'success-after-failures', ruleId: 'GL-R-0004', subject: { account: '*******5678', ip: '192.0.2.140' }, value: 8, threshold: 5, baseline: null });
    expect(ev[0]!.evidence[0]!.clientIp).toBe('192.0.2.140');
    expect(ev[0]!.start).toBe(new Date(Date.parse(ev[0]!.end) - 900_000).toISOString());
    expect(ev[0]!.detail).toContain('4 addresses');
    expect(ev[0]!.detail).not.toContain(ACCOUNT);
  });

  it.each([
    ['one mistype then success', 1, false],
    ['two mistypes then success', 2, false],
    ['four failures (one below the threshold)', 4, false],
    ['five failures (at the threshold)', 5, true],
  ])('%s', (_name, n, fires) => {
    expect(events(successAfterFailuresRisk, [...failures(n, 30), loginAttempt(n * 30 + 20, ACCOUNT, true)])).toHaveLength(fires ? 1 : 0);
  });

  it('failures that left the window before the success do not count', () => {
    // failures at 0..400 s; success at 1800 s counts those after 0 s only (4 of 5), at 2300 s none
    expect(events(successAfterFailuresRisk, [...failures(5, 100), loginAttempt(1800, ACCOUNT, true)])).toEqual([]);
    expect(events(successAfterFailuresRisk, [...failures(5, 100), loginAttempt(1799, ACCOUNT, true)])).toHaveLength(1);
    expect(events(successAfterFailuresRisk, [...failures(5, 100), loginAttempt(2300, ACCOUNT, true)])).toEqual([]);
    expect(events(successAfterFailuresRisk, [...failures(5, 100), loginAttempt(2300, ACCOUNT, true)], { windowSeconds: 3600 })).toHaveLength(1);
  });

  it('failures without a success, or on other accounts, raise nothing; the failures are forgotten after the success', () => {
    expect(events(successAfterFailuresRisk, failures(30, 20))).toEqual([]);
    expect(events(successAfterFailuresRisk, [...failures(6, 30, 'other-user'), loginAttempt(300, ACCOUNT, true)])).toEqual([]);
    // the owner logs in again 40 min later (a new engine event would open after the 30 min gap): nothing more
    const ev = events(successAfterFailuresRisk, [...failures(6, 30), loginAttempt(200, ACCOUNT, true), loginAttempt(200 + 2400, ACCOUNT, true)]);
    expect(ev).toHaveLength(1);
    expect(ev[0]!.value).toBe(6);
  });

  it('failures and success from one address: a forgetful customer at 5, a guesser at 10 (minFailuresSameClient)', () => {
    const one = (n: number) => [...Array.from({ length: n }, (_, i) => loginAttempt(i * 60, ACCOUNT, false, '203.0.113.50')), loginAttempt(n * 60 + 30, ACCOUNT, true, '203.0.113.50')];
    expect(events(successAfterFailuresRisk, one(5))).toEqual([]);
    expect(events(successAfterFailuresRisk, one(9))).toEqual([]);
    const ev = events(successAfterFailuresRisk, one(10));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ value: 10, threshold: 10, subject: { ip: '203.0.113.50' } });
    // the same 5 failures, but the success from somewhere else
    expect(events(successAfterFailuresRisk, [...one(5).slice(0, 5), loginAttempt(330, ACCOUNT, true, '203.0.113.51')])).toHaveLength(1);
  });

  it('honours minFailures', () => {
    expect(events(successAfterFailuresRisk, [...failures(3, 30), loginAttempt(100, ACCOUNT, true)], { minFailures: 3 })).toHaveLength(1);
  });

  it('finds the simulated scenario, with the address of the success', async () => {
    const { events: ev, labels } = await simulated(successAfterFailuresRisk, ['success-after-failures']);
    expect(missed(ev, labels, 'success-after-failures')).toEqual([]);
    expect(ev.length).toBeLessThanOrEqual(2);
  });

  it('stays quiet on benign simulated traffic (two seeds)', async () => {
    for (const seed of [7, 11]) {
      const { events: ev } = await simulated(successAfterFailuresRisk, [], { seed });
      expect(ev).toEqual([]);
    }
  });
});
