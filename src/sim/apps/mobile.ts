/**
 * Mobile banking (mapi.bank.example.cn): the app's JSON API in the `{code, msg, data}` envelope
 * Chinese bank back ends use, and the benign customer session. Passwords (login and payment)
 * leave the app encrypted; SMS step-up on new devices and before transfers.
 *
 * The responders (`mobileApi.*`) are shared with the scenarios, so attack traffic hits the same
 * endpoints with the same answers a customer would get.
 */
import type { Header } from '../../core/exchange.js';
import { Client } from '../client.js';
import { json } from '../http.js';
import type { Res, SimContext, Step } from '../model.js';
import { customerIp } from '../net.js';
import { type Customer, type Device, amount, appUserAgent, chineseName, maskCard, maskId, maskMobile, maskName, otherBankCard } from '../people.js';
import type { Rng } from '../rng.js';
import { cnTime, historySize, payees, transactions } from './bank-data.js';

export const ok = (data: unknown, msg = '交易成功'): Record<string, unknown> => ({ code: '000000', msg, data });
export const fail = (code: string, msg: string): Record<string, unknown> => ({ code, msg, data: null });

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** A password as the app sends it: RSA-1024 ciphertext in base64. */
export const encrypted = (r: Rng): string => r.chars(170, B64) + '==';

export function token(r: Rng, c: Pick<Customer, 'custNo'>, nowMs: number): string {
  const b64u = (s: string): string => Buffer.from(s).toString('base64url');
  const iat = Math.floor(nowMs / 1000);
  return `${b64u('{"alg":"HS256","typ":"JWT"}')}.${b64u(JSON.stringify({ sub: c.custNo, iat, exp: iat + 1800, chn: 'MB', jti: r.hex(16) }))}.${r.chars(43, B64.slice(0, 62) + '-_')}`;
}

/** Headers the app sends on every request. */
export function appHeaders(d: Device): Header[] {
  return d.os === 'iOS'
    ? [['accept', '*/*'], ['accept-language', 'zh-Hans-CN;q=1.0'], ['accept-encoding', 'gzip;q=1.0, compress;q=0.5'], ['user-agent', appUserAgent(d)], ['x-device-id', d.deviceId], ['x-app-version', d.appVersion], ['x-platform', 'iOS']]
    : [['user-agent', appUserAgent(d)], ['x-device-id', d.deviceId], ['x-app-version', d.appVersion], ['x-platform', 'Android'], ['accept-encoding', 'gzip'], ['connection', 'Keep-Alive']];
}

export const mobileApi = {
  config: (d: Device): Res =>
    json(200, ok({ minVersion: '7.0.0', latestVersion: '7.3.0', forceUpdate: false, platform: d.os, hotline: '95xxx', features: { faceLogin: true, qrPay: true, wealth: true }, notice: '尊敬的客户：本行将于周日凌晨01:00-05:00进行系统升级，期间手机银行部分功能暂停使用。' })),
  loginOk: (r: Rng, c: Customer, nowMs: number, needSms = false): Res =>
    json(200, ok({ token: needSms ? null : token(r, c, nowMs), custNo: c.custNo, custName: maskName(c.name), mobile: maskMobile(c.mobile), needSmsVerify: needSms, smsSeq: needSms ? r.digits(12) : null, lastLoginTime: cnTime(nowMs - r.int(3600, 30 * 86400) * 1000) }, '登录成功')),
  loginBadPassword: (left = 4): Res => json(200, fail('EBLN1001', left > 0 ? `登录密码错误，您还可以尝试${left}次` : '登录密码错误')),
  loginNoUser: (): Res => json(200, fail('EBLN1002', '用户名或密码错误')),
  smsSent: (r: Rng, mobile: string): Res => json(200, ok({ smsSeq: r.digits(12), expireSeconds: 300, mobile: maskMobile(mobile) }, '短信验证码已发送')),
  smsTooFrequent: (): Res => json(200, fail('ESMS1003', '短信发送过于频繁，请稍后再试')),
  smsVerified: (r: Rng, c: Customer, nowMs: number): Res => json(200, ok({ token: token(r, c, nowMs), custNo: c.custNo }, '验证成功')),
  profile: (c: Customer): Res =>
    json(200, ok({ custNo: c.custNo, custName: c.name, gender: c.male ? '男' : '女', idType: '01', idNo: maskId(c.idNo), mobile: maskMobile(c.mobile), email: c.email, address: c.address, riskLevel: 'C3', kycStatus: '1' })),
  /** the legacy `/users/{id}` card of the app: full identity (it is what id-traversal is after) */
  user: (c: Customer): Res => json(200, ok({ userId: c.userId, custNo: c.custNo, name: c.name, idNo: c.idNo, mobile: c.mobile, email: c.email, address: c.address })),
  accounts: (c: Customer, r: Rng): Res =>
    json(200, ok({ total: c.cards.length, list: c.cards.map((a) => ({ acctId: a.acctId, cardNo: maskCard(a.cardNo), acctType: a.type, currency: 'CNY', balance: amount(r, 10, 600_000), status: 'NORMAL', openBranch: a.branch })) })),
  balance: (acctId: string, r: Rng): Res => json(200, ok({ acctId, currency: 'CNY', balance: amount(r, 10, 600_000), availBalance: amount(r, 10, 600_000), frozenAmt: '0.00' })),
  transactions: (seed: number, acctId: string, page: number, size: number, total: number, nowMs: number): Res =>
    json(200, ok({ acctId, pageNo: page, pageSize: size, totalCount: total, totalPage: Math.ceil(total / size), list: transactions(seed, acctId, page, size, total, nowMs) })),
  payees: (seed: number, c: Customer): Res => json(200, ok({ list: payees(seed, c) })),
  unread: (r: Rng): Res => json(200, ok({ count: r.int(0, 9) })),
  unauthorized: (): Res => json(401, fail('EAUTH401', '登录已失效，请重新登录')),
  forbidden: (): Res => json(403, fail('EAUTH403', '无权访问该资源')),
  notFound: (): Res => json(404, fail('E404', '请求的资源不存在')),
};

