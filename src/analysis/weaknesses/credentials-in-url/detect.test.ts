import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { ex, findings, where } from '../test-helpers.js';
import { credentialsInUrl } from './detect.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIiwiZXhwIjoxNzE0NTUwNDAwfQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const TOKEN = '8f3a9b2c7d1e4f5a6b7c8d9e0f1a2b3c';
const SID = '0A1B2C3D4E5F60718293A4B5C6D7E8F9';
const get = (url: string, status = 200): Exchange => ex({ url, status, response: { body: { code: '0000' } } });
const SECRETS = [JWT, TOKEN, SID, 'AKIAIOSFODNN7EXAMPLE', 'Zx!abc2024', '9f8e7d6c5b4a39281706f5e4d3c2b1a0'];

describe('credentials-in-url', () => {
  const valid: [string, Exchange[], string][] = [
    ['JWT in token', [get(`/api/v1/account/summary?token=${JWT}`)], 'GET /api/v1/account/summary query.token'],
    ['opaque access token', [get(`/api/v1/statements?access_token=${TOKEN}&month=202404`)], 'GET /api/v1/statements query.access_token'],
    ['session id', [get(`/ebank/query.do?sessionId=${SID}`)], 'GET /ebank/query.do query.sessionId'],
    ['password in the query', [get('/api/login?userName=zhang&password=Zx!abc2024')], 'GET /api/login query.password'],
    ['hashed password in the query is still replayable', [get('/api/login?userName=zhang&pwd=e10adc3949ba59abbe56e057f20f883e')], 'GET /api/login query.pwd'],
    ['cloud key by value under any name', [get('/oss/upload/sign?key=AKIAIOSFODNN7EXAMPLE')], 'GET /oss/upload/sign query.key'],
    ['app secret', [get('/openapi/v1/token?appId=wx1234&appSecret=9f8e7d6c5b4a39281706f5e4d3c2b1a0')], 'GET /openapi/v1/token query.appSecret'],
    ['jsessionid in the path', [get(`/ebank/account.do;jsessionid=${SID}`)], ''],
    ['token in a redirect target', [ex({ url: '/sso/login', status: 302, response: { headers: [['location', `https://m.bank.example.cn/home?token=${JWT}`]] } })], 'GET /sso/login redirect.token'],
  ];
  const invalid: [string, Exchange[]][] = [
    ['no query', [get('/api/v1/account/summary')]],
    ['paging cursor', [get('/api/v1/txns?pageToken=CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA&nextToken=abc123def456ghi789')]],
    ['CSRF token', [get('/web/form.html?csrf_token=a1b2c3d4e5f6a7b8c9d0&_csrf=x1y2z3a4b5c6d7e8f9')]],
    ['captcha token', [get('/api/v1/captcha/verify?captchaToken=abc123def456ghi789jkl')]],
    ['OAuth callback code and state', [get(`/oauth/callback?code=${JWT}&state=xyz123abc456def789`)]],
    ['CAS service ticket', [get('/cas/callback?ticket=ST-12345-abcdefghij1234567890-cas01')]],
    ['masked token', [get('/api/v1/account?token=******')]],
    ['empty token', [get('/api/v1/account?token=')]],
    ['short non-token value', [get('/api/v1/account?token=1')]],
    ['request signature with timestamp', [get('/openapi/v1/pay?appId=wx1&timestamp=1714550400&nonce=8a7b&sign=9f8e7d6c5b4a39281706f5e4d3c2b1a0')]],
    ['trace and ids', [get('/api/v1/orders?traceId=0af7651916cd43dd8448eb211c80319c&uuid=550e8400-e29b-41d4-a716-446655440000&orderNo=202405011234567890')]],
    ['plain redirect', [ex({ url: '/sso/logout', status: 302, response: { headers: [['location', 'https://m.bank.example.cn/login?from=logout&lang=zh_CN']] } })]],
  ];
  for (const [name, exchanges, at] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(credentialsInUrl, exchanges);
      expect(f).toHaveLength(1);
      expect(f[0]!.ruleId).toBe('GL-W-0004');
      if (at) expect(where(f)).toEqual([at]);
      for (const s of SECRETS) {
        expect(f[0]!.detail).not.toContain(s);
        expect(JSON.stringify(f[0]!.data)).not.toContain(s);
      }
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(credentialsInUrl, exchanges)).toEqual([]);
    });
  }
  it('names the kind and length, not the value', () => {
    const f = findings(credentialsInUrl, [get(`/api/v1/account/summary?token=${JWT}`)]);
    expect(f[0]!.detail).toBe(`JWT in query parameter "token" (${JWT.length} characters)`);
    expect(findings(credentialsInUrl, [get(`/ebank/query.do?sessionId=${SID}`)])[0]!.detail).toBe(`session id in query parameter "sessionId" (${SID.length} characters)`);
  });
  it('params', () => {
    expect(findings(credentialsInUrl, [get('/api/login?password=Zx!abc2024')], { passwords: false })).toEqual([]);
    expect(findings(credentialsInUrl, [get(`/cas/callback?ticket=ST-12345-abcdefghij1234567890-cas01`)], { ignoreCallbacks: false })).toHaveLength(1);
    expect(findings(credentialsInUrl, [get(`/api/v1/txns?pageToken=CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA`)], { ignoredNames: [] })).toHaveLength(1);
    expect(findings(credentialsInUrl, [get(`/ebank/account.do;jsessionid=${SID}`)], { pathSessionIds: false })).toEqual([]);
  });
});
