import { describe, expect, it } from 'vitest';
import { appLogin, run } from '../account-profile/test-kit.js';
import { missed, simulated } from '../test-helpers.js';
import { abnormalLoginRisk } from './detect.js';

const ACCT = '13812345678';
const HOME = { client: '2001:db8:4a1:7::10', device: 'PHONE-A' };
const DAY = 86_400;
/** three ordinary logins on three days from home on the usual phone */
const history = (acct = ACCT, n = 3) => Array.from({ length: n }, (_, i) => appLogin(i * DAY, acct, HOME));

describe('abnormal-login', () => {
  it('a mature account logging in from a new device on a new network: one event on the account and the new address', () => {
    const { events } = run(abnormalLoginRisk, [...history(), appLogin(3 * DAY, ACCT, { client: '192.0.2.44', device: 'PHONE-X' })]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ slug: 'abnormal-login', subject: { account: '*******5678', ip: '192.0.2.44' }, value: 2, threshold: 2 });
    expect(events[0]!.detail).toContain('new device');
    expect(events[0]!.detail).toContain('AS64504');
    expect(events[0]!.detail).not.toContain(ACCT);
  });

  it.each([
    ['the usual device and network', HOME],
    ['the usual phone on another network (Wi-Fi → 4G)', { client: '203.0.113.80', device: 'PHONE-A' }],
    ['a new phone at home', { client: '2001:db8:4a1:7::11', device: 'PHONE-B' }],
    ['a new phone at another address of the home /48', { client: '2001:db8:4a1:99::1', device: 'PHONE-B' }],
  ])('one novelty or none is quiet: %s', (_name, who) => {
    expect(run(abnormalLoginRisk, [...history(), appLogin(3 * DAY, ACCT, who)]).events).toEqual([]);
  });

  it('a single novelty is an event when minSignals is 1', () => {
    expect(run(abnormalLoginRisk, [...history(), appLogin(3 * DAY, ACCT, { client: '203.0.113.80', device: 'PHONE-A' })], { params: { minSignals: 1 } }).events).toHaveLength(1);
  });

  it('judges only accounts with minHistory earlier logins, and learns only successful ones', () => {
    const odd = { client: '192.0.2.44', device: 'PHONE-X' };
    expect(run(abnormalLoginRisk, [...history(ACCT, 2), appLogin(3 * DAY, ACCT, odd)]).events).toEqual([]);
    expect(run(abnormalLoginRisk, [...history(ACCT, 2), appLogin(3 * DAY, ACCT, odd)], { params: { minHistory: 2 } }).events).toHaveLength(1);
    // failures from the odd place are neither judged nor learnt
    const failures = Array.from({ length: 5 }, (_, i) => appLogin(2 * DAY + i * 60, ACCT, odd, false));
    expect(run(abnormalLoginRisk, [...history(ACCT, 2), ...failures]).events).toEqual([]);
    expect(run(abnormalLoginRisk, [...history(ACCT, 2), ...failures, appLogin(3 * DAY, ACCT, odd)]).events).toEqual([]);
  });

  it('learns the new place once seen: the next login from it is quiet', () => {
    const odd = { client: '192.0.2.44', device: 'PHONE-X' };
    const { events } = run(abnormalLoginRisk, [...history(), appLogin(3 * DAY, ACCT, odd), appLogin(4 * DAY, ACCT, odd)]);
    expect(events).toHaveLength(1);
    expect(events[0]!.evidence).toHaveLength(1);
    expect(events[0]!.end).toBe('2024-06-06T02:00:00.000Z');
  });

  it('impossible travel: another country minutes after the last login, even on a young profile', () => {
    const { events } = run(abnormalLoginRisk, [appLogin(0, ACCT, HOME), appLogin(20 * 60, ACCT, { ...HOME, client: '198.51.100.9' })]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subject: { ip: '198.51.100.9' }, value: 2 });
    expect(events[0]!.detail).toContain('CN → US within 20 min');
    // hours later it is a trip, not impossible; and the young profile is not judged for novelty
    expect(run(abnormalLoginRisk, [appLogin(0, ACCT, HOME), appLogin(5 * 3600, ACCT, { ...HOME, client: '198.51.100.9' })]).events).toEqual([]);
  });

  it('a new country counts beside the new network it comes with', () => {
    const { events } = run(abnormalLoginRisk, [...history(), appLogin(3 * DAY, ACCT, { ...HOME, client: '198.51.100.9' })]);
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toContain('a new country (US)');
  });

  it('an internal client address gives no opinion on network or country', () => {
    expect(run(abnormalLoginRisk, [...history(), appLogin(3 * DAY, ACCT, { client: '10.1.2.3', device: 'PHONE-X' })]).events).toEqual([]);
  });

  it('each app has its own profile: the first internet-banking login is not judged against the app', () => {
    const web = { client: '192.0.2.44', device: 'PC', host: 'ebank.bank.example' };
    expect(run(abnormalLoginRisk, [...history(), appLogin(3 * DAY, ACCT, web)]).events).toEqual([]);
  });

  it('keeps profiles across a restart (save → new instance → load), and ignores state it does not recognise', () => {
    const first = run(abnormalLoginRisk, history());
    const saved = first.state['abnormal-login'] as { kind: string; v: number; entries: unknown[] };
    expect(saved).toMatchObject({ kind: 'abnormal-login-profiles', v: 1 });
    expect(saved.entries).toHaveLength(1);
    expect(JSON.stringify(saved)).not.toContain('5678');
    const odd = appLogin(3 * DAY, ACCT, { client: '192.0.2.44', device: 'PHONE-X' });
    expect(run(abnormalLoginRisk, [odd], { state: first.state }).events).toHaveLength(1);
    expect(run(abnormalLoginRisk, [appLogin(3 * DAY, ACCT, HOME)], { state: first.state }).events).toEqual([]);
    // without the state the account is young again; a foreign or damaged state loads nothing
    expect(run(abnormalLoginRisk, [odd]).events).toEqual([]);
    expect(run(abnormalLoginRisk, [odd], { state: { 'abnormal-login': { kind: 'abnormal-login-profiles', v: 2, entries: saved.entries } } }).events).toEqual([]);
    expect(run(abnormalLoginRisk, [odd], { state: { 'abnormal-login': { ...saved, entries: [[1, 2, { n: 'x' }], 'junk'] } } }).events).toEqual([]);
  });

  it('forgets the least recent devices beyond maxDevices', () => {
    const phones = Array.from({ length: 5 }, (_, i) => appLogin(i * DAY, ACCT, { ...HOME, device: `PHONE-${i}` }));
    const back = appLogin(6 * DAY, ACCT, { client: '192.0.2.44', device: 'PHONE-0' });
    expect(run(abnormalLoginRisk, [...phones, back]).events).toHaveLength(1);
    expect(run(abnormalLoginRisk, [...phones, back], { params: { maxDevices: 5 } }).events).toEqual([]);
  });

  it('finds the simulated scenario with its account and address', async () => {
    for (const seed of [7, 8]) {
      const { events, labels } = await simulated(abnormalLoginRisk, ['abnormal-login'], { seed });
      expect(missed(events, labels, 'abnormal-login')).toEqual([]);
    }
  });

  it('stays quiet on benign simulated traffic', async () => {
    for (const seed of [7, 11]) expect((await simulated(abnormalLoginRisk, [], { seed })).events).toEqual([]);
  });
});
