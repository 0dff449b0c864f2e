import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { ex, findings, where } from '../test-helpers.js';
import { COMMON_PASSWORDS } from './common-passwords.js';
import { characterClasses, weakPasswordAccepted } from './detect.js';

const OK = { code: '0000', msg: '登录成功', data: { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIn0.c2lnbmF0dXJl' } };
const login = (password: string, response: object | null = OK, status = 200, url = '/api/v1/auth/login'): Exchange =>
  ex({ method: 'POST', url, request: { body: { loginName: '13812345678', password } }, status, response: response === null ? null : { body: response } });
const form = (pwd: string): Exchange =>
  ex({
    method: 'POST',
    url: '/web/login.do',
    request: { body: `userId=zhang&pwd=${encodeURIComponent(pwd)}`, headers: [['content-type', 'application/x-www-form-urlencoded']] },
    status: 302,
    response: { headers: [['location', '/web/index.do'], ['set-cookie', 'JSESSIONID=0A1B2C3D4E5F; Path=/; HttpOnly']] },
  });

const SECRETS = /123456|woaini1314|Abcdefgh|abc12|1234567890|p@ss/;

describe('weak-password-accepted', () => {
  const valid: [string, Exchange[], string][] = [
    ['123456 accepted', [login('123456')], 'common'],
    ['woaini1314 accepted', [login('woaini1314')], 'common'],
    ['list is case-insensitive', [login('P@ssw0rd')], 'common'],
    ['too short', [login('x9#kQ2')], 'length'],
    ['one class only', [login('abcdefghjk')], 'classes'],
    ['digits only, long', [login('1029384756')], 'classes'],
    ['form login with redirect and session', [form('abc12')], 'length'],
    ['success flag', [login('a123456', { success: true, data: { userId: 9 } })], 'common'],
  ];
  const invalid: [string, Exchange[]][] = [
    ['strong password', [login('Tq7#mZ2v!kLp')]],
    ['weak password refused (401)', [login('123456', { code: 'A0401', msg: '用户名或密码错误' }, 401)]],
    ['weak password refused (200 with error code)', [login('123456', { retCode: 'EBLN1001', retMsg: '登录密码错误' })]],
    ['verdict unknown', [login('123456', { data: [] })]],
    ['server error', [login('123456', { code: '9999' }, 500)]],
    ['no response', [login('123456', null)]],
    ['MD5 of 123456', [login('e10adc3949ba59abbe56e057f20f883e')]],
    ['RSA ciphertext', [login('J7x9'.repeat(43) + '==')]],
    ['masked echo', [login('******')]],
    ['not a login: change password', [ex({ method: 'POST', url: '/api/v1/user/profile/update', request: { body: { nickname: 'z', password: '123456' } }, response: { body: OK } })]],
  ];
  for (const [name, exchanges, rule] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(weakPasswordAccepted, exchanges);
      expect(f).toHaveLength(1);
      expect(f[0]!.ruleId).toBe('GL-W-0008');
      expect(f[0]!.data.rule).toBe(rule);
      expect(f[0]!.detail).not.toMatch(SECRETS);
      for (const e of f[0]!.evidence) expect(e.detail).not.toMatch(SECRETS);
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(weakPasswordAccepted, exchanges)).toEqual([]);
    });
  }
  it('one finding per endpoint and field', () => {
    const f = findings(weakPasswordAccepted, [login('123456'), login('111111'), login('Tq7#mZ2v!kLp')]);
    expect(where(f)).toEqual(['POST /api/v1/auth/login password']);
    expect(f[0]!.count).toBe(2);
  });
  it('params: policy and extra list', () => {
    expect(findings(weakPasswordAccepted, [login('x9#kQ2')], { minLength: 6 })).toEqual([]);
    expect(findings(weakPasswordAccepted, [login('abcdefghjk')], { minClasses: 1 })).toEqual([]);
    expect(findings(weakPasswordAccepted, [login('123456')], { commonList: false, minLength: 6, minClasses: 1 })).toEqual([]);
    expect(findings(weakPasswordAccepted, [login('Bank@2024')], { extraWeakPasswords: ['BANK@2024'] })).toHaveLength(1);
  });
  it('character classes', () => {
    expect(characterClasses('abc')).toBe(1);
    expect(characterClasses('aB3')).toBe(3);
    expect(characterClasses('aB3#')).toBe(4);
    expect(characterClasses('密码1')).toBe(2);
  });
  it('the list is lower case and has no duplicates', () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(200);
    expect(new Set(COMMON_PASSWORDS).size).toBe(COMMON_PASSWORDS.length);
    for (const p of COMMON_PASSWORDS) expect(p).toBe(p.toLowerCase());
  });
});
