import { describe, expect, it } from 'vitest';
import { GenerationalMap } from './bounded-map.js';

describe('GenerationalMap', () => {
  it('never holds more than its cap, and counts what it forgets', () => {
    const m = new GenerationalMap<number, number>(1000);
    for (let i = 0; i < 10_000; i++) {
      m.set(i, i * 2);
      expect(m.size).toBeLessThanOrEqual(1000);
    }
    // the most recent half is always there, the oldest are gone
    for (let i = 9_500; i < 10_000; i++) expect(m.get(i)).toBe(i * 2);
    expect(m.has(0)).toBe(false);
    expect(m.get(0)).toBeUndefined();
    expect(m.forgotten + m.size).toBe(10_000);
  });

  it('keeps an entry that is used: a hit in the old half moves it to the young one', () => {
    const m = new GenerationalMap<string, string>(4);
    m.set('a', 'A');
    m.set('b', 'B');
    // a and b are old now; c and d young
    m.set('c', 'C');
    m.set('d', 'D');
    // reading a moves it to the young half, which rotates: b, unused, is forgotten
    expect(m.get('a')).toBe('A');
    expect(m.has('b')).toBe(false);
    // the next rotation forgets c and d, not a
    m.set('e', 'E');
    m.set('f', 'F');
    expect(m.get('a')).toBe('A');
    expect(m.has('c')).toBe(false);
    expect(m.has('d')).toBe(false);
    expect(m.forgotten).toBe(3);
    expect(m.size).toBeLessThanOrEqual(4);
  });

  it('replaces a value wherever the key is, without holding it twice', () => {
    const m = new GenerationalMap<string, number>(4);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    m.set('a', 10);
    expect(m.get('a')).toBe(10);
    expect(m.size).toBe(3);
    m.set('c', 30);
    expect(m.get('c')).toBe(30);
    expect(m.size).toBe(3);
  });

  it('keeps undefined and falsy values as values', () => {
    const m = new GenerationalMap<string, number | undefined>(4);
    m.set('zero', 0);
    m.set('none', undefined);
    m.set('x', 1);
    expect(m.get('zero')).toBe(0);
    expect(m.has('none')).toBe(true);
    expect(m.get('none')).toBeUndefined();
  });

  it('deletes from either half, and clears', () => {
    const m = new GenerationalMap<string, number>(4);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect(m.delete('a')).toBe(true);
    expect(m.delete('c')).toBe(true);
    expect(m.delete('zz')).toBe(false);
    expect(m.size).toBe(1);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.get('b')).toBeUndefined();
  });

  it('refuses a cap that cannot hold two generations', () => {
    expect(() => new GenerationalMap(1)).toThrow(/at least 2/);
    expect(() => new GenerationalMap(2.5)).toThrow(RangeError);
  });
});
