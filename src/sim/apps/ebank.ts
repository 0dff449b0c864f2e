/**
 * Internet banking (ebank.bank.example.cn): server-rendered pages with static assets, form posts
 * to `.do` actions answered in JSON (`retCode/retMsg`), a JSESSIONID cookie, public product and
 * branch pages. The benign visitor loads pages with their assets; a crawler will not.
 */
import type { Header } from '../../core/exchange.js';
import { Client } from '../client.js';
import { empty, html, json, text } from '../http.js';
import type { Res, SimContext, Step } from '../model.js';
import { customerIp } from '../net.js';
import { type Customer, amount, maskCard, maskMobile, otherBankCard } from '../people.js';
import { type Rng, rngFor } from '../rng.js';
import { CITY_CODES, PRODUCT_CODES, branches, cnTime, filler, historySize, product, transactions } from './bank-data.js';
import { encrypted } from './mobile.js';

export const eok = (data: unknown, msg = '交易成功'): Record<string, unknown> => ({ retCode: '000000', retMsg: msg, data });
export const efail = (code: string, msg: string): Record<string, unknown> => ({ retCode: code, retMsg: msg, data: null });

let assets: Record<string, Res> | undefined;
/** Static assets, the same bytes every run. */
export function staticAssets(): Record<string, Res> {
  if (assets) return assets;
  const r = rngFor(0, 'assets');
  const js = `!function(){"use strict";var e=window.BANK={version:"5.8.2",api:"/ebank"};${Array.from({ length: 500 }, (_, i) => `function f${i}(t){return t&&t.${r.chars(6, 'abcdefghij')}?e.${r.chars(5, 'klmnopqrst')}(t,${i}):null}`).join(';')}}();`;
  const css = Array.from({ length: 160 }, (_, i) => `.b-${i}{margin:${i % 16}px;color:#${r.hex(6)};font-size:${12 + (i % 6)}px}`).join('\n');
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.from(Array.from({ length: 1400 }, () => r.int(0, 255)))]);
  const cache: Header[] = [['cache-control', 'max-age=2592000'], ['etag', `"${r.hex(12)}"`]];
  assets = {
    '/static/js/app.5c2e9a1f.js': text(200, js, 'application/javascript', cache),
    '/static/css/main.8d41b7.css': text(200, css, 'text/css', cache),
    '/static/img/logo.png': { status: 200, headers: [['content-type', 'image/png'], ...cache], body: png },
    '/favicon.ico': { status: 200, headers: [['content-type', 'image/x-icon'], ...cache], body: png.subarray(0, 600) },
  };
  return assets;
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="UTF-8"><title>${title} - 示例银行网上银行</title><link rel="stylesheet" href="/static/css/main.8d41b7.css"><script src="/static/js/app.5c2e9a1f.js"></script></head><body><div class="header"><img src="/static/img/logo.png" alt="示例银行"></div><div class="main">${body}</div><div class="footer">版权所有 © 示例银行股份有限公司 客服热线：95xxx</div></body></html>`;
}

export const ebankPages = {
  index: (r: Rng): Res => html(200, page('首页', `<h1>欢迎使用网上银行</h1><p>${filler(r, 120)}</p><a href="/login.html">登录</a>`)),
  login: (r: Rng): Res => html(200, page('登录', `<form id="loginForm" action="/ebank/login.do" method="post"><input name="loginName"><input type="password" name="password"><input name="captcha"><img src="/ebank/captcha.jpg"></form><p>${filler(r, 30)}</p>`)),
  captcha: (r: Rng): Res => ({ status: 200, headers: [['content-type', 'image/jpeg'], ['cache-control', 'no-store']], body: Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.from(Array.from({ length: 900 }, () => r.int(0, 255)))]) }),
  main: (c: Customer, r: Rng): Res => html(200, page('我的账户', `<div class="welcome">${c.name}，您好！上次登录时间：${cnTime(Date.UTC(2024, 4, 30, 1, 2, 3))}</div><p>${filler(r, 60)}</p>`)),
  productList: (seed: number): Res => html(200, page('理财产品', `<ul>${PRODUCT_CODES.slice(0, 40).map((code) => { const p = product(seed, code); return `<li><a href="/ebank/products/${code}.html">${p.name}</a> ${p.rate} ${p.riskLevel}</li>`; }).join('')}</ul>`)),
  product: (seed: number, code: string, r: Rng): Res => {
    const p = product(seed, code);
    return html(200, page(p.name, `<h2>${p.name}（${p.code}）</h2><table><tr><td>业绩比较基准</td><td>${p.rate}</td></tr><tr><td>期限</td><td>${p.term}天</td></tr><tr><td>起购金额</td><td>${p.minAmount}</td></tr><tr><td>风险等级</td><td>${p.riskLevel}</td></tr></table><p>${filler(r, 80)}</p>`));
  },
  branches: (seed: number, city: string): Res => html(200, page('网点查询', `<table>${branches(seed, city).map((b) => `<tr><td>${b.name}</td><td>${b.address}</td><td>${b.phone}</td><td>${b.hours}</td></tr>`).join('')}</table>`)),
  notFound: (): Res => html(404, '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>'),
  loginOk: (c: Customer, r: Rng): Res => json(200, eok({ custName: c.name, mobile: maskMobile(c.mobile), redirect: '/ebank/main.html' }, '登录成功'), [['set-cookie', `JSESSIONID=${r.chars(32, '0123456789ABCDEF')}.node${r.int(1, 4)}; Path=/ebank; HttpOnly`]]),
  loginFail: (): Res => json(200, efail('EB1001', '用户名或密码错误')),
  accounts: (c: Customer, r: Rng): Res => json(200, eok({ acctList: c.cards.map((a) => ({ acctNo: maskCard(a.cardNo), acctId: a.acctId, acctType: a.type, balance: amount(r, 10, 600_000), openBranch: a.branch, holderName: c.name })) })),
  detail: (seed: number, acctId: string, page: number, size: number, nowMs: number): Res => {
    const total = historySize(seed, acctId);
    return json(200, eok({ acctId, pageNo: page, pageSize: size, totalNum: total, rows: transactions(seed, acctId, page, size, total, nowMs) }));
  },
  search: (q: string, seed: number): Res => json(200, eok({ keyword: q, hits: PRODUCT_CODES.slice(0, 5).map((code) => product(seed, code)) })),
  /** a CSV statement of `rows` transactions */
  statement: (seed: number, acctId: string, rows: number, nowMs: number): Res => {
    const head = '交易日期,摘要,收支,金额,余额,对方户名,对方账号,对方银行\n';
    const lines = transactions(seed, acctId, 1, rows, rows, nowMs).map((t) => `${t.txnTime},${t.summary},${t.direction === 'C' ? '收入' : '支出'},${t.amount},${t.balance},${t.counterName},${t.counterAcctNo ?? ''},${t.counterBank ?? ''}`);
    return text(200, head + lines.join('\n') + '\n', 'text/csv;charset=UTF-8', [['content-disposition', `attachment; filename="statement_${acctId}.csv"`]]);
  },
  redirect: (to: string): Res => empty(302, [['location', to]]),
};

export const browserHeaders = (ua: string): Header[] => [
  ['connection', 'keep-alive'],
  ['user-agent', ua],
  ['accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'],
  ['accept-encoding', 'gzip, deflate'],
  ['accept-language', 'zh-CN,zh;q=0.9,en;q=0.8'],
];

const xhr = (referer: string): Header[] => [['x-requested-with', 'XMLHttpRequest'], ['referer', `http://ebank.bank.example.cn${referer}`]];

