import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DIGEST_BYTES } from '../analysis/sensitive/value-digester.js';
import { buildGroupRows, buildSegments, chunkEnds, findInSegment, MAX_BITS, type PackedRows, readGroupRows, SEGMENT_ROW, segmentBits, slotOf, slotsOf } from './trace-segments.js';

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
