import { describe, expect, it } from 'vitest';
import { BoundedLru } from './lru.js';

describe('BoundedLru', () => {
  it('evicts the least recently used entry past the entry limit', () => {
    const c = new BoundedLru<number>({ maxEntries: 2, maxKeyChars: 1000 });
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recent
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    expect(c.size).toBe(2);
  });

  it('bounds the total key length and refuses keys longer than the whole budget', () => {
    const c = new BoundedLru<number>({ maxEntries: 100, maxKeyChars: 10 });
    c.set('aaaa', 1);
    c.set('bbbb', 2);
    c.set('cccc', 3); // 12 chars: the oldest goes
    expect(c.get('aaaa')).toBeUndefined();
    expect(c.size).toBe(2);
    expect(c.set('x'.repeat(11), 9)).toBe(9);
    expect(c.get('x'.repeat(11))).toBeUndefined();
    expect(c.size).toBe(2);
  });

  it('replacing a key does not count its length twice', () => {
    const c = new BoundedLru<number>({ maxEntries: 100, maxKeyChars: 8 });
    c.set('abcd', 1);
    c.set('abcd', 2);
    c.set('efgh', 3);
    expect(c.get('abcd')).toBe(2);
    expect(c.get('efgh')).toBe(3);
  });
});
