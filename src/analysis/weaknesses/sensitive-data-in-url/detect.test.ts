import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { ex, findings, where } from '../test-helpers.js';
import { pathSegmentLabel, sensitiveDataInUrl } from './detect.js';

// valid resident IDs, mobiles and cards (checksums right), never written into a detail in clear
const ID = '110101199003071233';
const ID_X = '11010519491231002X';
const MOBILE = '13812345678';
const CARD = '6222021234567890128';
const CLEAR = [ID, ID_X, MOBILE, CARD, 'zhang.san@163.com', 'zhang.san%40163.com'];

const get = (url: string, status = 200) => ex({ url, host: 'mapi.bank.example.cn', status, response: { body: { code: '0000', data: {} } } });

describe('sensitive-data-in-url', () => {
  const valid: [string, Exchange[], string[]][] = [
    ['resident ID in a query parameter', [get(`/api/v1/customer/query?idNo=${ID}`)], ['GET /api/v1/customer/query query.idNo']],
    ['mobile under a pinyin key', [get(`/api/v1/customer/query?sjhm=${MOBILE}`)], ['GET /api/v1/customer/query query.sjhm']],
    ['mobile with no key hint (search box)', [get(`/api/v1/customer/search?q=${MOBILE}`)], ['GET /api/v1/customer/search query.q']],
    ['card number and name together', [get(`/api/v1/card/bind/check?cardNo=${CARD}&acctName=%E5%BC%A0%E4%B8%89`)], ['GET /api/v1/card/bind/check query.acctName', 'GET /api/v1/card/bind/check query.cardNo']],
    ['e-mail in a query parameter', [get('/api/v1/notify/subscribe?email=zhang.san%40163.com')], ['GET /api/v1/notify/subscribe query.email']],
    ['resident ID in a path segment', [get(`/api/v1/customers/${ID}/profile`)], ['GET /api/v1/customers/{customerIdNo}/profile path.cn_id']],
    ['ID with X check character in the path', [get(`/api/v1/customers/${ID_X}/accounts`)], ['GET /api/v1/customers/{customerIdNo}/accounts path.cn_id']],
    ['mobile as the last path segment', [get(`/api/v1/users/by-mobile/${MOBILE}`)], ['GET /api/v1/users/by-mobile/{byMobile} path.cn_mobile']],
    ['e-mail in the path', [get('/api/v1/users/zhang.san%40163.com/prefs')], ['GET /api/v1/users/zhang.san%40163.com/prefs path.email']],
    ['the request was refused, but the URL already went through proxies and logs', [get(`/api/v1/customer/query?idNo=${ID}`, 401)], ['GET /api/v1/customer/query query.idNo']],
  ];
  const invalid: [string, Exchange[]][] = [
    ['masked mobile in the query', [get('/api/v1/customer/query?mobile=138****5678')]],
    ['masked ID in the path', [get('/api/v1/customers/110101********1233/profile')]],
    ['hashed ID (SM3/SHA-256 hex) in the query', [get('/api/v1/customer/query?idNoHash=5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8')]],
    ['encrypted card number', [get('/api/v1/card/query?cardNo=U2FsdGVkX19aZ3h5b2lzY2FyZG5vZW5jcnlwdGVk')]],
    ['ID with a wrong check digit', [get('/api/v1/customer/query?idNo=110101199003071234')]],
    ['UUID and order number in the path', [get('/api/v1/orders/550e8400-e29b-41d4-a716-446655440000/items/202405011234567890')]],
    ['18-digit transaction serial in the path', [get('/api/v1/trades/202405061230450001')]],
    ['paging and dates in the query', [get('/api/v1/trades?pageNo=1&pageSize=20&beginDate=20240501&endDate=20240531')]],
    ['PII in the request body, not the URL', [ex({ method: 'POST', url: '/api/v1/customer/query', request: { body: { idNo: ID, mobile: MOBILE } } })]],
    ['a password in the URL is credentials-in-url\'s', [get('/api/v1/login?username=zhang&password=Passw0rd1')]],
    ['an unknown endpoint (404) probed with an ID', [get(`/api/v1/customer/query?idNo=${ID}`, 404)]],
    ['static asset with a long numeric name', [get('/static/img/13812345678.png')]],
  ];
  for (const [name, exchanges, expected] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(sensitiveDataInUrl, exchanges);
      expect(where(f)).toEqual(expected);
      for (const x of f) {
        expect(x.ruleId).toBe('GL-W-0005');
        for (const v of CLEAR) expect(x.detail).not.toContain(v);
      }
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(sensitiveDataInUrl, exchanges)).toEqual([]);
    });
  }
  it('counts every exchange on one finding per endpoint and parameter', () => {
    const f = findings(sensitiveDataInUrl, ['110101199003071233', '440306198512150022', '310115199204185670'].map((id) => get(`/api/v1/customer/query?idNo=${id}`)));
    expect(where(f)).toEqual(['GET /api/v1/customer/query query.idNo']);
    expect(f[0]!.count).toBe(3);
    expect(f[0]!.detail).toMatch(/^cn_id in clear in query parameter "idNo" \(e\.g\. [0-9*]+\)$/);
  });
  it('labels and checkPath are tunable', () => {
    expect(findings(sensitiveDataInUrl, [get(`/api/v1/customer/query?mobile=${MOBILE}`)], { labels: ['cn_id'] })).toEqual([]);
    expect(findings(sensitiveDataInUrl, [get(`/api/v1/customers/${ID}/profile`)], { checkPath: false })).toEqual([]);
  });
  it('pathSegmentLabel validates, it does not just count digits', () => {
    expect(pathSegmentLabel(ID)).toBe('cn_id');
    expect(pathSegmentLabel(CARD)).toBe('bank_card');
    expect(pathSegmentLabel(MOBILE)).toBe('cn_mobile');
    expect(pathSegmentLabel('12345678901')).toBeUndefined();
    expect(pathSegmentLabel('6222021234567890127')).toBeUndefined();
  });
});
