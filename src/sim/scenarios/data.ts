/** Data-leakage scenarios (DESIGN §4.3, second dimension). */
import { CITY_CODES, PRODUCT_CODES } from '../apps/bank-data.js';
import { ebankPages } from '../apps/ebank.js';
import { appClient, bearer, mobileApi } from '../apps/mobile.js';
import { PARTNERS, openApi, signed } from '../apps/openapi.js';
import { customerIp, partnerIp } from '../net.js';
import { customer, customerOfUserId } from '../people.js';
import { hash32, rngFor } from '../rng.js';
import { MIN, SEC, type Scenario, type ScenarioRun, pace, toolClient } from './types.js';

const someone = (s: ScenarioRun, k: number) => customer(s.ctx.seed, rngFor(s.ctx.seed, `${s.tag}:c:${k}`).int(0, s.ctx.users - 1));

/** A logged-in app client of customer `c` (token minted without showing the login). */
function session(s: ScenarioRun, k: number, ip?: string) {
  const c = someone(s, k);
  const cl = appClient(s.ctx, s.r, c, s.start, { ip: ip ?? customerIp(c, 'mobile') });
  cl.tag = s.tag;
  const res = mobileApi.loginOk(s.r, c, Math.floor(s.start / 1000));
  const tok = JSON.parse(res.body as string).data.token as string;
  return { c, cl, res, tok };
}

export const abnormalVolume: Scenario = {
  id: 'abnormal-volume',
  slug: 'abnormal-volume',
  dimension: 'data',
  title: 'An API suddenly answering far more data than it normally does',
  shape: 'transactions API: one token asks 25 times for pageSize=1000 (normal clients use 20), ~50x the usual response size',
  span: 10 * MIN,
  *run(s) {
    const { c, cl, res, tok } = session(s, 0);
    s.subject = { endpoint: { app: 'mapi.bank.example.cn', method: 'GET', pathTemplate: '/api/v1/accounts/{acctId}/transactions' }, ip: cl.ip, account: c.mobile };
    yield cl.send(cl.json('POST', '/api/v1/auth/login', { loginName: c.mobile, password: 'x', loginType: 'PWD' }), res, 100_000);
    const gap = pace(s, 25);
    for (let i = 0; i < 25; i++) {
      cl.pause(gap * (0.5 + s.r.next()));
      const acct = c.cards[i % c.cards.length].acctId;
      const page = 1 + Math.floor(i / c.cards.length);
      yield cl.send(cl.request('GET', `/api/v1/accounts/${acct}/transactions?pageNo=${page}&pageSize=1000&beginDate=20220101&endDate=20240603`, [bearer(tok)]), mobileApi.transactions(s.ctx.seed, acct, page, 1000, 8000, Math.floor(cl.clock / 1000)), s.r.logNormal(900_000, 0.3));
    }
  },
};

export const sensitiveVolume: Scenario = {
  id: 'sensitive-volume',
  slug: 'sensitive-volume',
  dimension: 'data',
  title: 'One client pulling personal data of hundreds of customers',
  shape: 'a partner server: 400 customer-info calls for 400 different customers in ~30 min, each answer with name, ID number, mobile, card and address',
  span: 30 * MIN,
  *run(s) {
    const p = { ...PARTNERS[0], appId: '2024052000000117', ip: partnerIp(7) };
    s.subject = { ip: p.ip, note: `app_id ${p.appId}` };
    const cl = toolClient(s, p.ip, 'openapi', p.ua, [['content-type', 'application/json;charset=UTF-8']]);
    const gap = pace(s, 400);
    for (let k = 0; k < 400; k++) {
      const c = someone(s, k);
      yield cl.send(cl.request('POST', '/openapi/v1/customer/info', [], JSON.stringify(signed(p, 'bank.customer.info', { custNo: c.custNo, scene: 'CREDIT_REVIEW' }, Math.floor(cl.clock / 1000), s.r))), openApi.customerInfo(c, s.r), s.r.logNormal(60_000, 0.3));
      cl.pause(gap * (0.5 + s.r.next()));
    }
  },
};