export function ebankClient(ctx: SimContext, r: Rng, c: Customer, t0: number, ip?: string): Client {
  return new Client(ctx, r, ip ?? customerIp(c, 'ebank', r.chance(0.1)), 'ebank', t0, browserHeaders(c.browser));
}

/** Load a page and then its assets (browsers use the same keep-alive connection here). */
export function* pageWithAssets(cl: Client, r: Rng, url: string, res: Res, cached: boolean): Generator<Step> {
  yield cl.send(cl.request('GET', url), res, r.logNormal(25_000, 0.5));
  if (cached) return;
  const a = staticAssets();
  for (const path of Object.keys(a)) {
    cl.pause(r.int(2_000, 30_000));
    yield cl.send(cl.request('GET', path, [['referer', `http://ebank.bank.example.cn${url}`]]), a[path], r.logNormal(1_500, 0.4));
  }
}

/** A customer's visit to internet banking. */
export function* ebankSession(ctx: SimContext, c: Customer, t0: number, r: Rng): Generator<Step> {
  const seed = ctx.seed;
  const cl = ebankClient(ctx, r, c, t0);
  const cached = r.chance(0.5);
  yield* pageWithAssets(cl, r, '/index.html', ebankPages.index(r), cached);
  cl.think(3_000_000);
  if (r.chance(0.3)) {
    yield* pageWithAssets(cl, r, '/ebank/products/list.html', ebankPages.productList(seed), true);
    const n = r.int(1, 3);
    for (let i = 0; i < n; i++) {
      cl.think(12_000_000);
      const code = r.pick(PRODUCT_CODES);
      yield* pageWithAssets(cl, r, `/ebank/products/${code}.html`, ebankPages.product(seed, code, r), true);
    }
  }
  if (r.chance(0.12)) {
    cl.think(5_000_000);
    const city = r.pick(CITY_CODES);
    yield* pageWithAssets(cl, r, `/ebank/branches/${city}.html`, ebankPages.branches(seed, city), true);
  }
  cl.think(2_000_000);
  yield* pageWithAssets(cl, r, '/login.html', ebankPages.login(r), true);
  yield cl.send(cl.request('GET', `/ebank/captcha.jpg?t=${Math.floor(cl.clock / 1000)}`), ebankPages.captcha(r), r.logNormal(9_000, 0.4));
  cl.think(14_000_000);
  const loginFields = (): Record<string, string> => ({ loginName: r.chance(0.6) ? c.mobile : c.idNo, password: encrypted(r), captcha: r.chars(4, 'abcdefghjkmnpqrstuvwxyz23456789'), loginType: '1' });
  if (r.chance(0.05)) {
    yield cl.send(cl.form('/ebank/login.do', loginFields(), xhr('/login.html')), ebankPages.loginFail(), r.logNormal(120_000, 0.4));
    cl.think(10_000_000);
  }
  yield cl.send(cl.form('/ebank/login.do', loginFields(), xhr('/login.html')), ebankPages.loginOk(c, r), r.logNormal(130_000, 0.4));
  cl.pause(150_000);
  yield* pageWithAssets(cl, r, '/ebank/main.html', ebankPages.main(c, r), true);
  cl.think(1_000_000);
  yield cl.send(cl.form('/ebank/account/queryList.do', { queryType: 'ALL' }, xhr('/ebank/main.html')), ebankPages.accounts(c, r), r.logNormal(40_000, 0.5));
  const n = r.int(1, 4);
  for (let i = 0; i < n; i++) {
    cl.think(15_000_000);
    const card = r.pick(c.cards);
    const what = r.weighted([['detail', 5], ['export', 1], ['transfer', 1], ['search', 1]] as const);
    if (what === 'detail') {
      yield cl.send(cl.form('/ebank/account/detail.do', { acctId: card.acctId, beginDate: '20240301', endDate: '20240603', pageNo: '1', pageSize: '10' }, xhr('/ebank/main.html')), ebankPages.detail(seed, card.acctId, 1, 10, Math.floor(cl.clock / 1000)), r.logNormal(80_000, 0.5));
    } else if (what === 'export') {
      yield cl.send(cl.request('GET', `/ebank/statement/export.do?acctId=${card.acctId}&beginDate=20240501&endDate=20240603&format=csv`, [['referer', 'http://ebank.bank.example.cn/ebank/main.html']]), ebankPages.statement(seed, card.acctId, r.int(10, 60), Math.floor(cl.clock / 1000)), r.logNormal(250_000, 0.4));
    } else if (what === 'search') {
      const q = r.pick(['理财', '定期存款', '信用卡', '外汇牌价', '贷款利率']);
      yield cl.send(cl.request('GET', `/ebank/search.do?q=${encodeURIComponent(q)}`, xhr('/ebank/main.html')), ebankPages.search(q, seed), r.logNormal(40_000, 0.5));
    } else {
      const cp = otherBankCard(r);
      yield cl.send(
        cl.form('/ebank/transfer/submit.do', { payAcctId: card.acctId, payeeAcctNo: cp.cardNo, payeeName: c.name.slice(0, 1) + '某', amount: amount(r, 100, 50_000), payPassword: encrypted(r), usbKeySign: r.chars(88, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/') }, xhr('/ebank/transfer.html')),
        json(200, eok({ transferNo: `EB${r.digits(18)}`, status: 'SUCCESS' }, '转账成功')),
        r.logNormal(400_000, 0.4),
      );
    }
  }
  if (r.chance(0.5)) {
    cl.think(5_000_000);
    yield cl.send(cl.request('GET', '/ebank/logout.do'), ebankPages.redirect('/index.html'), r.logNormal(10_000, 0.4));
  }
}
