import { describe, expect, it } from 'vitest';
import { KeyedStore, type EvictReason } from './keyed-store.js';

describe('KeyedStore', () => {
  it('hands create the key and the time, and calls it only for a new or expired key', () => {
    const s = new KeyedStore<string, { key: string; at: number }>({ maxKeys: 10, ttlMs: 1000 });
    let made = 0;
    const make = (key: string, at: number): { key: string; at: number } => (made++, { key, at });
    expect(s.upsert('a', 5, make)).toEqual({ key: 'a', at: 5 });
    expect(s.upsert('a', 6, make)).toEqual({ key: 'a', at: 5 });
    expect(made).toBe(1);
    expect(s.upsert('a', 2000, make)).toEqual({ key: 'a', at: 2000 });
    expect(made).toBe(2);
  });

  it('expires a key exactly ttlMs after its last touch, in event time', () => {
    const s = new KeyedStore<string, number>({ maxKeys: 10, ttlMs: 1000 });
    s.set('a', 0, 1);
    const cases: [ts: number, alive: boolean][] = [
      [0, true],
      [999, true],
      [1000, false],
    ];
    for (const [ts, alive] of cases) {
      s.advance(ts);
      expect(s.has('a'), `at ${ts}`).toBe(alive);
    }
    expect(s.size).toBe(0);
    expect(s.evictedByTtl).toBe(1);
  });

  it('a touch renews the key, a late timestamp never moves it back', () => {
    const s = new KeyedStore<string, number>({ maxKeys: 10, ttlMs: 1000 });
    s.set('a', 0, 1);
    expect(s.get('a', 900)).toBe(1);
    expect(s.get('a', 500)).toBe(1); // out of order: last touch stays 900
    expect(s.lastTouch('a')).toBe(900);
    s.advance(1899);
    expect(s.has('a')).toBe(true);
    s.advance(1900);
    expect(s.has('a')).toBe(false);
  });

  it('evicts the least recently touched key when full, and says why', () => {
    const seen: [string, EvictReason][] = [];
    const s = new KeyedStore<string, number>({ maxKeys: 3, ttlMs: Infinity, onEvict: (k, _v, r) => seen.push([k, r]) });
    s.set('a', 1, 1);
    s.set('b', 2, 2);
    s.set('c', 3, 3);
    s.get('a', 4); // a is now the freshest
    s.upsert('d', 5, () => 4);
    expect([...s.entries()].map(([k]) => k)).toEqual(['c', 'a', 'd']);
    expect(seen).toEqual([['b', 'cap']]);
    expect(s.evictedByCap).toBe(1);
    expect(s.size).toBe(3);
  });

  it('sweeps idle keys before counting them against the cap', () => {
    const s = new KeyedStore<string, number>({ maxKeys: 2, ttlMs: 100 });
    s.set('a', 0, 1);
    s.set('b', 50, 2);
    s.set('c', 120, 3); // a is idle since 0 → TTL, not cap
    expect(s.evictedByTtl).toBe(1);
    expect(s.evictedByCap).toBe(0);
    expect(s.peek('b')).toBe(2);
  });

  it('treats an expired key as absent when read, even behind fresher keys', () => {
    const s = new KeyedStore<string, number>({ maxKeys: 10, ttlMs: 100 });
    s.set('fresh', 1000, 1);
    s.set('stale', 10, 2); // late event: touched last, but idle by event time
    expect(s.get('stale', 1000)).toBeUndefined();
    expect(s.upsert('stale', 1000, () => 7)).toBe(7);
    expect(s.evictedByTtl).toBe(1);
  });

  it('holds the cap under a flood of keys', () => {
    const s = new KeyedStore<number, number>({ maxKeys: 1000, ttlMs: 60_000 });
    for (let i = 0; i < 50_000; i++) {
      s.upsert(i, i, () => i);
      expect(s.size).toBeLessThanOrEqual(1000);
    }
    expect(s.evicted).toBe(49_000);
  });

  it('rejects a bad configuration at construction', () => {
    expect(() => new KeyedStore({ maxKeys: 0, ttlMs: 1 })).toThrow(RangeError);
    expect(() => new KeyedStore({ maxKeys: 1, ttlMs: 0 })).toThrow(RangeError);
  });
});
