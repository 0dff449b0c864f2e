import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { ex, findings, where } from '../test-helpers.js';
import { ssrfProneParameter } from './detect.js';
import { fetchTarget } from './target.js';

const okJson = { body: { code: '000000', msg: '成功' } };
// a GET answered with image/* is a static asset to discovery and never reaches detectors: proxies that answer octet-stream, or POST, do
const image = { headers: [['content-type', 'application/octet-stream']] as [string, string][], body: 'PNG' };
const pdf = { headers: [['content-type', 'application/pdf']] as [string, string][], body: '%PDF-1.7' };
const form: [string, string][] = [['content-type', 'application/x-www-form-urlencoded']];
const get = (url: string, response: object = okJson, status = 200) => ex({ url, status, response, host: 'mapi.bank.example.cn' });
const post = (url: string, body: object | string, headers: [string, string][] = [], response: object = okJson, status = 200) =>
  ex({ method: 'POST', url, request: { body, headers }, status, response, host: 'mapi.bank.example.cn' });

describe('fetchTarget', () => {
  it('reads schemes and where hosts point', () => {
    expect(fetchTarget('http://169.254.169.254/latest/meta-data/', false)).toMatchObject({ scheme: 'http', where: 'link-local' });
    expect(fetchTarget('https://user:pw@10.2.3.4:8443/x', false)).toMatchObject({ host: '10.2.3.4', where: 'private' });
    expect(fetchTarget('http://[::1]/', false)).toMatchObject({ where: 'loopback' });
    expect(fetchTarget('http://redis.svc/', false)).toMatchObject({ where: 'internal-name' });
    expect(fetchTarget('gopher://127.0.0.1:6379/_INFO', false)).toMatchObject({ scheme: 'gopher', where: 'loopback' });
    expect(fetchTarget('file:///etc/passwd', false)).toMatchObject({ scheme: 'file' });
    expect(fetchTarget('https://cdn.example.com/a.png', false)).toMatchObject({ where: 'public' });
    expect(fetchTarget('10.0.0.12:6379', true)).toMatchObject({ form: 'host-port', where: 'private' });
    expect(fetchTarget('10.0.0.12:6379', false)).toBeUndefined();
    for (const v of ['weixin://dl/business/?t=abc', 'data:image/png;base64,iVBOR', 'javascript:alert(1)', 'see https://x.example.com', '10:30', '2024-05-01 10:30:00', '/api/v1/x', '999.1.1.1:80'])
      expect(fetchTarget(v, true)).toBeUndefined();
  });
});

