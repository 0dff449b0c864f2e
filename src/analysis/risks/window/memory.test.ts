import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DistinctCounter } from './distinct-counter.js';
import { SlidingCounter } from './sliding-counter.js';

/** a real collection when possible, so heap figures measure what is retained */
function collector(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  const fromVm = runInNewContext('gc') as (() => void) | undefined;
  return fromVm ?? (() => {});
}

const MB = 1024 * 1024;
/** V8 keeps typed arrays over 64 bytes (the Hll registers) outside the heap: count them too */
const used = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const ip = (i: number): string => `${10 + (i >>> 24)}.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;

describe('memory stays bounded under a flood of client IPs', () => {
  it('1 000 000 distinct IPs through a SlidingCounter and a DistinctCounter capped at 100 000 keys', () => {
    const gc = collector();
    const maxKeys = 100_000;
    gc();
    const before = used();
    // 1 h window: nothing idles out, so the cap is what holds memory down
    const requests = new SlidingCounter({ windowMs: 3_600_000, buckets: 60, maxKeys });
    const accounts = new DistinctCounter({ windowMs: 3_600_000, maxKeys });
    let peakKeys = 0;
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 1_000_000; i++) {
      const ts = t0 + i; // 1 M requests over ~17 minutes
      const client = ip(i);
      requests.add(client, ts);
      accounts.add(client, ts, `acct${i % 5000}`);
      accounts.add(client, ts, `acct${(i + 1) % 5000}`);
      if (requests.size > peakKeys) peakKeys = requests.size;
      if (accounts.size > peakKeys) peakKeys = accounts.size;
    }
    gc();
    const after = used();
    const growthMb = (after - before) / MB;
    console.log(
      `[risks/window memory] heapUsed+arrayBuffers before ${(before / MB).toFixed(1)} MB, after ${(after / MB).toFixed(1)} MB, ` +
        `growth ${growthMb.toFixed(1)} MB for 2 × ${maxKeys} keys (${((after - before) / (2 * maxKeys)).toFixed(0)} B/key); ` +
        `evicted ${requests.evictedByCap} + ${accounts.evictedByCap}`,
    );
    expect(peakKeys).toBeLessThanOrEqual(maxKeys);
    expect(requests.evictedByCap).toBe(900_000);
    expect(accounts.evictedByCap).toBe(900_000);
    expect(growthMb).toBeLessThan(150);
    // the newest keys are intact
    expect(requests.count(ip(999_999), t0 + 1_000_000)).toBe(1);
    expect(accounts.count(ip(999_999), t0 + 1_000_000)).toBe(2);
  });
});
