/**
 * The weakness rows on both engines: findings add up across inputs, follow endpoints folded into
 * a template, and the lifecycle (fixed → verified by clean traffic; seen again → reopened) with
 * its history.
 */
import { describe, expect, it } from 'vitest';
import { forEachEngine } from '../../test/helpers/engines.js';
import { openStore, readFindingEvents, readFindings, setFindingState, type Store } from './index.js';
import type { EndpointWrite, InventoryWrite } from './inventory.js';
import type { FindingWrite, WeaknessWrite } from './weaknesses.js';

function endpoint(path: string, o: Partial<EndpointWrite> = {}): EndpointWrite {
  return {
    app: 'bank', method: 'GET', operation: '', operationType: null, pathTemplate: path, pathParams: [], format: 'rest', functions: [], serviceObject: 'public',
    serviceObjectReason: '', auth: [], state: 'new', stateSince: '2024-05-01T08:00:00.000Z', calls: 10, clients: 1, firstSeen: '2024-05-01T08:00:00.000Z',
    lastSeen: '2024-05-01T08:10:00.000Z', flags: [], stats: {}, buckets: [], events: [], absorbed: [], ...o,
  };
}

function inventory(endpoints: EndpointWrite[]): InventoryWrite {
  return { apps: [{ name: 'bank', hosts: ['bank.example'], calls: 10, staticCalls: 0, firstSeen: '2024-05-01T08:00:00.000Z', lastSeen: '2024-05-01T08:10:00.000Z', trie: '{}' }], endpoints, appEvents: [], watermark: '2024-05-01T08:10:00.000Z' };
}

function finding(index: number, o: Partial<FindingWrite> = {}): FindingWrite {
  return {
    index, ruleId: 'GL-W-0002', slug: 'enumerable-id', severity: 'high', location: 'path.userId', firstSeen: '2024-05-01T08:00:00.000Z', lastSeen: '2024-05-01T08:05:00.000Z',
    count: 4, detail: '4 ids walked', data: { ids: 4 }, evidence: [{ exchangeId: 'e1', ts: '2024-05-01T08:00:00.000Z', clientIp: '203.0.113.7', detail: 'id 1001' }], ...o,
  };
}

const weak = (findings: FindingWrite[], activity: WeaknessWrite['activity'] = []): WeaknessWrite => ({ findings, activity, verify: { minCalls: 10, minHours: 1 }, maxEvidence: 2, input: 'cap' });

async function ingest(store: Store, name: string, inv: InventoryWrite, w: WeaknessWrite): Promise<number[]> {
  const { inputId } = await store.beginInput({ name, kind: 'jsonl', sizeBytes: 1, sha256: name });
  const batch = Object.assign(store.createBatch(), { inventory: inv, weaknesses: w });
  const r = await store.finishInput(inputId, { exchanges: 1, packets: 0, bytes: 1, counters: {}, issues: 0, status: 'done' }, batch);
  return r.endpointIds;
}

await forEachEngine((name, fresh) =>
  describe(`weakness rows on ${name}`, () => {
    it('add up across inputs and follow an endpoint folded into its template', async () => {
      const store = await openStore(await fresh());
      try {
        const [raw] = await ingest(store, 'a', inventory([endpoint('/users/1001')]), weak([finding(0)]));
        const [tpl] = await ingest(store, 'b', inventory([endpoint('/users/{userId}')]), weak([finding(0, { count: 3, lastSeen: '2024-05-01T09:00:00.000Z' })]));
        expect((await readFindings(store.db)).map((f) => [f.path_template, f.count])).toEqual([['/users/1001', 4], ['/users/{userId}', 3]]);
        // input c learns that /users/1001 is /users/{userId}: the raw row folds in, and so does its finding
        await ingest(store, 'c', inventory([endpoint('/users/{userId}', { dbId: tpl, absorbed: [raw!] })]), weak([finding(0, { count: 1, evidence: [] })]));
        const rows = await readFindings(store.db);
        expect(rows.map((f) => [f.path_template, f.count, f.first_seen, f.last_seen])).toEqual([['/users/{userId}', 8, '2024-05-01T08:00:00.000Z', '2024-05-01T09:00:00.000Z']]);
        expect(JSON.parse(rows[0]!.evidence)).toHaveLength(2);
      } finally {
        await store.close();
      }
    });

    it('fixed → verified by clean traffic → reopened, with the history', async () => {
      const store = await openStore(await fresh());
      try {
        const [id] = await ingest(store, 'a', inventory([endpoint('/users/{userId}')]), weak([finding(0)]));
        const [f] = await readFindings(store.db);
        expect(f!.state).toBe('new');
        await expect(setFindingState(store.db, f!.public_id, 'verified', { actor: 'bob', now: new Date() })).rejects.toThrow(/set by traffic/);
        await setFindingState(store.db, f!.public_id.slice(0, 5), 'fixed', { actor: 'bob', now: new Date('2024-05-02T00:00:00Z'), reason: 'patched' });
        const ep = (n: number) => inventory([endpoint('/users/{userId}', { dbId: id })]).endpoints.slice(0, n);
        // clean traffic: 6 calls at 10:00, then 6 at 12:00 → 12 calls over 2 h ≥ (10 calls, 1 h)
        await ingest(store, 'b', { ...inventory([]), endpoints: ep(1) }, weak([], [{ index: 0, calls: 6, first: '2024-05-02T10:00:00.000Z', last: '2024-05-02T10:00:00.000Z' }]));
        expect((await readFindings(store.db))[0]!.state).toBe('fixed');
        await ingest(store, 'c', { ...inventory([]), endpoints: ep(1) }, weak([], [{ index: 0, calls: 6, first: '2024-05-02T12:00:00.000Z', last: '2024-05-02T12:00:00.000Z' }]));
        expect((await readFindings(store.db))[0]).toMatchObject({ state: 'verified', clean_calls: 12 });
        await ingest(store, 'd', { ...inventory([]), endpoints: ep(1) }, weak([finding(0, { firstSeen: '2024-05-03T08:00:00.000Z', lastSeen: '2024-05-03T08:00:00.000Z' })], [{ index: 0, calls: 1, first: '2024-05-03T08:00:00.000Z', last: '2024-05-03T08:00:00.000Z' }]));
        const [g] = await readFindings(store.db);
        expect(g).toMatchObject({ state: 'reopened', count: 8, clean_calls: 0 });
        const history = await readFindingEvents(store.db, g!.id);
        expect(history.map((h) => `${h.actor} ${h.from ?? '-'}>${h.to}`)).toEqual(['traffic ->new', 'bob new>fixed', 'traffic fixed>verified', 'traffic verified>reopened']);
        expect(history[1]).toMatchObject({ ts: '2024-05-02T00:00:00.000Z', reason: 'patched' });
        expect(history[2]!.ts).toBe('2024-05-02T12:00:00.000Z');
      } finally {
        await store.close();
      }
    });
  }),
);
