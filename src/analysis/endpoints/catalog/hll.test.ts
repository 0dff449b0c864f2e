import { describe, expect, it } from 'vitest';
import { Hll } from './hll.js';

const ips = (n: number, base = 0): string[] => Array.from({ length: n }, (_, i) => `10.${(base + i) >> 16 & 255}.${((base + i) >> 8) & 255}.${(base + i) & 255}`);

describe('Hll (distinct clients)', () => {
  it('is exact while small, and survives a round trip', () => {
    const h = new Hll();
    for (const ip of [...ips(20), ...ips(20)]) h.add(ip);
    expect(h.count()).toBe(20);
    expect(Hll.fromBase64(h.toBase64()).count()).toBe(20);
  });

  it('estimates within 10 % at scale, after a round trip and a merge', () => {
    const a = new Hll();
    const b = new Hll();
    for (const ip of ips(30_000)) a.add(ip);
    for (const ip of ips(30_000, 20_000)) b.add(ip);
    const a2 = Hll.fromBase64(a.toBase64());
    expect(Math.abs(a2.count() - 30_000) / 30_000).toBeLessThan(0.1);
    a2.merge(b);
    expect(Math.abs(a2.count() - 50_000) / 50_000).toBeLessThan(0.1);
  });

  it('merges an exact set into registers and registers into an exact set', () => {
    const small = new Hll();
    for (const ip of ips(10, 100_000)) small.add(ip);
    const big = new Hll();
    for (const ip of ips(1000)) big.add(ip);
    const into = Hll.fromBase64(big.toBase64());
    into.merge(small);
    expect(Math.abs(into.count() - 1010) / 1010).toBeLessThan(0.1);
    small.merge(big);
    expect(Math.abs(small.count() - 1010) / 1010).toBeLessThan(0.1);
  });
});
