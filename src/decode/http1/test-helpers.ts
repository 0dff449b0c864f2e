/**
 * Test helpers: drive an HttpConnection with a scripted conversation, whole and split at every
 * byte, and check that both give the same Exchanges (the split-anywhere property).
 */
import { deepStrictEqual } from 'node:assert/strict';
import { Counters } from '../../core/anomalies.js';
import type { Exchange } from '../../core/exchange.js';
import { DEFAULT_LIMITS, type ConnectionInfo, type DecodeContext, type DecodeLimits, type Direction } from '../types.js';
import { HttpConnection } from './connection.js';

export type Step = [Direction, string | Buffer] | { gap: Direction; bytes: number };

export interface RunResult {
  exchanges: Exchange[];
  counters: Counters;
  /** wantsNoMoreData() after the last step (before close) */
  stopped: boolean;
}

export const T0 = Date.UTC(2024, 4, 1, 8, 0, 0);

export const CONN: ConnectionInfo = {
  id: 7,
  client: { ip: '203.0.113.7', port: 51234 },
  server: { ip: '10.0.0.5', port: 80 },
  midstream: false,
  ts: T0,
};

export function context(limits: Partial<DecodeLimits> = {}): DecodeContext {
  return { counters: new Counters(), limits: { ...DEFAULT_LIMITS, ...limits } };
}

/** piece sizes: undefined = each step whole; n = pieces of n bytes */
export function run(steps: readonly Step[], opts: { limits?: Partial<DecodeLimits>; midstream?: boolean; piece?: number } = {}): RunResult {
  const ctx = context(opts.limits);
  const exchanges: Exchange[] = [];
  const conn = { ...CONN, midstream: opts.midstream ?? false };
  const http = new HttpConnection(conn, ctx, { source: 'test:case', onExchange: (ex) => exchanges.push(ex) });
  let ts = T0;
  for (const step of steps) {
    if (Array.isArray(step)) {
      const [dir, d] = step;
      const data = typeof d === 'string' ? Buffer.from(d, 'latin1') : d;
      const piece = opts.piece ?? data.length;
      for (let i = 0; i < data.length; i += piece) http.onData(dir, Buffer.from(data.subarray(i, i + piece)), ts);
    } else {
      http.onGap(step.gap, step.bytes, ts);
    }
    ts += 10;
  }
  const stopped = http.wantsNoMoreData();
  http.onClose(ts, 'end');
  return { exchanges, counters: ctx.counters, stopped };
}

/**
 * Run whole and split at every byte (and in 7-byte pieces); all must agree (else it throws with a
 * diff). Returns the whole run. No test framework here: this module is plain code.
 */
export function converse(steps: readonly Step[], opts: { limits?: Partial<DecodeLimits>; midstream?: boolean } = {}): RunResult {
  const whole = run(steps, opts);
  for (const piece of [1, 7]) {
    const split = run(steps, { ...opts, piece });
    deepStrictEqual(clean(split.exchanges), clean(whole.exchanges), `Exchanges differ when fed in ${piece}-byte pieces`);
    deepStrictEqual(split.counters.toJSON(), whole.counters.toJSON(), `counters differ when fed in ${piece}-byte pieces`);
  }
  return whole;
}

/** Drop undefined-valued keys (Exchanges carry optional fields as undefined) for readable matching. */
export function clean<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
