import { describe, expect, it } from 'vitest';
import { Halves, LinearCount, csvRows, hashString, mixInt } from './leakage.js';

describe('leakage helpers', () => {
  it('counts distinct values within ~12 % up to a few hundred, and unions two counters', () => {
    for (const n of [1, 10, 50, 100, 300]) {
      const c = new LinearCount();
      for (let i = 0; i < n; i++) c.add(mixInt(1000 + i));
      expect(Math.abs(c.estimate() - n)).toBeLessThanOrEqual(Math.max(2, n * 0.12));
      const paths = new LinearCount();
      for (let i = 0; i < n; i++) paths.add(hashString(`/ebank/products/WM${2024001 + i * 7}.html`));
      expect(Math.abs(paths.estimate() - n)).toBeLessThanOrEqual(Math.max(2, n * 0.12));
    }
    const a = new LinearCount();
    const b = new LinearCount();
    for (let i = 0; i < 40; i++) (i < 20 ? a : b).add(mixInt(i));
    a.add(mixInt(5));
    expect(a.estimate(b)).toBeGreaterThanOrEqual(37);
    expect(a.estimate(b)).toBeLessThanOrEqual(43);
    expect(new LinearCount().estimate()).toBe(0);
  });

  it('keeps the current and the previous half-window, and forgets older ones', () => {
    const h = new Halves(600_000, () => ({ n: 0 }));
    const s = h.create(0);
    h.at(s, 0).n++;
    h.at(s, 299_000).n++;
    h.at(s, 300_000).n++;
    expect([s.cur.n, s.prev?.n]).toEqual([1, 2]);
    expect(h.startMs(s)).toBe(0);
    h.at(s, 1_000_000).n++;
    expect([s.cur.n, s.prev]).toEqual([1, undefined]);
    expect(h.startMs(s)).toBe(900_000);
  });

  it('counts CSV data rows without the header and blank lines', () => {
    expect(csvRows('a,b\n1,2\n3,4\n')).toBe(2);
    expect(csvRows('a,b\r\n1,2\r\n\r\n3,4')).toBe(2);
    expect(csvRows('a,b\n')).toBe(0);
    expect(csvRows('')).toBe(0);
  });
});
