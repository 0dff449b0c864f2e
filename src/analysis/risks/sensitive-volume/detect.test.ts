import { describe, expect, it } from 'vitest';
import type { Exchange, Header } from '../../../core/exchange.js';
import type { RiskEvent } from '../../../core/risk.js';
import { Catalog } from '../../endpoints/catalog/catalog.js';
import { PATH_PII_CHECKS } from '../../endpoints/templating/pii.js';
import { IdentityResolver } from '../../identity/identity.js';
import { scanExchange } from '../../sensitive/exchange-scan.js';
import { RiskEngine } from '../engine.js';
import { analyzeRisks } from '../run.js';
import { at, missed, simulated } from '../test-helpers.js';
import { sensitiveVolumeRisk } from './detect.js';

const DAY = 86_400;
const PARTNER = '198.51.100.20';
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强'];

function idNo(i: number): string {
  const base = `11010119800101${String(i % 1000).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...base].reduce((s, d, k) => s + Number(d) * w[k]!, 0);
  return base + '10X98765432'[sum % 11]!;
}
function cardNo(i: number): string {
  const base = `622202${String(i).padStart(9, '0')}`;
  let sum = 0;
  for (let k = 0; k < base.length; k++) {
    let d = Number(base[base.length - 1 - k]);
    if (k % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return base + String((10 - (sum % 10)) % 10);
}
const mobile = (i: number): string => `138${String(i).padStart(8, '0')}`;
const NAME_OF = (i: number): string => NAMES[i % NAMES.length]!;

/** A partner's customer-info answer for customer `i`: name, ID number, mobile, card and address, clear or masked. */
function info(sec: number, i: number, o: { client?: string; masked?: boolean; headers?: Header[] } = {}): Exchange {
  const m = o.masked;
  const data = m
    ? { custName: `${NAME_OF(i)[0]}*`, idNo: `${idNo(i).slice(0, 6)}********${idNo(i).slice(-4)}`, mobile: `138****${mobile(i).slice(-4)}`, cardNo: `6222 **** **** ${cardNo(i).slice(-4)}`, address: '北京市东城区****' }
    : { custName: NAME_OF(i), idType: '01', idNo: idNo(i), mobile: mobile(i), address: '北京市东城区东长安街1号', cardNo: cardNo(i) };
  return at(sec, { method: 'POST', url: '/openapi/v1/customer/info', client: o.client ?? PARTNER, request: { headers: o.headers, body: { custNo: `C${i}` } }, response: { body: { code: '10000', msg: 'Success', data } } });
}
/** A list of `n` payees (name and card each, no ID numbers). */
function payees(sec: number, n: number, client = '203.0.113.50', first = 0): Exchange {
  const list = Array.from({ length: n }, (_, k) => ({ payeeName: NAME_OF(first + k), payeeAcctNo: cardNo(first + k), payeeBank: '工商银行' }));
  return at(sec, { url: '/api/v1/payees', client, response: { body: { code: '000000', msg: '交易成功', data: { list } } } });
}

const run = (xs: Iterable<Exchange>, params?: Record<string, unknown>): RiskEvent[] =>
  analyzeRisks(xs, { detectors: [sensitiveVolumeRisk], sensitive: true, params: params ? { 'sensitive-volume': params } : {} }).events;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
/** `perDay` payee lists of `size` a day over `days` days, one every 20 minutes from 10:00 Beijing, to one client. */
const habit = (days: number, perDay: number, size: number, client = '203.0.113.50', fromDay = 0): Exchange[] =>
  range(days).flatMap((d) => range(perDay).map((k) => payees((fromDay + d) * DAY + k * 1200, size, client, k * size)));

describe('sensitive-volume', () => {
  it('charges the records of a signed-in customer to the account, not to the NAT address many customers share', () => {
    // 60 customers behind one carrier address, each with its own token, each reading 20 payees 10 times in an hour
    const nat = '203.0.113.60';
    const xs = range(600).map((k) => {
      const e = payees(k * 5, 20, nat);
      e.request.headers.push(['authorization', `Basic ${Buffer.from(`cust${k % 60}:x`).toString('base64')}`]);
      return e;
    });
    expect(run(xs)).toEqual([]);
    // one of them pulling 400 payees an hour is over the per-account limit, and the event names the account
    const heavy = range(20).map((k) => {
      const e = payees(4000 + k * 60, 20, nat, k * 20);
      e.request.headers.push(['authorization', `Basic ${Buffer.from('cust7:x').toString('base64')}`]);
      return e;
    });
    const ev = run([...xs, ...heavy]);
    expect(ev.map((e) => [e.subject.account, e.subject.ip])).toEqual([['cust7', nat]]);
  });

  it('raises one event when a partner address receives more than 200 clear ID numbers in 24 h, without showing one', () => {
    const ev = run(range(201).map((i) => info(i * 9, i)));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ slug: 'sensitive-volume', subject: { ip: PARTNER }, value: 201, threshold: 200, baseline: null });
    expect(ev[0]!.subject.account).toBeUndefined();
    expect(ev[0]!.detail).toBe('201 clear identity-document numbers in 24 h to one client (limit 200), latest from 198.51.100.20');
    expect(ev[0]!.evidence).toHaveLength(1);
  });

  it.each([
    ['150 customer-info answers in a day', range(150).map((i) => info(i * 9, i))],
    ['500 masked customer-info answers', range(500).map((i) => info(i * 9, i, { masked: true }))],
    ['200 answers a day for two days (the 24 h window slides)', range(400).map((i) => info(i < 200 ? i * 60 : DAY + 3600 + i * 60, i))],
    ['15 lists of 20 payees in an hour (300 records, not over)', range(15).map((k) => payees(k * 200, 20))],
    ['50 payee lists of 20 over a day, each to another client', range(50).map((k) => payees(k * 1700, 20, `203.0.113.${k}`))],
  ])('stays quiet for %s', (_name, xs) => {
    expect(run(xs)).toEqual([]);
  });

  it('counts records per hour and per day: a list of 20 payees is 20 records', () => {
    const hour = run(range(16).map((k) => payees(k * 200, 20)));
    expect(hour).toHaveLength(1);
    expect(hour[0]).toMatchObject({ value: 320, threshold: 300, subject: { ip: '203.0.113.50' } });
    expect(hour[0]!.detail).toMatch(/personal records in 1 h/);
    const day = run(range(60).map((k) => payees(k * 1200, 20)));
    expect(day).toHaveLength(1);
    expect(day[0]).toMatchObject({ threshold: 1000 });
    expect(day[0]!.detail).toMatch(/personal records in 24 h/);
  });

  it('counts per account across addresses, and honours maskedWeight and idDocsPerDay', () => {
    const jwt = (sub: string): Header => ['authorization', `Bearer ${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.c2lnbmF0dXJl`];
    const two = range(220).map((i) => info(i * 9, i, { client: i % 2 ? '203.0.113.1' : '203.0.113.2', headers: [jwt('13812345678')] }));
    const ev = run(two);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ subject: { account: '*******5678' }, value: 220, threshold: 200 });
    expect(ev[0]!.detail).toMatch(/to one account/);
    expect(run(range(500).map((i) => info(i * 9, i, { masked: true })), { maskedWeight: 1 })).toHaveLength(1);
    expect(run(range(60).map((i) => info(i * 9, i)), { idDocsPerDay: 50 })).toHaveLength(1);
  });

  it('judges a mature client against its own days: 400 records after a week of 50 a day', () => {
    const history = habit(8, 5, 10);
    const burst = habit(1, 10, 40, '203.0.113.50', 8);
    const ev = run([...history, ...burst]);
    expect(ev).toHaveLength(1);
    // today's 400 records: over max(median 50 + 6σ, 300), below the hourly (300) and daily (1000) limits
    expect(ev[0]).toMatchObject({ value: 400, baseline: 50, threshold: 300 });
    expect(ev[0]!.detail).toMatch(/personal records today \(usual day 50\)/);
    expect(run(burst)).toEqual([]);
    expect(run([...habit(3, 5, 10), ...habit(1, 10, 40, '203.0.113.50', 3)])).toEqual([]);
  });

  it('keeps its day baselines across a restart (save, new instance, load)', () => {
    const catalog = new Catalog({ pii: PATH_PII_CHECKS });
    const engine = () => new RiskEngine([sensitiveVolumeRisk], new IdentityResolver(), {});
    const feed = (e: RiskEngine, xs: Exchange[]) => xs.forEach((x) => e.observe(x, catalog.observe(x), scanExchange(x, { refTime: Date.parse(x.ts) })));
    const first = engine();
    feed(first, habit(8, 5, 10));
    const saved = JSON.parse(JSON.stringify(first.saveState())) as Record<string, unknown>;
    const restarted = engine();
    expect(restarted.loadState(saved)).toEqual(['sensitive-volume']);
    feed(restarted, habit(1, 10, 40, '203.0.113.50', 8));
    expect(restarted.drain().events).toMatchObject([{ value: 400, baseline: 50, threshold: 300 }]);
    const cold = engine();
    feed(cold, habit(1, 10, 40, '203.0.113.50', 8));
    expect(cold.drain().events).toEqual([]);
  });

  it('finds the simulated partner pulling 400 customers in 30 minutes', async () => {
    const { events: ev, labels } = await simulated(sensitiveVolumeRisk, ['sensitive-volume']);
    expect(missed(ev, labels, 'sensitive-volume')).toEqual([]);
  }, 120_000);

  it('stays quiet on benign simulated traffic (two seeds)', async () => {
    expect((await simulated(sensitiveVolumeRisk, [])).events).toEqual([]);
    expect((await simulated(sensitiveVolumeRisk, [], { seed: 11 })).events).toEqual([]);
  }, 120_000);
});
