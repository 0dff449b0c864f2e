/**
 * One contract suite, run on SQLite (a temp file) and on PostgreSQL (a fresh database per run, a
 * fresh schema per test). PostgreSQL comes from GUANLAN_TEST_PG (a server URL; its database, if
 * any, is where the test database is created from), else postgresql://postgres@127.0.0.1:5432.
 * When it cannot be reached the PostgreSQL suite is skipped, and its title says why.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachEngine, PG_BASE, pgReachable, withDatabase } from '../../test/helpers/engines.js';
import { GuanlanError } from '../core/errors.js';
import type { Exchange } from '../core/exchange.js';
import { openStore, SCHEMA_VERSION, type InputMeta, type InputSummary, type PathCountRow, type SampleRow, type Store, type StoreOptions } from './index.js';

interface Harness {
  /** A target no test has used yet. */
  fresh(): Promise<string>;
}

// ---------------------------------------------------------------- fixtures

let shaSeq = 0;
function meta(over: Partial<InputMeta> = {}): InputMeta {
  return { name: `in-${++shaSeq}.pcap`, kind: 'pcap', sizeBytes: 1234, sha256: randomBytes(32).toString('hex'), ...over };
}

function summary(over: Partial<InputSummary> = {}): InputSummary {
  return { exchanges: 3, packets: 40, bytes: 5000, counters: { 'tcp.gap': 2, 'http.resync': 1, 'packets.ipv4': 40 }, issues: 1, status: 'done', ...over };
}

function pc(path: string, count: number, firstSeen: string, lastSeen = firstSeen, host = 'api.example', method = 'GET'): PathCountRow {
  return { host, method, path, count, firstSeen, lastSeen };
}

let sampleSeq = 0;
function sample(path: string, over: Partial<SampleRow> = {}): SampleRow {
  const id = `ex-${++sampleSeq}`;
  return { id, ts: '2024-05-01T08:00:00.000Z', host: 'api.example', method: 'GET', path, url: `${path}?q=1`, status: 200, exchangeJson: JSON.stringify({ id }), ...over };
}

function exchange(id: string, url: string, ts: string, host = 'bank.example'): Exchange {
  return {
    v: 1,
    id,
    ts,
    client: { ip: '203.0.113.7', port: 51234 },
    server: { ip: '10.0.0.5', port: 443 },
    request: { method: 'POST', url, httpVersion: '1.1', headers: [['host', host]] },
    response: { status: 201, httpVersion: '1.1', headers: [] },
    source: 'pcap:a.pcap',
  };
}

async function expectStoreError(p: Promise<unknown>, ...parts: Array<string | RegExp>): Promise<GuanlanError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GuanlanError);
  const e = err as GuanlanError;
  expect(e.code).toBe('GL_STORE');
  expect(e.message).not.toMatch(/\n/);
  for (const part of parts) expect(e.message).toMatch(part);
  return e;
}

// ---------------------------------------------------------------- the contract

