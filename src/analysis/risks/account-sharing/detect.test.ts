import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { appCall, appLogin, run, type Who } from '../account-profile/test-kit.js';
import { missed, simulated } from '../test-helpers.js';
import { RecentValues } from './recent.js';
import { accountSharingRisk } from './detect.js';

const ACCT = '13812345678';
/** a session: login then two calls a minute apart */
const session = (sec: number, who: Who, acct = ACCT): Exchange[] => [appLogin(sec, acct, who), appCall(sec + 60, sec, acct, who), appCall(sec + 120, sec, acct, who)];
const PLACES: Who[] = [
  { client: '203.0.113.10', device: 'D1' },
  { client: '2001:db8:1:1::5', device: 'D2' },
  { client: '192.0.2.77', device: 'D3' },
  { client: '2001:db8:2:9::8', device: 'D4' },
  { client: '203.0.113.99', device: 'D5' },
  { client: '2001:db8:3:3::3', device: 'D6' },
];

describe('account-sharing', () => {
  it('six devices in different places within 20 minutes: one event on the account', () => {
    const { events } = run(accountSharingRisk, PLACES.flatMap((w, k) => session(k * 200, w)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ slug: 'account-sharing', subject: { account: '*******5678', ip: '2001:db8:2:9::8' }, threshold: 4 });
    expect(events[0]!.value).toBe(6);
    expect(events[0]!.detail).toContain('6 devices on 6 addresses in 5 networks');
    expect(events[0]!.detail).not.toContain(ACCT);
  });

  it.each<[string, Exchange[]]>([
    ['one phone switching between home Wi-Fi and 4G all day', Array.from({ length: 12 }, (_, i) => i).flatMap((i) => session(i * 300, { client: i % 2 ? '2001:db8:1:1::5' : '203.0.113.10', device: 'D1' }))],
    ['a family of three phones and a PC on one router', ['D1', 'D2', 'D3', 'D4'].flatMap((d, k) => session(k * 100, { client: '203.0.113.10', device: d }))],
    ['four devices in four offices, hours apart', PLACES.slice(0, 4).flatMap((w, k) => session(k * 3 * 3600, w))],
    ['a carrier pool rotating the address of one phone', Array.from({ length: 8 }, (_, i) => i).flatMap((i) => session(i * 120, { client: `203.0.113.${20 + i}`, device: 'D1' }))],
    ['four devices on four addresses of one office /24', ['D1', 'D2', 'D3', 'D4'].flatMap((d, k) => session(k * 100, { client: `203.0.113.${10 + k}`, device: d }))],
  ])('quiet: %s', (_name, exchanges) => {
    expect(run(accountSharingRisk, exchanges).events).toEqual([]);
  });

  it('failed logins name the account tried, not its holder: not counted', () => {
    const tries = PLACES.map((w, k) => appLogin(k * 60, ACCT, w, false));
    expect(run(accountSharingRisk, tries).events).toEqual([]);
  });

  it('honours the thresholds and the window', () => {
    const four = PLACES.slice(0, 4).flatMap((w, k) => session(k * 200, w));
    expect(run(accountSharingRisk, four).events).toHaveLength(1);
    expect(run(accountSharingRisk, four, { params: { minDevices: 5 } }).events).toEqual([]);
    const spread = PLACES.slice(0, 4).flatMap((w, k) => session(k * 500, w));
    expect(run(accountSharingRisk, spread).events).toHaveLength(1);
    expect(run(accountSharingRisk, spread, { params: { windowMinutes: 20 } }).events).toEqual([]);
  });

  it('one app device id logging in to many accounts: an event on its address', () => {
    const farm = Array.from({ length: 6 }, (_, i) => appLogin(i * 300, `1390000000${i}`, { client: '192.0.2.60', device: 'FARM-1' }));
    const { events } = run(accountSharingRisk, farm);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subject: { ip: '192.0.2.60' }, value: 6, threshold: 5 });
    expect(events[0]!.subject.account).toBeUndefined();
    // without a device id (a browser) many accounts on one User-Agent are just many customers
    expect(run(accountSharingRisk, Array.from({ length: 6 }, (_, i) => appLogin(i * 300, `1390000000${i}`, { client: '192.0.2.60' }))).events).toEqual([]);
    expect(run(accountSharingRisk, farm.slice(0, 4)).events).toEqual([]);
  });

  it('RecentValues counts exactly within the window and makes room from the oldest', () => {
    const r = new RecentValues();
    expect(r.add(1, 0, 2)).toBe(true);
    expect(r.add(1, 50, 2)).toBe(false);
    r.add(2, 10, 2);
    r.add(3, 60, 2); // replaces 2 (seen at 10), not 1 (seen at 50)
    expect(r.size).toBe(2);
    expect(r.count(40)).toBe(2);
    expect(r.count(55)).toBe(1);
  });

  it('finds the simulated scenario', async () => {
    for (const seed of [7, 8]) {
      const { events, labels } = await simulated(accountSharingRisk, ['account-sharing'], { seed });
      expect(missed(events, labels, 'account-sharing')).toEqual([]);
    }
  });

  it('stays quiet on benign simulated traffic', async () => {
    for (const seed of [7, 11]) expect((await simulated(accountSharingRisk, [], { seed })).events).toEqual([]);
  });
});
