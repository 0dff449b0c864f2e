import { describe, expect, it } from 'vitest';
import { ex, findings, where } from '../test-helpers.js';
import { jwtWeakness } from './detect.js';
import { decodeJwt } from './jwt.js';

const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: object, alg = 'HS256'): string => `${b64({ alg, typ: 'JWT' })}.${b64(payload)}.${alg === 'none' ? '' : 'c2lnbmF0dXJlLW5vdC1jaGVja2Vk'}`;

/** 2024-05-01T08:00:00Z, the helpers' default event time */
const T0 = Date.UTC(2024, 4, 1, 8) / 1000;
const ok = { sub: 'u_8f3a2c', iat: T0, exp: T0 + 7200 };

const api = (token: string, url = '/api/v1/account/list', status = 200) =>
  ex({ url, host: 'mapi.bank.example.cn', request: { headers: [['authorization', `Bearer ${token}`]] }, status, response: { body: { code: 0, data: [] } } });
const login = (body: object, headers: [string, string][] = []) =>
  ex({ method: 'POST', url: '/api/v1/auth/login', request: { body: { loginName: 'zhang', password: 'x' } }, response: { body, headers } });

const CLEAR = ['13812345678', '11010519491231002X', '6222020200012345670', '张三'];

describe('jwt-weakness', () => {
  const valid: [string, ReturnType<typeof ex>[], string[]][] = [
    ['alg none accepted', [api(jwt(ok, 'none'))], ['GET /api/v1/account/list header.authorization#alg-none']],
    ['login issues a token without exp', [login({ code: 0, data: { accessToken: jwt({ sub: 'u_8f3a2c', iat: T0 }) } })], ['POST /api/v1/auth/login response.data.accessToken#no-exp']],
    ['30-day access token', [login({ code: 0, data: { token: jwt({ sub: 'u_8f3a2c', iat: T0, exp: T0 + 30 * 86400 }) } })], ['POST /api/v1/auth/login response.data.token#long-lifetime']],
    ['no iat, exp 10 days after it was seen', [api(jwt({ sub: 'u_8f3a2c', exp: T0 + 10 * 86400 }))], ['GET /api/v1/account/list header.authorization#long-lifetime']],
    [
      'personal data in a cookie token',
      [ex({ url: '/api/v1/user/info', request: { headers: [['cookie', `Hm_lvt_1=1714550400; token=${jwt({ ...ok, mobile: '13812345678', idNo: '11010519491231002X', realName: '张三' })}`]] }, response: { body: { code: 0 } } })],
      ['GET /api/v1/user/info cookie.token#sensitive-claims'],
    ],
    ['custom token header', [ex({ url: '/api/v1/card/list', request: { headers: [['x-auth-token', jwt({ sub: '6222020200012345670', iat: T0, exp: T0 + 600 })]] } })], ['GET /api/v1/card/list header.x-auth-token#sensitive-claims']],
    ['Set-Cookie without exp', [login({ code: 0 }, [['set-cookie', `SESSION=${jwt({ uid: 'u_8f3a2c' })}; Path=/; HttpOnly`]])], ['POST /api/v1/auth/login set-cookie.SESSION#no-exp']],
  ];
  const invalid: [string, ReturnType<typeof ex>[]][] = [
    ['HS256 with a two-hour exp and an opaque subject', [api(jwt(ok))]],
    ['RS256 with exp in milliseconds', [api(jwt({ sub: 'u_8f3a2c', iat: T0 * 1000, exp: (T0 + 1800) * 1000 }, 'RS256'))]],
    ['forged alg none refused with 401', [api(jwt(ok, 'none'), '/api/v1/account/list', 401)]],
    ['seven-day refresh token', [login({ code: 0, data: { accessToken: jwt(ok), refreshToken: jwt({ sub: 'u_8f3a2c', iat: T0, exp: T0 + 7 * 86400 }) } })]],
    ['masked mobile and hashed id in claims', [api(jwt({ ...ok, mobile: '138****5678', uid: '5f4dcc3b5aa765d61d8327deb882cf99' }))]],
    ['JWE (encrypted, five parts)', [api(`${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.${'a'.repeat(40)}.${'b'.repeat(16)}.${'c'.repeat(40)}.${'d'.repeat(22)}`)]],
    ['opaque bearer token', [api('8f14e45fceea167a5a36dedd4bea2543')]],
    ['health check without a token', [ex({ url: '/actuator/health', response: { body: { status: 'UP' } } })]],
  ];
  for (const [name, exchanges, want] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(jwtWeakness, exchanges);
      expect(where(f)).toEqual(want);
      for (const x of f) {
        expect(x.ruleId).toBe('GL-W-0015');
        for (const c of CLEAR) expect(x.detail).not.toContain(c);
        expect(x.detail).not.toMatch(/eyJ/);
      }
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(jwtWeakness, exchanges)).toEqual([]);
    });
  }
  it('says which claims hold what, without their values', () => {
    const [f] = findings(jwtWeakness, valid[4]![1]);
    expect(f!.detail).toContain('cn_mobile in "mobile"');
    expect(f!.detail).toContain('cn_id in "idNo"');
    expect(f!.data).toMatchObject({ problem: 'sensitive-claims', issued: false });
  });
  it('a token that lacks exp and is unsigned gives one finding per problem', () => {
    expect(where(findings(jwtWeakness, [api(jwt({ sub: 'u_8f3a2c' }, 'none'))]))).toEqual([
      'GET /api/v1/account/list header.authorization#alg-none',
      'GET /api/v1/account/list header.authorization#no-exp',
    ]);
  });
  it('one bearer token sent everywhere is reported on at most maxEndpointsPerProblem endpoints', () => {
    const token = jwt({ sub: 'u_8f3a2c', iss: 'ebank-auth' });
    const modules = ['account', 'card', 'loan', 'deposit', 'fund', 'insurance', 'bill', 'coupon', 'message', 'payee', 'branch', 'rate', 'notice', 'points', 'invoice'];
    const calls = modules.map((m) => api(token, `/api/v1/${m}/summary`));
    expect(findings(jwtWeakness, calls)).toHaveLength(10);
    expect(findings(jwtWeakness, calls, { maxEndpointsPerProblem: 3 })).toHaveLength(3);
  });
  it('maxLifetimeSeconds is a param', () => {
    expect(findings(jwtWeakness, [api(jwt(ok))], { maxLifetimeSeconds: 3600 })).toHaveLength(1);
  });
  it('decodes without verifying and rejects non-JWTs', () => {
    expect(decodeJwt(jwt(ok), T0 * 1000)).toMatchObject({ alg: 'HS256', exp: T0 + 7200, iat: T0, refresh: false, claims: [] });
    expect(decodeJwt('eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.sig', 0)).toBeUndefined();
    expect(decodeJwt('abc.def.ghi', 0)).toBeUndefined();
  });
});
