/**
 * An input's trace rows before they are written: one row per (group, value) with its count and
 * first label, digests only on the way out, the per-input cap counted in distinct rows.
 */
import { describe, expect, it } from 'vitest';
import { TRACE_LABELS, ValueDigester } from '../analysis/sensitive/trace-digest.js';
import type { PackedValues } from '../analysis/sensitive/value-digester.js';
import { TRACE_LABEL_CODES, type TraceRun } from '../store/sensitive.js';
import { DigestPool } from './digest-pool.js';
import { rowHash, rowsOf, RUN_ROWS, type TraceRow, TraceRows } from './trace-rows.js';

const SECRET = Buffer.alloc(32, 3);
const all = async (runs: AsyncIterable<TraceRun>): Promise<TraceRow[]> => {
  const out: TraceRow[] = [];
  for await (const run of runs) out.push(...rowsOf(run));
  return out;
};
const MOBILE = TRACE_LABELS.indexOf('cn_mobile');
/** the stored form of a value's digest (16 bytes) */
const bytes = (d: ValueDigester, v: string): Buffer => Buffer.from(d.digest(v), 'hex');
const ID = TRACE_LABELS.indexOf('cn_id');

describe('TraceRows', () => {
  it('every traced label has a stored code (migration 0008), and codes are only ever appended', () => {
    for (const l of TRACE_LABELS) expect(TRACE_LABEL_CODES).toContain(l);
    // the codes 0008 wrote: a code never changes its label
    expect(TRACE_LABEL_CODES.slice(0, 10)).toEqual(['cn_id', 'cn_mobile', 'bank_card', 'email', 'passport', 'hk_mo_permit', 'tw_permit', 'uscc', 'securities_account', 'fund_account']);
  });
  it('counts each value once per group, keeps its first label, and gives digests, not values', async () => {
    const d = new ValueDigester(SECRET);
    const t = new TraceRows(d, 100);
    t.add(0, MOBILE, '13812345678');
    t.add(0, MOBILE, '13812345678');
    t.add(1, MOBILE, '13812345678');
    t.add(0, ID, '11010519491231002X');
    // a later occurrence under another label counts on the first row
    t.add(0, MOBILE, '11010519491231002X');
    const rows = (await all(t.drain())).sort((a, b) => a.group - b.group || a.label.localeCompare(b.label));
    expect(rows).toEqual([
      { group: 0, digest: bytes(d, '11010519491231002X'), label: 'cn_id', count: 2 },
      { group: 0, digest: bytes(d, '13812345678'), label: 'cn_mobile', count: 2 },
      { group: 1, digest: bytes(d, '13812345678'), label: 'cn_mobile', count: 1 },
    ]);
    expect(JSON.stringify(rows)).not.toContain('13812345678');
    expect(t.endInput()).toEqual({ rows: 3, dropped: 0 });
  });

  it('stops at the cap of distinct rows, still counts values it holds, and says how many it left out', async () => {
    const t = new TraceRows(new ValueDigester(SECRET), 2);
    for (const v of ['13800000001', '13800000002', '13800000003', '13800000001', '13800000004']) t.add(0, MOBILE, v);
    const rows = await all(t.drain());
    expect(rows.map((r) => r.count).sort()).toEqual([1, 2]);
    expect(t.endInput()).toEqual({ rows: 2, dropped: 2 });
    // the next input starts with the whole cap again, and nothing held
    expect(await all(t.drain())).toEqual([]);
    t.add(0, MOBILE, '13800000003');
    expect(t.endInput()).toEqual({ rows: 1, dropped: 0 });
  });

  it('hands out runs of at most RUN_ROWS, every row once, digested in a pool when given one', async () => {
    const d = new ValueDigester(SECRET);
    const t = new TraceRows(d, 100_000);
    const n = RUN_ROWS * 2 + 123;
    for (let i = 0; i < n; i++) t.add(i % 3, MOBILE, `138${String(i).padStart(8, '0')}`);
    const sizes: number[] = [];
    const rows: TraceRow[] = [];
    for await (const run of t.drain(new DigestPool(d, false))) {
      sizes.push(run.counts.length);
      rows.push(...rowsOf(run));
    }
    expect(Math.max(...sizes)).toBe(RUN_ROWS);
    expect(rows.length).toBe(n);
    expect(new Set(rows.map((r) => r.digest.toString('hex'))).size).toBe(n);
    expect(rows.find((r) => r.group === 2 && r.digest.equals(bytes(d, '13800000005')))).toEqual({ group: 2, digest: bytes(d, '13800000005'), label: 'cn_mobile', count: 1 });
  });

  it('digests the last runs itself while the pool is slow, and still hands out every row once with its digest', async () => {
    const d = new ValueDigester(SECRET);
    const t = new TraceRows(d, 100_000);
    const n = RUN_ROWS * 6 + 7;
    for (let i = 0; i < n; i++) t.add(i % 5, MOBILE, `139${String(i).padStart(8, '0')}`);
    // a pool whose answers take 30 ms each (as a busy worker's would), counting what it was asked
    let asked = 0;
    const slow = new (class extends DigestPool {
      override digest(values: PackedValues): Promise<Buffer> {
        asked += values.starts.length - 1;
        const out = d.digestPacked(values);
        return new Promise((resolve) => setTimeout(() => resolve(out), 30));
      }
    })(d, false);
    const rows: TraceRow[] = [];
    for await (const run of t.drain(slow)) rows.push(...rowsOf(run));
    // some runs were digested here, not asked of the pool
    expect(asked).toBeGreaterThan(0);
    expect(asked).toBeLessThan(n);
    expect(rows.length).toBe(n);
    const byDigest = new Map(rows.map((r) => [r.digest.toString('hex'), r]));
    expect(byDigest.size).toBe(n);
    for (const i of [0, RUN_ROWS - 1, RUN_ROWS * 3, n - 1]) {
      expect(byDigest.get(bytes(d, `139${String(i).padStart(8, '0')}`).toString('hex'))).toEqual({ group: i % 5, digest: bytes(d, `139${String(i).padStart(8, '0')}`), label: 'cn_mobile', count: 1 });
    }
  });

  it('adds a hit’s values with runs of equal values counted at once, as one by one', async () => {
    const d = new ValueDigester(SECRET);
    const values = ['13800000001', '13800000001', '13800000001', '13800000002', '13800000001', '13800000002', '13800000002'];
    const one = new TraceRows(d, 100);
    for (const v of values) one.add(0, MOBILE, v);
    const all3 = new TraceRows(d, 100);
    all3.addAll(0, MOBILE, values);
    const sorted = (rows: TraceRow[]): TraceRow[] => rows.sort((a, b) => Buffer.compare(a.digest, b.digest));
    expect(sorted(await all(all3.drain()))).toEqual(sorted(await all(one.drain())));
    expect(all3.endInput()).toEqual({ rows: 2, dropped: 0 });
    // past the cap, every occurrence of a left-out value is counted as dropped
    const capped = new TraceRows(d, 1);
    capped.addAll(0, MOBILE, values);
    expect((await all(capped.drain()))[0]!.count).toBe(4);
    expect(capped.endInput()).toEqual({ rows: 1, dropped: 3 });
  });

  it('counts like a map of (group, value) across table growth, many groups and values shared between groups', async () => {
    const d = new ValueDigester(SECRET);
    const t = new TraceRows(d, 1_000_000);
    const want = new Map<string, number>();
    let seed = 11;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let k = 0; k < 60_000; k++) {
      const group = next(300);
      const value = `138${String(next(20_000)).padStart(8, '0')}`;
      const times = 1 + next(3);
      t.add(group, MOBILE, value, times);
      const key = `${group}\n${Buffer.from(d.digest(value), 'hex').toString('hex')}`;
      want.set(key, (want.get(key) ?? 0) + times);
    }
    const got = new Map((await all(t.drain())).map((r) => [`${r.group}\n${r.digest.toString('hex')}`, r.count]));
    expect(got.size).toBe(want.size);
    expect(got).toEqual(want);
    expect(t.endInput()).toEqual({ rows: want.size, dropped: 0 });
  });

  it('keeps values whose hashes collide apart', async () => {
    // two values of one group with the same 32-bit hash: among 400,000 distinct ones ~19 pairs are expected
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; i < 400_000 && !pair; i++) {
      // distinct (each holds its own i), otherwise unrelated
      const v = `${(Math.imul(i, 0x9e3779b1) >>> 0).toString(36)}-${i.toString(36)}`;
      const h = rowHash(v, 5);
      const other = seen.get(h);
      if (other !== undefined && other !== v) pair = [other, v];
      else seen.set(h, v);
    }
    expect(pair).toBeDefined();
    const [a, b] = pair!;
    const d = new ValueDigester(SECRET);
    const t = new TraceRows(d, 100);
    t.add(5, MOBILE, a, 2);
    t.add(5, MOBILE, b, 3);
    t.add(5, MOBILE, a);
    const rows = await all(t.drain());
    expect(rows.map((r) => [r.digest.toString('hex'), r.count]).sort()).toEqual(
      [
        [bytes(d, a).toString('hex'), 3],
        [bytes(d, b).toString('hex'), 3],
      ].sort(),
    );
  });
});
