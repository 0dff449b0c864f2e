import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { at, events, missed, simulated } from '../test-helpers.js';
import { dumpingRisk } from './detect.js';

const TOKEN = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJDMDAwMTIzNDU2NzgifQ.c2lnbmF0dXJl';

/** one page of `size` transaction records, asked with a bearer token */
function page(sec: number, pageNo: number, size = 100, o: { client?: string; token?: string; url?: string } = {}): Exchange {
  return at(sec, {
    url: `${o.url ?? '/api/v1/accounts/6001/transactions'}?pageNo=${pageNo}&pageSize=${size}`,
    client: o.client ?? '192.0.2.140',
    request: { headers: [['authorization', o.token ?? TOKEN]] },
    response: { body: { code: '000000', data: { pageNo, list: Array.from({ length: size }, (_, i) => ({ txnNo: `T${pageNo}-${i}`, amount: '12.00' })) } } },
  });
}

describe('dumping', () => {
  it('raises one event for a token walking 60 pages of 100 records within a minute, subject its client', () => {
    const ev = events(dumpingRisk, Array.from({ length: 60 }, (_, i) => page(i, i + 1)));
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ slug: 'dumping', subject: { ip: '192.0.2.140', endpoint: { pathTemplate: '/api/v1/accounts/{accountId}/transactions' } }, threshold: 2000 });
    expect(ev[0]!.value).toBeGreaterThanOrEqual(5000);
    expect(ev[0]!.detail).toMatch(/pages \(up to 60/);
  });

  it('honours minPages, minRecords and the window', () => {
    // 40 pages: below minPages
    expect(events(dumpingRisk, Array.from({ length: 40 }, (_, i) => page(i, i + 1)))).toEqual([]);
    expect(events(dumpingRisk, Array.from({ length: 40 }, (_, i) => page(i, i + 1)), { minPages: 30 })).toHaveLength(1);
    // 60 pages of 10 records: 600 records, below minRecords
    expect(events(dumpingRisk, Array.from({ length: 60 }, (_, i) => page(i, i + 1, 10)))).toEqual([]);
    // 60 pages one every 20 s: never 50 pages within 10 minutes
    expect(events(dumpingRisk, Array.from({ length: 60 }, (_, i) => page(i * 20, i + 1)))).toEqual([]);
  });

  it('does not count random access to pages as a walk, nor failed answers', () => {
    const order = Array.from({ length: 80 }, (_, i) => (i * 37) % 80);
    const shuffled = order.map((p, i) => page(i, p + 1));
    expect(events(dumpingRisk, shuffled, { minAscendingRatio: 0.9 })).toEqual([]);
    const refused = Array.from({ length: 60 }, (_, i) => ({ ...page(i, i + 1), response: { status: 429, httpVersion: '1.1', headers: [] } }));
    expect(events(dumpingRisk, refused)).toEqual([]);
  });

  it('keeps callers apart: 30 pages each by two tokens is no dump', () => {
    const a = Array.from({ length: 30 }, (_, i) => page(2 * i, i + 1, 100, { token: 'Bearer a-token-of-customer-one' }));
    const b = Array.from({ length: 30 }, (_, i) => page(2 * i + 1, i + 1, 100, { token: 'Bearer b-token-of-customer-two', client: '192.0.2.141' }));
    expect(events(dumpingRisk, [...a, ...b].sort((x, y) => x.ts.localeCompare(y.ts)))).toEqual([]);
  });

  it('flags page-size tampering: pages 25 times the usual size, many records', () => {
    const usual = Array.from({ length: 30 }, (_, i) => page(i, 1, 20, { token: `Bearer customer-${i}`, client: `203.0.113.${i + 1}` }));
    const big = Array.from({ length: 4 }, (_, i) => page(100 + i * 30, i + 1, 500));
    const ev = events(dumpingRisk, [...usual, ...big]);
    expect(ev).toHaveLength(1);
    expect(ev[0]!.detail).toMatch(/size 500 \(usual 20\)/);
    expect(events(dumpingRisk, [...usual, ...big.slice(0, 2)])).toEqual([]);
  });

  it('finds the simulated dump with its client, and stays quiet on benign traffic', async () => {
    const { events: ev, labels } = await simulated(dumpingRisk, ['dumping']);
    expect(missed(ev, labels, 'dumping')).toEqual([]);
    expect(ev).toHaveLength(1);
    for (const seed of [7, 11]) {
      const benign = await simulated(dumpingRisk, [], { seed });
      expect(benign.events.length).toBeLessThanOrEqual(0);
    }
  }, 120_000);
});