function contract(name: string, harness: () => Harness): void {
  describe(`store contract on ${name}`, () => {
    const opened: Store[] = [];
    async function open(target: string, options?: StoreOptions): Promise<Store> {
      const s = await openStore(target, options);
      opened.push(s);
      return s;
    }
    afterAll(async () => {
      for (const s of opened) await s.close();
    });

    it('migrates on open, and reopening is idempotent', async () => {
      const target = await harness().fresh();
      const a = await open(target);
      expect(await a.schemaVersion()).toBe(SCHEMA_VERSION);
      const { inputId } = await a.beginInput(meta());
      await a.finishInput(inputId, summary(), { pathCounts: [pc('/a', 1, '2024-05-01T08:00:00.000Z')], samples: [] });
      await a.close();

      const b = await open(target);
      expect(await b.schemaVersion()).toBe(SCHEMA_VERSION);
      expect(await b.listInputs()).toHaveLength(1);
      expect(await b.pathCounts()).toHaveLength(1);
      const c = await open(target);
      expect(await c.schemaVersion()).toBe(SCHEMA_VERSION);
    });

    it('refuses a store whose schema is newer than this code', async () => {
      const target = await harness().fresh();
      const a = await open(target);
      const untyped = a.db as unknown as Kysely<Record<string, { name: string; timestamp: string }>>;
      await untyped.insertInto('guanlan_migration').values({ name: '9999_future', timestamp: new Date().toISOString() }).execute();
      await a.close();
      await expectStoreError(openStore(target), /schema version 9999/, /upgrade Guanlan/);
    });

    it('keeps the raw-path table bounded: beyond the cap, new paths count under {other}', async () => {
      const s = await open(await harness().fresh(), { maxStoredPaths: 3 });
      const t = '2024-05-01T08:00:00.000Z';
      const a = await s.beginInput(meta());
      await s.finishInput(a.inputId, summary(), { pathCounts: ['/a', '/b', '/c', '/d', '/e'].map((p) => pc(p, 1, t)), samples: [] });
      const b = await s.beginInput(meta());
      await s.finishInput(b.inputId, summary(), { pathCounts: [pc('/a', 5, t), pc('/z', 2, t)], samples: [] });
      const rows = (await s.pathCounts()).map((r) => [r.path, r.count]);
      expect(rows).toEqual([
        ['/a', 6],
        ['/b', 1],
        ['/c', 1],
        ['{other}', 4],
      ]);
    });

    it('records an input from beginInput to finishInput', async () => {
      const clock = [new Date('2025-01-01T00:00:00.000Z'), new Date('2025-01-01T00:00:05.000Z')];
      const s = await open(await harness().fresh(), { now: () => clock.shift() ?? new Date(0) });
      const m = meta({ name: 'captures/a.pcap', sizeBytes: 6_000_000_000 });
      const { inputId, alreadyIngested } = await s.beginInput(m);
      expect(alreadyIngested).toBe(false);
      expect((await s.listInputs())[0]).toMatchObject({ id: inputId, status: 'running', finishedAt: null });

      const res = await s.finishInput(inputId, summary({ bytes: 6_000_000_000 }), {
        pathCounts: [pc('/a', 2, '2024-05-01T08:00:00.000Z', '2024-05-01T08:00:01.000Z')],
        samples: [sample('/a')],
      });
      expect(res).toEqual({ pathRows: 1, samplesStored: 1, endpointIds: [] });
      expect(await s.listInputs()).toEqual([
        {
          id: inputId,
          name: 'captures/a.pcap',
          kind: 'pcap',
          sizeBytes: 6_000_000_000,
          sha256: m.sha256,
          startedAt: '2025-01-01T00:00:00.000Z',
          finishedAt: '2025-01-01T00:00:05.000Z',
          status: 'done',
          exchanges: 3,
          packets: 40,
          bytes: 6_000_000_000,
          anomalies: { 'http.resync': 1, 'tcp.gap': 2 },
          issues: 1,
          counters: { 'packets.ipv4': 40 },
        },
      ]);
    });

    it('ingests the same content once: the second beginInput says alreadyIngested', async () => {
      const s = await open(await harness().fresh());
      const m = meta();
      const first = await s.beginInput(m);
      await s.finishInput(first.inputId, summary(), { pathCounts: [pc('/a', 5, '2024-05-01T08:00:00.000Z')], samples: [sample('/a')] });

      const again = await s.beginInput({ ...m, name: 'renamed.pcap' });
      expect(again).toEqual({ inputId: first.inputId, alreadyIngested: true });
      await expectStoreError(s.finishInput(again.inputId, summary(), { pathCounts: [pc('/a', 5, '2024-05-01T08:00:00.000Z')], samples: [] }), /not running/);
      expect((await s.pathCounts())[0].count).toBe(5);
      expect(await s.listInputs()).toHaveLength(1);
      expect(await s.samples()).toHaveLength(1);
    });

    it('does not count an input that died mid-way, and counts its retry once', async () => {
      const target = await harness().fresh();
      const m = meta();
      const dead = await open(target);
      const crashed = await dead.beginInput(m); // process "dies": no finishInput
      await dead.close();

      const s = await open(target);
      expect(await s.pathCounts()).toEqual([]);
      const retry = await s.beginInput(m);
      expect(retry.alreadyIngested).toBe(false);
      expect(retry.inputId).not.toBe(crashed.inputId);
      expect((await s.listInputs()).map((i) => i.id)).toEqual([retry.inputId]);
      await s.finishInput(retry.inputId, summary(), { pathCounts: [pc('/a', 7, '2024-05-01T08:00:00.000Z')], samples: [] });
      expect((await s.beginInput(m)).alreadyIngested).toBe(true);
      expect(await s.pathCounts()).toEqual([pc('/a', 7, '2024-05-01T08:00:00.000Z')]);
    });

    it('keeps a failed input summary without its counts, and counts its retry once', async () => {
      const s = await open(await harness().fresh());
      const m = meta();
      const rows = { pathCounts: [pc('/a', 3, '2024-05-01T08:00:00.000Z')], samples: [sample('/a')] };
      const failed = await s.beginInput(m);
      expect(await s.finishInput(failed.inputId, summary({ status: 'failed' }), rows)).toEqual({ pathRows: 0, samplesStored: 0, endpointIds: [] });
      expect((await s.listInputs())[0].status).toBe('failed');
      expect(await s.pathCounts()).toEqual([]);

      const retry = await s.beginInput(m);
      expect(retry.alreadyIngested).toBe(false);
      await s.finishInput(retry.inputId, summary(), rows);
      expect((await s.listInputs()).map((i) => [i.id, i.status])).toEqual([[retry.inputId, 'done']]);
      expect((await s.pathCounts())[0].count).toBe(3);
      expect(await s.samples()).toHaveLength(1);
    });

    it('lets a later run take over a running input; the earlier run then cannot commit', async () => {
      const target = await harness().fresh();
      const a = await open(target);
      const b = await open(target);
      const m = meta();
      const runA = await a.beginInput(m);
      const runB = await b.beginInput(m);
      expect(runB.alreadyIngested).toBe(false);
      const rows = { pathCounts: [pc('/x', 4, '2024-05-01T08:00:00.000Z')], samples: [] };
      await b.finishInput(runB.inputId, summary(), rows);
      await expectStoreError(a.finishInput(runA.inputId, summary(), rows), new RegExp(`input #${runA.inputId} is not running`));
      expect((await a.pathCounts())[0].count).toBe(4);
    });

    it('commits inputs finishing at the same time on two connections, both counted', async () => {
      const target = await harness().fresh();
      const stores = [await open(target), await open(target), await open(target)];
      const rows = Array.from({ length: 1500 }, (_, i) => pc(`/k/${i}`, 1, '2024-05-01T08:00:00.000Z'));
      const runs = await Promise.all(stores.map((s) => s.beginInput(meta())));
      await Promise.all(
        stores.map((s, i) =>
          s.finishInput(runs[i].inputId, summary(), { pathCounts: i % 2 ? [...rows].reverse() : rows, samples: [sample('/k/1'), sample('/k/2')] }),
        ),
      );
      const counts = await stores[0].pathCounts();
      expect(counts).toHaveLength(1500);
      expect(counts.every((r) => r.count === 3)).toBe(true);
      expect(await stores[0].samples()).toHaveLength(6);
    });

    it('never deduplicates inputs without a sha256', async () => {
      const s = await open(await harness().fresh());
      for (let i = 0; i < 2; i++) {
        const r = await s.beginInput(meta({ name: '-', kind: 'jsonl', sha256: null, sizeBytes: null }));
        expect(r.alreadyIngested).toBe(false);
        await s.finishInput(r.inputId, summary(), { pathCounts: [pc('/a', 1, '2024-05-01T08:00:00.000Z')], samples: [] });
      }
      expect(await s.listInputs()).toHaveLength(2);
      expect((await s.pathCounts())[0].count).toBe(2);
    });

    it('adds path counts up across inputs (earliest first_seen, latest last_seen), over many statements', async () => {
      const s = await open(await harness().fresh());
      const many = (n: number, ts: string) => Array.from({ length: n }, (_, i) => pc(`/p/${i}`, 1, ts));
      const one = await s.beginInput(meta());
      await s.finishInput(one.inputId, summary(), {
        pathCounts: [pc('/a', 2, '2024-05-02T00:00:00.000Z', '2024-05-03T00:00:00.000Z'), pc('/a', 1, '2024-05-02T00:00:00.000Z', '2024-05-02T00:00:00.000Z', 'api.example', 'POST'), ...many(2500, '2024-05-02T00:00:00.000Z')],
        samples: [],
      });
      const two = await s.beginInput(meta());
      const res = await s.finishInput(two.inputId, summary(), {
        pathCounts: [pc('/a', 3, '2024-05-01T00:00:00.000Z', '2024-05-02T12:00:00.000Z'), pc('/b', 1, '2024-05-04T00:00:00.000Z'), ...many(2500, '2024-05-02T00:00:00.000Z')],
        samples: [],
      });
      expect(res.pathRows).toBe(2502);

      expect(await s.pathCounts({ host: 'api.example', method: 'GET', order: 'count', limit: 2 })).toEqual([
        pc('/a', 5, '2024-05-01T00:00:00.000Z', '2024-05-03T00:00:00.000Z'),
        pc('/p/0', 2, '2024-05-02T00:00:00.000Z'),
      ]);
      expect(await s.pathCounts({ method: 'POST' })).toEqual([pc('/a', 1, '2024-05-02T00:00:00.000Z', '2024-05-02T00:00:00.000Z', 'api.example', 'POST')]);
      const all = await s.pathCounts();
      expect(all).toHaveLength(2503);
      expect(all.reduce((n, r) => n + r.count, 0)).toBe(5 + 1 + 1 + 5000);
    });

    it('stores hostile keys the same way: NUL replaced, long paths clipped, rows merged', async () => {
      const s = await open(await harness().fresh());
      const long = '/' + 'x'.repeat(10_000);
      const { inputId } = await s.beginInput(meta());
      await s.finishInput(inputId, summary(), {
        pathCounts: [pc('/a\0b', 1, '2024-05-01T08:00:00Z'), pc(long, 1, '2024-05-01T08:00:00.000Z'), pc(long + 'y', 2, '2024-05-01T09:00:00.000Z'), pc('/汉字'.repeat(1000), 1, '2024-05-01T08:00:00.000Z')],
        samples: [sample(long, { url: long + '\0' })],
      });
      const rows = await s.pathCounts();
      // Byte order on both engines, whatever the database's locale.
      expect(rows.map((r) => [r.path.length, r.count])).toEqual([
        [6, 1],
        [1998, 3],
        [857, 1],
      ]);
      expect(rows[0]).toMatchObject({ path: '/a%00b', firstSeen: '2024-05-01T08:00:00.000Z' });
      expect(rows[1]).toMatchObject({ path: long.slice(0, 1997) + '…', firstSeen: '2024-05-01T08:00:00.000Z', lastSeen: '2024-05-01T09:00:00.000Z' });
      expect(Buffer.byteLength(rows[2].path)).toBe(1999);
      const [stored] = await s.samples();
      expect(stored.path).toBe(rows[1].path);
      expect(stored.url).toBe(long + '%00');
    });

    it('orders keys by bytes, whatever the database locale', async () => {
      const s = await open(await harness().fresh());
      const paths = ['/api', '/Users', '/_x', '/a-b', '/ab', '/a b', '/é', '/z'];
      const { inputId } = await s.beginInput(meta());
      await s.finishInput(inputId, summary(), { pathCounts: paths.map((p) => pc(p, 1, '2024-05-01T08:00:00.000Z')), samples: [] });
      expect((await s.pathCounts()).map((r) => r.path)).toEqual([...paths].sort());
    });

    it('caps samples per (host, method, path) and overall, across inputs', async () => {
      const s = await open(await harness().fresh(), { samplesPerKey: 2, maxSamples: 5 });
      const one = await s.beginInput(meta());
      // 3 keys × 3 samples: per-key cap leaves 6, the overall cap 5, taken round by round.
      const res = await s.finishInput(one.inputId, summary(), {
        pathCounts: [],
        samples: ['/a', '/a', '/a', '/b', '/b', '/b', '/c', '/c', '/c'].map((p) => sample(p)),
      });
      expect(res.samplesStored).toBe(5);
      const counts = (await s.samples()).reduce<Record<string, number>>((m, x) => ({ ...m, [x.path]: (m[x.path] ?? 0) + 1 }), {});
      expect(counts).toEqual({ '/a': 2, '/b': 2, '/c': 1 });

      const two = await s.beginInput(meta());
      expect((await s.finishInput(two.inputId, summary(), { pathCounts: [], samples: [sample('/d')] })).samplesStored).toBe(0);
      expect(await s.samples()).toHaveLength(5);
    });

    it('tops a key up to its cap in a later input, skips exchange ids already stored, and filters reads', async () => {
      const s = await open(await harness().fresh(), { samplesPerKey: 3 });
      const one = await s.beginInput(meta());
      const first = sample('/a', { ts: '2024-05-01T08:00:00.000Z' });
      await s.finishInput(one.inputId, summary(), { pathCounts: [], samples: [first, sample('/b', { status: null })] });
      const two = await s.beginInput(meta());
      const res = await s.finishInput(two.inputId, summary(), {
        pathCounts: [],
        samples: [first, ...['/a', '/a', '/a'].map((p, i) => sample(p, { ts: `2024-05-02T08:00:0${i}.000Z` }))],
      });
      expect(res.samplesStored).toBe(2);
      const a = await s.samples({ path: '/a' });
      expect(a.map((x) => x.inputId)).toEqual([one.inputId, two.inputId, two.inputId]);
      expect(a[0]).toEqual({ ...first, inputId: one.inputId });
      expect(await s.samples({ inputId: two.inputId, limit: 1 })).toHaveLength(1);
      expect((await s.samples({ path: '/b' }))[0].status).toBeNull();
    });

    it('takes an InputBatch fed with Exchanges, masking only kept samples', async () => {
      const s = await open(await harness().fresh(), { samplesPerKey: 1 });
      const batch = s.createBatch();
      let masked = 0;
      const toJson = (ex: Exchange) => {
        masked++;
        return JSON.stringify({ ...ex, request: { ...ex.request, body: '***' } });
      };
      batch.addExchange(exchange('e1', '/api/login?u=1', '2024-05-01T08:00:02.000Z'), toJson);
      batch.addExchange(exchange('e2', '/api/login?u=2', '2024-05-01T08:00:01.000Z'), toJson);
      batch.addExchange(exchange('e3', 'http://proxy.example/api/x', '2024-05-01T08:00:03.000Z', ''), toJson);
      expect(masked).toBe(2);
      const { inputId } = await s.beginInput(meta());
      await s.finishInput(inputId, summary(), batch);
      expect(await s.pathCounts()).toEqual([
        pc('/api/login', 2, '2024-05-01T08:00:01.000Z', '2024-05-01T08:00:02.000Z', 'bank.example', 'POST'),
        pc('/api/x', 1, '2024-05-01T08:00:03.000Z', '2024-05-01T08:00:03.000Z', 'proxy.example', 'POST'),
      ]);
      const samples = await s.samples();
      expect(samples.map((x) => [x.id, x.host, x.path, x.url, x.status])).toEqual([
        ['e1', 'bank.example', '/api/login', '/api/login?u=1', 201],
        ['e3', 'proxy.example', '/api/x', 'http://proxy.example/api/x', 201],
      ]);
      expect(JSON.parse(samples[0].exchangeJson).request.body).toBe('***');
    });
  });
}

