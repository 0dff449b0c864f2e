import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { at, events, missed, simulated } from '../test-helpers.js';
import { passwordSprayingRisk } from './detect.js';

const ATTACKER = '192.0.2.150';

/** An internet-banking form login answered in the `retCode` envelope. */
function formLogin(sec: number, account: string, password: string, ok: boolean, client = ATTACKER): Exchange {
  return at(sec, {
    method: 'POST',
    url: '/ebank/login.do',
    client,
    request: { headers: [['content-type', 'application/x-www-form-urlencoded']], body: new URLSearchParams({ loginName: account, password, captcha: 'k3mz', loginType: '1' }).toString() },
    response: { body: ok ? { retCode: '000000', retMsg: '登录成功', data: { redirect: '/main.html' } } : { retCode: 'EB1001', retMsg: '用户名或密码错误', data: null } },
  });
}

/** An app JSON login with its own password. */
function appLogin(sec: number, account: string, password: string, ok: boolean, client = ATTACKER): Exchange {
  return at(sec, {
    method: 'POST',
    url: '/api/v1/auth/login',
    client,
    request: { body: { loginName: account, password, loginType: 'PWD' } },
    response: { body: ok ? { code: '0000', msg: '登录成功', data: { token: `tok-${account}-${sec}-abcdef` } } : { code: 'E1001', msg: '用户名或密码错误' } },
  });
}

const user = (i: number): string => `138${String(10_000_000 + i * 7919).slice(-8)}`;
/** a fresh ciphertext-like password per attempt: not comparable across accounts */
const fresh = (i: number, a = 0): string => `enc${i}x${a}QmFzZTY0==`;

describe('password-spraying', () => {
  it('one password tried slowly on 30 accounts from one client, one success: an event on the client', () => {
    const ex = Array.from({ length: 30 }, (_, i) => formLogin(i * 30, user(i), 'Spring2024!', i === 17));
    const ev = events(passwordSprayingRisk, ex);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ slug: 'password-spraying', ruleId: 'GL-R-0003', subject: { ip: ATTACKER, endpoint: { method: 'POST', pathTemplate: '/ebank/login.do' } }, threshold: 10, baseline: null });
    expect(ev[0]!.subject.account).toBeUndefined();
    expect(ev[0]!.value).toBeGreaterThanOrEqual(25);
    // the event opens on the 10th account (the 10th failure: attempt index 9 at 270 s)
    expect(ev[0]!.evidence[0]!.ts).toBe(new Date(Date.parse('2024-06-03T02:00:00Z') + 270_000).toISOString());
    expect(ev[0]!.detail).not.toContain('Spring2024');
    expect(ev[0]!.detail).not.toMatch(/138\d{8}/);
  });

  it('one password from a few addresses adds up; customers each mistyping a common password once do not', () => {
    // 4 addresses, 3 accounts each, one password: fires on the address that reaches 3 own accounts once 10 accounts failed
    const spread = Array.from({ length: 12 }, (_, i) => appLogin(i * 45, user(i), 'Passw0rd', false, `203.0.113.${10 + (i % 4)}`));
    const ev = events(passwordSprayingRisk, spread);
    expect(ev.map((e) => e.subject.ip)).toEqual(['203.0.113.11', '203.0.113.12', '203.0.113.13']);
    expect(ev[0]).toMatchObject({ value: 10, threshold: 10 });
    // 12 customers on 12 addresses, each failing once with the same common password
    const mistypes = Array.from({ length: 12 }, (_, i) => appLogin(i * 45, user(i), '123456', false, `203.0.113.${10 + i}`));
    expect(events(passwordSprayingRisk, mistypes)).toEqual([]);
    expect(events(passwordSprayingRisk, mistypes, { minClientAccountsSamePassword: 1 })).toHaveLength(3);
  });

  it('the per-client shape fires at minAccounts distinct failed accounts when passwords are not comparable', () => {
    const spray = (n: number) => Array.from({ length: n }, (_, i) => appLogin(i * 60, user(i), fresh(i), false));
    expect(events(passwordSprayingRisk, spray(19))).toEqual([]);
    const ev = events(passwordSprayingRisk, spray(25));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ subject: { ip: ATTACKER }, threshold: 20, value: 25 });
  });

  it('at most maxAttemptsPerAccount failures per account: two fire, three (brute-force-like) do not', () => {
    const per = (k: number) => Array.from({ length: 20 * k }, (_, j) => appLogin(j * 20, user(Math.floor(j / k)), fresh(j), false));
    expect(events(passwordSprayingRisk, per(2))).toHaveLength(1);
    expect(events(passwordSprayingRisk, per(3))).toEqual([]);
  });

  it('brute force on one account is not spraying, even with one password', () => {
    expect(events(passwordSprayingRisk, Array.from({ length: 60 }, (_, i) => appLogin(i * 20, user(1), 'Passw0rd', false)))).toEqual([]);
  });

  it('a NAT address where many customers log in and some mistype is not spraying', () => {
    const ex: Exchange[] = [];
    for (let i = 0; i < 300; i++) {
      const t = i * 10;
      if (i % 10 === 3) ex.push(appLogin(t, user(i), fresh(i, 1), false, '203.0.113.99'));
      ex.push(appLogin(t + 5, user(i), fresh(i, 2), true, '203.0.113.99'));
    }
    expect(events(passwordSprayingRisk, ex)).toEqual([]);
  });

  it('window: 10 accounts with one password over 90 minutes do not fire in an hour, do in two', () => {
    const ex = Array.from({ length: 10 }, (_, i) => appLogin(i * 600, user(i), 'Passw0rd', false));
    expect(events(passwordSprayingRisk, ex)).toEqual([]);
    expect(events(passwordSprayingRisk, ex, { windowSeconds: 7200 })).toHaveLength(1);
  });

  it('empty and placeholder passwords are not compared', () => {
    for (const pw of ['', '******', 'null']) {
      expect(events(passwordSprayingRisk, Array.from({ length: 15 }, (_, i) => appLogin(i * 60, user(i), pw, false)))).toEqual([]);
    }
  });

  it('finds the simulated spray with its client', async () => {
    const { events: ev, labels } = await simulated(passwordSprayingRisk, ['password-spraying']);
    expect(missed(ev, labels, 'password-spraying')).toEqual([]);
    expect(ev).toHaveLength(1);
    expect(ev[0]!.detail).toContain('one password');
    // without the password signal, the client's shape alone finds it too
    const shape = await simulated(passwordSprayingRisk, ['password-spraying'], { params: { 'password-spraying': { minAccountsSamePassword: 1_000_000 } } });
    expect(missed(shape.events, shape.labels, 'password-spraying')).toEqual([]);
  });

  it('stays quiet on benign simulated traffic (two seeds)', async () => {
    for (const seed of [7, 11]) {
      const { events: ev } = await simulated(passwordSprayingRisk, [], { seed });
      expect(ev).toEqual([]);
    }
  });
});