describe('ssrf-prone-parameter', () => {
  const valid: [string, Exchange[], string, Record<string, unknown>][] = [
    ['image proxy by url', [get('/api/v1/img/proxy?url=https%3A%2F%2Fcdn.example.com%2Fbanner%2Fa.png', image)], 'GET /api/v1/img/proxy query.url', { where: 'public', internal: false }],
    ['payment notifyUrl (server-to-server callback)', [post('/api/pay/order/create', { merchantNo: 'M1001', amount: '100.00', notifyUrl: 'https://merchant.example.com/pay/notify', returnUrl: 'https://merchant.example.com/pay/done' })], 'POST /api/pay/order/create notifyUrl', { nameClass: 'fetch' }],
    ['an API address the server calls (crAPI contact_mechanic mechanic_api)', [post('/workshop/api/merchant/contact_mechanic', { mechanic_code: 'TRAC_JHN', mechanic_api: 'http://169.254.169.254/latest/meta-data/' })], 'POST /workshop/api/merchant/contact_mechanic mechanic_api', { where: 'link-local', internal: true }],
    ['avatar URL pointing inside', [post('/api/v1/user/avatar', { avatarUrl: 'http://10.20.1.8:8080/a.jpg' })], 'POST /api/v1/user/avatar avatarUrl', { where: 'private', internal: true }],
    ['webhook on loopback in a form', [post('/mgr/webhook/save.do', 'name=ops&callback=http%3A%2F%2F127.0.0.1%3A8080%2Fhook', form)], 'POST /mgr/webhook/save.do form.callback', { where: 'loopback', internal: true }],
    ['UnionPay-style backUrl', [post('/gateway/api/frontTransReq.do', 'merId=777290058110048&backUrl=https%3A%2F%2Fshop.example.com%2Fnotify&frontUrl=https%3A%2F%2Fshop.example.com%2Fdone', form)], 'POST /gateway/api/frontTransReq.do form.backUrl', { nameClass: 'fetch' }],
    ['any name when a document comes back', [get('/api/v1/doc/convert?data=https%3A%2F%2Ffiles.example.com%2Fa.docx', pdf)], 'GET /api/v1/doc/convert query.data', { nameClass: 'other', answer: 'application/pdf' }],
    ['host:port under a host name', [get('/api/ops/probe?host=10.0.0.12%3A6379')], 'GET /api/ops/probe query.host', { form: 'host-port', where: 'private' }],
    ['cloud metadata via gopher accepted', [get('/api/v1/fetch?target=gopher%3A%2F%2F169.254.169.254%3A80%2F_GET')], 'GET /api/v1/fetch query.target', { scheme: 'gopher', where: 'link-local' }],
    ['nested JSON', [post('/api/v1/merchant/config', { merchant: { hooks: [{ event: 'PAID', endpoint: 'https://hooks.example.com/p' }] } })], 'POST /api/v1/merchant/config merchant.hooks[].endpoint', { nameClass: 'fetch' }],
  ];
  for (const [name, exchanges, at, data] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(ssrfProneParameter, exchanges);
      expect(where(f)).toEqual([at]);
      expect(f[0]!.ruleId).toBe('GL-W-0018');
      expect(f[0]!.data).toMatchObject(data);
      // no URL, host or path in the detail
      expect(f[0]!.detail).not.toMatch(/example\.com|10\.20\.1\.8|127\.0\.0\.1|169\.254|\/notify|banner/);
    });
  }

  const invalid: [string, Exchange[]][] = [
    ['OAuth redirect_uri in a 302', [get('/oauth/authorize?client_id=app01&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb', { headers: [['location', 'https://app.example.com/cb?code=x']] }, 302)]],
    ['OAuth redirect_uri answered 200', [get('/oauth/authorize?client_id=app01&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb')]],
    ['login returnUrl in a 302 (open redirect matter)', [get('/login?url=https%3A%2F%2Fevil.example.com', { headers: [['location', 'https://evil.example.com']] }, 302)]],
    ['returnUrl stored for a browser redirect', [post('/api/pay/h5/create', { amount: '10.00', returnUrl: 'https://m.bank.example.cn/h5/result' })]],
    ['analytics beacon', [get('/api/log/collect?url=https%3A%2F%2Fm.bank.example.cn%2Fhome&referrer=https%3A%2F%2Fwww.example.com', undefined, 204)]],
    ['tracking pixel', [get('/t.gif?url=https%3A%2F%2Fm.bank.example.cn%2Fhome', { headers: [['content-type', 'image/gif']], body: 'GIF89a' })]],
    ['page URL in feedback', [post('/api/v1/feedback', { content: '页面打不开', pageUrl: 'https://m.bank.example.cn/h5/loan', referer: 'https://m.bank.example.cn/' })]],
    ['URL inside free text', [post('/api/v1/feedback', { content: 'https://m.bank.example.cn/h5/loan 打不开' })]],
    ['refused with 403', [get('/api/v1/img/proxy?url=http%3A%2F%2F169.254.169.254%2F', { body: { code: 'E403' } }, 403)]],
    ['refused in a 200 body', [get('/api/v1/img/proxy?url=http%3A%2F%2F10.0.0.1%2F', { body: { code: 'E1003', msg: '不允许的地址' } })]],
    ['app scheme and data URI', [post('/api/v1/share', { url: 'weixin://dl/business/?t=abc', imageUrl: 'data:image/png;base64,iVBORw0KGgo=' })]],
    ['time values look like ports', [get('/api/v1/branch/slots?time=10%3A30&date=2024-05-01')]],
    ['no response', [ex({ url: '/api/v1/img/proxy?url=https%3A%2F%2Fcdn.example.com%2Fa.png', response: null })]],
  ];
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(ssrfProneParameter, exchanges)).toEqual([]);
    });
  }

  it('one finding per endpoint and parameter; minOccurrences and ignoreNames are tunable', () => {
    const calls = [1, 2, 3].map((i) => post('/api/pay/order/create', { orderNo: `O${i}`, notifyUrl: `https://m${i}.example.com/notify` }));
    const f = findings(ssrfProneParameter, calls);
    expect(where(f)).toEqual(['POST /api/pay/order/create notifyUrl']);
    expect(f[0]!.count).toBe(3);
    expect(findings(ssrfProneParameter, calls, { minOccurrences: 4 })).toEqual([]);
    expect(findings(ssrfProneParameter, calls, { ignoreNames: ['notifyurl'] })).toEqual([]);
  });
});
