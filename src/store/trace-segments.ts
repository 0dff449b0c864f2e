/**
 * The leak-trace index's value rows as packed, sorted blobs (migration 0009) instead of one
 * B-tree row each. An input's rows are written once, at its commit, and never updated: two
 * copies, each in the order one kind of question reads them.
 *
 * - **Segments** (`trace_segment`), for "who received this value?": the input's rows in digest
 *   order, cut by the digest's first `bits` bits (chosen per input from its row count, so a
 *   segment holds 64–128 rows on average) into one blob per prefix: a set of segments, named by
 *   its base group. A lookup reads, per set, the one segment whose prefix the digest has
 *   (`slotsOf`: one index probe per possible `bits`) and binary-searches it. Sets are merged as
 *   inputs add them (`compactionPlan`, migration 0010), so a lookup reads a few segments, not one
 *   per input ever written.
 * - **Group rows** (`trace_group.value_rows`), for "what did this client / account / endpoint
 *   receive?": each group's rows in one blob beside the group's row, found through the group's
 *   own indexes.
 *
 * Why not a row per value (0008): the digests are random, so each row was an insert at a random
 * place of a primary key that grows with every input. On the bench capture's ~330,000 rows that
 * was ~0.6 s of the ~1.1 s commit on a fresh store, and on a store larger than its page cache each
 * insert becomes a page read. A segment is written sequentially in one insert of a few KB; the
 * input's rows are put in digest order here by counting them into buckets of their first 16 bits
 * (the digests are uniform, so each bucket holds a few rows to order). Readers sum the counts of equal (digest, group, label) rows, so a row
 * may appear twice (groups merged at commit) without harm. Hand-written because this is a storage
 * layout, not a library's job: a few fixed-width records in blobs.
 */
import { DIGEST_BYTES } from '../analysis/sensitive/value-digester.js';

/** A segment row: digest, its group's id less the segment's base group (the input's smallest; u32 BE), label code, count (u32 BE). */
export const SEGMENT_ROW = DIGEST_BYTES + 9;
/** A group's row: digest, label code, count (u32 BE). */
export const GROUP_ROW = DIGEST_BYTES + 5;
/** rows a segment aims at: ~3 KB at most, a fraction of one 16 KB page */
const SEGMENT_TARGET = 128;
/** prefixes of up to 16 bits: `slot` = bits × 65,536 + prefix */
export const MAX_BITS = 16;
const MAX_U32 = 0xffff_ffff;
// the row layouts below write the digest as four words
if (DIGEST_BYTES !== 16) throw new Error('trace segments: the row layout assumes 16-byte digests');

/** How many leading digest bits cut an input of `rows` rows into segments (SEGMENT_TARGET / 2 to SEGMENT_TARGET rows each on average). */
export function segmentBits(rows: number): number {
  let bits = 0;
  while (bits < MAX_BITS && rows > SEGMENT_TARGET * 2 ** bits) bits++;
  return bits;
}

/** The digest's first 16 bits. */
const top16 = (d: Uint8Array, at: number): number => (d[at]! << 8) | d[at + 1]!;

/** The slot of the segment that holds a digest (its first `bits` bits) in an input cut at `bits`. */
export function slotOf(d: Uint8Array, at: number, bits: number): number {
  return bits * 65_536 + (top16(d, at) >>> (MAX_BITS - bits));
}

/** Every slot a digest can be in, one per possible `bits`. */
export function slotsOf(digest: Uint8Array): number[] {
  return Array.from({ length: MAX_BITS + 1 }, (_, bits) => slotOf(digest, 0, bits));
}

