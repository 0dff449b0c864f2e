import { describe, expect, it } from 'vitest';
import { ex, findings, where } from '../test-helpers.js';
import { smsNoRateLimit } from './detect.js';
import { businessOk, REFUSAL } from './send.js';

const T0 = Date.UTC(2024, 4, 1, 8);
const at = (sec: number): string => new Date(T0 + sec * 1000).toISOString();
const SENT = { code: '0000', msg: '发送成功', data: { expireSeconds: 300 } };
const TOO_FAST = { code: 'E1001', msg: '短信发送过于频繁，请60秒后重试' };

const send = (mobile: string, sec: number, o: { client?: string; status?: number; body?: object; url?: string } = {}) =>
  ex({
    method: 'POST',
    url: o.url ?? '/api/v1/sms/send',
    host: 'mapi.bank.example.cn',
    ts: at(sec),
    client: o.client ?? '203.0.113.7',
    request: { body: { mobile, bizType: 'LOGIN' } },
    status: o.status ?? 200,
    response: { body: o.body ?? SENT },
  });
const times = (n: number, step: number, f: (i: number) => ReturnType<typeof ex>) => Array.from({ length: n }, (_, i) => f(i * step));
const MOBILE = '13812345678';
const mobileN = (i: number) => `1391234${String(1000 + i)}`;

describe('sms-no-rate-limit', () => {
  const valid: [string, ReturnType<typeof ex>[]][] = [
    ['seven sends to one number in ten minutes', times(7, 90, (s) => send(MOBILE, s))],
    ['one client, 25 numbers in half an hour', Array.from({ length: 25 }, (_, i) => send(mobileN(i), i * 60))],
    [
      'pinyin form send',
      times(8, 30, (s) =>
        ex({ method: 'POST', url: '/app/yzm/fasong', ts: at(s), request: { body: `sjh=${MOBILE}&lx=1`, headers: [['content-type', 'application/x-www-form-urlencoded']] }, response: { body: { success: true } } }),
      ),
    ],
  ];
  const invalid: [string, ReturnType<typeof ex>[]][] = [
    ['seven sends spread over seven hours', times(7, 3700, (s) => send(MOBILE, s))],
    ['exactly the limit (five sends)', times(5, 60, (s) => send(MOBILE, s))],
    ['429 after three sends', times(8, 20, (s) => send(MOBILE, s, s >= 60 ? { status: 429, body: { message: 'Too Many Requests' } } : {}))],
    ['business refusal "发送过于频繁"', times(8, 20, (s) => send(MOBILE, s, s >= 40 ? { body: TOO_FAST } : {}))],
    ['refusal only after the threshold was crossed', times(9, 20, (s) => send(MOBILE, s, s >= 140 ? { body: TOO_FAST } : {}))],
    ['seven numbers from seven clients', Array.from({ length: 7 }, (_, i) => send(mobileN(i), i * 10, { client: `198.51.100.${i + 1}` }))],
    ['failed sends (number not registered)', times(8, 30, (s) => send(MOBILE, s, { body: { code: 'E2002', msg: '手机号未注册' } }))],
    ['masked number', times(8, 30, (s) => send('138****5678', s))],
    [
      'SMS login is not a send',
      times(8, 30, (s) => ex({ method: 'POST', url: '/api/v1/auth/smsLogin', ts: at(s), request: { body: { mobile: MOBILE, smsCode: '604213' } }, response: { body: { code: 0, token: 'x' } } })),
    ],
    ['profile updates carrying a mobile', times(8, 30, (s) => ex({ method: 'POST', url: '/api/v1/user/profile/update', ts: at(s), request: { body: { mobile: MOBILE, nickname: 'zz' } }, response: { body: SENT } }))],
  ];
  for (const [name, exchanges] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(smsNoRateLimit, exchanges);
      expect(f).toHaveLength(1);
      expect(f[0]!.ruleId).toBe('GL-W-0014');
      expect(f[0]!.location).toBe('');
      expect(f[0]!.evidence.length).toBeGreaterThan(0);
      expect(f[0]!.detail).not.toMatch(/1381234|1391234/);
      expect(JSON.stringify(f[0]!.data)).not.toMatch(/1381234|1391234/);
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(smsNoRateLimit, exchanges)).toEqual([]);
    });
  }
  it('reports the measured counts', () => {
    const f = findings(smsNoRateLimit, valid[0]![1]);
    expect(where(f)).toEqual(['POST /api/v1/sms/send']);
    expect(f[0]!.data).toMatchObject({ maxSendsToOneRecipient: 6, windowSeconds: 3600, refusals: 0, sends: 7 });
  });
  it('thresholds are params', () => {
    expect(findings(smsNoRateLimit, valid[0]![1], { maxSendsPerNumber: 10 })).toEqual([]);
    expect(findings(smsNoRateLimit, invalid[0]![1], { windowSeconds: 86_400 })).toHaveLength(1);
  });
  it('reads business outcomes and refusal wording', () => {
    expect(businessOk({ code: '0000' })).toBe(true);
    expect(businessOk({ retCode: 'E001', code: '0' })).toBe(false);
    expect(businessOk({ success: false })).toBe(false);
    expect(businessOk({ data: 1 })).toBeUndefined();
    expect(REFUSAL.test('操作过于频繁，请稍后再试')).toBe(true);
    expect(REFUSAL.test('今日发送次数已达上限')).toBe(true);
    expect(REFUSAL.test('手机号格式错误')).toBe(false);
  });
});
