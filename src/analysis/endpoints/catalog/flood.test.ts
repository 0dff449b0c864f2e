/**
 * A flood of unique paths (a scanner, or an API that puts free text in its paths) must not grow
 * the catalog without bound: a million exchanges with random segments keep the endpoint and trie
 * node counts under their caps, memory flat, and raise the unbounded-path anomaly.
 */
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { Catalog } from './catalog.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = ['account', 'balance', 'card', 'detail', 'export', 'file', 'list', 'loan', 'order', 'pay', 'query', 'report', 'summary', 'transfer', 'user'];

describe('catalog under a flood of unique paths', () => {
  it('stays bounded over 1,000,000 exchanges and raises the anomaly', () => {
    const catalog = new Catalog();
    const r = rng(7);
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const word = (): string => WORDS[Math.floor(r() * WORDS.length)]!;
    const junk = (): string => {
      let s = '';
      const n = 4 + Math.floor(r() * 8);
      for (let i = 0; i < n; i++) s += letters[Math.floor(r() * 26)];
      return s;
    };
    const ex: Exchange = {
      v: 1,
      id: 'x',
      ts: '2024-05-01T08:00:00.000Z',
      client: { ip: '198.51.100.1', port: 1 },
      server: { ip: '10.0.0.1', port: 80 },
      request: { method: 'GET', url: '/', httpVersion: '1.1', headers: [['host', 'flood.example']] },
      response: { status: 404, httpVersion: '1.1', headers: [] },
      source: 'jsonl:flood',
    };
    let heapAt100k = 0;
    for (let i = 0; i < 1_000_000; i++) {
      // three shapes: free text, word salad (camelCase of real words), and deep random paths
      const k = i % 3;
      ex.request.url = k === 0 ? `/search/${junk()}` : k === 1 ? `/files/${word()}${word()[0]!.toUpperCase()}${word().slice(1)}${word()}/${junk()}` : `/${junk()}/${junk()}/${junk()}`;
      ex.request.method = i % 7 === 0 ? 'POST' : 'GET';
      catalog.observe(ex);
      if (i === 100_000) {
        catalog.finish();
        heapAt100k = process.memoryUsage().heapUsed;
      }
    }
    const changes = catalog.finish();
    const app = catalog.apps.get('flood.example')!;
    expect(app.trie.nodes).toBeLessThanOrEqual(app.trie.limits.maxNodes + 10);
    expect(changes.endpoints.length).toBeLessThan(2 * app.trie.limits.maxNodes);
    expect(app.events.some((e) => e.kind === 'unbounded')).toBe(true);
    expect(app.calls).toBe(1_000_000);
    const grown = process.memoryUsage().heapUsed - heapAt100k;
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);
});