// ---------------------------------------------------------------- engines

await forEachEngine((name, fresh) => contract(name, () => ({ fresh })));
const pgSkip = await pgReachable();

// ---------------------------------------------------------------- SQLite page size

describe('SQLite page size', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'guanlan-pages-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const pageSize = async (store: Store): Promise<number> => Number(Object.values((await sql`pragma page_size`.execute(store.db)).rows[0] as object)[0]);

  it('makes a new store with 16 KB pages', async () => {
    const store = await openStore(path.join(dir, 'new.db'));
    try {
      expect(await pageSize(store)).toBe(16384);
    } finally {
      await store.close();
    }
  });

  it('leaves an existing database its own page size, and works on it', async () => {
    const file = path.join(dir, 'old.db');
    const old = new BetterSqlite3(file);
    old.pragma('page_size = 4096');
    old.exec('create table kept (x integer)');
    old.close();
    const store = await openStore(file);
    try {
      expect(await pageSize(store)).toBe(4096);
      const begun = await store.beginInput({ name: 'a.pcap', kind: 'pcap', sizeBytes: 1, sha256: 'ab'.repeat(32) });
      expect(begun.alreadyIngested).toBe(false);
    } finally {
      await store.close();
    }
  });
});

// ---------------------------------------------------------------- targets that cannot be opened

