import { describe, expect, it } from 'vitest';
import { gb11643Check, luhnCheckDigit } from './checksum.js';
import { scanJson } from './scan-json.js';
import { looksLikeTimestamp } from './tokens.js';
import type { DataHit } from './types.js';

const id = (body17: string): string => body17 + gb11643Check(body17);
const card = (body: string): string => body + luhnCheckDigit(body);
const brief = (hits: DataHit[]): string[] => hits.map((h) => `${h.label}@${h.location}${h.masked ? `(${h.maskPattern}${h.partial ? ',partial' : ''})` : ''}×${h.count}`).sort();

describe('scanJson', () => {
  it('finds labels with JSON paths, masked forms and record counts', () => {
    const list = Array.from({ length: 500 }, (_, i) => ({
      custName: i % 2 ? '张三' : '欧阳娜娜',
      idNo: id(`110105199001${String((i % 28) + 1).padStart(2, '0')}${String(i).padStart(3, '0')}`),
      mobile: `1381234${String(i).padStart(4, '0')}`,
      cardNo: '6222 **** **** 1234',
      status: 'ACTIVE',
    }));
    const hits = scanJson({ code: '0000', data: { total: 500, list } });
    expect(brief(hits)).toEqual([
      'bank_card@data.list[].cardNo(keep 4+4)×500',
      'cn_id@data.list[].idNo×500',
      'cn_mobile@data.list[].mobile×500',
      'person_name@data.list[].custName×500',
    ]);
  });

  it('recall under neutral keys, in arrays and nested records', () => {
    const hits = scanJson({ v1: '11010519491231002X', data: [{ f3: '13812345678' }, { f3: '13912345678' }], x: { y: { z: [['6212345678901265']] } }, n: 13812345678 });
    expect(brief(hits)).toEqual(['bank_card@x.y.z[][]×1', 'cn_id@v1×1', 'cn_mobile@data[].f3×2', 'cn_mobile@n×1']);
  });

  it.each([
    ['138****5678', 'cn_mobile', 'keep 3+4', false],
    ['6222 **** **** 1234', 'bank_card', 'keep 4+4', false],
    ['62**********1234', 'bank_card', 'keep 2+4', false],
    ['110101********1234', 'cn_id', 'keep 6+4', true],
    ['110***********123X', 'cn_id', 'keep 3+4', false],
    ['张*', 'person_name', 'keep 1+0', false],
    ['z***@qq.com', 'email', 'keep 1+7', false],
  ])('masked %s under a neutral key', (v, label, pattern, partial) => {
    const [h] = scanJson({ v });
    expect(h).toMatchObject({ label, masked: true, maskPattern: pattern, count: 1 });
    expect(h.partial === true).toBe(partial);
  });

  it('key hints find what only a key can tell', () => {
    const hits = scanJson({ xm: '王小明', password: 'P@ssw0rd', payPwd: '******', smsCode: '604213', txnAmt: 1234.5, availBal: '8,000.00', lat: 39.916527, lng: 116.397128, plateNo: '京A12345', fundAcct: '10086012345', stockAccount: 'A123456789', passportNo: 'E12345678', gatxz: 'C12345678', tbz: '12345678', creditCode: '91110000600037341L', email: 'a@example.com', clientIp: '10.1.2.3' });
    expect(brief(hits)).toEqual([
      'amount@txnAmt×1',
      'balance@availBal×1',
      'email@email×1',
      'fund_account@fundAcct×1',
      'geo@lat×1',
      'geo@lng×1',
      'hk_mo_permit@gatxz×1',
      'ip@clientIp×1',
      'passport@passportNo×1',
      'password@password×1',
      'pay_password@payPwd(keep 0+0)×1',
      'person_name@xm×1',
      'plate@plateNo×1',
      'securities_account@stockAccount×1',
      'sms_code@smsCode×1',
      'tw_permit@tbz×1',
      'uscc@creditCode×1',
    ]);
  });

  it('context suppresses identifiers, times and amounts that look like cards or mobiles', () => {
    const luhnCard = card('621234567890126');
    const hits = scanJson({ orderId: luhnCard, traceNo: luhnCard, seq: '13812345678', snowflakeId: '1790000000000000000', timestamp: 1714567890123, createTime: '1714567890123', amount: 13812345678, price: '4111111111111111' });
    expect(brief(hits)).toEqual(['amount@amount×1']); // an amount, not a mobile
    // but a resident ID's checksum carries it under any key
    expect(brief(scanJson({ orderId: '11010519491231002X' }))).toEqual(['cn_id@orderId×1']);
  });

  it('Unix timestamps (s, ms, µs, ns) near the event time are not cards, IDs or mobiles', () => {
    const now = Date.UTC(2025, 0, 1);
    const stamps = [now / 1000, now, now * 1000, `${now}000000`].map(String);
    expect(scanJson({ list: stamps.map((v1) => ({ v1 })), n: now }, { refTime: now })).toEqual([]);
    expect(looksLikeTimestamp(String(now), now)).toBe(true);
    expect(looksLikeTimestamp('4111111111119', now)).toBe(false); // year 2100
  });

  it('column context: a column of random numbers is not a card column because 1 in 10 pass Luhn', () => {
    let seed = 7;
    const rnd = (): number => (seed = (Math.imul(seed, 48271) >>> 0) % 2147483647) / 2147483647;
    const rows = Array.from({ length: 200 }, () => ({ v1: '62' + Array.from({ length: 14 }, () => Math.floor(rnd() * 10)).join('') }));
    expect(scanJson({ rows }).filter((h) => h.label === 'bank_card')).toEqual([]);
    const real = Array.from({ length: 20 }, (_, i) => ({ v1: card(`62220212345${String(i).padStart(4, '0')}`) }));
    expect(brief(scanJson({ real }))).toEqual(['bank_card@real[].v1×20']);
  });

  it('card data under its keys', () => {
    expect(brief(scanJson({ card: { cvv2: '123', expDate: '12/27', track2: ';6212345678901265=27121010000000000000?' } }))).toEqual([
      'card_cvv@card.cvv2×1',
      'card_expiry@card.expDate×1',
      'card_track@card.track2×1',
    ]);
  });

  it('transaction records by shape, or under a transaction key', () => {
    const rec = { txnAmt: '100.00', txnTime: '2024-05-01 10:00:00', oppAcctName: '李*', balance: '900.00' };
    const hits = scanJson({ data: { rows: [rec, rec, rec] } });
    expect(hits.find((h) => h.label === 'transaction')).toMatchObject({ location: 'data.rows[]', count: 3 });
    const byKey = scanJson({ txnList: [{ a: 1 }, { a: 2 }] });
    expect(byKey.find((h) => h.label === 'transaction')).toMatchObject({ location: 'txnList[]', count: 2 });
  });

  it('walks JSON held in a string', () => {
    expect(brief(scanJson({ data: '{"mobile":"13812345678","list":[{"sfzh":"11010519491231002X"}]}' }))).toEqual(['cn_id@data.list[].sfzh×1', 'cn_mobile@data.mobile×1']);
  });

  it('values only when asked, capped', () => {
    const v = { list: ['13812345678', '13912345678', '13812345678'] };
    expect(scanJson(v)[0].values).toBeUndefined();
    expect(scanJson(v, { withValues: true })[0].values).toEqual(['13812345678', '13912345678', '13812345678']);
    expect(scanJson(v, { withValues: true, maxValues: 1 })[0].values).toEqual(['13812345678']);
  });

  it('options: disabled labels, allow-listed keys, location prefix; odd keys are quoted', () => {
    expect(scanJson({ m: '13812345678' }, { disabled: new Set(['cn_mobile']) })).toEqual([]);
    expect(scanJson({ refCode: '6212345678901265' }, { allowKeys: new Set(['refcode']) })).toEqual([]);
    expect(scanJson({ 'a.b': ['13812345678'] }, { locationPrefix: 'body' })[0].location).toBe('body["a.b"][]');
  });

  it('never throws on odd trees', () => {
    let deep: unknown = '13812345678';
    for (let i = 0; i < 1000; i++) deep = [deep];
    expect(() => scanJson(deep)).not.toThrow();
    expect(scanJson(null)).toEqual([]);
    expect(scanJson([1, true, 'x', {}, NaN, 1e308])).toEqual([]);
  });
});
