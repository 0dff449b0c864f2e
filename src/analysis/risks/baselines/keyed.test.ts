import { describe, expect, it } from 'vitest';
import { EwmaBaseline } from './ewma.js';
import { KeyedBaselines } from './keyed.js';
import { MedianMadBaseline } from './median-mad.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

const perAccount = (maxKeys = 3) =>
  new KeyedBaselines({
    maxKeys,
    ttlMs: 30 * DAY,
    create: () => new MedianMadBaseline({ size: 10, minSamples: 2 }),
    revive: MedianMadBaseline.fromJSON,
  });

describe('KeyedBaselines', () => {
  it('one baseline per key, capped, idle keys dropped after ttl', () => {
    const c = perAccount();
    for (const k of ['a', 'b', 'c', 'd']) c.get(k, T0).observe(1);
    expect(c.size).toBe(3);
    expect(c.peek('a')).toBeUndefined();
    c.get('b', T0 + 20 * DAY);
    c.advance(T0 + 30 * DAY); // c and d idle for 30 days
    expect([...c.entries()].map(([k]) => k)).toEqual(['b']);
    expect(c.evicted).toBe(3);
  });

  it('saves and loads: same keys, order, last touches and baselines', () => {
    const c = perAccount(10);
    for (let d = 0; d < 5; d++) for (const k of ['x', 'y']) c.get(k, T0 + d * DAY).observe(d * 10 + k.charCodeAt(0));
    const json = JSON.parse(JSON.stringify(c.toJSON())) as unknown;
    const c2 = perAccount(10);
    expect(c2.load(json)).toEqual({ loaded: 2, skipped: 0 });
    expect(c2.toJSON()).toEqual(c.toJSON());
    expect(c2.peek('y')!.expected()).toEqual(c.peek('y')!.expected());
  });

  it('skips entries it cannot read and keeps the rest', () => {
    const c = new KeyedBaselines({ maxKeys: 10, ttlMs: DAY, create: () => new EwmaBaseline(), revive: EwmaBaseline.fromJSON });
    c.get('ok', T0).observe(T0, 5);
    const j = c.toJSON();
    j.entries.push(['bad', T0, { kind: 'ewma', v: 1 }]); // revive throws
    (j.entries as unknown[]).push([42, T0, null], 'not an entry');
    const c2 = new KeyedBaselines({ maxKeys: 10, ttlMs: DAY, create: () => new EwmaBaseline(), revive: EwmaBaseline.fromJSON });
    expect(c2.load(j)).toEqual({ loaded: 1, skipped: 3 });
    expect(c2.load({ kind: 'something else' })).toEqual({ loaded: 0, skipped: 1 });
  });
});