describe('openStore on a bad target', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'guanlan-bad-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names a directory', async () => {
    mkdirSync(path.join(dir, 'adir'));
    const target = path.join(dir, 'adir');
    await expectStoreError(openStore(target), target, /is a directory/);
  });

  it('names a file that is not SQLite', async () => {
    const target = path.join(dir, 'notes.txt');
    writeFileSync(target, 'these are notes, not a database\n'.repeat(10));
    await expectStoreError(openStore(target), target, /not a SQLite database/);
  });

  it('names a missing folder, and a missing file when it must exist', async () => {
    await expectStoreError(openStore(path.join(dir, 'nope', 'g.db')), /nope/, /folder does not exist/);
    await expectStoreError(openStore(path.join(dir, 'absent.db'), { create: false }), /absent\.db/, /no such file/);
  });

  it('names an unreachable PostgreSQL, with its password hidden', async () => {
    const port = await freePort();
    const e = await expectStoreError(openStore(`postgresql://guanlan:s3cret@127.0.0.1:${port}/gl`, { timeoutMs: 3000 }), `127.0.0.1:${port}`, /connection refused/);
    expect(e.message).not.toContain('s3cret');
  });

  it.skipIf(pgSkip !== undefined)('names a PostgreSQL database that does not exist', async () => {
    await expectStoreError(openStore(withDatabase(PG_BASE, 'guanlan_no_such_db')), /guanlan_no_such_db/, /does not exist/);
  });

  it('refuses other URL schemes', async () => {
    await expectStoreError(openStore('mysql://root:pw@db/gl'), /mysql:/, /unsupported store URL scheme/);
  });
});

/** A port nothing listens on: bind one, then release it. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
