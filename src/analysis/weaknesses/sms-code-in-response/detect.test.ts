import { describe, expect, it } from 'vitest';
import { ex, findings, where } from '../test-helpers.js';
import { smsCodeInResponse } from './detect.js';

const MOBILE = '13812345678';
const send = (response: object | string, o: { url?: string; status?: number; body?: object; headers?: [string, string][] } = {}) =>
  ex({ method: 'POST', url: o.url ?? '/api/v1/sms/sendCode', host: 'mapi.bank.example.cn', request: { body: o.body ?? { mobile: MOBILE, bizType: 'LOGIN' } }, status: o.status ?? 200, response: { body: response, headers: o.headers } });

const CODES = ['604213', '4821', '80936514', '739105'];

describe('sms-code-in-response', () => {
  const valid: [string, ReturnType<typeof ex>[], string[]][] = [
    ['smsCode in data', [send({ code: '0000', msg: '发送成功', data: { smsCode: '604213', expire: 300 } })], ['POST /api/v1/sms/sendCode data.smsCode']],
    ['pinyin yzm as a number', [send({ retCode: '0000', retMsg: '成功', yzm: 4821 }, { url: '/app/yzm/fasong', body: { sjh: MOBILE } })], ['POST /app/yzm/fasong yzm']],
    ['bare data.code beside a top-level status', [send({ code: 0, message: 'ok', data: { code: '739105', expireIn: 300 } })], ['POST /api/v1/sms/sendCode data.code']],
    ['top-level code beside retCode', [send({ retCode: '000000', retMsg: '短信已发送', code: '80936514' })], ['POST /api/v1/sms/sendCode code']],
    ['otp on an e-mail send', [send({ success: true, result: { otp: '604213' } }, { url: '/api/v1/auth/otp/send', body: { email: 'zhang.san@example.cn' } })], ['POST /api/v1/auth/otp/send result.otp']],
    ['send without a number in the request', [send({ code: 0, data: { verifyCode: '604213' } }, { url: '/api/v1/transfer/sendSmsCode', body: { bizType: 'TRANSFER' } })], ['POST /api/v1/transfer/sendSmsCode data.verifyCode']],
  ];
  const invalid: [string, ReturnType<typeof ex>[]][] = [
    ['status code only', [send({ code: '0000', msg: '发送成功', data: { expireSeconds: 300, interval: 60 } })]],
    ['numeric status 0 and a serial number', [send({ code: 0, msg: 'ok', data: { serialNo: '20240501123456789' } })]],
    ['nested status object', [send({ code: 200, result: { code: '1000', msg: 'success' } })]],
    ['nested status-shaped code', [send({ code: 0, data: { code: '0000' } })]],
    ['failed send with a business error code', [send({ success: false, code: '1001', msg: '手机号未注册' })]],
    ['error code in data of a failed send', [send({ retCode: 'E1001', retMsg: '发送失败', data: { code: '4001' } })]],
    ['masked code', [send({ code: 0, data: { smsCode: '******' } })]],
    ['UUID request id', [send({ code: 0, data: { requestId: '3f2b8c1e-9a4d-4e7b-8c2f-1d3e5a7b9c0d' } })]],
    ['refused with 429', [send({ code: 429, data: { smsCode: '604213' } }, { status: 429 })]],
    ['check endpoint echoing the submitted code', [send({ code: 0, data: { smsCode: '604213', valid: true } }, { url: '/api/v1/sms/checkCode', body: { mobile: MOBILE, smsCode: '604213' } })]],
    ['profile with a mobile and a branch code', [ex({ url: '/api/v1/user/info', request: { body: { mobile: MOBILE } }, response: { body: { code: 0, data: { branchCode: '1024', mobile: '138****5678' } } } })]],
    ['SMS login response', [ex({ method: 'POST', url: '/api/v1/auth/smsLogin', request: { body: { mobile: MOBILE, smsCode: '604213' } }, response: { body: { code: 0, data: { token: 'x', smsCode: '604213' } } } })]],
  ];
  for (const [name, exchanges, want] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(smsCodeInResponse, exchanges);
      expect(where(f)).toEqual(want);
      for (const x of f) {
        expect(x.ruleId).toBe('GL-W-0013');
        for (const c of CODES) expect(x.detail).not.toContain(c);
        expect(JSON.stringify(x.data)).not.toMatch(/604213|4821|80936514|739105/);
      }
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(smsCodeInResponse, exchanges)).toEqual([]);
    });
  }
  it('says the length, masked', () => {
    const [f] = findings(smsCodeInResponse, valid[0]![1]);
    expect(f!.detail).toContain('(6 digits, ******)');
    expect(f!.data).toMatchObject({ digits: 6, recipientInRequest: 'cn_mobile' });
  });
  it('codeKeys is a param', () => {
    const x = send({ code: 0, data: { dongtaima: '604213' } });
    expect(findings(smsCodeInResponse, [x])).toEqual([]);
    expect(findings(smsCodeInResponse, [x], { codeKeys: ['dongtaima'] })).toHaveLength(1);
  });
});