/** Digest `a` (at `ai`) against `b` (at `bi`), bytewise. */
function compareDigests(a: Uint8Array, ai: number, b: Uint8Array, bi: number): number {
  for (let k = 0; k < DIGEST_BYTES; k++) {
    const d = a[ai + k]! - b[bi + k]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** An input's value rows, row `i` at place `i` of each. */
export interface PackedRows {
  n: number;
  /** DIGEST_BYTES each */
  digests: Uint8Array;
  /** the group's stored id */
  groupIds: Float64Array;
  /** stored label codes */
  labels: Uint8Array;
  counts: Float64Array;
}

export interface Segment {
  slot: number;
  baseGroup: number;
  rows: number;
  data: Buffer;
}

/**
 * The rows as segment rows in digest order, cut at `bits` (`segmentBits(n)` unless given) into
 * segments. Group ids are stored less `baseGroup`, by default the rows' smallest (an input's
 * groups are numbered together; a compaction writing a set in parts gives the set's). The rows' numbers are counted into buckets of the digest's first 16 bits (the
 * digests are uniform: a bucket holds ~n / 65,536 rows), each bucket is put in order by the
 * digests' words, and the rows are written in that order into one buffer of which every segment
 * is a view.
 */
export function buildSegments(r: PackedRows, bits = segmentBits(r.n), baseGroup?: number): Segment[] {
  const { n, digests: d, groupIds, labels, counts } = r;
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let base = baseGroup ?? Infinity;
  if (baseGroup === undefined) for (let i = 0; i < n; i++) if (groupIds[i]! < base) base = groupIds[i]!;
  const starts = new Uint32Array(65_537);
  for (let i = 0; i < n; i++) starts[dv.getUint16(i * DIGEST_BYTES) + 1]!++;
  for (let b = 0; b < 65_536; b++) starts[b + 1]! += starts[b]!;
  const order = new Uint32Array(n);
  const next = starts.slice(0, 65_536);
  for (let i = 0; i < n; i++) order[next[dv.getUint16(i * DIGEST_BYTES)]!++] = i;
  for (let b = 0; b < 65_536; b++) sortBucket(dv, order, starts[b]!, starts[b + 1]!);
  const all = Buffer.allocUnsafe(n * SEGMENT_ROW);
  const to = new DataView(all.buffer, all.byteOffset, all.byteLength);
  for (let k = 0, at = 0; k < n; k++, at += SEGMENT_ROW) {
    const i = order[k]!;
    const src = i * DIGEST_BYTES;
    to.setUint32(at, dv.getUint32(src));
    to.setUint32(at + 4, dv.getUint32(src + 4));
    to.setUint32(at + 8, dv.getUint32(src + 8));
    to.setUint32(at + 12, dv.getUint32(src + 12));
    const offset = groupIds[i]! - base;
    if (offset < 0 || offset > MAX_U32) throw new Error(`trace segment: group ids ${base} and ${groupIds[i]} too far apart`);
    to.setUint32(at + 16, offset);
    to.setUint8(at + 20, labels[i]!);
    to.setUint32(at + 21, counts[i]! > MAX_U32 ? MAX_U32 : counts[i]!);
  }
  const out: Segment[] = [];
  const shift = MAX_BITS - bits;
  for (let p = 0; p < 2 ** bits; p++) {
    const first = starts[p << shift]!;
    const end = starts[(p + 1) << shift]!;
    if (end > first) out.push({ slot: bits * 65_536 + p, baseGroup: base, rows: end - first, data: all.subarray(first * SEGMENT_ROW, end * SEGMENT_ROW) });
  }
  return out;
}

/** Digest `x` against digest `y` (row numbers into `dv`), by their four big-endian words. */
function compareRows(dv: DataView, x: number, y: number): number {
  for (let w = 0, a = x * DIGEST_BYTES, b = y * DIGEST_BYTES; w < DIGEST_BYTES; w += 4) {
    const p = dv.getUint32(a + w);
    const q = dv.getUint32(b + w);
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/** `order[from..to)` (row numbers) in digest order. */
function sortBucket(dv: DataView, order: Uint32Array, from: number, to: number): void {
  if (to - from < 2) return;
  if (to - from > 32) {
    order.set(Array.from(order.subarray(from, to)).sort((x, y) => compareRows(dv, x, y)), from);
    return;
  }
  // insertion sort: a bucket holds a few rows
  for (let i = from + 1; i < to; i++) {
    const r = order[i]!;
    let j = i - 1;
    while (j >= from && compareRows(dv, order[j]!, r) > 0) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = r;
  }
}

/** A row found in a segment or a group's blob. */
export interface FoundRow {
  /** the digest's 16 bytes, as hex */
  digest: string;
  groupId: number;
  label: number;
  count: number;
}

/** The rows of a segment with the given digest (binary search; equal digests are adjacent). */
export function findInSegment(data: Uint8Array, baseGroup: number, digest: Uint8Array): FoundRow[] {
  const n = Math.floor(data.length / SEGMENT_ROW);
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareDigests(data, mid * SEGMENT_ROW, digest, 0) < 0) lo = mid + 1;
    else hi = mid;
  }
  const out: FoundRow[] = [];
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const hex = Buffer.from(digest).toString('hex');
  for (let k = lo; k < n && compareDigests(data, k * SEGMENT_ROW, digest, 0) === 0; k++) {
    const at = k * SEGMENT_ROW;
    out.push({ digest: hex, groupId: baseGroup + view.readUInt32BE(at + DIGEST_BYTES), label: view[at + DIGEST_BYTES + 4]!, count: view.readUInt32BE(at + DIGEST_BYTES + 5) });
  }
  return out;
}

/**
 * Each group's blob of rows (`GROUP_ROW` each), by group row: the rows counted into their groups
 * (O(n)), written into one buffer of which each blob is a view. `groupOf[i]` is row i's group
 * row, -1 for a row not written.
 */
export function buildGroupRows(r: PackedRows, groupOf: Int32Array, groups: number): (Buffer | null)[] {
  const starts = new Float64Array(groups + 1);
  for (let i = 0; i < r.n; i++) if (groupOf[i]! >= 0) starts[groupOf[i]! + 1]! += GROUP_ROW;
  for (let g = 0; g < groups; g++) starts[g + 1]! += starts[g]!;
  const all = Buffer.allocUnsafe(starts[groups]!);
  const to = new DataView(all.buffer, all.byteOffset, all.byteLength);
  const d = r.digests;
  const from = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const at = starts.slice(0, groups);
  for (let i = 0; i < r.n; i++) {
    const g = groupOf[i]!;
    if (g < 0) continue;
    const o = at[g]!;
    for (let w = 0, src = i * DIGEST_BYTES; w < DIGEST_BYTES; w += 4) to.setUint32(o + w, from.getUint32(src + w));
    to.setUint8(o + DIGEST_BYTES, r.labels[i]!);
    to.setUint32(o + DIGEST_BYTES + 1, Math.min(r.counts[i]!, MAX_U32));
    at[g] = o + GROUP_ROW;
  }
  return Array.from({ length: groups }, (_, g) => (starts[g + 1]! > starts[g]! ? all.subarray(starts[g]!, starts[g + 1]!) : null));
}

/** A group's rows from its blob. */
export function readGroupRows(data: Uint8Array, groupId: number): FoundRow[] {
  const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const out: FoundRow[] = [];
  for (let at = 0; at + GROUP_ROW <= view.length; at += GROUP_ROW) {
    out.push({ digest: view.toString('hex', at, at + DIGEST_BYTES), groupId, label: view[at + DIGEST_BYTES]!, count: view.readUInt32BE(at + DIGEST_BYTES + 1) });
  }
  return out;
}

/**
 * Where to cut items of the given sizes into statements of at most `maxCount` items and about
 * `maxBytes` (an item larger than that goes alone): each chunk's end, in order.
 */
export function chunkEnds(sizes: readonly number[], maxCount: number, maxBytes: number): number[] {
  const ends: number[] = [];
  let from = 0;
  let bytes = 0;
  sizes.forEach((size, i) => {
    if (i > from && (i - from >= maxCount || bytes + size > maxBytes)) {
      ends.push(i);
      from = i;
      bytes = 0;
    }
    bytes += size;
  });
  if (sizes.length > from) ends.push(sizes.length);
  return ends;
}

/**
 * One stored set of segments: an input's (or a compaction's), named by its base group (the
 * smallest group id of its rows: group ids are never shared between inputs, so no two sets have
 * the same base).
 */
export interface SegmentSet {
  base: number;
  rows: number;
}

/** sets of one size tier merged together (a tier spans a factor of COMPACT_FANIN in rows) */
export const COMPACT_FANIN = 4;
/**
 * A merge writes at most this many rows (~100 MB of segments; ~2.9 s for 3.96 M rows of the bench
 * store's, measured), so one holds the store's write lock, and pauses a live capture's analysis,
 * for seconds, not minutes. Sets this large stay as they are: a search reads one segment each,
 * ~250 of them for a billion rows. Memory does not bound it: a merge goes one digest range at a
 * time (store/sensitive.ts `compactTraceStep`).
 */
export const MAX_COMPACT_ROWS = 4_000_000;
/** sets merged at most at once (each is a bound parameter of the merge's statements) */
export const MAX_MERGE_SETS = 1000;
/** A merge goes over the digests in 2^COMPACT_RANGE_BITS ranges (by their leading bits), holding one range's rows at a time. */
export const COMPACT_RANGE_BITS = 8;

/** A set's size tier: the largest t with fanIn^t ≤ rows (0 below fanIn); counted, not a logarithm, so powers land exactly. */
function tierOf(rows: number, fanIn: number): number {
  let t = 0;
  for (let x = fanIn; x <= rows; x *= fanIn) t++;
  return t;
}

/**
 * The sets to merge next, by base, or undefined when none need it. Size-tiered, as log-structured
 * stores do: when a tier holds `fanIn` sets, they (smallest first, up to `maxRows` rows and
 * MAX_MERGE_SETS sets) are merged into one set of a higher tier. Every input adds a set; this
 * keeps fewer than `fanIn` sets per tier, so a value search reads O(log rows) segments, not one
 * per input ever written. Sets that cannot merge with another under `maxRows` stay as they are
 * (about one segment read per `maxRows` rows stored).
 */
export function compactionPlan(sets: readonly SegmentSet[], fanIn = COMPACT_FANIN, maxRows = MAX_COMPACT_ROWS): number[] | undefined {
  const tiers = new Map<number, SegmentSet[]>();
  for (const s of sets) {
    if (s.rows >= maxRows) continue;
    const t = tierOf(s.rows, fanIn);
    const list = tiers.get(t);
    if (list) list.push(s);
    else tiers.set(t, [s]);
  }
  for (const t of [...tiers.keys()].sort((a, b) => a - b)) {
    const list = tiers.get(t)!;
    if (list.length < fanIn) continue;
    // smallest first, so sets that together stay under the bound merge even beside one that is near it
    const picked: number[] = [];
    let rows = 0;
    for (const s of [...list].sort((a, b) => a.rows - b.rows || a.base - b.base)) {
      if (rows + s.rows > maxRows || picked.length >= MAX_MERGE_SETS) break;
      picked.push(s.base);
      rows += s.rows;
    }
    if (picked.length >= 2) return picked;
  }
  return undefined;
}

/**
 * The rows of stored segments (any sets, any order), with their groups' ids, as one PackedRows;
 * with `range`, only the rows whose digest's first `range.bits` bits are `range.prefix`.
 */
export function unpackSegments(segments: ReadonlyArray<{ baseGroup: number; data: Uint8Array }>, range?: { bits: number; prefix: number }): PackedRows {
  let n = 0;
  for (const s of segments) n += Math.floor(s.data.length / SEGMENT_ROW);
  const r: PackedRows = { n, digests: Buffer.allocUnsafe(n * DIGEST_BYTES), groupIds: new Float64Array(n), labels: new Uint8Array(n), counts: new Float64Array(n) };
  const shift = range ? MAX_BITS - range.bits : 0;
  let k = 0;
  for (const s of segments) {
    const d = s.data;
    const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
    for (let at = 0; at + SEGMENT_ROW <= d.length; at += SEGMENT_ROW) {
      if (range && top16(d, at) >>> shift !== range.prefix) continue;
      // a byte loop, not a view per row (millions of rows in a merge)
      for (let b = 0, to = k * DIGEST_BYTES; b < DIGEST_BYTES; b++) r.digests[to + b] = d[at + b]!;
      r.groupIds[k] = s.baseGroup + view.getUint32(at + DIGEST_BYTES);
      r.labels[k] = d[at + DIGEST_BYTES + 4]!;
      r.counts[k] = view.getUint32(at + DIGEST_BYTES + 5);
      k++;
    }
  }
  r.n = k;
  return r;
}

/**
 * The slots, [from, to), that hold the rows whose digests begin with `prefix` (of `bits` bits) in
 * a set cut at `setBits`: its segments under that prefix when it is cut finer, else the one
 * segment whose shorter prefix covers it (holding other rows too).
 */
export function slotRange(setBits: number, bits: number, prefix: number): [number, number] {
  const at = setBits * 65_536;
  if (setBits >= bits) return [at + (prefix << (setBits - bits)), at + ((prefix + 1) << (setBits - bits))];
  const p = prefix >>> (bits - setBits);
  return [at + p, at + p + 1];
}
