import { describe, expect, it } from 'vitest';
import { PeriodSum } from './period.js';

describe('PeriodSum', () => {
  it('closes each ended period once, empty ones as zero, at most maxGap of them', () => {
    const p = new PeriodSum(10);
    const closed: [number, number][] = [];
    const close = (s: number, n: number): number => closed.push([s, n]);
    p.add(3, 1, close, 2);
    p.add(9, 2, close, 2);
    p.add(10, 1, close, 2); // closes [0, 10)
    p.add(5, 1, close, 2); // late: counted in the open period
    p.add(45, 1, close, 2); // closes [10, 20) and the two empty periods 20 and 30
    expect(closed).toEqual([
      [0, 3],
      [10, 2],
      [20, 0],
      [30, 0],
    ]);
    expect([p.current(45), p.current(49), p.current(50)]).toEqual([1, 1, 0]);
    p.add(100, 1, close, 2); // closes [40, 50); of the five empty periods only the last two
    expect(closed.slice(4)).toEqual([
      [40, 1],
      [80, 0],
      [90, 0],
    ]);
  });

  it('aligns periods to an offset (local days)', () => {
    const p = new PeriodSum(86_400_000, 8 * 3_600_000);
    expect(p.startOf(Date.UTC(2024, 0, 1, 16))).toBe(Date.UTC(2024, 0, 1, 16)); // 00:00 in Beijing
    expect(p.startOf(Date.UTC(2024, 0, 1, 15, 59))).toBe(Date.UTC(2024, 0, 0, 16));
  });
});
