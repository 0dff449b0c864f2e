import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DIGEST_BYTES } from '../analysis/sensitive/value-digester.js';
import {
  buildGroupRows,
  buildSegments,
  chunkEnds,
  compactionPlan,
  findInSegment,
  MAX_BITS,
  type PackedRows,
  readGroupRows,
  SEGMENT_ROW,
  segmentBits,
  slotOf,
  slotRange,
  slotsOf,
  unpackSegments,
} from './trace-segments.js';

/** `n` rows of random digests, some repeated (a value in several groups), group ids from 1000. */
function rows(n: number, repeats = 0): PackedRows & { digests: Buffer } {
  const r = { n, digests: randomBytes(n * DIGEST_BYTES), groupIds: new Float64Array(n), labels: new Uint8Array(n), counts: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    r.groupIds[i] = 1000 + (i % 37);
    r.labels[i] = i % 3;
    r.counts[i] = 1 + (i % 5);
  }
  // the same digest in other rows: copies of row 0..repeats-1 at the end
  for (let i = 0; i < repeats; i++) r.digests.copy(r.digests, (n - 1 - i) * DIGEST_BYTES, i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES);
  return r;
}

const digestOf = (r: PackedRows, i: number): Buffer => Buffer.from(r.digests.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES));

describe('trace segments', () => {
  it('writes rows in digest order, bytewise, equal digests adjacent, large buckets included', () => {
    const r = rows(20_000, 50);
    // a bucket of 100 rows sharing their first 16 bits (sorted by a comparator, not insertion)
    for (let i = 100; i < 200; i++) r.digests.writeUInt16BE(0xabcd, i * DIGEST_BYTES);
    const expected = Array.from({ length: r.n }, (_, i) => digestOf(r, i).toString('hex')).sort();
    const stored = (bits?: number): string[] =>
      buildSegments(r, bits).flatMap((s) => Array.from({ length: s.rows }, (_, k) => s.data.toString('hex', k * SEGMENT_ROW, k * SEGMENT_ROW + DIGEST_BYTES)));
    expect(stored(0)).toEqual(expected);
    // segments in slot order are the same order
    expect(stored()).toEqual(expected);
    expect(stored(16)).toEqual(expected);
  });

  it('cuts inputs into segments of ~128 rows by digest prefix', () => {
    expect([0, 1, 128, 129, 256, 257, 330_000, 1e9].map(segmentBits)).toEqual([0, 0, 0, 1, 1, 2, 12, MAX_BITS]);
    const d = Buffer.from('abcd' + '00'.repeat(14), 'hex');
    expect(slotOf(d, 0, 0)).toBe(0);
    expect(slotOf(d, 0, 4)).toBe(4 * 65_536 + 0xa);
    expect(slotOf(d, 0, 16)).toBe(16 * 65_536 + 0xabcd);
    expect(slotsOf(d)).toHaveLength(MAX_BITS + 1);
  });

  it('finds every row of an input through the slots of its digest, and nothing else', () => {
    const r = rows(5000, 20);
    const segments = buildSegments(r);
    expect(segments.reduce((n, s) => n + s.rows, 0)).toBe(r.n);
    // 5,000 rows: 6 bits, 64 segments of ~78 rows
    expect(segmentBits(r.n)).toBe(6);
    expect(segments.length).toBeLessThanOrEqual(64);
    expect(new Set(segments.map((s) => s.slot)).size).toBe(segments.length);
    for (const s of segments) expect(s.data.length).toBe(s.rows * SEGMENT_ROW);
    const bySlot = new Map(segments.map((s) => [s.slot, s]));
    const lookup = (digest: Buffer): { groupId: number; label: number; count: number }[] =>
      slotsOf(digest).flatMap((slot) => {
        const s = bySlot.get(slot);
        return s ? findInSegment(s.data, s.baseGroup, digest).map(({ groupId, label, count }) => ({ groupId, label, count })) : [];
      });
    for (let i = 0; i < r.n; i += 7) {
      const found = lookup(digestOf(r, i));
      expect(found).toContainEqual({ groupId: r.groupIds[i], label: r.labels[i], count: r.counts[i] });
      // rows 0..19 are also at the end
      expect(found).toHaveLength(i < 20 || i >= r.n - 20 ? 2 : 1);
    }
    expect(lookup(randomBytes(DIGEST_BYTES))).toEqual([]);
    // a digest between two stored ones, in a populated segment
    const between = digestOf(r, 3);
    between[15] ^= 1;
    expect(lookup(between)).toEqual([]);
  });

  it('stores group ids relative to the segment, and counts up to 2^32-1', () => {
    const r = rows(3);
    r.groupIds.set([5_000_000_000, 5_000_000_007, 5_000_000_003]);
    r.counts[1] = 2 ** 40;
    const [s] = buildSegments(r);
    expect(s!.baseGroup).toBe(5_000_000_000);
    const found = [0, 1, 2].map((i) => findInSegment(s!.data, s!.baseGroup, digestOf(r, i))[0]!);
    expect(found.map((f) => [f.groupId, f.count])).toEqual([
      [5_000_000_000, r.counts[0]],
      [5_000_000_007, 0xffff_ffff],
      [5_000_000_003, r.counts[2]],
    ]);
  });

  it("puts each row in its group's blob, leaving out rows of groups not written", () => {
    const r = rows(1000);
    const groupOf = Int32Array.from({ length: r.n }, (_, i) => (i % 10 === 9 ? -1 : i % 4));
    const blobs = buildGroupRows(r, groupOf, 5);
    expect(blobs[4]).toBeNull();
    for (let g = 0; g < 4; g++) {
      const got = readGroupRows(blobs[g]!, 77 + g).map((x) => `${x.groupId} ${x.digest} ${x.label} ${x.count}`);
      const want = Array.from({ length: r.n }, (_, i) => i)
        .filter((i) => groupOf[i] === g)
        .map((i) => `${77 + g} ${digestOf(r, i).toString('hex')} ${r.labels[i]} ${r.counts[i]}`);
      expect(got).toEqual(want);
    }
  });
});

