import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { ex, findings, where } from '../test-helpers.js';
import { singleFactorLogin } from './detect.js';

const TOKEN = { code: '0000', msg: '登录成功', data: { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIn0.c2lnbmF0dXJl' } };
const login = (body: object, response: object = TOKEN, status = 200, headers: [string, string][] = [], host = 'mapi.bank.example.cn'): Exchange =>
  ex({ method: 'POST', url: '/api/v1/auth/login', host, request: { body, headers }, status, response: { body: response } });
const times = (n: number, make: (i: number) => Exchange): Exchange[] => Array.from({ length: n }, (_, i) => make(i));
const plain = (i: number): Exchange => login({ loginName: `1381234${String(5670 + i)}`, password: `Zx!${i}abc2024` });
/** a customer profile in clear on the same app: grades the app `high` */
const profile = (host = 'mapi.bank.example.cn'): Exchange =>
  ex({
    url: '/api/v1/customer/profile',
    host,
    request: { headers: [['authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIn0.c2lnbmF0dXJl']] },
    response: { body: { code: '0000', data: { custName: '张三', idNo: '110101199003077774', mobile: '13812345678', email: 'zhangsan@qq.com', address: '北京市朝阳区建国路88号院3号楼1单元101' } } },
  });

describe('single-factor-login', () => {
  const valid: [string, Exchange[]][] = [
    ['three successful password-only logins', times(3, plain)],
    ['form login with session cookie', times(3, (i) =>
      ex({
        method: 'POST',
        url: '/web/login.do',
        request: { body: `userId=zhang${i}&pwd=Zx!abc2024`, headers: [['content-type', 'application/x-www-form-urlencoded']] },
        status: 302,
        response: { headers: [['location', '/web/index.do'], ['set-cookie', 'JSESSIONID=0A1B2C3D4E5F; Path=/; HttpOnly']] },
      }))],
    ['password hashed on the client is still one factor', times(3, (i) => login({ loginName: `u${i}`, password: 'e10adc3949ba59abbe56e057f20f883e' }))],
    ['failed attempts do not excuse it', [...times(2, (i) => login({ loginName: `u${i}`, password: 'wrong-pw-1' }, { code: 'E1001', msg: '密码错误' })), ...times(3, plain)]],
  ];
  const invalid: [string, Exchange[]][] = [
    ['below the minimum', times(2, plain)],
    ['SMS code in the request', times(3, (i) => login({ loginName: `u${i}`, password: 'Zx!abc2024', smsCode: '385912' }))],
    ['image captcha', times(3, (i) => login({ loginName: `u${i}`, password: 'Zx!abc2024', imgCode: 'K7PQ', imgKey: 'c1d2' }))],
    ['slider captcha ticket (Tencent)', times(3, (i) => login({ loginName: `u${i}`, password: 'Zx!abc2024', ticket: 't03xYz', randstr: '@aBc' }))],
    ['captcha nested in a wrapper', times(3, (i) => login({ header: { channel: 'APP' }, body: { loginName: `u${i}`, password: 'Zx!abc2024', captchaToken: 'cap-1' } }))],
    ['device token header', times(3, (i) => login({ loginName: `u${i}`, password: 'Zx!abc2024' }, TOKEN, 200, [['x-device-token', 'dvc-7f3a9b']]))],
    ['step-up asked in the answer', times(3, (i) => login({ loginName: `u${i}`, password: 'Zx!abc2024' }, { code: '0000', data: { needSmsVerify: true, mfaToken: 'tmp' } }))],
    ['step-up in the message', times(3, (i) => login({ loginName: `u${i}`, password: 'Zx!abc2024' }, { retCode: '000000', retMsg: '请输入短信验证码', data: { bizSeq: 'S1' } }))],
    ['captcha seen once excuses the endpoint', [login({ loginName: 'u', password: 'Zx!abc2024', captcha: 'K7PQ' }), ...times(3, plain)]],
    ['all refused', times(4, (i) => login({ loginName: `u${i}`, password: 'Zx!abc2024' }, { code: 'A0401' }, 401))],
    ['verdict unknown', times(3, (i) => login({ loginName: `u${i}`, password: 'Zx!abc2024' }, { data: [] }))],
    ['SMS-code login (no password)', times(3, (i) => login({ mobile: `1381234${5670 + i}`, smsCode: '385912' }))],
    ['not a login (profile update with a password)', times(3, (i) => ex({ method: 'POST', url: '/api/v1/user/profile/update', request: { body: { nick: `n${i}`, password: 'Zx!abc2024' } }, response: { body: { code: '0000' } } }))],
  ];
  for (const [name, exchanges] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(singleFactorLogin, exchanges);
      expect(f).toHaveLength(1);
      expect(f[0]!.ruleId).toBe('GL-W-0009');
      expect(f[0]!.location).toBe('');
      expect(f[0]!.detail).not.toMatch(/Zx!|abc2024|eyJ/);
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(singleFactorLogin, exchanges)).toEqual([]);
    });
  }
  it('counts every single-factor success from the threshold on', () => {
    const f = findings(singleFactorLogin, times(5, plain));
    expect(where(f)).toEqual(['POST /api/v1/auth/login']);
    expect(f[0]!.count).toBe(5);
    expect(f[0]!.data.successes).toBe(5);
  });
  it('minSuccesses', () => {
    expect(findings(singleFactorLogin, times(1, plain), { minSuccesses: 1 })).toHaveLength(1);
    expect(findings(singleFactorLogin, times(3, plain), { minSuccesses: 4 })).toEqual([]);
  });
  it('onlyHighGrade: reports apps with a high-grade endpoint only', () => {
    expect(findings(singleFactorLogin, times(3, plain), { onlyHighGrade: true })).toEqual([]);
    const f = findings(singleFactorLogin, [profile(), ...times(3, plain)], { onlyHighGrade: true });
    expect(where(f)).toEqual(['POST /api/v1/auth/login']);
    expect(f[0]!.evidence.length).toBeGreaterThan(0);
    // a high-grade endpoint on another app does not count
    expect(findings(singleFactorLogin, [profile('ebank.other.example.cn'), ...times(3, plain)], { onlyHighGrade: true })).toEqual([]);
  });
  it('factorFields can be replaced', () => {
    const xs = times(3, (i) => login({ loginName: `u${i}`, password: 'Zx!abc2024', hwToken: '839201' }));
    expect(findings(singleFactorLogin, xs)).toHaveLength(1);
    expect(findings(singleFactorLogin, xs, { factorFields: { 'one-time code': ['hwtoken'] } })).toEqual([]);
  });
});
