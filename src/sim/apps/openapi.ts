/**
 * Open API for partners (openapi.bank.example.cn): server-to-server calls signed with
 * app_id/timestamp/nonce/sign (HMAC-SHA256 over the sorted parameters), account verification
 * (four-element check: name, ID number, card, mobile), payment creation and query, payment
 * notify callbacks in XML from a payment channel. Answers use the `{code, msg, data, sign}` style
 * of Chinese open platforms.
 */
import { createHmac } from 'node:crypto';
import type { Header } from '../../core/exchange.js';
import { Client } from '../client.js';
import { json, text } from '../http.js';
import type { Res, SimContext, Step } from '../model.js';
import { partnerIp } from '../net.js';
import { type Customer, amount, customer } from '../people.js';
import { type Rng, rngFor } from '../rng.js';
import { cnTime } from './bank-data.js';

export interface Partner {
  appId: string;
  name: string;
  secret: string;
  ip: string;
  ua: string;
  /** what it mostly calls */
  kind: 'verify' | 'pay' | 'notify';
}

export const PARTNERS: Partner[] = [
  { appId: '2024031500000101', name: '某消费金融公司', secret: 'k3Jd9aQ2', ip: partnerIp(0), ua: 'Apache-HttpClient/4.5.13 (Java/1.8.0_372)', kind: 'verify' },
  { appId: '2024031500000102', name: '某支付机构', secret: 'Zx81mPq0', ip: partnerIp(1), ua: 'okhttp/3.14.9', kind: 'pay' },
  { appId: '2024031500000103', name: '某保险公司', secret: 'Lw55vBn7', ip: partnerIp(2), ua: 'Apache-HttpClient/4.5.13 (Java/11.0.20)', kind: 'verify' },
  { appId: '2024031500000104', name: '某电商平台', secret: 'Ty20cKe4', ip: partnerIp(3), ua: 'Go-http-client/1.1', kind: 'pay' },
  { appId: '2024031500000105', name: '银联通道', secret: 'Qa77hRs1', ip: partnerIp(4), ua: 'Jakarta Commons-HttpClient/3.1', kind: 'notify' },
];

export const openOk = (data: unknown): Record<string, unknown> => ({ code: '10000', msg: 'Success', data });

/** The partner's signature over its parameters (sorted `k=v&…` plus the key). */
export function sign(params: Record<string, string>, secret: string): string {
  const base = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  return createHmac('sha256', secret).update(`${base}&key=${secret}`).digest('base64');
}

/** A signed request envelope as the partners' SDKs build it. */
export function signed(p: Pick<Partner, 'appId' | 'secret'>, method: string, biz: unknown, nowMs: number, r: Rng): Record<string, string> {
  const params: Record<string, string> = { app_id: p.appId, method, format: 'JSON', charset: 'utf-8', sign_type: 'HMAC-SHA256', timestamp: cnTime(nowMs), nonce: r.hex(16), version: '1.0', biz_content: JSON.stringify(biz) };
  params.sign = sign(params, p.secret);
  return params;
}

