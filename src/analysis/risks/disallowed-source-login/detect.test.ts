import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { GeoLocator } from '../../geo/locator.js';
import { analyzeRisks } from '../run.js';
import { at, loginAttempt, missed, simulated } from '../test-helpers.js';
import { disallowedSourceLoginRisk } from './detect.js';

const SLUG = 'disallowed-source-login';
/** this test's map: 198.51.100.0/24 abroad (US, AS64501), 203.0.113.0/24 at home, 192.0.2.0/24 unknown */
const geo = new GeoLocator({ networks: [{ cidr: '198.51.100.0/24', country: 'US', asn: 64501, asOrg: 'TEST-NET-2' }, { cidr: '203.0.113.0/24', country: 'CN' }] });
const US = '198.51.100.7';
const CN = '203.0.113.9';
const run = (exchanges: Exchange[], params: Record<string, unknown> = {}) =>
  analyzeRisks(exchanges, { detectors: [disallowedSourceLoginRisk], geo, params: { [SLUG]: params } }).events;

describe('disallowed-source-login', () => {
  it('raises one event for a successful login from abroad, subject the account and the client', () => {
    const ev = run([loginAttempt(0, '13812345678', true, US)]);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ slug: SLUG, ruleId: 'GL-R-0006', subject: { ip: US, account: '*******5678' }, value: 1, threshold: 1, baseline: null, start: ev[0]!.end });
    expect(ev[0]!.detail).toContain('US, AS64501 TEST-NET-2');
    expect(ev[0]!.detail).not.toContain('13812345678');
  });

  it.each([
    ['a login at home', [loginAttempt(0, 'u1', true, CN)], {}],
    ['a failed login abroad', [loginAttempt(0, 'u1', false, US)], {}],
    ['a login from an unknown place', [loginAttempt(0, 'u1', true, '192.0.2.9')], {}],
    ['a login from the bank\'s own network, even when unknown places are flagged', [loginAttempt(0, 'u1', true, '10.1.2.3')], { flagUnknownCountry: true }],
    ['a login from an allowed country', [loginAttempt(0, 'u1', true, US)], { allowCountries: ['us'] }],
    ['a login from an allowed network', [loginAttempt(0, 'u1', true, '198.51.100.15')], { allowNetworks: ['198.51.100.0/28'] }],
    ['a login from an allowed AS', [loginAttempt(0, 'u1', true, US)], { allowAsns: [64501] }],
    ['a request that is not a login', [at(0, { client: US, url: '/api/v1/accounts', response: { body: { code: '0000' } } })], {}],
  ])('does not fire for %s', (_, exchanges, params) => {
    expect(run(exchanges as Exchange[], params)).toEqual([]);
  });

  it.each([
    ['failed logins abroad when asked', [loginAttempt(0, 'u1', false, US)], { alsoFailures: true }, 'failed login'],
    ['unknown places when asked', [loginAttempt(0, 'u1', true, '192.0.2.9')], { flagUnknownCountry: true }, 'unknown place'],
    ['a denied country, even at home', [loginAttempt(0, 'u1', true, CN)], { denyCountries: ['CN'] }, 'denied country'],
    ['the network just outside the allowed one', [loginAttempt(0, 'u1', true, '198.51.100.16')], { allowNetworks: ['198.51.100.0/28'] }, 'outside the allowed'],
  ])('fires for %s', (_, exchanges, params, why) => {
    const ev = run(exchanges as Exchange[], params);
    expect(ev).toHaveLength(1);
    expect(ev[0]!.detail).toContain(why);
  });

  it('counts a login of unclear outcome that names its account and was answered 2xx, unless told not to', () => {
    const unclear = (status: number) => at(0, { method: 'POST', url: '/api/v1/auth/login', client: US, status, request: { body: { loginName: 'u9', password: 'x' } }, response: { body: { data: [] } } });
    expect(run([unclear(200)]).map((e) => [e.subject.account, e.detail.split(' from')[0]])).toEqual([['u9', 'login']]);
    expect(run([unclear(200)], { countUnknownOutcome: false })).toEqual([]);
    expect(run([unclear(500)])).toEqual([]);
  });

  it('counts the accounts one client logged in to within the window, one event per account', () => {
    const ev = run([loginAttempt(0, 'u1', true, US), loginAttempt(60, 'u2', true, US), loginAttempt(120, 'u3', true, US), loginAttempt(180, 'u3', true, US)]);
    expect(ev.map((e) => [e.subject.account, e.value])).toEqual([['u1', 1], ['u2', 2], ['u3', 3]]);
    // after the window the count starts again; a login after the 30-minute gap is a new event
    const later = run([loginAttempt(0, 'u1', true, US), loginAttempt(60, 'u2', true, US), loginAttempt(3 * 3600, 'u2', true, US)]);
    expect(later.map((e) => [e.subject.account, e.value])).toEqual([['u1', 1], ['u2', 2], ['u2', 1]]);
    expect(run([loginAttempt(0, 'u1', true, US), loginAttempt(7200, 'u2', true, US)], { windowSeconds: 3600 }).map((e) => e.value)).toEqual([1, 1]);
  });

  it('rejects bad params', () => {
    const p = disallowedSourceLoginRisk.descriptor.params;
    expect(p.safeParse({ allowCountries: ['USA'] }).success).toBe(false);
    expect(p.safeParse({ allowNetworks: ['198.51.100.0/33'] }).success).toBe(false);
    expect(p.safeParse({ allowCountriesTypo: [] }).success).toBe(false);
    expect(p.parse({})).toMatchObject({ allowCountries: [], denyCountries: [], alsoFailures: false, windowSeconds: 3600, maxClients: 100_000 });
  });

  it('finds the simulated scenario: one foreign IP logging in to 3 customers', async () => {
    const { events, labels } = await simulated(disallowedSourceLoginRisk, [SLUG]);
    expect(missed(events, labels, SLUG)).toEqual([]);
    const ours = events.filter((e) => e.slug === SLUG);
    expect(ours).toHaveLength(3);
    expect(Math.max(...ours.map((e) => e.value))).toBe(3);
  });

  it('stays quiet on benign simulated traffic', async () => {
    const { events } = await simulated(disallowedSourceLoginRisk, []);
    expect(events).toEqual([]);
  });
});