export const crawler: Scenario = {
  id: 'crawler',
  slug: 'crawler',
  dimension: 'data',
  title: 'A headless browser walking every public page',
  shape: 'one IP, HeadlessChrome: every product and branch page of internet banking at a fixed 2 s (±50 ms) beat, no static assets, no cookies',
  span: 9 * MIN,
  *run(s) {
    const ip = s.attacker();
    s.subject = { ip };
    const cl = toolClient(s, ip, 'ebank', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/122.0.6261.94 Safari/537.36', [['accept-language', 'en-US']]);
    const urls = ['/index.html', '/ebank/products/list.html', ...PRODUCT_CODES.map((c) => `/ebank/products/${c}.html`), ...CITY_CODES.map((c) => `/ebank/branches/${c}.html`)];
    const beat = Math.min(2 * SEC, s.span / urls.length);
    for (const url of urls) {
      const m = /\/(products|branches)\/([\w-]+)\.html$/.exec(url);
      const res = url === '/index.html' ? ebankPages.index(s.r) : url.endsWith('list.html') ? ebankPages.productList(s.ctx.seed) : m![1] === 'products' ? ebankPages.product(s.ctx.seed, m![2], s.r) : ebankPages.branches(s.ctx.seed, m![2]);
      yield cl.send(cl.request('GET', url), res, s.r.logNormal(20_000, 0.3));
      cl.at(cl.clock + beat + s.r.int(-50_000, 50_000));
    }
  },
};

export const dumping: Scenario = {
  id: 'dumping',
  slug: 'dumping',
  dimension: 'data',
  title: 'Sustained paginated extraction',
  shape: 'one token pages through a merchant account: /transactions?pageNo=1..500&pageSize=100 (50,000 records) every 0.5-1.5 s',
  span: 8 * MIN,
  *run(s) {
    const ip = s.attacker();
    const { c, cl, res, tok } = session(s, 0, ip);
    s.subject = { ip, account: c.mobile };
    yield cl.send(cl.json('POST', '/api/v1/auth/login', { loginName: c.mobile, password: 'x', loginType: 'PWD' }), res, 100_000);
    const acct = c.cards[0].acctId;
    const gap = pace(s, 500);
    for (let p = 1; p <= 500; p++) {
      cl.pause(gap * (0.5 + s.r.next()));
      yield cl.send(cl.request('GET', `/api/v1/accounts/${acct}/transactions?pageNo=${p}&pageSize=100`, [bearer(tok)]), mobileApi.transactions(s.ctx.seed, acct, p, 100, 50_000, Math.floor(s.start / 1000)), s.r.logNormal(150_000, 0.3));
    }
  },
};

export const bulkExport: Scenario = {
  id: 'bulk-export',
  slug: 'bulk-export',
  dimension: 'data',
  title: 'Mass export of statements',
  shape: 'one internet-banking session exports 6 CSV statements of 5,000 rows each (counterparty names and card numbers) within ~10 min',
  span: 10 * MIN,
  *run(s) {
    const c = someone(s, 0);
    const ip = s.attacker();
    s.subject = { ip, account: c.mobile };
    const cl = toolClient(s, ip, 'ebank', c.browser, [['accept-language', 'zh-CN,zh;q=0.9']]);
    yield cl.send(cl.form('/ebank/login.do', { loginName: c.mobile, password: 'x'.repeat(172), captcha: 'k7m2', loginType: '1' }), ebankPages.loginOk(c, s.r), 130_000);
    const gap = pace(s, 6);
    for (let i = 0; i < 6; i++) {
      cl.pause(gap * (0.5 + s.r.next()));
      const acct = `${c.cards[0].acctId.slice(0, -1)}${i + 1}`;
      yield cl.send(cl.request('GET', `/ebank/statement/export.do?acctId=${acct}&beginDate=20220101&endDate=20240603&format=csv`), ebankPages.statement(s.ctx.seed, acct, 5000, Math.floor(cl.clock / 1000)), s.r.logNormal(2_500_000, 0.3));
    }
  },
};

export const idTraversal: Scenario = {
  id: 'id-traversal',
  slug: 'id-traversal',
  dimension: 'data',
  title: 'Walking other customers\' ids with one token (BOLA)',
  shape: 'one token requests /api/v1/users/{id} for 300 consecutive ids from its own: mostly 403/404, a few 200 with another customer\'s identity',
  span: 6 * MIN,
  *run(s) {
    const ip = s.attacker();
    const { c, cl, res, tok } = session(s, 0, ip);
    s.subject = { ip, account: c.mobile };
    yield cl.send(cl.json('POST', '/api/v1/auth/login', { loginName: c.mobile, password: 'x', loginType: 'PWD' }), res, 100_000);
    const gap = pace(s, 300);
    for (let k = 0; k < 300; k++) {
      const id = c.userId + k;
      const owner = customerOfUserId(id, s.ctx.users);
      const leak = owner !== undefined && (owner === c.index || hash32(`${s.tag}:${id}`) % 10 < 2);
      const ans = owner === undefined ? mobileApi.notFound() : leak ? mobileApi.user(customer(s.ctx.seed, owner)) : mobileApi.forbidden();
      cl.pause(gap * (0.5 + s.r.next()));
      yield cl.send(cl.request('GET', `/api/v1/users/${id}`, [bearer(tok)]), ans, s.r.logNormal(15_000, 0.3));
    }
  },
};

export const crossBorder: Scenario = {
  id: 'cross-border',
  slug: 'cross-border',
  dimension: 'data',
  title: 'Personal data flowing to a foreign client',
  shape: 'a partner\'s credentials used from a foreign IP (198.51.100.0/24 by convention): 60 customer-info answers with ID numbers and mobiles',
  span: 12 * MIN,
  *run(s) {
    const ip = s.foreign();
    const p = { ...PARTNERS[2], ip };
    s.subject = { ip, note: `app_id ${p.appId} (foreign address)` };
    const cl = toolClient(s, ip, 'openapi', p.ua, [['content-type', 'application/json;charset=UTF-8']]);
    const gap = pace(s, 60);
    for (let k = 0; k < 60; k++) {
      const c = someone(s, k);
      yield cl.send(cl.request('POST', '/openapi/v1/customer/info', [], JSON.stringify(signed(p, 'bank.customer.info', { custNo: c.custNo, scene: 'KYC' }, Math.floor(cl.clock / 1000), s.r))), openApi.customerInfo(c, s.r), s.r.logNormal(60_000, 0.3));
      cl.pause(gap * (0.5 + s.r.next()));
    }
  },
};