export const openApi = {
  verified: (r: Rng, match: boolean): Res => json(200, { ...openOk({ result: match ? 'CONSISTENT' : 'INCONSISTENT', detail: match ? '四要素一致' : '姓名与证件号不一致', requestNo: r.digits(20) }), sign: r.chars(44, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') }),
  customerInfo: (c: Customer, r: Rng): Res => json(200, { ...openOk({ custName: c.name, idType: '01', idNo: c.idNo, mobile: c.mobile, address: c.address, cardNo: c.cards[0].cardNo }), sign: r.chars(44, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') }),
  bad: (sub: string, msg: string): Res => json(200, { code: '40004', msg: 'Business Failed', sub_code: sub, sub_msg: msg }),
  xmlSuccess: (): Res => text(200, '<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>', 'application/xml;charset=UTF-8'),
};

const H_JSON: Header[] = [['content-type', 'application/json;charset=UTF-8'], ['accept', 'application/json']];

export function partnerClient(ctx: SimContext, r: Rng, p: Partner, t0: number, ip = p.ip): Client {
  return new Client(ctx, r, ip, 'openapi', t0, [['user-agent', p.ua], ['accept-encoding', 'gzip,deflate'], ['connection', 'keep-alive']]);
}

/** One partner's calls over the whole window: a steady stream with a day rhythm, `perDay` calls. */
export function* partnerTraffic(ctx: SimContext, p: Partner, perDay: number, rhythm: (us: number) => number): Generator<Step> {
  const r = rngFor(ctx.seed, `partner:${p.appId}`);
  const meanGap = 86_400e6 / Math.max(1e-6, perDay);
  const cl = partnerClient(ctx, r, p, ctx.startUs);
  let t = ctx.startUs;
  let calls = 0;
  while (true) {
    t += r.exp(meanGap);
    if (t >= ctx.endUs) return;
    if (r.next() > 0.3 + 0.7 * rhythm(t)) continue;
    if (++calls % 200 === 0) cl.reconnect();
    cl.at(t);
    yield* partnerCall(cl, p, r, ctx);
  }
}

function* partnerCall(cl: Client, p: Partner, r: Rng, ctx: SimContext): Generator<Step> {
  const now = Math.floor(cl.clock / 1000);
  const who = customer(ctx.seed, r.int(0, ctx.users - 1));
  if (p.kind === 'verify') {
    const match = r.chance(0.92);
    const biz = { name: who.name, idNo: who.idNo, cardNo: who.cards[0].cardNo, mobile: who.mobile, scene: 'BIND_CARD' };
    yield cl.send(cl.request('POST', '/openapi/v1/account/verify', H_JSON, JSON.stringify(signed(p, 'bank.account.verify', biz, now, r))), openApi.verified(r, match), r.logNormal(120_000, 0.4));
  } else if (p.kind === 'pay') {
    const outTradeNo = `${p.appId.slice(-4)}${r.digits(16)}`;
    if (r.chance(0.6)) {
      const biz = { out_trade_no: outTradeNo, total_amount: amount(r, 1, 5000), subject: r.pick(['商城订单', '话费充值', '会员续费']), payer_card_token: r.hex(24) };
      yield cl.send(cl.request('POST', '/openapi/v1/pay/create', H_JSON, JSON.stringify(signed(p, 'bank.pay.create', biz, now, r))), json(200, openOk({ out_trade_no: outTradeNo, trade_no: `2024${r.digits(24)}`, status: 'WAIT_PAY' })), r.logNormal(90_000, 0.4));
    } else {
      const q: Record<string, string> = { app_id: p.appId, out_trade_no: outTradeNo, timestamp: String(now), nonce: r.hex(16) };
      q.sign = sign(q, p.secret);
      const qs = Object.entries(q).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
      yield cl.send(cl.request('GET', `/openapi/v1/pay/query?${qs}`, [['accept', 'application/json']]), json(200, openOk({ out_trade_no: outTradeNo, status: r.pick(['SUCCESS', 'SUCCESS', 'WAIT_PAY', 'CLOSED']), amount: amount(r, 1, 5000) })), r.logNormal(30_000, 0.4));
    }
  } else {
    const fields = { appid: p.appId, mch_id: '1900000109', nonce_str: r.hex(32), out_trade_no: r.digits(20), transaction_id: `4200${r.digits(24)}`, total_fee: String(r.int(100, 500_000)), result_code: 'SUCCESS', time_end: cnTime(now).replace(/[- :]/g, '') };
    const xml = `<xml>${Object.entries({ ...fields, sign: sign(fields, p.secret) }).map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`).join('')}</xml>`;
    yield cl.send(cl.request('POST', '/openapi/v1/pay/notify', [['content-type', 'text/xml;charset=UTF-8']], xml), openApi.xmlSuccess(), r.logNormal(25_000, 0.4));
  }
}