describe('chunkEnds (PostgreSQL inserts of trace groups, whose blobs can be MBs)', () => {
  it('cuts at the count or the bytes, whichever comes first, an oversized item alone, every item once', () => {
    expect(chunkEnds([], 3, 100)).toEqual([]);
    expect(chunkEnds([1, 1, 1, 1, 1, 1, 1], 3, 100)).toEqual([3, 6, 7]);
    expect(chunkEnds([60, 30, 20, 90, 10], 10, 100)).toEqual([2, 3, 5]);
    expect(chunkEnds([500, 1, 500], 10, 100)).toEqual([1, 2, 3]);
    expect(chunkEnds([0, 0, 0], 2, 0)).toEqual([2, 3]);
    // random sizes: chunks cover 0..n in order, within both limits unless one item alone is over
    for (let k = 0; k < 200; k++) {
      const sizes = Array.from({ length: Math.floor(Math.random() * 50) }, () => Math.floor(Math.random() * 40));
      const ends = chunkEnds(sizes, 7, 60);
      let from = 0;
      for (const to of ends) {
        expect(to).toBeGreaterThan(from);
        expect(to - from).toBeLessThanOrEqual(7);
        const bytes = sizes.slice(from, to).reduce((a, b) => a + b, 0);
        if (to - from > 1) expect(bytes).toBeLessThanOrEqual(60);
        from = to;
      }
      expect(from).toBe(sizes.length);
    }
  });
});

