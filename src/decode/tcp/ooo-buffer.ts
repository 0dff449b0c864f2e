/**
 * The out-of-order buffer of one TCP direction: copies of segments that arrived ahead of a hole,
 * sorted by sequence number and never overlapping one another.
 */
import { seqAdd, seqDiff } from './seq.js';

export interface PendingSegment {
  /** sequence number of data[0] */
  seq: number;
  /** owned copy of the bytes (inputs are views valid only during a callback) */
  data: Buffer;
  /** capture time of the segment */
  ts: number;
}

export interface InsertResult {
  /** bytes added to the buffer */
  added: number;
  /** bytes of the segment that were already buffered */
  overlap: number;
  /** some already buffered byte differed from the new copy of it */
  mismatch: boolean;
}

function piece(data: Buffer, from: number, to: number, seq: number, ts: number): PendingSegment {
  return { seq, data: Buffer.from(data.subarray(from, to)), ts };
}

/**
 * Adds to `list` the bytes of `data` (starting at sequence `seq`) that it does not hold yet.
 * Offsets are taken relative to `base`, the next sequence number expected by the stream, which
 * must not be after `seq`. Bytes already held win ("first seen wins", as the receiving host
 * usually keeps them); differing ones are reported through `out.mismatch`.
 *
 *   list [10..20) + segment [15..30) → list [10..20) [20..30), out.overlap 5
 */
export function insertSegment(list: PendingSegment[], base: number, seq: number, data: Buffer, ts: number, out: InsertResult): void {
  const start = seqDiff(seq, base);
  const end = start + data.length;
  out.added = 0;
  out.overlap = 0;
  out.mismatch = false;
  const n = list.length;
  // usual case: segments after a hole arrive in ascending order
  if (n === 0 || seqDiff(list[n - 1].seq, base) + list[n - 1].data.length <= start) {
    list.push(piece(data, 0, data.length, seq, ts));
    out.added = data.length;
    return;
  }
  let i = 0;
  while (i < n && seqDiff(list[i].seq, base) + list[i].data.length <= start) i++;
  let cur = start;
  while (cur < end) {
    if (i >= list.length) {
      list.push(piece(data, cur - start, end - start, seqAdd(base, cur), ts));
      out.added += end - cur;
      break;
    }
    const p = list[i];
    const ps = seqDiff(p.seq, base);
    if (ps >= end) {
      list.splice(i, 0, piece(data, cur - start, end - start, seqAdd(base, cur), ts));
      out.added += end - cur;
      break;
    }
    if (ps > cur) {
      list.splice(i, 0, piece(data, cur - start, ps - start, seqAdd(base, cur), ts));
      out.added += ps - cur;
      i++;
      cur = ps;
    }
    const oe = Math.min(end, ps + p.data.length);
    if (!out.mismatch && data.compare(p.data, cur - ps, oe - ps, cur - start, oe - start) !== 0) out.mismatch = true;
    out.overlap += oe - cur;
    cur = oe;
    i++;
  }
}
