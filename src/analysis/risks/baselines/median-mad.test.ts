import { describe, expect, it } from 'vitest';
import { MedianMadBaseline } from './median-mad.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

describe('MedianMadBaseline', () => {
  it('median and MAD of the values it holds', () => {
    const b = new MedianMadBaseline({ size: 10, minSamples: 3 });
    for (const v of [10, 12, 11, 9, 10, 10, 200]) b.observe(v); // one outlier does not move it
    const e = b.expected();
    expect(e.mean).toBe(10);
    expect(e.spread).toBeCloseTo(1.4826, 4); // MAD 1
    expect(e).toMatchObject({ ready: true, samples: 7 });
  });

  it('is not ready before minSamples', () => {
    const b = new MedianMadBaseline({ minSamples: 7 });
    const cases: [observed: number, ready: boolean][] = [
      [0, false],
      [6, false],
      [7, true],
    ];
    let n = 0;
    for (const [observed, ready] of cases) {
      while (n < observed) b.observe(100 + (n++ % 3));
      expect(b.expected().ready, `${observed}`).toBe(ready);
      expect(b.isAnomalous(1e9)).toBe(ready);
    }
  });

  it('flags a per-account daily volume far above its usual, with a floor for small accounts', () => {
    const b = new MedianMadBaseline({ size: 30, minSamples: 7, counts: true });
    for (let d = 0; d < 20; d++) b.observe(90 + d); // 90…109 records a day: median 99.5, MAD 5
    // the spread is √99.5 ≈ 9.97 (the count floor, above 1.4826 × 5): threshold 99.5 + 4 × 9.97 ≈ 139.4
    expect(b.judge(0).threshold).toBeCloseTo(99.5 + 4 * Math.sqrt(99.5), 6);
    const cases: [value: number, minAbsolute: number, anomalous: boolean][] = [
      [120, 0, false],
      [139, 0, false],
      [140, 0, true],
      [5000, 0, true],
      [5000, 10_000, false],
    ];
    for (const [v, floor, want] of cases) expect(b.isAnomalous(v, { k: 4, minAbsolute: floor }), `${v}`).toBe(want);
  });

  it('forgets values older than its ring: a new level becomes normal after half the ring', () => {
    const b = new MedianMadBaseline({ size: 10, minSamples: 5 });
    for (let i = 0; i < 10; i++) b.observe(100);
    for (let i = 0; i < 5; i++) b.observe(1000);
    expect(b.expected().mean).toBe(550); // five of each: half way
    b.observe(1000);
    expect(b.expected().mean).toBe(1000);
    expect(b.isAnomalous(1000)).toBe(false);
  });

  it('records events into days (local time), quiet days as zero', () => {
    const b = new MedianMadBaseline({ size: 30, minSamples: 3, tzOffsetMinutes: 480 });
    // 23:30 and 00:30 Beijing time fall on different local days
    b.record(Date.UTC(2024, 0, 1, 15, 30), 5);
    b.record(Date.UTC(2024, 0, 1, 16, 30), 7);
    expect(b.samples).toBe(1);
    expect(b.current(Date.UTC(2024, 0, 1, 20))).toBe(7);
    b.record(Date.UTC(2024, 0, 6, 1), 1); // Jan 3, 4 and 5 were quiet
    expect(b.samples).toBe(5);
    expect(b.expected().mean).toBe(0); // 5, 7, 0, 0, 0
  });

  it('round-trips through JSON, full ring included', () => {
    const b = new MedianMadBaseline({ size: 5, minSamples: 2 });
    for (let i = 0; i < 8; i++) b.observe(i * i);
    b.record(T0 + 3 * DAY + 1, 4);
    const c = MedianMadBaseline.fromJSON(JSON.parse(JSON.stringify(b)));
    expect(c.toJSON()).toEqual(b.toJSON());
    expect(c.toJSON().values).toEqual([9, 16, 25, 36, 49]); // the last five, oldest first
    expect(c.expected()).toEqual(b.expected());
    c.observe(1);
    b.observe(1);
    expect(c.toJSON()).toEqual(b.toJSON());
    expect(() => MedianMadBaseline.fromJSON({ kind: 'median-mad', v: 9 })).toThrow(expect.objectContaining({ code: 'GL_STORE' }));
  });

  it('options checked once serve many baselines, which behave as ones made from the raw options', () => {
    const checked = MedianMadBaseline.options({ size: 5, minSamples: 2, counts: true });
    expect(Object.isFrozen(checked)).toBe(true);
    expect(checked).toMatchObject({ size: 5, minSamples: 2, counts: true, k: 4 });
    const a = new MedianMadBaseline(checked);
    const b = new MedianMadBaseline({ size: 5, minSamples: 2, counts: true });
    for (const v of [3, 9, 4, 4, 20, 5]) {
      a.observe(v);
      b.observe(v);
    }
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(a.expected()).toEqual(b.expected());
    // invalid options fail where they are checked, with the config error
    expect(() => MedianMadBaseline.options({ size: 3, minSamples: 4 })).toThrow(expect.objectContaining({ code: 'GL_CONFIG_INVALID' }));
    expect(() => new MedianMadBaseline({ size: 0 })).toThrow(expect.objectContaining({ code: 'GL_CONFIG_INVALID' }));
    // an unchecked object that looks the same is still checked
    expect(() => new MedianMadBaseline({ ...checked, size: -1 })).toThrow(expect.objectContaining({ code: 'GL_CONFIG_INVALID' }));
  });
});
