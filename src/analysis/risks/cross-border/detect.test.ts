import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { chineseName, mobileNumber, residentId } from '../../../sim/people.js';
import { rngFor } from '../../../sim/rng.js';
import { GeoLocator } from '../../geo/locator.js';
import { analyzeRisks } from '../run.js';
import { at, missed, simulated } from '../test-helpers.js';
import { crossBorderRisk } from './detect.js';

const SLUG = 'cross-border';
/** this test's map: 198.51.100.0/24 abroad (US), 203.0.113.0/24 at home, 192.0.2.0/24 unknown */
const geo = new GeoLocator({ networks: [{ cidr: '198.51.100.0/24', country: 'US', asn: 64501 }, { cidr: '203.0.113.0/24', country: 'CN' }] });
const US = '198.51.100.7';
const run = (exchanges: Exchange[], params: Record<string, unknown> = {}, g = geo) =>
  analyzeRisks(exchanges, { detectors: [crossBorderRisk], sensitive: true, geo: g, params: { [SLUG]: params } }).events;

const r = rngFor(7, 'cross-border-test');
const people = Array.from({ length: 80 }, () => ({ name: chineseName(r), idNo: residentId(r), mobile: mobileNumber(r) }));

/** one customer-information answer about person `k` */
const info = (sec: number, k: number, client = US, masked = false): Exchange => {
  const p = people[k % people.length]!;
  const body = masked ? { code: '0000', data: { custName: `${p.name[0]}*`, idNo: `${p.idNo.slice(0, 3)}***********${p.idNo.slice(-4)}`, mobile: `${p.mobile.slice(0, 3)}****${p.mobile.slice(-4)}` } } : { code: '0000', data: { custName: p.name, idNo: p.idNo, mobile: p.mobile } };
  return at(sec, { method: 'POST', url: '/openapi/v1/customer/info', client, request: { body: { custNo: `C${k}` } }, response: { body } });
};
/** one list answer with `n` people from `from` */
const list = (sec: number, from: number, n: number, client = US): Exchange =>
  at(sec, { url: `/api/v1/customers?page=${from}`, client, response: { body: { code: '0000', data: { list: Array.from({ length: n }, (_, i) => people[(from + i) % people.length]!) } } } });

describe('cross-border', () => {
  it('raises one event when 20 records of 10+ people reach a foreign client within the hour', () => {
    const ev = run(Array.from({ length: 30 }, (_, k) => info(k * 20, k)));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ slug: SLUG, ruleId: 'GL-R-0016', subject: { ip: US }, value: 30, threshold: 20, baseline: null });
    expect(ev[0]!.detail).toMatch(/30 personal-data records \(~\d+ people; latest answer: cn_id, cn_mobile, person_name\) sent in 3600 s to a client in US, AS64501/);
    for (const p of people) {
      expect(ev[0]!.detail).not.toContain(p.idNo);
      expect(ev[0]!.detail).not.toContain(p.mobile);
    }
  });

  it('fires at the threshold, not below it', () => {
    expect(run(Array.from({ length: 19 }, (_, k) => info(k * 20, k)))).toEqual([]);
    const ev = run(Array.from({ length: 20 }, (_, k) => info(k * 20, k)));
    expect(ev.map((e) => e.value)).toEqual([20]);
    expect(run(Array.from({ length: 5 }, (_, k) => info(k * 20, k)), { minRecords: 5, minPeople: 5 })).toHaveLength(1);
  });

  it('counts a list answer as its records and people', () => {
    expect(run([list(0, 0, 25)]).map((e) => e.value)).toEqual([25]);
    expect(run([list(0, 0, 25)], { maxPeoplePerAnswer: 5 })).toEqual([]);
  });

  it('does not fire for one person read many times (a customer abroad reading their own profile)', () => {
    expect(run(Array.from({ length: 60 }, (_, k) => info(k * 30, 0)))).toEqual([]);
    expect(run(Array.from({ length: 60 }, (_, k) => info(k * 30, 0)), { minPeople: 1 })).toHaveLength(1);
  });

  it('does not fire when records are spread beyond the window', () => {
    expect(run(Array.from({ length: 40 }, (_, k) => info(k * 400, k)))).toEqual([]);
    expect(run(Array.from({ length: 40 }, (_, k) => info(k * 400, k)), { windowSeconds: 6 * 3600 })).toHaveLength(1);
  });

  it.each([
    ['at home', (k: number) => info(k * 20, k, '203.0.113.9'), {}],
    ['from an unknown place', (k: number) => info(k * 20, k, '192.0.2.9'), {}],
    ['from the bank\'s own network', (k: number) => info(k * 20, k, '10.1.2.3'), {}],
    ['masked answers', (k: number) => info(k * 20, k, US, true), {}],
    ['from an allowed country', (k: number) => info(k * 20, k), { allowCountries: ['US'] }],
    ['from an allowed network', (k: number) => info(k * 20, k), { allowNetworks: ['198.51.100.0/29'] }],
    ['from an allowed AS', (k: number) => info(k * 20, k), { allowAsns: [64501] }],
    ['labels that are not asked for', (k: number) => info(k * 20, k), { labels: ['email'], personLabels: ['email'] }],
  ])('does not fire for answers %s', (_, make, params) => {
    expect(run(Array.from({ length: 40 }, (_, k) => make(k)), params)).toEqual([]);
  });

  it('counts masked values when asked, and another home country is not abroad', () => {
    expect(run(Array.from({ length: 40 }, (_, k) => info(k * 20, k, US, true)), { countMasked: true })).toHaveLength(1);
    const home = new GeoLocator({ home: ['CN', 'US'], networks: [{ cidr: '198.51.100.0/24', country: 'US' }] });
    expect(run(Array.from({ length: 40 }, (_, k) => info(k * 20, k)), {}, home)).toEqual([]);
  });

  it('finds the simulated scenario: a partner\'s credentials used from abroad', async () => {
    const { events, labels } = await simulated(crossBorderRisk, [SLUG]);
    expect(missed(events, labels, SLUG)).toEqual([]);
    expect(events.filter((e) => e.slug === SLUG)).toHaveLength(1);
  });

  it('stays quiet on benign simulated traffic, even with every customer abroad', async () => {
    const { events, exchanges } = await simulated(crossBorderRisk, []);
    expect(events).toEqual([]);
    // customers travelling: every client range abroad; they read their own profiles and transactions
    const abroad = new GeoLocator({ networks: [{ cidr: '2001:db8::/32', country: 'JP' }, { cidr: '203.0.113.0/24', country: 'JP' }, { cidr: '192.0.2.0/24', country: 'JP' }] });
    expect(run(exchanges, {}, abroad).length).toBeLessThanOrEqual(1);
  });
});
