import { describe, expect, it } from 'vitest';
import { SlidingCounter } from './sliding-counter.js';

describe('SlidingCounter', () => {
  // 60 s window in 6 steps of 10 s: an event counts until the end of its step + 50 s
  const mk = () => new SlidingCounter({ windowMs: 60_000, buckets: 6, maxKeys: 100 });

  it('slides and expires at the step boundaries', () => {
    const c = mk();
    c.add('ip', 0);
    c.add('ip', 5_000);
    c.add('ip', 15_000, 3);
    const cases: [ts: number, count: number][] = [
      [0, 2], // a query sees whole steps: 0 s and 5 s share step 0
      [9_999, 2],
      [15_000, 5],
      [59_999, 5],
      [60_000, 3], // step 0 (0 s, 5 s) has left
      [69_999, 3],
      [70_000, 0], // step 1 (15 s) has left
      [1_000_000, 0],
    ];
    for (const [ts, n] of cases) expect(c.count('ip', ts), `at ${ts}`).toBe(n);
  });

  it('keeps counting while adds move the ring forward', () => {
    const c = mk();
    for (let t = 0; t < 300_000; t += 1_000) c.add('ip', t); // one a second
    expect(c.count('ip', 299_000)).toBe(60); // steps 24..29: 240 s … 299 s
    c.add('ip', 330_000);
    expect(c.count('ip', 330_000)).toBe(21); // steps 28..33: 280 s … 299 s, and 330 s
    c.add('ip', 500_000); // a jump longer than the window clears the ring
    expect(c.count('ip', 500_000)).toBe(1);
  });

  it('puts out-of-order events in their step, drops those older than the window', () => {
    const c = mk();
    c.add('ip', 100_000);
    expect(c.add('ip', 55_000)).toBe(true); // step 5, still in the ring (steps 5..10)
    expect(c.count('ip', 100_000)).toBe(2);
    expect(c.add('ip', 49_999)).toBe(false);
    expect(c.late).toBe(1);
    expect(c.count('ip', 60_000)).toBe(1); // a query in the past sees what the ring still holds
  });

  it('keeps keys apart and forgets idle ones after the window', () => {
    const c = mk();
    c.add('a', 0);
    c.add('b', 0, 2);
    expect([c.count('a', 1), c.count('b', 1), c.count('c', 1)]).toEqual([1, 2, 0]);
    c.add('c', 60_000);
    expect(c.size).toBe(1);
    expect(c.evictedByTtl).toBe(2);
  });

  it('caps its keys', () => {
    const c = new SlidingCounter({ windowMs: 60_000, maxKeys: 10 });
    for (let i = 0; i < 1000; i++) c.add(`10.0.${i >> 8}.${i & 255}`, i);
    expect(c.size).toBe(10);
    expect(c.evictedByCap).toBe(990);
    expect(c.count('10.0.3.231', 1000)).toBe(1); // the last key is still there
  });

  it('rejects a window that does not divide into its buckets', () => {
    expect(() => new SlidingCounter({ windowMs: 1000, buckets: 7, maxKeys: 1 })).toThrow(RangeError);
  });
});
