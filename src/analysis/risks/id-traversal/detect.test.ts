import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { at, events, missed, simulated } from '../test-helpers.js';
import { idTraversalRisk } from './detect.js';

const TOKEN = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJDMDAwMTAwIn0.c2lnbmF0dXJl';

/** GET /api/v1/users/{id} with one token, answered 200 (the object), 403 or 404 */
function user(sec: number, id: number, status: 200 | 403 | 404, o: { token?: string; client?: string } = {}): Exchange {
  return at(sec, {
    url: `/api/v1/users/${id}`,
    client: o.client ?? '192.0.2.160',
    request: { headers: [['authorization', o.token ?? TOKEN]] },
    status,
    response: { body: status === 200 ? { code: '000000', data: { userId: id, name: '张三' } } : { code: status === 403 ? 'EAUTH403' : 'E404', msg: 'denied' } },
  });
}

/** 30 customers each reading their own object: teaches the catalog the `{userId}` template */
const owners = Array.from({ length: 30 }, (_, i) => user(i, 5000 + i * 17, 200, { token: `Bearer own-${i}`, client: `203.0.113.${i + 1}` }));

describe('id-traversal', () => {
  it('raises one event for one token walking 60 consecutive ids, mostly refused', () => {
    const walk = Array.from({ length: 60 }, (_, i) => user(100 + i, 10_000 + i, i % 10 === 0 ? 200 : i % 2 ? 403 : 404));
    const ev = events(idTraversalRisk, [...owners, ...walk]);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ slug: 'id-traversal', subject: { ip: '192.0.2.160', endpoint: { pathTemplate: '/api/v1/users/{userId}' } }, threshold: 30 });
    expect(ev[0]!.detail).toMatch(/path\.userId/);
  });

  it('fires on refused random ids and on an all-200 sequential walk, not on all-200 random reads', () => {
    const spread = (status: 200 | 403) => Array.from({ length: 60 }, (_, i) => user(100 + i, 10_000 + ((i * 7919) % 5000) * 13, status));
    expect(events(idTraversalRisk, [...owners, ...spread(403)])).toHaveLength(1);
    expect(events(idTraversalRisk, [...owners, ...spread(200)])).toEqual([]);
    const sequential = Array.from({ length: 60 }, (_, i) => user(100 + i, 20_000 + i, 200));
    expect(events(idTraversalRisk, [...owners, ...sequential])).toHaveLength(1);
  });

  it('honours minIds and the window, and keeps callers apart', () => {
    const walk = (n: number, gap: number) => Array.from({ length: n }, (_, i) => user(100 + i * gap, 10_000 + i, 403));
    expect(events(idTraversalRisk, [...owners, ...walk(25, 1)])).toEqual([]);
    expect(events(idTraversalRisk, [...owners, ...walk(25, 1)], { minIds: 20 })).toHaveLength(1);
    expect(events(idTraversalRisk, [...owners, ...walk(60, 30)])).toEqual([]);
    const twoTokens = Array.from({ length: 40 }, (_, i) => user(100 + i, 10_000 + i, 403, { token: i % 2 ? 'Bearer token-a' : 'Bearer token-b', client: i % 2 ? '192.0.2.161' : '192.0.2.162' }));
    expect(events(idTraversalRisk, [...owners, ...twoTokens])).toEqual([]);
  });

  it('reads ids from id-like query parameters, and a customer re-reading one object is nothing', () => {
    const q = Array.from({ length: 40 }, (_, i) => at(100 + i, { url: `/api/v1/orders/detail?orderNo=${700_000 + i}`, client: '192.0.2.163', request: { headers: [['authorization', TOKEN]] }, status: 404, response: { body: { code: 'E404' } } }));
    expect(events(idTraversalRisk, q)[0]?.detail).toMatch(/query\.orderNo/);
    expect(events(idTraversalRisk, [...owners, ...Array.from({ length: 80 }, (_, i) => user(100 + i, 5000, 200))])).toEqual([]);
  });

  it('finds the simulated traversal with its client, and stays quiet on benign traffic', async () => {
    const { events: ev, labels } = await simulated(idTraversalRisk, ['id-traversal']);
    expect(missed(ev, labels, 'id-traversal')).toEqual([]);
    expect(ev).toHaveLength(1);
    expect(ev[0]!.subject.account).toBeDefined();
    for (const seed of [7, 11]) {
      const benign = await simulated(idTraversalRisk, [], { seed });
      expect(benign.events.length).toBeLessThanOrEqual(0);
    }
  }, 120_000);
});
