import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import type { RiskEvent } from '../../../core/risk.js';
import { at, events, missed, simulated } from '../test-helpers.js';
import { smsBombingRisk } from './detect.js';
import { normaliseTarget } from './target.js';

const ATTACKER = '192.0.2.140';
const VICTIM = '13812345678';

/** A JSON code send for `mobile`, answered sent or "too frequent". */
function send(sec: number, mobile: unknown, o: { client?: string; refused?: boolean; field?: string; biz?: string } = {}): Exchange {
  return at(sec, {
    method: 'POST',
    url: '/api/v1/sms/send',
    client: o.client ?? ATTACKER,
    request: { body: { bizType: o.biz ?? 'REGISTER', [o.field ?? 'mobile']: mobile, imgCode: 'k3mz' } },
    response: { body: o.refused ? { code: 'ESMS1003', msg: '短信发送过于频繁，请稍后再试', data: null } : { code: '000000', msg: '短信验证码已发送', data: { smsSeq: '123456789012', expireSeconds: 300 } } },
  });
}

const bySubject = (ev: RiskEvent[]) => ({ target: ev.filter((e) => e.subject.account !== undefined), client: ev.filter((e) => e.subject.account === undefined) });

describe('sms-bombing', () => {
  it('80 register codes for one mobile in ~10 min, half refused: an event on the number (and client), and one on the client', () => {
    const ev = events(smsBombingRisk, Array.from({ length: 80 }, (_, i) => send(i * 7, VICTIM, { refused: i % 2 === 1 })));
    const { target, client } = bySubject(ev);
    expect(target).toHaveLength(1);
    expect(target[0]).toMatchObject({ slug: 'sms-bombing', ruleId: 'GL-R-0008', subject: { ip: ATTACKER, account: '*******5678', endpoint: { pathTemplate: '/api/v1/sms/send' } }, threshold: 10, baseline: null });
    expect(target[0]!.value).toBeGreaterThanOrEqual(75);
    expect(target[0]!.detail).toMatch(/refused as too frequent/);
    expect(target[0]!.detail).not.toContain(VICTIM);
    expect(client).toHaveLength(1);
    expect(client[0]).toMatchObject({ subject: { ip: ATTACKER }, threshold: 40 });
  });

  it('perTargetPerWindow: 9 sends are quiet, the 10th fires', () => {
    const burst = (n: number) => Array.from({ length: n }, (_, i) => send(i * 20, VICTIM));
    expect(events(smsBombingRisk, burst(9))).toEqual([]);
    const ev = events(smsBombingRisk, burst(10));
    expect(ev).toHaveLength(1);
    expect(ev[0]!.value).toBe(10);
    expect(ev[0]!.evidence[0]!.ts).toBe(new Date(Date.parse('2024-06-03T02:00:00Z') + 180_000).toISOString());
    expect(events(smsBombingRisk, burst(3), { perTargetPerWindow: 3 })).toHaveLength(1);
  });

  it('sends spread beyond the window do not add up', () => {
    const slow = Array.from({ length: 10 }, (_, i) => send(i * 70, VICTIM));
    expect(events(smsBombingRisk, slow)).toEqual([]);
    expect(events(smsBombingRisk, slow, { windowSeconds: 900 })).toHaveLength(1);
  });

  it('one number however it is written, from rotating addresses: one event on the number', () => {
    const forms = ['+86 138-1234-5678', '008613812345678', '13812345678', '8613812345678', 13812345678];
    const ev = events(smsBombingRisk, Array.from({ length: 12 }, (_, i) => send(i * 15, forms[i % forms.length], { client: `203.0.113.${20 + i}` })));
    expect(ev).toHaveLength(1);
    // the subject names the client that crossed the threshold; the evidence the ones that followed
    expect(ev[0]).toMatchObject({ subject: { account: '*******5678', ip: '203.0.113.29' }, value: 12 });
    expect(ev[0]!.evidence.map((e) => e.clientIp)).toEqual(['203.0.113.29', '203.0.113.30', '203.0.113.31']);
  });

  it('one client asking for many numbers: an event on the client at perClientPerWindow', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => send(i * 10, `139${String(10_000_000 + i * 37).slice(-8)}`));
    expect(events(smsBombingRisk, many(39))).toEqual([]);
    const ev = events(smsBombingRisk, many(40));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ subject: { ip: ATTACKER }, value: 40, threshold: 40 });
    expect(ev[0]!.subject.account).toBeUndefined();
  });

  it('reads form and query fields (sjhm, phone) and masks an e-mail target itself', () => {
    const form = (sec: number) =>
      at(sec, { method: 'POST', url: '/app/yzm/send', request: { headers: [['content-type', 'application/x-www-form-urlencoded']], body: `sjhm=${VICTIM}&lx=1` }, response: { body: { retCode: '000000', retMsg: '发送成功' } } });
    expect(events(smsBombingRisk, Array.from({ length: 10 }, (_, i) => form(i * 30)))).toHaveLength(1);
    const query = (sec: number) => at(sec, { method: 'GET', url: `/api/sms/sendCode?phone=${VICTIM}`, response: { body: { code: 0, msg: 'ok' } } });
    expect(events(smsBombingRisk, Array.from({ length: 10 }, (_, i) => query(i * 30)))).toHaveLength(1);
    const mail = events(smsBombingRisk, Array.from({ length: 10 }, (_, i) => send(i * 30, 'Victim.Name@Example.cn', { field: 'email' })));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject.account).toBe('v***@example.cn');
    expect(mail[0]!.detail).not.toContain('victim');
  });

  it('step-up codes to a signed-in customer\'s own (masked) number, and non-send endpoints, are not counted', () => {
    expect(events(smsBombingRisk, Array.from({ length: 30 }, (_, i) => send(i * 10, '138****5678', { biz: 'LOGIN' })))).toEqual([]);
    const login = (sec: number) =>
      at(sec, { method: 'POST', url: '/api/v1/auth/login', request: { body: { mobile: VICTIM, password: 'x-Encrypted==' } }, response: { body: { code: 'E1001', msg: '用户名或密码错误' } } });
    expect(events(smsBombingRisk, Array.from({ length: 30 }, (_, i) => login(i * 10)))).toEqual([]);
  });

  it('normalises targets', () => {
    expect(normaliseTarget(' +86 (138) 1234-5678 ')).toEqual({ kind: 'mobile', value: VICTIM });
    expect(normaliseTarget('138****5678')).toBeUndefined();
    expect(normaliseTarget('12345')).toBeUndefined();
    expect(normaliseTarget('abc')).toBeUndefined();
    expect(normaliseTarget('A@B.CN')).toEqual({ kind: 'email', value: 'a@b.cn' });
  });

  it('finds the simulated bombing with its client', async () => {
    const { events: ev, labels } = await simulated(smsBombingRisk, ['sms-bombing']);
    expect(missed(ev, labels, 'sms-bombing')).toEqual([]);
    expect(ev.length).toBeLessThanOrEqual(2);
  });

  it('stays quiet on benign simulated traffic (two seeds)', async () => {
    for (const seed of [7, 11]) {
      const { events: ev } = await simulated(smsBombingRisk, [], { seed });
      expect(ev).toEqual([]);
    }
  });
});
