/**
 * The leak-trace index's value rows as packed, sorted blobs (migration 0009) instead of one
 * B-tree row each. An input's rows are written once, at its commit, and never updated: two
 * copies, each in the order one kind of question reads them.
 *
 * - **Segments** (`trace_segment`), for "who received this value?": the input's rows in digest
 *   order, cut by the digest's first `bits` bits (chosen per input from its row count, so a
 *   segment holds 64–128 rows on average) into one blob per prefix. A lookup reads, per input, the
 *   one segment whose prefix the digest has (`slotsOf`: one index probe per possible `bits`) and
 *   binary-searches it.
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
 * segments. Group ids are stored less the rows' smallest (an input's groups are numbered
 * together). The rows' numbers are counted into buckets of the digest's first 16 bits (the
 * digests are uniform: a bucket holds ~n / 65,536 rows), each bucket is put in order by the
 * digests' words, and the rows are written in that order into one buffer of which every segment
 * is a view.
 */
export function buildSegments(r: PackedRows, bits = segmentBits(r.n)): Segment[] {
  const { n, digests: d, groupIds, labels, counts } = r;
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  let base = Infinity;
  for (let i = 0; i < n; i++) if (groupIds[i]! < base) base = groupIds[i]!;
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
    if (offset > MAX_U32) throw new Error(`trace segment: group ids ${base} and ${groupIds[i]} too far apart`);
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
