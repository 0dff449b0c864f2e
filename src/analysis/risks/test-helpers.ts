/** Table-test helpers for risk detectors: exchanges at given event times, one detector at a time. */
import type { Exchange } from '../../core/exchange.js';
import type { RiskEvent } from '../../core/risk.js';
import { ex, type ExchangeSpec } from '../weaknesses/test-helpers.js';
import { analyzeRisks } from './run.js';
import type { RiskDetector } from './types.js';

export const T0 = Date.UTC(2024, 5, 3, 2, 0, 0);

/** An exchange `sec` seconds after T0 (the injected clock: event time only). */
export function at(sec: number, s: ExchangeSpec): Exchange {
  return ex({ ...s, ts: new Date(T0 + sec * 1000).toISOString() });
}

export function events(detector: RiskDetector, exchanges: Iterable<Exchange>, params?: Record<string, unknown>): RiskEvent[] {
  return analyzeRisks(exchanges, { detectors: [detector], params: params ? { [detector.descriptor.slug]: params } : {} }).events;
}

/** A password login answered like a bank back end: success with a token, or 密码错误. */
export function loginAttempt(sec: number, account: string, ok: boolean, client = '198.51.100.7'): Exchange {
  return at(sec, {
    method: 'POST',
    url: '/api/v1/auth/login',
    client,
    request: { body: { loginName: account, password: 'x-Encrypted==' } },
    response: { body: ok ? { code: '0000', msg: '登录成功', data: { token: `tok-${account}-${sec}` } } : { code: 'E1001', msg: '用户名或密码错误' } },
  });
}
