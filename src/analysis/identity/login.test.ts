import { describe, expect, it } from 'vitest';
import { judgeLogin, loginOutcome, type LoginOutcome, type LoginResponse } from './login.js';
import { secondFactorField, stepUpRequested } from './second-factor.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIn0.c2lnbmF0dXJl';

describe('loginOutcome', () => {
  const cases: [string, LoginResponse, LoginOutcome][] = [
    // status
    ['401', { status: 401, json: { code: 'A0401' } }, 'failure'],
    ['403', { status: 403 }, 'failure'],
    ['423 locked', { status: 423 }, 'failure'],
    ['400 validation', { status: 400, json: { message: 'invalid password' } }, 'failure'],
    ['500 is no verdict', { status: 500, json: { code: '0000' } }, 'unknown'],
    ['404 is no verdict', { status: 404 }, 'unknown'],
    ['no response', { status: -1 }, 'unknown'],
    // envelopes
    ['code 0000 and token', { status: 200, json: { code: '0000', msg: '登录成功', data: { token: JWT } } }, 'success'],
    ['retCode 000000 in head', { status: 200, json: { head: { retCode: '000000', retMsg: '交易成功' }, body: { custNo: 'C1001' } } }, 'success'],
    ['retCode error in head', { status: 200, json: { head: { retCode: 'EBLN1001', retMsg: '登录密码错误，还可尝试4次' }, body: {} } }, 'failure'],
    ['numeric code 0', { status: 200, json: { code: 0, data: { accessToken: 'a1b2c3d4e5f6' } } }, 'success'],
    ['code with failure message', { status: 200, json: { code: 'E1001', msg: '用户名或密码错误' } }, 'failure'],
    ['success flag false', { status: 200, json: { success: false, message: 'Bad credentials' } }, 'failure'],
    ['success flag true', { status: 200, json: { success: true, result: { userId: 7 } } }, 'success'],
    ['WeChat errcode', { status: 200, json: { errcode: 40029, errmsg: 'invalid code' } }, 'failure'],
    ['errcode 0', { status: 200, json: { errcode: 0, errmsg: 'ok', session_key: 'x' } }, 'success'],
    ['code 1 with token (1 = success here)', { status: 200, json: { code: 1, data: { token: 'abcdef123456' } } }, 'success'],
    ['code 1 alone is ambiguous', { status: 200, json: { code: 1, data: {} } }, 'unknown'],
    ['code 200 in body', { status: 200, json: { status: 200, data: { token: JWT } } }, 'success'],
    ['top-level status string fail', { status: 200, json: { status: 'fail', msg: 'account locked' } }, 'failure'],
    ['nested account status does not decide', { status: 200, json: { data: { userStatus: 'NORMAL', status: 'ACTIVE', token: JWT } } }, 'success'],
    ['success code but failure message', { status: 200, json: { code: '0', msg: '密码错误' } }, 'failure'],
    ['OAuth error', { status: 200, json: { error: 'invalid_grant', error_description: 'Bad credentials' } }, 'failure'],
    ['OAuth token', { status: 200, json: { access_token: 'a1b2c3d4e5f6a7b8', token_type: 'bearer', expires_in: 7200 } }, 'success'],
    ['empty token is not issued', { status: 200, json: { token: '' } }, 'unknown'],
    ['message only', { status: 200, json: { msg: '登录失败' } }, 'failure'],
    ['no signal at all', { status: 200, json: { data: [] } }, 'unknown'],
    ['JSON with session cookie', { status: 200, json: { data: { nickname: 'z' } }, headers: [['set-cookie', 'JSESSIONID=8F1A2B3C; Path=/; HttpOnly']] }, 'success'],
    // forms and pages
    ['302 into the app with a session', { status: 302, headers: [['location', '/portal/index.do'], ['set-cookie', 'SESSION=YTFiMmMz; Path=/']] }, 'success'],
    ['302 back to login', { status: 302, headers: [['location', '/login.html?error=1'], ['set-cookie', 'SESSION=YTFiMmMz; Path=/']] }, 'failure'],
    ['302 without cookie', { status: 302, headers: [['location', '/portal/index.do']] }, 'unknown'],
    ['HTML with error', { status: 200, text: '<html><body><div class="err">用户名或密码错误</div></body></html>' }, 'failure'],
    ['HTML without verdict', { status: 200, text: '<html><body>欢迎</body></html>' }, 'unknown'],
    ['204 with session cookie', { status: 204, headers: [['set-cookie', 'token=abc123def456; Path=/']] }, 'success'],
    ['cookie being deleted', { status: 204, headers: [['set-cookie', 'SESSION=; Max-Age=0']] }, 'unknown'],
  ];
  for (const [name, r, want] of cases) {
    it(`${name} → ${want}`, () => {
      expect(loginOutcome(r)).toBe(want);
    });
  }
  it('says why, without values of secrets', () => {
    const v = judgeLogin({ status: 200, json: { code: 7, data: { token: JWT } } });
    expect(v.outcome).toBe('success');
    expect(v.reason).toContain('token issued');
    expect(v.reason).not.toContain(JWT);
  });
  it('reads only the head of a long page', () => {
    expect(loginOutcome({ status: 200, text: `${'x'.repeat(10_000)}密码错误` })).toBe('unknown');
  });
});

describe('second factor', () => {
  it('names fields', () => {
    expect(secondFactorField('imgVerifyCode')).toBe('one-time code');
    expect(secondFactorField('captchaCode')).toBe('captcha');
    expect(secondFactorField('geetest_validate')).toBe('captcha');
    expect(secondFactorField('ticket')).toBe('captcha');
    expect(secondFactorField('dxyzm')).toBe('one-time code');
    expect(secondFactorField('uKeySign')).toBe('device');
    expect(secondFactorField('loginName')).toBeUndefined();
    expect(secondFactorField('password')).toBeUndefined();
    expect(secondFactorField('deviceId')).toBeUndefined();
  });
  it('finds step-up answers', () => {
    expect(stepUpRequested({ code: '0000', data: { needSmsVerify: true } })).toBe('needSmsVerify');
    expect(stepUpRequested({ code: '0000', data: { mfaRequired: 'Y', mfaToken: 'abc' } })).toBe('mfaRequired');
    expect(stepUpRequested({ retCode: '000000', retMsg: '请输入短信验证码' })).toBe('message');
    expect(stepUpRequested({ code: '0000', data: { needSmsVerify: false, token: 'x' } })).toBeUndefined();
    expect(stepUpRequested({ code: '0000', data: { token: 'x', user: { mobile: '138****5678' } } })).toBeUndefined();
  });
});