/** A client of the app for this customer (their device and network unless told otherwise). */
export function appClient(ctx: SimContext, r: Rng, c: Customer, t0: number, o: { ip?: string; device?: Device } = {}): Client {
  const d = o.device ?? c.device;
  return new Client(ctx, r, o.ip ?? customerIp(c, 'mobile', r.chance(0.15)), 'mobile', t0, appHeaders(d));
}

const rid = (r: Rng): Header => ['x-request-id', r.hex(32)];
export const bearer = (tok: string): Header => ['authorization', `Bearer ${tok}`];

/** Log in (with SMS step-up when asked); leaves the token in `auth`. */
export function* appLogin(cl: Client, c: Customer, r: Rng, auth: { token?: string }, o: { wrongFirst?: boolean; sms?: boolean } = {}): Generator<Step> {
  const d = cl.base.find((h) => h[0] === 'x-device-id')?.[1] ?? c.device.deviceId;
  const body = (): Record<string, string> => ({ loginName: c.mobile, password: encrypted(r), loginType: 'PWD', deviceId: d, appVersion: c.device.appVersion });
  if (o.wrongFirst) {
    yield cl.send(cl.json('POST', '/api/v1/auth/login', body(), [rid(r)]), mobileApi.loginBadPassword(r.int(2, 4)), r.logNormal(90_000, 0.4));
    cl.think(9_000_000);
  }
  const now = (): number => Math.floor(cl.clock / 1000);
  if (o.sms) {
    const res = mobileApi.loginOk(r, c, now(), true);
    yield cl.send(cl.json('POST', '/api/v1/auth/login', body(), [rid(r)]), res, r.logNormal(110_000, 0.4));
    cl.think(1_500_000);
    yield cl.send(cl.json('POST', '/api/v1/sms/send', { bizType: 'LOGIN', mobile: maskMobile(c.mobile) }, [rid(r)]), mobileApi.smsSent(r, c.mobile), r.logNormal(160_000, 0.3));
    cl.pause(r.int(12_000_000, 45_000_000));
    const v = mobileApi.smsVerified(r, c, now());
    yield cl.send(cl.json('POST', '/api/v1/sms/verify', { bizType: 'LOGIN', smsCode: r.digits(6), deviceId: d }, [rid(r)]), v, r.logNormal(60_000, 0.3));
    auth.token = JSON.parse(v.body as string).data.token;
  } else {
    const res = mobileApi.loginOk(r, c, now());
    yield cl.send(cl.json('POST', '/api/v1/auth/login', body(), [rid(r)]), res, r.logNormal(110_000, 0.4));
    auth.token = JSON.parse(res.body as string).data.token;
  }
}

