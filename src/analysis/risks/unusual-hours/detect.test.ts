import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { appCall, appLogin, local, run, type Who } from '../account-profile/test-kit.js';
import { missed, simulated } from '../test-helpers.js';
import { unusualHoursRisk } from './detect.js';
import { AppLoad, decodeProfile, emptyProfile, roll } from './hours.js';

const ACCT = '13812345678';
const HOME: Who = { client: '2001:db8:4a1:7::10', device: 'PHONE-A' };
const login = (sec: number, acct = ACCT): Exchange => appLogin(sec, acct, HOME);
const transfer = (sec: number, loginSec: number, acct = ACCT): Exchange =>
  appCall(sec, loginSec, acct, HOME, 'POST', '/api/v1/transfers', { payAcctId: '100001', payeeAcctNo: '6222020200112233445', amount: '49800.00' });
/** an ordinary morning on each of `days` days from day 1: a login at 09:xx and a balance look */
const mornings = (days: number, acct = ACCT): Exchange[] =>
  Array.from({ length: days }, (_, d) => d + 1).flatMap((d) => [login(local(d, 9, d % 50), acct), appCall(local(d, 9, d % 50) + 60, local(d, 9, d % 50), acct, HOME)]);

describe('unusual-hours', () => {
  it('an account without history logging in three times in the quiet hours of one night: one event', () => {
    const { events } = run(unusualHoursRisk, [login(local(1, 2, 10)), login(local(1, 2, 25)), login(local(1, 2, 50))]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ slug: 'unusual-hours', subject: { account: '*******5678', ip: HOME.client }, value: 3, threshold: 3, baseline: null });
    expect(events[0]!.detail).toContain('02:00 local');
    expect(events[0]!.detail).not.toContain(ACCT);
  });

  it('two night logins with a transfer are enough; one night session with a transfer is not', () => {
    const a = local(1, 3, 0);
    const b = local(1, 3, 30);
    expect(run(unusualHoursRisk, [login(a), transfer(a + 120, a), login(b)]).events).toHaveLength(1);
    expect(run(unusualHoursRisk, [login(a), transfer(a + 120, a)]).events).toEqual([]);
    expect(run(unusualHoursRisk, [login(a), login(b)]).events).toEqual([]);
  });

  it.each<[string, Exchange[]]>([
    ['three logins in an afternoon', [login(local(1, 14, 0)), login(local(1, 14, 20)), login(local(1, 14, 40))]],
    ['three logins spread over three nights', [login(local(1, 2, 0)), login(local(2, 2, 0)), login(local(3, 2, 0))]],
    ['failed logins at night', [0, 5, 10, 15].map((m) => appLogin(local(1, 2, m), ACCT, HOME, false))],
    ['a night owl: active around 02:00 on an earlier day', [login(local(1, 1, 40)), login(local(2, 2, 10)), login(local(2, 2, 25)), login(local(2, 2, 50))]],
  ])('quiet: %s', (_name, exchanges) => {
    expect(run(unusualHoursRisk, exchanges).events).toEqual([]);
  });

  it('honours the local time zone and the quiet hours', () => {
    const night = [login(local(1, 2, 10)), login(local(1, 2, 25)), login(local(1, 2, 50))];
    expect(run(unusualHoursRisk, night, { params: { tzMinutes: 0 } }).events).toEqual([]); // 18:xx UTC
    expect(run(unusualHoursRisk, night, { params: { quietFrom: 3, quietTo: 5 } }).events).toEqual([]);
    expect(run(unusualHoursRisk, night, { params: { quietFrom: 23, quietTo: 3 } }).events).toHaveLength(1);
  });

  it('the app\'s own quiet hours overrule the policy once learnt: a busy 02:00 is not unusual', () => {
    // other customers log in around 02:00 every night (a night-shift city, a time zone away)
    const crowd = [1, 2].flatMap((d) => Array.from({ length: 10 }, (_, i) => login(local(d, 2, i * 5), `1390000${String(i).padStart(4, '0')}`)));
    const night = [login(local(3, 2, 10)), login(local(3, 2, 25)), login(local(3, 2, 50))];
    expect(run(unusualHoursRisk, [...crowd, ...night]).events).toEqual([]);
    expect(run(unusualHoursRisk, night).events).toHaveLength(1);
  });

  describe('a mature account (7 days of mornings)', () => {
    const history = mornings(8);
    const t = local(10, 23, 30);

    it('a transfer at an hour it never uses while the app is quiet: an event with its history as baseline', () => {
      const { events } = run(unusualHoursRisk, [...history, login(t), transfer(t + 300, t)]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ baseline: 0, threshold: 2, value: 2 });
      expect(events[0]!.detail).toContain('0% of this account\'s activity over 8 days falls near 23:00');
    });

    it('its own hours, a busy hour of the app, or one login without action are quiet', () => {
      const m = local(10, 9, 20);
      expect(run(unusualHoursRisk, [...history, login(m), transfer(m + 300, m)]).events).toEqual([]);
      const busy = Array.from({ length: 8 }, (_, d) => d + 1).flatMap((d) => Array.from({ length: 6 }, (_, i) => login(local(d, 15, i * 7), `1390000${String(i).padStart(4, '0')}`)));
      const a = local(10, 15, 10);
      expect(run(unusualHoursRisk, [...history, ...busy, login(a), transfer(a + 300, a)]).events).toEqual([]);
      expect(run(unusualHoursRisk, [...history, login(t)]).events).toEqual([]);
      expect(run(unusualHoursRisk, [...history, login(t), login(t + 900)]).events).toHaveLength(1);
    });

    it('keeps what it learnt across a restart (save → new instance → load)', () => {
      const first = run(unusualHoursRisk, history);
      const saved = first.state['unusual-hours'] as { kind: string; v: number; profiles: { entries: unknown[] }; apps: unknown[] };
      expect(saved).toMatchObject({ kind: 'unusual-hours', v: 1 });
      expect(saved.profiles.entries).toHaveLength(1);
      expect(JSON.stringify(saved)).not.toContain('5678');
      const late = [login(t), transfer(t + 300, t)];
      expect(run(unusualHoursRisk, late, { state: first.state }).events).toHaveLength(1);
      // without it the account has no history, and 23:30 is outside the policy's quiet hours
      expect(run(unusualHoursRisk, late).events).toEqual([]);
      expect(run(unusualHoursRisk, late, { state: { 'unusual-hours': { ...saved, v: 9 } } }).events).toEqual([]);
      expect(run(unusualHoursRisk, late, { state: { 'unusual-hours': { ...saved, profiles: { ...saved.profiles, entries: [[1, 1, { h: [1] }]] } } } }).events).toEqual([]);
    });
  });

  it('learns completed days only, and fades old habits', () => {
    const p = emptyProfile();
    roll(p, 100);
    p.mask |= 1 << 2;
    expect(p.h[2]).toBe(0);
    roll(p, 101);
    expect([p.h[2], p.days]).toEqual([1, 1]);
    roll(p, 100); // late: nothing moves
    expect(p.day).toBe(101);
    p.h[9] = 254;
    p.mask = 1 << 9;
    roll(p, 102);
    expect([p.h[9], p.h[2]]).toEqual([127, 0]);
    expect(decodeProfile(JSON.parse(JSON.stringify(p)))).toEqual(p);
    expect(decodeProfile({ ...p, h: p.h.slice(1) })).toBeUndefined();
    const a = new AppLoad();
    a.record(1, 2);
    expect(a.load(2)).toBe(0);
    a.record(2, 9);
    expect(a.load(2)).toBe(24);
    expect(AppLoad.fromJSON(JSON.parse(JSON.stringify(a)))).toEqual(a);
  });

  it('finds the simulated scenario', async () => {
    for (const seed of [7, 8]) {
      const { events, labels } = await simulated(unusualHoursRisk, ['unusual-hours'], { seed });
      expect(missed(events, labels, 'unusual-hours')).toEqual([]);
    }
  });

  it('stays quiet on benign simulated traffic', async () => {
    for (const seed of [7, 11]) expect((await simulated(unusualHoursRisk, [], { seed })).events).toEqual([]);
  });
});
