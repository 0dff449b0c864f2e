/**
 * The sensitive stage through the store, on both engines: labels aggregate on the endpoint
 * discovery counts an exchange under, follow it when a later input teaches the template (the
 * raw-path rows fold into it, trace rows move with them), and the trace index holds digests that
 * a searched value finds again.
 */
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { Exchange } from '../core/exchange.js';
import { sensitiveSettings } from '../analysis/sensitive/config.js';
import { SensitiveConfigSchema } from '../analysis/sensitive/config.js';
import { gb11643Check } from '../analysis/sensitive/checksum.js';
import { accountTag, DIGEST_HEX, traceCandidates, ValueDigester } from '../analysis/sensitive/trace-digest.js';
import { sql } from 'kysely';
import { openStore, readSensitivity, readTrace, SCHEMA_VERSION, type Store } from '../store/index.js';
import { migrateTo } from '../store/migrate.js';
import { TRACE_LABEL_CODES } from '../store/sensitive.js';
import { readGroupRows, SEGMENT_ROW } from '../store/trace-segments.js';
import { forEachEngine, type Fresh } from '../../test/helpers/engines.js';
import { DiscoveryStage, restoreCatalog } from './discovery-stage.js';
import { restoreSensitive, SensitiveStage } from './sensitive-stage.js';

const SECRET = Buffer.alloc(32, 7);
const IDS = ['11010519491231002X', '420106199304255217', '110101195909139099', '110108196207022856'];
let seq = 0;

/** `n` distinct valid resident ID numbers (Beijing Chaoyang), birth dates from `firstBirth` (YYYYMMDD) on. */
function validIds(n: number, firstBirth: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const body = `110105${firstBirth + (i % 28) + Math.floor(i / 28) * 10000}${String(i % 1000).padStart(3, '0')}`;
    return body + gb11643Check(body);
  });
}

function profile(user: string, idNo: string, ip: string, ts: string): Exchange {
  return {
    v: 1, id: `e${++seq}`, ts,
    client: { ip, port: 40000 + (seq % 1000) }, server: { ip: '10.0.0.5', port: 443 },
    request: { method: 'GET', url: `/api/users/${user}/profile`, httpVersion: '1.1', headers: [['host', 'bank.example']] },
    response: { status: 200, httpVersion: '1.1', headers: [['content-type', 'application/json']], body: JSON.stringify({ data: { name: '张三', idNo, mobile: '13812345678' } }) },
    source: 'jsonl:test',
  };
}

async function ingest(store: Store, exchanges: Exchange[], config = {}, who?: (e: Exchange) => { client: string; account?: string }): Promise<void> {
  const discovery = new DiscoveryStage();
  await restoreCatalog(store, discovery.catalog);
  await restoreSensitive(store, discovery.catalog);
  const stage = new SensitiveStage(sensitiveSettings(SensitiveConfigSchema.parse(config)), SECRET);
  for (const e of exchanges) {
    const stats = discovery.catalog.observe(e)?.stats;
    stage.index(e, stats, stage.observe(e, stats), who?.(e));
  }
  const r = discovery.endInput();
  stage.endInput();
  const { inputId } = await store.beginInput({ name: `in${seq}`, kind: 'jsonl', sizeBytes: 1, sha256: randomBytes(32).toString('hex') });
  const batch = Object.assign(store.createBatch(), { inventory: r.write, sensitive: stage.toWrite(r.changes) });
  const done = await store.finishInput(inputId, { exchanges: exchanges.length, packets: 0, bytes: 1, counters: {}, issues: 0, status: 'done' }, batch);
  discovery.saved(r, done.endpointIds);
}