/** A customer's ordinary visit to the app. */
export function* mobileSession(ctx: SimContext, c: Customer, t0: number, r: Rng, o: { ip?: string; device?: Device; tag?: string } = {}): Generator<Step> {
  const cl = appClient(ctx, r, c, t0, o);
  cl.tag = o.tag;
  const seed = ctx.seed;
  const now = (): number => Math.floor(cl.clock / 1000);
  if (r.chance(0.8)) {
    yield cl.send(cl.request('GET', `/api/v1/config/app?platform=${c.device.os.toLowerCase()}&version=${c.device.appVersion}`, [rid(r)]), mobileApi.config(c.device), r.logNormal(8_000, 0.5));
    cl.think(2_500_000);
  }
  const auth: { token?: string } = {};
  yield* appLogin(cl, c, r, auth, { wrongFirst: r.chance(0.04), sms: r.chance(0.12) });
  const a = (): Header[] => [bearer(auth.token!), rid(r)];
  cl.think(1_200_000);
  if (r.chance(0.7)) {
    yield cl.send(cl.request('GET', '/api/v1/customer/profile', a()), mobileApi.profile(c), r.logNormal(25_000, 0.5));
    cl.think(800_000);
  }
  if (r.chance(0.15)) {
    yield cl.send(cl.request('GET', `/api/v1/users/${c.userId}`, a()), mobileApi.user(c), r.logNormal(20_000, 0.5));
    cl.think(3_000_000);
  }
  yield cl.send(cl.request('GET', '/api/v1/accounts', a()), mobileApi.accounts(c, r), r.logNormal(35_000, 0.5));
  cl.think(1_000_000);
  if (r.chance(0.6)) {
    yield cl.send(cl.request('GET', '/api/v1/messages/unread-count', a()), mobileApi.unread(r), r.logNormal(6_000, 0.5));
  }
  const actions = r.int(1, 5);
  for (let i = 0; i < actions; i++) {
    cl.think(r.pick([4_000_000, 9_000_000, 20_000_000]));
    const card = r.pick(c.cards);
    const what = r.weighted([['balance', 3], ['txns', 4], ['payees', 1], ['transfer', 1]] as const);
    if (what === 'balance') {
      yield cl.send(cl.request('GET', `/api/v1/accounts/${card.acctId}/balance`, a()), mobileApi.balance(card.acctId, r), r.logNormal(18_000, 0.5));
    } else if (what === 'txns') {
      const total = historySize(seed, card.acctId);
      const pages = Math.min(Math.ceil(total / 20), r.weighted([[1, 6], [2, 3], [3, 1]] as const));
      for (let p = 1; p <= pages; p++) {
        yield cl.send(cl.request('GET', `/api/v1/accounts/${card.acctId}/transactions?pageNo=${p}&pageSize=20&beginDate=20240301&endDate=20240603`, a()), mobileApi.transactions(seed, card.acctId, p, 20, total, now()), r.logNormal(70_000, 0.5));
        cl.think(5_000_000);
      }
    } else if (what === 'payees') {
      yield cl.send(cl.request('GET', '/api/v1/payees', a()), mobileApi.payees(seed, c), r.logNormal(20_000, 0.5));
    } else {
      yield* transfer(cl, c, r, a, card.acctId);
    }
  }
  if (r.chance(0.4)) {
    cl.think(3_000_000);
    yield cl.send(cl.json('POST', '/api/v1/auth/logout', {}, a()), json(200, ok(null, '退出成功')), r.logNormal(10_000, 0.4));
  }
}

function* transfer(cl: Client, c: Customer, r: Rng, a: () => Header[], fromAcct: string): Generator<Step> {
  const cp = otherBankCard(r);
  const amt = amount(r, 50, 20_000);
  const payeeName = r.chance(0.5) ? payees(cl.ctx.seed, c)[0].payeeName : chineseName(r);
  const pre = { transferToken: r.hex(32), fee: '0.00', needSms: true, payeeBank: cp.bank };
  yield cl.send(cl.json('POST', '/api/v1/transfers/prepare', { payAcctId: fromAcct, payeeAcctNo: cp.cardNo, payeeName, amount: amt, currency: 'CNY', remark: r.pick(['房租', '还款', '生活费', '']) }, a()), json(200, ok(pre)), r.logNormal(60_000, 0.4));
  cl.think(2_000_000);
  yield cl.send(cl.json('POST', '/api/v1/sms/send', { bizType: 'TRANSFER', mobile: maskMobile(c.mobile) }, a()), mobileApi.smsSent(r, c.mobile), r.logNormal(150_000, 0.3));
  cl.pause(r.int(15_000_000, 40_000_000));
  yield cl.send(
    cl.json('POST', '/api/v1/transfers', { transferToken: pre.transferToken, payPassword: encrypted(r), smsCode: r.digits(6) }, a()),
    json(200, ok({ transferNo: `TR${r.digits(18)}`, status: 'SUCCESS', amount: amt, fee: '0.00', payeeName, payeeAcctNo: maskCard(cp.cardNo), finishTime: cnTime(Math.floor(cl.clock / 1000)) }, '转账成功')),
    r.logNormal(300_000, 0.4),
  );
}
