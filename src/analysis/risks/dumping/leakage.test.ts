import { describe, expect, it } from 'vitest';
import type { EndpointStats } from '../../endpoints/catalog/stats.js';
import type { RiskFacts } from '../types.js';
import { Halves, LinearCount, callerKey, clientKey, csvRows, endpointId, endpointKey, hashString, mixInt } from './leakage.js';

/** just what the key helpers read */
const facts = (identity: RiskFacts['identity'], endpoint = {} as EndpointStats, template = '/a/{id}'): RiskFacts =>
  ({ identity, endpoint, template: () => template, app: 'bank:443', method: 'GET' }) as unknown as RiskFacts;

describe('leakage helpers', () => {
  it('makes each exchange\'s caller and client keys once, and never hands one exchange\'s key to another', () => {
    const a = facts({ client: '10.0.0.1', account: '13800000001', device: 'd:x' });
    const b = facts({ client: '10.0.0.2', session: 's:y' });
    const k = callerKey(a);
    expect(k).toBe('a:13800000001');
    expect(Object.is(callerKey(a), k)).toBe(true);
    expect(clientKey(a)).toBe('10.0.0.1|d:x');
    expect(callerKey(b)).toBe('s:s:y');
    expect(clientKey(b)).toBe('10.0.0.2');
    expect(callerKey(a)).toBe('a:13800000001');
    expect(callerKey(facts({ client: '10.0.0.3' }))).toBe('ip:10.0.0.3');
  });

  it('names an endpoint by app, method and template, and anew when its template changes', () => {
    const stats = {} as EndpointStats;
    const k1 = endpointKey(facts({ client: 'x' }, stats, '/a/1'));
    const id1 = endpointId(facts({ client: 'x' }, stats, '/a/1'));
    expect(k1).toBe('bank:443 GET /a/1');
    expect(Object.is(endpointKey(facts({ client: 'y' }, stats, '/a/1')), k1)).toBe(true);
    expect(endpointId(facts({ client: 'y' }, stats, '/a/1'))).toBe(id1);
    expect(endpointKey(facts({ client: 'x' }, stats, '/a/{id}'))).toBe('bank:443 GET /a/{id}');
    expect(endpointId(facts({ client: 'x' }, stats, '/a/{id}'))).not.toBe(id1);
    expect(endpointId(facts({ client: 'x' }, {} as EndpointStats, '/a/{id}'))).not.toBe(endpointId(facts({ client: 'x' }, stats, '/a/{id}')));
  });

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
