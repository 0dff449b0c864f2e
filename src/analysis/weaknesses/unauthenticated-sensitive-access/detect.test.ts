import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { ex, findings, where } from '../test-helpers.js';
import { unauthenticatedSensitiveAccess } from './detect.js';

const ID = '110101199003077774';
const CARD = '6222021001122334458';
const MOBILE = '13812345678';
const BEARER: [string, string] = ['authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIn0.c2lnbmF0dXJl'];
const customer = { code: '0000', data: { custName: '张三', idNo: ID, mobile: MOBILE, cardNo: CARD, balance: '12345.67' } };

const get = (url: string, body: object | string, headers: [string, string][] = [], status = 200, responseHeaders: [string, string][] = []): Exchange =>
  ex({ url, request: { headers }, status, response: { body, headers: responseHeaders } });
const times = (n: number, make: (i: number) => Exchange): Exchange[] => Array.from({ length: n }, (_, i) => make(i));
const clear = /110101199003077774|6222021001122334458|13812345678|张三|zhangsan@/;

describe('unauthenticated-sensitive-access', () => {
  const valid: [string, Exchange[]][] = [
    ['customer profile to anyone', times(3, (i) => get(`/api/v1/customer/${1001 + i}`, customer))],
    ['card list alone (strong label)', times(3, () => get('/api/v1/cards', { code: 0, data: { list: [{ cardNo: CARD, cardType: '借记卡' }] } }))],
    ['name and mobile (contact pair with an anchor)', times(3, (i) => get(`/api/v1/contacts?page=${i}`, { data: [{ name: '李四', mobile: MOBILE }] }))],
    ['analytics cookies only', times(3, () => get('/api/v1/customer/info', customer, [['cookie', '_ga=GA1.2.1234567890.1714550400; Hm_lvt_8a2b=1714550400']]))],
    ['lookup by mobile returns the ID (echo of the mobile only is left out)', times(3, () => get(`/api/v1/customer/byMobile?mobile=${MOBILE}`, { data: { mobile: MOBILE, idNo: ID } }))],
  ];
  const invalid: [string, Exchange[]][] = [
    ['bearer token', times(3, () => get('/api/v1/customer/info', customer, [BEARER]))],
    ['session cookie', times(3, () => get('/api/v1/customer/info', customer, [['cookie', 'JSESSIONID=0A1B2C3D4E5F6071']]))],
    ['opaque cookie under an unknown name', times(3, () => get('/api/v1/customer/info', customer, [['cookie', 'USERKEY=a8f3c2e19b7d4f6a0c5e']]))],
    ['gateway identity header', times(3, () => get('/api/v1/customer/info', customer, [['x-user-id', '1001']]))],
    ['custom token header', times(3, () => get('/api/v1/customer/info', customer, [['x-mbank-sess', 'a8f3c2e19b7d4f6a0c5e']]))],
    ['masked data only', times(3, () => get('/api/v1/customer/info', { data: { custName: '张*', idNo: '110101********7774', mobile: '138****5678', cardNo: '6222 **** **** 4458' } }))],
    ['401 refusal', times(3, () => get('/api/v1/customer/info', { code: 'A0401', msg: '请先登录' }, [], 401))],
    ['403 with data echo in an error page', times(3, () => get('/api/v1/customer/info', customer, [], 403))],
    ['branch list (name, address, landline)', times(3, () => get('/api/v1/branches?city=110100', { data: { list: [{ branchName: '朝阳支行', address: '北京市朝阳区建国路88号', tel: '010-85201234', managerName: '王五' }] } }))],
    ['branch list with a manager mobile', times(3, () => get('/api/v1/branch/list', { data: { list: [{ managerName: '王五', managerMobile: MOBILE, address: '北京市朝阳区建国路88号' }] } }))],
    ['product rates', times(3, () => get('/api/v1/products/deposit', { data: { list: [{ productName: '稳盈1号', rate: '3.25', minAmount: '10000' }] } }))],
    ['one contact label only', times(3, () => get('/api/v1/hotline', { data: { email: 'service@bank.example.cn' } }))],
    ['login returns the user\'s own data', times(3, () => ex({ method: 'POST', url: '/api/v1/auth/login', request: { body: { loginName: MOBILE, password: 'Zx!abc2024' } }, response: { body: { code: '0000', data: { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIn0.c2lnbmF0dXJl', idNo: ID, custName: '张三' } } } }))],
    ['SMS-code check returns the profile', times(3, () => ex({ method: 'POST', url: '/api/v1/sms/verify', request: { body: { mobile: MOBILE, smsCode: '385912' } }, response: { body: { code: '0000', data: { idNo: ID } } } }))],
    ['HTML contact page', times(3, () => get('/about/contact.html', `<html><body>客服邮箱 service@bank.example.cn 经理 张三 手机 ${MOBILE} 身份证 ${ID}</body></html>`, [], 200, [['content-type', 'text/html; charset=utf-8']]))],
    ['one-off below minExchanges', times(2, () => get('/api/v1/customer/info', customer))],
    ['health check', times(3, () => get('/actuator/health', { status: 'UP' }))],
    ['echo of what the caller sent', times(3, () => get(`/api/v1/idcard/check?idNo=${ID}`, { data: { idNo: ID, valid: true } }))],
  ];
  for (const [name, exchanges] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(unauthenticatedSensitiveAccess, exchanges);
      expect(f).toHaveLength(1);
      expect(f[0]!.ruleId).toBe('GL-W-0001');
      expect(f[0]!.location).toBe('');
      expect(f[0]!.detail).not.toMatch(clear);
      expect(JSON.stringify(f[0]!.data)).not.toMatch(clear);
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(unauthenticatedSensitiveAccess, exchanges)).toEqual([]);
    });
  }
  it('one finding per endpoint, every exchange counted, labels and locations named', () => {
    const f = findings(unauthenticatedSensitiveAccess, times(5, () => get('/api/v1/customer/info', customer)));
    expect(where(f)).toEqual(['GET /api/v1/customer/info']);
    expect(f[0]!.count).toBe(5);
    expect(f[0]!.evidence).toHaveLength(3);
    expect(f[0]!.data.labels).toEqual(['balance', 'bank_card', 'cn_id', 'cn_mobile', 'person_name']);
    expect(f[0]!.detail).toContain('data.idNo');
  });
  it('an endpoint that is usually authenticated but also answers without', () => {
    const xs = [...times(5, () => get('/api/v1/customer/info', customer, [BEARER])), ...times(3, () => get('/api/v1/customer/info', customer))];
    const f = findings(unauthenticatedSensitiveAccess, xs);
    expect(f).toHaveLength(1);
    expect(f[0]!.count).toBe(3);
  });
  it('params', () => {
    expect(findings(unauthenticatedSensitiveAccess, times(1, () => get('/api/v1/customer/info', customer)), { minExchanges: 1 })).toHaveLength(1);
    const page = (): Exchange => get('/web/customer.html', `<html><body>身份证 ${ID}</body></html>`, [], 200, [['content-type', 'text/html']]);
    expect(findings(unauthenticatedSensitiveAccess, times(3, page))).toEqual([]);
    expect(findings(unauthenticatedSensitiveAccess, times(3, page), { includeHtml: true })).toHaveLength(1);
  });
});
