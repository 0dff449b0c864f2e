import { describe, expect, it } from 'vitest';
import { EwmaBaseline } from './ewma.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 2024-01-01 00:00 UTC */
const T0 = Date.UTC(2024, 0, 1);

/** deterministic noise (mulberry32 + Box–Muller) so the tests are table-like */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  const u = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u() + 1e-12)) * Math.cos(2 * Math.PI * u());
}

/** 10 requests an hour at night, 500 by day (08:00–19:59), Poisson-like noise, times `level` */
function rate(ts: number, noise: () => number, level = 1): number {
  const h = new Date(ts).getUTCHours();
  const mean = (h >= 8 && h < 20 ? 500 : 10) * level;
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * noise()));
}

function learnt(days: number, seed = 1): EwmaBaseline {
  const b = new EwmaBaseline();
  const noise = rng(seed);
  for (let t = T0; t < T0 + days * DAY; t += HOUR) b.observe(t, rate(t, noise));
  return b;
}

const at = (day: number, hour: number): number => T0 + day * DAY + hour * HOUR;

describe('EwmaBaseline (hour-of-week)', () => {
  it('learns a daily pattern in three weeks: 5000 at 3 am is anomalous, 520 at 11 am is not', () => {
    const b = learnt(21);
    const cases: [ts: number, value: number, anomalous: boolean][] = [
      [at(21, 3), 5000, true],
      [at(21, 3), 12, false],
      [at(21, 11), 520, false],
      [at(21, 11), 480, false],
      [at(21, 11), 900, true],
      [at(22, 3), 60, true], // 60 at night is 15 σ above 10…
    ];
    for (const [ts, v, want] of cases) expect(b.isAnomalous(ts, v, { k: 4 }), `${v} at ${new Date(ts).toISOString()}`).toBe(want);
    // …unless the detector's floor says small numbers never matter
    expect(b.isAnomalous(at(22, 3), 60, { k: 4, minAbsolute: 100 })).toBe(false);
    const j = b.judge(at(21, 3), 5000);
    expect(j).toMatchObject({ ready: true, basis: 'hour-of-week', samples: 3, anomalous: true });
    expect(j.mean).toBeGreaterThan(5);
    expect(j.mean).toBeLessThan(15);
    expect(j.score).toBeGreaterThan(100);
    expect(b.score(at(21, 11), 520)).toBeLessThan(2);
  });

  it('is not ready during warm-up, then judges from hour-of-day slots until the weekly ones are ready', () => {
    const cases: [days: number, ready: boolean, basis: string][] = [
      [0, false, 'hour-of-week'],
      [1, false, 'hour-of-week'],
      [2, false, 'hour-of-week'], // two observations per hour of day
      [3, true, 'hour-of-day'],
      [14, true, 'hour-of-day'], // Mondays seen twice
      [21, true, 'hour-of-week'],
    ];
    for (const [days, ready, basis] of cases) {
      const b = learnt(days);
      const e = b.expected(at(days, 3));
      expect({ days, ready: e.ready, basis: e.basis }).toEqual({ days, ready, basis });
      expect(b.isAnomalous(at(days, 3), 5000)).toBe(ready);
      if (!ready) expect(b.score(at(days, 3), 5000)).toBe(0);
    }
  });

  it('waits for minSamples overall', () => {
    const b = new EwmaBaseline({ seasonality: 'none', minSamplesPerSlot: 1, minSamples: 5 });
    for (let i = 0; i < 4; i++) b.observe(at(0, i), 10);
    expect(b.expected(at(0, 4)).ready).toBe(false);
    b.observe(at(0, 4), 10);
    expect(b.expected(at(0, 5))).toMatchObject({ ready: true, basis: 'flat', mean: 10 });
  });

  it('is not poisoned by a one-hour burst', () => {
    const b = learnt(21);
    b.observe(at(21, 3), 5000); // an attack, learnt clipped
    const noise = rng(7);
    for (let t = at(21, 4); t < at(28, 3); t += HOUR) b.observe(t, rate(t, noise));
    expect(b.expected(at(28, 3)).mean).toBeLessThan(30);
    expect(b.isAnomalous(at(28, 3), 5000)).toBe(true);
  });

  it('keeps flagging a sustained burst of a few hours (it is not taken for a level shift)', () => {
    const b = learnt(21);
    const flagged: boolean[] = [];
    for (let h = 1; h <= 6; h++) {
      flagged.push(b.isAnomalous(at(21, h), 5000));
      b.observe(at(21, h), 5000);
    }
    expect(flagged).toEqual([true, true, true, true, true, true]);
    expect(b.isAnomalous(at(21, 7), 5000)).toBe(true);
  });

  it('adapts after a level shift: traffic doubles for good', () => {
    const b = learnt(21);
    const noise = rng(3);
    const flagged: number[] = []; // per day after the shift: hours judged anomalous at the new level
    for (let d = 21; d < 35; d++) {
      let f = 0;
      for (let h = 0; h < 24; h++) {
        const t = at(d, h);
        const v = rate(t, noise, 2);
        if (b.isAnomalous(t, v)) f++;
        b.observe(t, v);
      }
      flagged.push(f);
    }
    // flagged while the change is new (measured: 14, 14, then 0 every day), then learnt: after about
    // a day of steady drift the hour-of-day slots take over, the weekly slots follow
    expect(flagged[0]).toBeGreaterThan(12);
    expect(flagged.slice(3)).toEqual(new Array<number>(11).fill(0));
    expect(b.isAnomalous(at(35, 11), 1000)).toBe(false);
    expect(b.isAnomalous(at(35, 3), 5000)).toBe(true);
    expect(b.expected(at(35, 11)).mean).toBeGreaterThan(800);
  });

  it('sums events into hours with record(), quiet hours learnt as zero', () => {
    const b = new EwmaBaseline({ seasonality: 'hour-of-day', minSamples: 0 });
    const noise = rng(5);
    for (let t = T0; t < T0 + 7 * DAY; t += HOUR) {
      const n = rate(t, noise);
      // one event at a time, spread over the hour; night hours 01:00–04:59 are silent on day 6
      const silent = t >= at(6, 1) && t < at(6, 5);
      if (!silent) for (let i = 0; i < n; i++) b.record(t + Math.floor((i * HOUR) / n));
    }
    expect(b.current(at(6, 23) + 10)).toBeGreaterThan(0); // the open hour
    expect(b.current(at(7, 0))).toBe(0);
    b.record(at(7, 0) + 5); // closes 23:00
    expect(b.samples).toBe(7 * 24);
    const j = b.judge(at(7, 11), 520);
    expect(j.ready && !j.anomalous).toBe(true);
    expect(b.expected(at(7, 2)).mean).toBeLessThan(10); // the silent hours pulled 02:00 down
  });

  it('uses local time for its slots', () => {
    const b = new EwmaBaseline({ seasonality: 'hour-of-day', tzOffsetMinutes: 480, minSamples: 0, minSamplesPerSlot: 1 });
    b.observe(Date.UTC(2024, 0, 1, 1), 777); // 09:00 in Beijing
    expect(b.expected(Date.UTC(2024, 0, 2, 1, 30)).mean).toBe(777);
    expect(b.expected(Date.UTC(2024, 0, 2, 9)).ready).toBe(false);
  });

  it('round-trips through JSON: same state, same judgements', () => {
    const b = learnt(22, 9);
    b.record(at(22, 5) + 1, 42);
    const json = JSON.parse(JSON.stringify(b)) as unknown;
    const c = EwmaBaseline.fromJSON(json);
    expect(c.toJSON()).toEqual(b.toJSON());
    for (const [ts, v] of [[at(22, 3), 5000], [at(22, 11), 520], [at(22, 9), 700]] as const) expect(c.judge(ts, v)).toEqual(b.judge(ts, v));
    expect(c.current(at(22, 5) + 2)).toBe(42);
    const unclipped = new EwmaBaseline({ clip: Infinity });
    expect(EwmaBaseline.fromJSON(JSON.parse(JSON.stringify(unclipped))).options.clip).toBe(unclipped.options.clip);
  });

  it('rejects what it did not write, with GL_STORE; bad options with GL_CONFIG_INVALID', () => {
    const good = learnt(1).toJSON();
    const bad: unknown[] = [null, {}, { ...good, v: 2 }, { ...good, mean: good.mean.slice(1) }, { ...good, kind: 'median-mad' }];
    for (const j of bad) expect(() => EwmaBaseline.fromJSON(j)).toThrow(expect.objectContaining({ code: 'GL_STORE' }));
    expect(() => new EwmaBaseline({ alpha: 0 })).toThrow(expect.objectContaining({ code: 'GL_CONFIG_INVALID' }));
  });
});