function suite(name: string, fresh: Fresh): void {
  describe(`sensitive data through the store on ${name}`, () => {
    it('labels and trace rows follow raw paths into the template learned later', async () => {
      const store = await openStore(await fresh());
      try {
        await ingest(store, [profile('alice', IDS[0]!, '203.0.113.1', '2024-05-01T08:00:00.000Z'), profile('alice', IDS[0]!, '203.0.113.1', '2024-05-01T08:10:00.000Z')]);
        let rows = await store.endpoints();
        expect(rows.map((r) => r.path_template)).toEqual(['/api/users/alice/profile']);
        let sens = await readSensitivity(store.db);
        expect(sens.get(Number(rows[0]!.id))!.grade).toBe('medium');
        // one trace row: same value, endpoint, client and hour, counted twice
        const d = new ValueDigester(SECRET).digest(traceCandidates(IDS[0]!)[0]!.value);
        expect((await readTrace(store.db, { digests: [d] })).map((t) => t.count)).toEqual([2]);

        const more = Array.from({ length: 12 }, (_, i) => profile(['bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar', 'peggy'][i]!, IDS[i % 4]!, `198.51.100.${i}`, '2024-05-02T09:00:00.000Z'));
        await ingest(store, more);
        rows = await store.endpoints();
        expect(rows.map((r) => r.path_template)).toEqual(['/api/users/{userName}/profile']);
        sens = await readSensitivity(store.db);
        const s = sens.get(Number(rows[0]!.id))!;
        expect(s.labels.filter((l) => l.direction === 'response').map((l) => [l.label, l.count])).toEqual([
          ['cn_id', 14],
          ['cn_mobile', 14],
          ['person_name', 14],
        ]);
        // the first input's trace row moved to the template's row
        const t = await readTrace(store.db, { digests: [d] });
        expect(t.map((x) => [x.pathTemplate, x.clientIp, x.count]).sort()).toEqual([
          ['/api/users/{userName}/profile', '198.51.100.0', 1],
          ['/api/users/{userName}/profile', '198.51.100.4', 1],
          ['/api/users/{userName}/profile', '198.51.100.8', 1],
          ['/api/users/{userName}/profile', '203.0.113.1', 2],
        ]);
        // a third input adds to the restored aggregate
        await ingest(store, [profile('user99x', IDS[1]!, '203.0.113.9', '2024-05-03T09:00:00.000Z')]);
        const again = (await readSensitivity(store.db)).get(Number((await store.endpoints())[0]!.id))!;
        expect(again.labels.find((l) => l.label === 'cn_id')!.count).toBe(15);
      } finally {
        await store.close();
      }
    });

    it('writes every trace row of an input, across insert chunks and endpoints merged mid-input', async () => {
      const store = await openStore(await fresh());
      try {
        // 1,500 customers: 3,000 rows (ID and mobile) on one endpoint, more than one insert's 2,000
        const ids = validIds(1500, 19500101);
        const exs = ids.map((id, i) => {
          const e = profile('alice', id, '203.0.113.7', '2024-05-01T08:00:00.000Z');
          e.response!.body = JSON.stringify({ data: { idNo: id, mobile: `138${String(10_000_000 + i)}` } });
          return e;
        });
        // and one ID seen by twelve users' raw paths that fold into one template in this input
        for (const u of ['bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'oscar', 'peggy']) exs.push(profile(u, IDS[0]!, '198.51.100.1', '2024-05-01T09:00:00.000Z'));
        await ingest(store, exs);
        expect((await readTrace(store.db, { label: 'cn_id' })).filter((t) => t.clientIp === '203.0.113.7').length).toBe(1500);
        expect((await readTrace(store.db, { label: 'cn_mobile' })).filter((t) => t.clientIp === '203.0.113.7').length).toBe(1500);
        const d = new ValueDigester(SECRET).digest(IDS[0]!);
        expect((await readTrace(store.db, { digests: [d] })).map((t) => [t.pathTemplate, t.count])).toEqual([['/api/users/{userName}/profile', 12]]);
      } finally {
        await store.close();
      }
    });

    it('writes rows past one sorted SQLite run (32,768) once each, and adds counts across inputs', async () => {
      const store = await openStore(await fresh());
      try {
        // 40 pages of 1,000 customers' mobiles: 40,000 distinct values on one endpoint and client
        const page = (p: number, ts: string): Exchange => {
          const e = profile('alice', IDS[0]!, '203.0.113.9', ts);
          e.request.url = `/api/customers?page=${p}`;
          e.response!.body = JSON.stringify({ data: { list: Array.from({ length: 1000 }, (_, i) => ({ mobile: `139${String(p * 1000 + i).padStart(8, '0')}` })) } });
          return e;
        };
        const pages = (ts: string): Exchange[] => Array.from({ length: 40 }, (_, p) => page(p, ts));
        const mobiles = async (): Promise<{ rows: number; total: number }> => {
          const t = (await readTrace(store.db, { label: 'cn_mobile' }, 100_000)).filter((r) => r.clientIp === '203.0.113.9');
          return { rows: t.length, total: t.reduce((n, r) => n + r.count, 0) };
        };
        await ingest(store, pages('2024-05-01T08:00:00.000Z'));
        expect(await mobiles()).toEqual({ rows: 40_000, total: 40_000 });
        await ingest(store, pages('2024-05-01T08:30:00.000Z'));
        expect(await mobiles()).toEqual({ rows: 40_000, total: 80_000 });
        const d = new ValueDigester(SECRET).digest('13900039999');
        expect((await readTrace(store.db, { digests: [d] })).map((t) => t.count)).toEqual([2]);
      } finally {
        await store.close();
      }
    });

    it('merges the inputs\' segment sets by size tier, and every search answers as before', async () => {
      const store = await openStore(await fresh());
      try {
        // nine inputs of 30 customers each (31 rows: 30 IDs and the one mobile they share), the first ID in every input
        const ids = validIds(270, 19600101);
        for (let k = 0; k < 9; k++) {
          const exs = ids.slice(k * 30, k * 30 + 30).map((id, i) => profile(`u${k}x${i}`, i === 0 ? IDS[0]! : id, `198.51.100.${k}`, `2024-05-0${k + 1}T08:00:00.000Z`));
          await ingest(store, exs);
        }
        const sets = async (): Promise<number[]> =>
          (await sql<{ rows: number | string }>`select sum(row_count) as rows from trace_segment group by base_group order by base_group`.execute(store.db)).rows.map((r) => Number(r.rows));
        expect(await sets()).toEqual(Array(9).fill(31));
        const digester = new ValueDigester(SECRET);
        const searches = [IDS[0]!, ids[31]!, ids[269]!, '13812345678'].map((v) => digester.digest(traceCandidates(v)[0]!.value));
        const answers = async (): Promise<unknown[]> => [
          ...(await Promise.all(searches.map((d) => readTrace(store.db, { digests: [d] })))),
          await readTrace(store.db, { label: 'cn_id' }),
          await readTrace(store.db, { clientIp: '198.51.100.4' }),
        ];
        const before = await answers();
        // the first ID reached nine clients; the mobile all 270 customers' responses
        expect((before[0] as unknown[]).length).toBe(9);
        expect((before[3] as { count: number }[]).reduce((n, t) => n + t.count, 0)).toBe(270);
        // nine sets of one tier: merged into one (fewer than four of a tier are left alone)
        expect(await store.compactTrace()).toEqual([{ sets: 9, rows: 279 }]);
        expect(await sets()).toEqual([279]);
        expect(await answers()).toEqual(before);
        expect(await store.compactTrace()).toEqual([]);
        // three more inputs make four sets, none of a tier with four: nothing to merge
        for (let k = 0; k < 3; k++) await ingest(store, [profile(`v${k}`, IDS[1]!, '203.0.113.50', '2024-05-10T08:00:00.000Z')]);
        expect(await store.compactTrace()).toEqual([]);
        expect(await sets()).toEqual([279, 2, 2, 2]);
        await ingest(store, [profile('v3', IDS[1]!, '203.0.113.50', '2024-05-10T08:00:00.000Z')]);
        const d = digester.digest(traceCandidates(IDS[1]!)[0]!.value);
        const seen = await readTrace(store.db, { digests: [d] });
        expect(seen.filter((t) => t.clientIp === '203.0.113.50').reduce((n, t) => n + t.count, 0)).toBe(4);
        const again = await answers();
        expect(await store.compactTrace()).toEqual([{ sets: 4, rows: 8 }]);
        expect(await sets()).toEqual([279, 8]);
        expect(await readTrace(store.db, { digests: [d] })).toEqual(seen);
        expect(await answers()).toEqual(again);
      } finally {
        await store.close();
      }
    });

    it('merges sets cut at different depths one digest range at a time, every row once', async () => {
      const store = await openStore(await fresh());
      try {
        // inputs of 16,384, 20,000, 20,000 and 40,000 mobiles: one size tier, cut at 7, 8, 8 and 9 bits
        const sizes = [16_384, 20_000, 20_000, 40_000];
        let next = 0;
        const firsts: number[] = [];
        for (const [k, n] of sizes.entries()) {
          firsts.push(next);
          const pages = Array.from({ length: Math.ceil(n / 1000) }, (_, p) => {
            const e = profile('alice', IDS[0]!, `203.0.113.${20 + k}`, '2024-05-01T08:00:00.000Z');
            e.request.url = `/api/customers?page=${p}`;
            const count = Math.min(1000, n - p * 1000);
            e.response!.body = JSON.stringify({ data: { list: Array.from({ length: count }, () => ({ mobile: `137${String(next++).padStart(8, '0')}` })) } });
            return e;
          });
          await ingest(store, pages);
        }
        const cuts = async (): Promise<number[]> =>
          (await sql<{ s: number | string }>`select min(slot) as s from trace_segment group by base_group order by base_group`.execute(store.db)).rows.map((r) => Math.floor(Number(r.s) / 65_536));
        expect(await cuts()).toEqual([7, 8, 8, 9]);
        const digester = new ValueDigester(SECRET);
        const probes = [...firsts, next - 1, 12_345, 50_000, 95_000].map((i) => digester.digest(`137${String(i).padStart(8, '0')}`));
        const answers = async (): Promise<unknown[]> => Promise.all(probes.map((d) => readTrace(store.db, { digests: [d] })));
        const before = await answers();
        expect(before.every((a) => (a as unknown[]).length === 1)).toBe(true);
        const total = async (): Promise<number> => (await readTrace(store.db, { label: 'cn_mobile' }, 200_000)).filter((t) => t.clientIp.startsWith('203.0.113.2')).length;
        expect(await total()).toBe(96_384);
        expect(await store.compactTrace()).toEqual([{ sets: 4, rows: 96_384 }]);
        // 96,384 rows: cut at 10 bits, each of the 1,024 segments once
        expect(await cuts()).toEqual([10]);
        const segs = await sql<{ n: number | string; s: number | string }>`select count(*) as n, count(distinct slot) as s from trace_segment`.execute(store.db);
        expect([Number(segs.rows[0]!.n), Number(segs.rows[0]!.s)]).toEqual([1024, 1024]);
        expect(await answers()).toEqual(before);
        expect(await total()).toBe(96_384);
      } finally {
        await store.close();
      }
    });

    it('keeps the account and the resolved client of each receiver, accounts masked', async () => {
      const store = await openStore(await fresh());
      try {
        const exs = [
          profile('alice', IDS[0]!, '10.0.0.9', '2024-05-01T08:00:00.000Z'),
          profile('alice', IDS[0]!, '10.0.0.9', '2024-05-01T08:05:00.000Z'),
          profile('bob', IDS[0]!, '10.0.0.9', '2024-05-01T08:06:00.000Z'),
          profile('carol', IDS[0]!, '10.0.0.9', '2024-05-01T08:07:00.000Z'),
        ];
        // behind a proxy (10.0.0.9): the first three resolved to clients and accounts, the last one not
        const who = new Map<Exchange, { client: string; account?: string }>([
          [exs[0]!, { client: '203.0.113.5', account: '13812345678' }],
          [exs[1]!, { client: '203.0.113.5', account: '13812345678' }],
          [exs[2]!, { client: '203.0.113.6', account: 'U00004407' }],
        ]);
        await ingest(store, exs, {}, (e) => who.get(e) ?? { client: '' });
        const d = new ValueDigester(SECRET).digest(IDS[0]!);
        const rows = (await readTrace(store.db, { digests: [d] })).map((t) => [t.clientIp, t.account, t.count]).sort();
        const digester = new ValueDigester(SECRET);
        expect(rows).toEqual([
          ['10.0.0.9', null, 1],
          ['203.0.113.5', accountTag(digester, '13812345678'), 2],
          ['203.0.113.6', accountTag(digester, 'U00004407'), 1],
        ]);
        expect(rows[1]![1]).toMatch(/^\*{7}5678 \[[0-9a-f]{8}\]$/);
        expect(rows[2]![1]).toMatch(/^U\*{4}4407 \[[0-9a-f]{8}\]$/);
        // two accounts masked alike stay apart
        expect(accountTag(digester, '13912345678')).not.toBe(accountTag(digester, '13812345678'));
        expect(accountTag(digester, '13912345678').startsWith('*******5678 [')).toBe(true);
        const mine = await readTrace(store.db, { account: accountTag(digester, '13812345678') });
        expect(mine.map((t) => [t.label, t.clientIp, t.count]).sort()).toEqual([
          ['cn_id', '203.0.113.5', 2],
          ['cn_mobile', '203.0.113.5', 2],
        ]);
      } finally {
        await store.close();
      }
    });

    it('keeps the trace index through migrations 0009, 0008 and 0007 down to one table and back to segments', async () => {
      const target = await fresh();
      let store = await openStore(target);
      const d = new ValueDigester(SECRET).digest(IDS[1]!);
      const byValue = async (): Promise<unknown[]> => (await readTrace(store.db, { digests: [d] })).map((t) => [t.pathTemplate, t.clientIp, t.account, t.bucket, t.count]).sort();
      let before: unknown[];
      try {
        await ingest(store, [profile('alice', IDS[1]!, '203.0.113.1', '2024-05-01T08:00:00.000Z'), profile('alice', IDS[1]!, '203.0.113.1', '2024-05-01T08:10:00.000Z'), profile('bob', IDS[1]!, '203.0.113.2', '2024-05-01T09:00:00.000Z')]);
        await ingest(store, [profile('alice', IDS[1]!, '203.0.113.1', '2024-05-01T08:20:00.000Z')], {}, () => ({ client: '203.0.113.1', account: 'U1' }));
        before = await byValue();
        expect(before).toHaveLength(3);
        expect(before.map((r) => (r as number[])[4])).toEqual([2, 1, 1]);
        // down: one row per (digest, endpoint, client, account, hour, label), counts summed
        await migrateTo(store.db, store.engine, target, '0006_risk_state');
        const old = await sql<{ n: number | string; c: number | string }>`select count(*) as n, sum(count) as c from value_trace where digest = ${d}`.execute(store.db);
        expect([Number(old.rows[0]!.n), Number(old.rows[0]!.c)]).toEqual([3, 4]);
      } finally {
        await store.close();
      }
      // up again on open
      store = await openStore(target);
      try {
        expect(await store.schemaVersion()).toBe(SCHEMA_VERSION);
        expect(await byValue()).toEqual(before);
        expect((await readTrace(store.db, { clientIp: '203.0.113.2' })).map((t) => t.label).sort()).toEqual(['cn_id', 'cn_mobile']);
        // 0009: the digests as their 16 bytes (0008), in digest-ordered segments and in their groups' blobs, labels as codes
        const segments = await store.db.selectFrom('trace_segment').select(['base_group', 'row_count', 'data']).execute();
        const inSegments = segments.flatMap((s) => {
          const data = Buffer.from(s.data);
          expect(data.length).toBe(Number(s.row_count) * SEGMENT_ROW);
          return Array.from({ length: Number(s.row_count) }, (_, k) => ({ digest: data.toString('hex', k * SEGMENT_ROW, k * SEGMENT_ROW + 16), label: data[k * SEGMENT_ROW + 20]! }));
        });
        const groups = await store.db.selectFrom('trace_group').select(['id', 'value_rows']).execute();
        const inGroups = groups.flatMap((g) => (g.value_rows ? readGroupRows(g.value_rows, Number(g.id)) : []));
        expect(inSegments.length).toBeGreaterThan(0);
        expect(inSegments.map((r) => `${r.digest} ${r.label}`).sort()).toEqual(inGroups.map((r) => `${r.digest} ${r.label}`).sort());
        for (const r of inSegments) {
          expect(r.digest).toHaveLength(DIGEST_HEX);
          expect(TRACE_LABEL_CODES[r.label]).toMatch(/^(cn_id|cn_mobile)$/);
        }
        expect(inSegments.some((r) => r.digest === d)).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('caps trace rows per input and honours disabled labels', async () => {
      const store = await openStore(await fresh());
      try {
        const exs = IDS.map((id, i) => profile('u1', id, `203.0.113.${i}`, '2024-05-01T08:00:00.000Z'));
        await ingest(store, exs, { disable: ['person_name'], trace: { maxRowsPerInput: 3 } });
        expect((await readTrace(store.db, { label: 'cn_id' })).length + (await readTrace(store.db, { label: 'cn_mobile' })).length).toBe(3);
        const [s] = [...(await readSensitivity(store.db)).values()];
        expect(s!.labels.map((l) => l.label)).toEqual(['cn_id', 'cn_mobile']);
      } finally {
        await store.close();
      }
    });
  });
}

await forEachEngine(suite);
