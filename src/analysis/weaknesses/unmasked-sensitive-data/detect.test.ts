import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { ex, findings, where } from '../test-helpers.js';
import { unmaskedSensitiveData } from './detect.js';

const ID = '110101199003071233';
const ID2 = '440306198512150022';
const CARD = '6222021234567890128';
const MOBILE = '13812345678';
const CLEAR = [ID, ID2, CARD, MOBILE, '123', 'Zhang@2024', '135790', 'E12345678', 'zhang.san@163.com'];

const get = (url: string, body: object, status = 200, method = 'GET', request?: object) =>
  ex({ method, url, host: 'mapi.bank.example.cn', status, request: request ? { body: request } : undefined, response: { body } });

/** a list of `n` customers with clear mobiles and names */
const customers = (n: number, masked = false) =>
  Array.from({ length: n }, (_, i) => ({ custName: masked ? '张*' : `张${'伟芳娜敏静丽强磊军洋'[i % 10]}`, mobile: masked ? '138****5678' : `1381234${String(5000 + i).padStart(4, '0')}` }));

describe('unmasked-sensitive-data', () => {
  const valid: [string, Exchange[], string[]][] = [
    ['resident ID in clear on a profile', [get('/api/v1/customer/profile', { code: '0000', data: { custName: '张三', idNo: ID } })], ['GET /api/v1/customer/profile data.idNo']],
    ['full card numbers in a card list', [get('/api/v1/cards', { data: { list: [{ cardNo: CARD, cardType: 'DEBIT' }, { cardNo: '6217000010012345677', cardType: 'DEBIT' }] } })], ['GET /api/v1/cards data.list[].cardNo']],
    ['CVV returned with a card', [get('/api/v1/cards/detail', { data: { cardNo: '622202******0128', cvv2: '123' } })], ['GET /api/v1/cards/detail data.cvv2']],
    ['plain password returned by a user query', [get('/api/v1/admin/users/detail', { data: { loginName: 'zhangsan', password: 'Zhang@2024' } })], ['GET /api/v1/admin/users/detail data.password']],
    ['passport number in clear', [get('/api/v1/customer/docs', { data: { passportNo: 'E12345678' } })], ['GET /api/v1/customer/docs data.passportNo']],
    ['a customer list with 60 clear mobiles and names', [get('/api/v1/marketing/customers', { data: { list: customers(60) } })], ['GET /api/v1/marketing/customers data.list[].custName', 'GET /api/v1/marketing/customers data.list[].mobile']],
    [
      'five kinds of personal data in one response (masked ID, the rest clear)',
      [get('/api/v1/customer/summary', { data: { custName: '张三', idNo: '110101********1233', mobile: MOBILE, email: 'zhang.san@163.com', addr: '北京市朝阳区建国路88号', plateNo: '京A12345', passportNo: 'E1*****78' } })],
      ['GET /api/v1/customer/summary'],
    ],
    [
      'login by ID number answering with the card number: only the echo is exempt',
      [get('/api/v1/auth/login', { code: '0000', data: { idNo: ID, cardNo: CARD } }, 200, 'POST', { idNo: ID, password: 'e10adc3949ba59abbe56e057f20f883e' })],
      ['POST /api/v1/auth/login data.cardNo'],
    ],
  ];
  const invalid: [string, Exchange[]][] = [
    ['masked ID, card and mobile', [get('/api/v1/customer/profile', { data: { custName: '张*', idNo: '110101********1233', cardNo: '622202******0128', mobile: '138****5678' } })]],
    ['masked card with spaces', [get('/api/v1/cards', { data: { list: [{ cardNo: '6222 **** **** 0128' }] } })]],
    ['hashed password in a response', [get('/api/v1/admin/users/detail', { data: { loginName: 'zhangsan', password: 'e10adc3949ba59abbe56e057f20f883e' } })]],
    ['masked password echo', [get('/api/v1/customer/profile', { data: { password: '******' } })]],
    ['the login answer echoes the ID the user logged in with', [get('/api/v1/auth/login', { code: '0000', data: { idNo: ID, token: 'x' } }, 200, 'POST', { idNo: ID, password: 'e10adc3949ba59abbe56e057f20f883e' })]],
    ['a refusal (403) that names the field', [get('/api/v1/customer/profile', { code: 'E403', msg: 'forbidden', idNo: ID }, 403)]],
    ['a server error', [get('/api/v1/customer/profile', { code: 'E500', idNo: ID }, 500)]],
    ['UUIDs and order numbers', [get('/api/v1/orders', { data: { list: [{ orderId: '202405011234567890', uuid: '550e8400-e29b-41d4-a716-446655440000' }] } })]],
    ['a coupon with an expiry date', [get('/api/v1/coupons', { data: { list: [{ couponId: 'C1001', expDate: '12/27', amount: '20.00' }] } })]],
    ['a short list of clear mobiles (under the bulk threshold)', [get('/api/v1/contacts', { data: { list: customers(10) } })]],
    ['60 masked customers', [get('/api/v1/marketing/customers', { data: { list: customers(60, true) } })]],
    [
      'branch locator: 60 branches with addresses, landlines and coordinates (public reference data)',
      [get('/api/v1/branches', { data: { list: Array.from({ length: 60 }, (_, i) => ({ branchName: `朝阳第${i}支行`, address: `北京市朝阳区建国路${i + 1}号`, tel: `010-6610${String(6000 + i)}`, lat: 39.9 + i / 1000, lng: 116.4 + i / 1000 })) } })],
    ],
    ['health check', [get('/actuator/health', { status: 'UP' })]],
    ['an ID sent in the request only', [ex({ method: 'POST', url: '/api/v1/customer/verify', request: { body: { idNo: ID, custName: '张三' } }, response: { body: { code: '0000', result: true } } })]],
  ];
  for (const [name, exchanges, expected] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(unmaskedSensitiveData, exchanges);
      expect(where(f)).toEqual(expected);
      for (const x of f) {
        expect(x.ruleId).toBe('GL-W-0007');
        for (const v of CLEAR) expect(x.detail).not.toContain(v);
      }
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(unmaskedSensitiveData, exchanges)).toEqual([]);
    });
  }
  it('details name the label, field and count only', () => {
    const f = findings(unmaskedSensitiveData, [get('/api/v1/cards', { data: { list: [{ cardNo: CARD }, { cardNo: '6217000010012345677' }] } })]);
    expect(f[0]!.detail).toBe('bank_card returned in clear in "data.list[].cardNo" (2 values, not masked)');
    expect(f[0]!.data).toMatchObject({ label: 'bank_card', records: 2 });
  });
  it('one finding per endpoint and field over many exchanges', () => {
    const f = findings(unmaskedSensitiveData, [ID, ID2, ID].map((id) => get('/api/v1/customer/profile', { data: { idNo: id } })));
    expect(where(f)).toEqual(['GET /api/v1/customer/profile data.idNo']);
    expect(f[0]!.count).toBe(3);
  });
  it('thresholds are params', () => {
    expect(where(findings(unmaskedSensitiveData, [get('/api/v1/contacts', { data: { list: customers(10) } })], { bulkRecords: 10 }))).toEqual([
      'GET /api/v1/contacts data.list[].custName',
      'GET /api/v1/contacts data.list[].mobile',
    ]);
    expect(findings(unmaskedSensitiveData, [get('/api/v1/customer/profile', { data: { idNo: ID } })], { clearLabels: ['bank_card'] })).toEqual([]);
    expect(findings(unmaskedSensitiveData, [get('/api/v1/admin/users/detail', { data: { password: 'e10adc3949ba59abbe56e057f20f883e' } })], { acceptHashed: false })).toHaveLength(1);
  });
});
