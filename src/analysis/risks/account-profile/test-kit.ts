/**
 * Table-test kit of the account-profile detectors (abnormal-login, account-sharing, unusual-hours):
 * app logins and authenticated requests at literal times on the test clock (`at` of
 * ../test-helpers.ts), run through the real catalog, identity and geo with a small address plan,
 * and a detector's learnt state carried from one engine to a fresh one (save → restart → load).
 */
import type { Exchange, Header } from '../../../core/exchange.js';
import type { RiskEvent } from '../../../core/risk.js';
import { Catalog } from '../../endpoints/catalog/catalog.js';
import { PATH_PII_CHECKS } from '../../endpoints/templating/pii.js';
import { GeoLocator } from '../../geo/locator.js';
import { IdentityResolver } from '../../identity/identity.js';
import { RiskEngine } from '../engine.js';
import { T0, at } from '../test-helpers.js';
import type { RiskDetector } from '../types.js';

/** The tests' address plan: two domestic IPv4 carriers, a domestic IPv6 carrier, one foreign network. */
export const TEST_NETWORKS = [
  { cidr: '203.0.113.0/24', country: 'CN', asn: 64_505 },
  { cidr: '192.0.2.0/24', country: 'CN', asn: 64_504 },
  { cidr: '2001:db8::/32', country: 'CN', asn: 64_506 },
  { cidr: '198.51.100.0/24', country: 'US', asn: 64_501 },
];

export interface Who {
  client?: string;
  /** the app's device id (x-device-id); the User-Agent is the same for all */
  device?: string;
  host?: string;
}

const headersOf = (w: Who): Header[] => [['user-agent', 'okhttp/4.12.0 BankApp/7.2.0 (Android 14; HUAWEI NOH-AN00)'], ...(w.device ? [['x-device-id', w.device] as Header] : [])];

/** Seconds from the test clock's T0 (Monday 3 June 2024, 10:00 Beijing) to local `hour:min` on day `day` (0 = that Monday). */
export function local(day: number, hour: number, min = 0): number {
  const midnight = Date.UTC(2024, 5, 3) - 8 * 3_600_000 + day * 86_400_000;
  return (midnight + (hour * 60 + min) * 60_000 - T0) / 1000;
}

/** A password login to the app, answered with a token (`ok`) or 密码错误. */
export function appLogin(sec: number, account: string, w: Who = {}, ok = true): Exchange {
  return at(sec, {
    method: 'POST',
    url: '/api/v1/auth/login',
    host: w.host ?? 'mapi.bank.example',
    client: w.client ?? '203.0.113.7',
    request: { headers: headersOf(w), body: { loginName: account, password: 'x-Encrypted==', loginType: 'PWD' } },
    response: { body: ok ? { code: '000000', msg: '登录成功', data: { token: `tok-${account}-${sec}-${w.device ?? ''}` } } : { code: 'EBLN1001', msg: '登录密码错误' } },
  });
}

/** A request of the session `appLogin(loginSec, account, w)` opened. */
export function appCall(sec: number, loginSec: number, account: string, w: Who = {}, method = 'GET', url = '/api/v1/accounts', body?: object): Exchange {
  return at(sec, {
    method,
    url,
    host: w.host ?? 'mapi.bank.example',
    client: w.client ?? '203.0.113.7',
    request: { headers: [...headersOf(w), ['authorization', `Bearer tok-${account}-${loginSec}-${w.device ?? ''}`]], ...(body ? { body } : {}) },
    response: { body: { code: '000000', msg: '交易成功', data: {} } },
  });
}

/** Runs one detector over the exchanges (in order), optionally starting from saved state; returns its events and what it saves at the end. */
export function run(detector: RiskDetector, exchanges: Iterable<Exchange>, o: { params?: Record<string, unknown>; state?: Record<string, unknown> } = {}): { events: RiskEvent[]; state: Record<string, unknown> } {
  const catalog = new Catalog({ pii: PATH_PII_CHECKS });
  const engine = new RiskEngine([detector], new IdentityResolver(), { geo: new GeoLocator({ networks: TEST_NETWORKS }), params: o.params ? { [detector.descriptor.slug]: o.params } : {} });
  if (o.state) engine.loadState(o.state);
  for (const ex of exchanges) engine.observe(ex, catalog.observe(ex), undefined);
  // through JSON, as the store keeps it
  return { events: engine.drain().events, state: JSON.parse(JSON.stringify(engine.saveState())) as Record<string, unknown> };
}