describe('compaction of segment sets', () => {
  const sets = (...rows: number[]) => rows.map((r, i) => ({ base: 100 * (i + 1), rows: r }));

  it('merges a size tier once it holds four sets, smallest first, lowest tier first', () => {
    // tiers by a factor of 4: 1–3, 4–15, 16–63, 64–255 …
    expect(compactionPlan([])).toBeUndefined();
    expect(compactionPlan(sets(5, 6, 7))).toBeUndefined();
    expect(compactionPlan(sets(5, 6, 7, 15))).toEqual([100, 200, 300, 400]);
    // 16 is the next tier: three of one and one of the other merge nothing
    expect(compactionPlan(sets(5, 6, 7, 16))).toBeUndefined();
    // two full tiers: the smaller goes first; the sets' order in the list does not matter
    expect(compactionPlan([...sets(70, 80, 90, 100), ...sets(1, 2, 3, 3).map((s) => ({ ...s, base: s.base + 1 }))].reverse())).toEqual([101, 201, 301, 401]);
  });

  it('keeps a merge under the row bound, and leaves sets at the bound alone', () => {
    // the tier of 300k–1.2M rows (factor 4 from 262,144): four sets, three fit under 1M rows
    const M = 1_000_000;
    expect(compactionPlan(sets(300_000, 300_000, 300_000, 300_000), 4, M)).toEqual([100, 200, 300]);
    expect(compactionPlan(sets(M, M, M, M), 4, M)).toBeUndefined();
    // one set alone under the bound is no merge
    expect(compactionPlan(sets(600_000, 600_000, 600_000, 600_000), 4, M)).toBeUndefined();
    expect(compactionPlan(sets(10, 10, 10, 10), 4, 25)).toEqual([100, 200]);
    // a set near the bound (an earlier merge) does not stop the others of its tier merging
    expect(compactionPlan(sets(990_000, 300_000, 300_000, 300_000), 4, M)).toEqual([200, 300, 400]);
    expect(compactionPlan(sets(990_000, 990_000, 990_000, 300_000), 4, M)).toBeUndefined();
    // at most 1,000 sets at once (a store written before 0010 may hold thousands in a tier)
    const many = compactionPlan(Array.from({ length: 2500 }, (_, i) => ({ base: i, rows: 2 })));
    expect(many).toHaveLength(1000);
    expect(many![999]).toBe(999);
    // the default bound, 4 million rows
    expect(compactionPlan(sets(1e6, 1e6, 1e6, 1e6))).toEqual([100, 200, 300, 400]);
    expect(compactionPlan(sets(1.5e6, 1.5e6, 1.5e6, 1.5e6))).toEqual([100, 200]);
  });

  it('bounds the sets left after any number of inputs to fewer than four per tier', () => {
    const stored: { base: number; rows: number }[] = [];
    let merges = 0;
    for (let i = 0; i < 2000; i++) {
      stored.push({ base: i * 10, rows: 50 + ((i * 7919) % 500) });
      for (let plan = compactionPlan(stored); plan; plan = compactionPlan(stored), merges++) {
        const rows = stored.filter((s) => plan!.includes(s.base)).reduce((n, s) => n + s.rows, 0);
        const left = stored.filter((s) => !plan!.includes(s.base));
        stored.length = 0;
        stored.push(...left, { base: Math.min(...plan), rows });
      }
    }
    const total = stored.reduce((n, s) => n + s.rows, 0);
    expect(total).toBe(Array.from({ length: 2000 }, (_, i) => 50 + ((i * 7919) % 500)).reduce((a, b) => a + b, 0));
    const tiers = new Map<number, number>();
    for (const s of stored.filter((x) => x.rows < 1_000_000)) {
      let t = 0;
      for (let x = 4; x <= s.rows; x *= 4) t++;
      tiers.set(t, (tiers.get(t) ?? 0) + 1);
    }
    for (const n of tiers.values()) expect(n).toBeLessThan(4);
    // ~600,000 rows in 2,000 inputs: a handful of sets, not 2,000
    expect(stored.length).toBeLessThan(20);
    expect(merges).toBeLessThan(2000);
  });

  it('reads segments of several sets back into rows with their groups', () => {
    const a = rows(3000, 10);
    const b = rows(500);
    b.groupIds.fill(5_000_001);
    b.groupIds[7] = 5_000_000;
    const stored = [...buildSegments(a), ...buildSegments(b)].map((s) => ({ baseGroup: s.baseGroup, data: s.data }));
    const back = unpackSegments(stored.reverse());
    const key = (r: PackedRows, i: number): string => `${digestOf(r, i).toString('hex')} ${r.groupIds[i]} ${r.labels[i]} ${r.counts[i]}`;
    const all = (r: PackedRows): string[] => Array.from({ length: r.n }, (_, i) => key(r, i)).sort();
    expect(back.n).toBe(3500);
    expect(all(back)).toEqual([...all(a), ...all(b)].sort());
    // merged again, every row is found where a lookup looks
    const merged = buildSegments(back);
    expect(merged.every((s) => s.baseGroup === 1000)).toBe(true);
    const bySlot = new Map(merged.map((s) => [s.slot, s]));
    const d = digestOf(b, 7);
    const found = slotsOf(d).flatMap((slot) => (bySlot.has(slot) ? findInSegment(bySlot.get(slot)!.data, 1000, d) : []));
    expect(found.map((f) => f.groupId)).toEqual([5_000_000]);
  });

  it('reads a digest range from sets cut finer or coarser than it', () => {
    // a set cut at 4 bits: range 0x3 of 2 bits is its segments 0xc–0xf; range 0x25 of 8 bits lies in its segment 0x2
    expect(slotRange(4, 2, 0x3)).toEqual([4 * 65_536 + 0xc, 4 * 65_536 + 0x10]);
    expect(slotRange(4, 8, 0x25)).toEqual([4 * 65_536 + 0x2, 4 * 65_536 + 0x3]);
    expect(slotRange(0, 8, 0xff)).toEqual([0, 1]);
    expect(slotRange(8, 8, 0xff)).toEqual([8 * 65_536 + 0xff, 8 * 65_536 + 0x100]);
    const r = rows(4000);
    const segs = buildSegments(r, 4);
    // every row once across the 256 ranges of 8 bits, each in its own range
    let total = 0;
    for (let p = 0; p < 256; p++) {
      const [from, to] = slotRange(4, 8, p);
      const part = unpackSegments(
        segs.filter((x) => x.slot >= from && x.slot < to),
        { bits: 8, prefix: p },
      );
      for (let k = 0; k < part.n; k++) expect(part.digests[k * DIGEST_BYTES]).toBe(p);
      total += part.n;
    }
    expect(total).toBe(r.n);
    expect(Array.from({ length: r.n }, (_, i) => r.digests[i * DIGEST_BYTES]).filter((p) => p === 0x25).length).toBe(unpackSegments(segs, { bits: 8, prefix: 0x25 }).n);
  });
});
