/**
 * Discovery through the store, on both engines: a second input updates the same inventory,
 * templates learned later re-home rows counted under raw paths (buckets move, calls add up),
 * lifecycle events are kept, and the trie survives a restart.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Exchange } from '../core/exchange.js';
import { openStore, type Store } from '../store/index.js';
import { forEachEngine, type Fresh } from '../../test/helpers/engines.js';
import { DiscoveryStage, restoreCatalog, rowToInventory } from './discovery-stage.js';

let seq = 0;
function ex(method: string, url: string, ts: string, body?: unknown): Exchange {
  return {
    v: 1,
    id: `e${++seq}`,
    ts,
    durationMs: 12,
    client: { ip: '203.0.113.7', port: 40000 + (seq % 1000) },
    server: { ip: '10.0.0.5', port: 443 },
    request: { method, url, httpVersion: '1.1', headers: [['host', 'books.example']] },
    response: { status: 200, httpVersion: '1.1', headers: [['content-type', 'application/json']], body: JSON.stringify(body ?? { title: 't', author: 'a' }) },
    source: 'jsonl:test',
  };
}

async function ingest(store: Store, exchanges: Exchange[]): Promise<void> {
  const stage = new DiscoveryStage();
  await restoreCatalog(store, stage.catalog);
  for (const e of exchanges) stage.onExchange(e);
  const r = stage.endInput();
  const { inputId } = await store.beginInput({ name: `in${seq}`, kind: 'jsonl', sizeBytes: 1, sha256: randomBytes(32).toString('hex') });
  const batch = store.createBatch();
  batch.inventory = r.write;
  const done = await store.finishInput(inputId, { exchanges: exchanges.length, packets: 0, bytes: 1, counters: {}, issues: 0, status: 'done' }, batch);
  stage.saved(r, done.endpointIds);
}

async function inventory(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of await store.endpoints()) out[`${r.method} ${r.path_template}`] = Number(r.calls);
  return out;
}

function suite(name: string, fresh: Fresh): void {
  describe(`discovery through the store on ${name}`, () => {
    it('re-homes earlier raw paths when a later input teaches the template', async () => {
      const store = await openStore(await fresh());
      try {
        await ingest(store, [ex('GET', '/books/v1/moby.dick', '2024-05-01T08:00:00.000Z'), ex('GET', '/books/v1/moby.dick', '2024-05-01T09:10:00.000Z'), ex('POST', '/books/v1', '2024-05-01T09:00:00.000Z')]);
        expect(await inventory(store)).toEqual({ 'GET /books/v1/moby.dick': 2, 'POST /books/v1': 1 });
        const [old] = (await store.endpoints()).filter((r) => r.path_template.endsWith('moby.dick'));
        expect((await store.endpointBuckets(Number(old!.id))).map((b) => b.bucket)).toEqual(['2024-05-01T08', '2024-05-01T09']);

        await ingest(store, [ex('GET', '/books/v1/war.peace', '2024-05-02T08:00:00.000Z'), ex('GET', '/books/v1/ulysses.j', '2024-05-02T08:30:00.000Z')]);
        expect(await inventory(store)).toEqual({ 'GET /books/v1/{bookName}': 4, 'POST /books/v1': 1 });
        const [merged] = (await store.endpoints()).filter((r) => r.path_template.endsWith('{bookName}'));
        const buckets = await store.endpointBuckets(Number(merged!.id));
        expect(buckets).toEqual([
          { bucket: '2024-05-01T08', calls: 1, errors: 0 },
          { bucket: '2024-05-01T09', calls: 1, errors: 0 },
          { bucket: '2024-05-02T08', calls: 2, errors: 0 },
        ]);
        const inv = rowToInventory(merged!, ['books.example']);
        expect(inv.firstSeen).toBe('2024-05-01T08:00:00.000Z');
        expect(inv.pathParams).toEqual([{ name: 'bookName', kind: 'string' }]);
        expect(inv.responseShape).toEqual({ title: ['string'], author: ['string'] });

        // a third input: the learned parameter takes new values directly
        await ingest(store, [ex('GET', '/books/v1/dune.f', '2024-05-03T08:00:00.000Z')]);
        expect(await inventory(store)).toEqual({ 'GET /books/v1/{bookName}': 5, 'POST /books/v1': 1 });
        expect((await store.endpoints()).length).toBe(2);
      } finally {
        await store.close();
      }
    });

    it('records lifecycle changes in event time: new → active → inactive → revived', async () => {
      const store = await openStore(await fresh());
      try {
        await ingest(store, [ex('GET', '/api/v1/rates', '2024-01-01T00:00:00.000Z'), ex('GET', '/api/v1/fx', '2024-01-01T00:00:00.000Z')]);
        // only /fx is called after: /rates goes quiet for more than 30 days
        await ingest(store, [ex('GET', '/api/v1/fx', '2024-01-20T00:00:00.000Z'), ex('GET', '/api/v1/fx', '2024-03-01T00:00:00.000Z')]);
        const rows = await store.endpoints();
        const state = Object.fromEntries(rows.map((r) => [r.path_template, r.state]));
        expect(state).toEqual({ '/api/v1/fx': 'revived', '/api/v1/rates': 'inactive' });
        await ingest(store, [ex('GET', '/api/v1/rates', '2024-03-02T00:00:00.000Z')]);
        const rates = (await store.endpoints()).find((r) => r.path_template === '/api/v1/rates')!;
        expect(rates.state).toBe('revived');
        const events = (await store.discoveryEvents(Number(rates.id))).map((e) => `${e.ts.slice(0, 10)} ${e.from ?? '-'}→${e.to}`);
        expect(events).toEqual(['2024-01-01 -→new', '2024-01-08 new→active', '2024-01-31 active→inactive', '2024-03-02 inactive→revived']);
      } finally {
        await store.close();
      }
    });
  });
}

await forEachEngine(suite);
