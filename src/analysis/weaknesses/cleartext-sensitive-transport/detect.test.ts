import { describe, expect, it } from 'vitest';
import type { Exchange, Header } from '../../../core/exchange.js';
import { ex, findings, where, type ExchangeSpec } from '../test-helpers.js';
import { cleartextSensitiveTransport, forwardedTls } from './detect.js';

const ON = { requireTls: true };
const ID = '110101199003071233';
const CARD = '6222021234567890128';
const CLEAR = [ID, CARD, 'Zhang@2024', 'dXNlcjpwYXNz', 'eyJhbGciOiJIUzI1NiJ9'];

/** an exchange on a given server port */
const on = (port: number, s: ExchangeSpec): Exchange => {
  const e = ex({ host: 'mapi.bank.example.cn', ...s });
  e.server.port = port;
  return e;
};
const login = (port: number, password: string, headers: Header[] = []) =>
  on(port, { method: 'POST', url: '/api/v1/auth/login', request: { body: { loginName: 'zhangsan', password }, headers }, response: { body: { code: '0000' } } });
const profile = (port: number, headers: Header[] = []) =>
  on(port, { url: '/api/v1/customer/profile', request: { headers }, response: { body: { code: '0000', data: { idNo: ID, cardNo: CARD } } } });

describe('cleartext-sensitive-transport', () => {
  const valid: [string, Exchange[]][] = [
    ['clear password to port 80', [login(80, 'Zhang@2024')]],
    ['ID and card number in a response on port 8080', [profile(8080)]],
    ['basic auth on port 80', [on(80, { url: '/api/v1/statements', request: { headers: [['authorization', 'Basic dXNlcjpwYXNz']] }, response: { body: { code: '0000' } } })]],
    ['the balancer says the client came over http, although the backend port is 443', [profile(443, [['x-forwarded-proto', 'http']])]],
    ['absolute http:// target through a proxy', [on(3128, { url: 'http://mapi.bank.example.cn/api/v1/customer/profile', response: { body: { data: { idNo: ID } } } })]],
  ];
  const invalid: [string, Exchange[], Record<string, unknown>?][] = [
    ['off by default (mirrors behind TLS termination)', [login(80, 'Zhang@2024')], {}],
    ['TLS port 443', [login(443, 'Zhang@2024')]],
    ['TLS port 8443', [profile(8443)]],
    ['port 80 behind a balancer that says https', [login(80, 'Zhang@2024', [['x-forwarded-proto', 'https']])]],
    ['x-forwarded-ssl: on', [profile(80, [['x-forwarded-ssl', 'on']])]],
    ['forwarded: proto=https', [profile(80, [['forwarded', 'for=203.0.113.7;proto=https;by=10.0.0.1']])]],
    ['hashed password over http', [login(80, 'e10adc3949ba59abbe56e057f20f883e')]],
    ['RSA-encrypted password over http', [login(80, 'J7x9'.repeat(43) + '==')]],
    ['masked data over http', [on(80, { url: '/api/v1/customer/profile', response: { body: { data: { idNo: '110101********1233', cardNo: '622202******0128' } } } })]],
    ['health check over http', [on(80, { url: '/actuator/health', response: { body: { status: 'UP' } } })]],
    ['static page over http', [on(80, { url: '/index.html', response: { headers: [['content-type', 'text/html']], body: '<html><body>欢迎</body></html>' } })]],
    ['public rates over http', [on(80, { url: '/api/v1/rates/fx', response: { body: { list: [{ ccy: 'USD', buy: '7.1012' }] } } })]],
    ['unknown server port (0)', [profile(0)]],
    ['port outside plaintextPorts', [profile(8080)], { requireTls: true, plaintextPorts: [80] }],
  ];
  for (const [name, exchanges] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(cleartextSensitiveTransport, exchanges, ON);
      expect(f).toHaveLength(1);
      expect(f[0]!.ruleId).toBe('GL-W-0019');
      expect(f[0]!.location).toBe('');
      for (const v of CLEAR) expect(f[0]!.detail).not.toContain(v);
    });
  }
  for (const [name, exchanges, params] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(cleartextSensitiveTransport, exchanges, params ?? ON)).toEqual([]);
    });
  }
  it('names the fields, not their values', () => {
    const f = findings(cleartextSensitiveTransport, [profile(80)], ON);
    expect(where(f)).toEqual(['GET /api/v1/customer/profile']);
    expect(f[0]!.detail).toBe('cleartext HTTP (server port 80) carries cn_id at response "data.idNo", bank_card at response "data.cardNo"');
    expect(f[0]!.data).toMatchObject({ port: 80, labels: ['bank_card', 'cn_id'] });
  });
  it('trustForwardedProto: false judges by the port only', () => {
    expect(findings(cleartextSensitiveTransport, [login(80, 'Zhang@2024', [['x-forwarded-proto', 'https']])], { ...ON, trustForwardedProto: false })).toHaveLength(1);
  });
  it('forwardedTls reads the client leg', () => {
    expect(forwardedTls([['x-forwarded-proto', 'https, http']])).toBe(true);
    expect(forwardedTls([['x-forwarded-proto', 'http']])).toBe(false);
    expect(forwardedTls([['forwarded', 'for=1.2.3.4;proto=https']])).toBe(true);
    expect(forwardedTls([['x-request-id', 'abc']])).toBeUndefined();
  });
});
