import { describe, expect, it } from 'vitest';
import { canonicalTime, rawPath, storableText } from './keys.js';
import { InputBatch } from './batch.js';

describe('rawPath', () => {
  it.each([
    ['/a/b?x=1', '/a/b'],
    ['/a/b#frag', '/a/b'],
    ['/a?x#y', '/a'],
    ['/', '/'],
    ['', '/'],
    ['?x=1', '/'],
    ['http://h.example:8080/a/b?x', '/a/b'],
    ['https://h.example', '/'],
    ['https://h.example?x', '/'],
    ['h.example:443', 'h.example:443'],
    ['*', '*'],
    ['/a%2Fb/../c', '/a%2Fb/../c'],
  ])('%j → %j', (url, path) => expect(rawPath(url)).toBe(path));
});

describe('storableText', () => {
  it('keeps ordinary text as it is', () => {
    expect(storableText('/api/v1/users', 100)).toBe('/api/v1/users');
  });
  it('replaces NUL', () => {
    expect(storableText('/a\0b', 100)).toBe('/a%00b');
  });
  it('clips to a UTF-8 byte budget without splitting a character, marking the cut', () => {
    expect(storableText('abcdefghij', 8)).toBe('abcde…');
    expect(Buffer.byteLength(storableText('汉'.repeat(10), 10))).toBeLessThanOrEqual(10);
    expect(storableText('汉'.repeat(10), 10)).toBe('汉汉…');
    expect(storableText('😀'.repeat(4), 11)).toBe('😀😀…');
  });
});

describe('canonicalTime', () => {
  it('leaves canonical times alone and rewrites other ISO forms to UTC with milliseconds', () => {
    expect(canonicalTime('2024-05-01T08:00:00.123Z')).toBe('2024-05-01T08:00:00.123Z');
    expect(canonicalTime('2024-05-01T08:00:00Z')).toBe('2024-05-01T08:00:00.000Z');
    expect(canonicalTime('2024-05-01T10:00:00.5+02:00')).toBe('2024-05-01T08:00:00.500Z');
  });
  it('keeps what is not a time', () => {
    expect(canonicalTime('yesterday')).toBe('yesterday');
  });
});

describe('InputBatch', () => {
  it('counts per key with earliest and latest event time, and caps samples per key and overall', () => {
    const b = new InputBatch({ perKey: 2, total: 3 });
    const key = (p: string, ts: string) => b.count('h', 'GET', p, ts);
    for (const [p, ts] of [
      ['/a', '2024-05-01T08:00:02.000Z'],
      ['/a', '2024-05-01T08:00:01.000Z'],
      ['/a', '2024-05-01T08:00:03.000Z'],
      ['/b', '2024-05-01T08:00:00Z'],
    ]) {
      const k = key(p, ts);
      if (b.wantsSample(k)) b.keep(k, { id: `${p}${ts}`, ts, host: 'h', method: 'GET', path: p, url: p, status: 200, exchangeJson: '{}' });
    }
    expect(b.pathCounts).toEqual([
      { host: 'h', method: 'GET', path: '/a', count: 3, firstSeen: '2024-05-01T08:00:01.000Z', lastSeen: '2024-05-01T08:00:03.000Z' },
      { host: 'h', method: 'GET', path: '/b', count: 1, firstSeen: '2024-05-01T08:00:00.000Z', lastSeen: '2024-05-01T08:00:00.000Z' },
    ]);
    expect(b.samples.map((s) => s.path)).toEqual(['/a', '/a', '/b']);
    expect(b.wantsSample(key('/c', '2024-05-01T08:00:00.000Z'))).toBe(false);
    expect(b.distinctPaths).toBe(3);
  });
});


describe('InputBatch key cap', () => {
  it('folds new paths beyond the cap into {other}, keeping counts', () => {
    const b = new InputBatch({ perKey: 0, total: 0 }, 3);
    for (let i = 0; i < 10; i++) b.count('h', 'GET', `/p/${i}`, '2024-01-01T00:00:00.000Z');
    b.count('h', 'GET', '/p/1', '2024-01-01T00:00:01.000Z');
    expect(b.distinctPaths).toBe(4);
    expect(b.overflowed).toBe(7);
    const rows = Object.fromEntries(b.pathCounts.map((r) => [r.path, r.count]));
    expect(rows).toEqual({ '/p/0': 1, '/p/1': 2, '/p/2': 1, '{other}': 7 });
  });
});
