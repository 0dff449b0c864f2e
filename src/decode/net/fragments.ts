/**
 * IP fragment reassembly, for IPv4 and IPv6 alike. Fragments are copied (the packet views die
 * with the callback) and held per datagram until every byte from 0 to the last fragment's end is
 * present, then the payload is put together once. Bounded: the bytes held over all datagrams are
 * capped (the oldest datagrams are dropped first, `ip.fragment_limit`), as are the pieces of one
 * datagram; datagrams never completed expire after FRAGMENT_TIMEOUT_MS of capture time
 * (`ip.fragment_timeout`). Overlapping fragments are counted (`ip.fragment_overlap`) and the bytes
 * that arrived first win; an exact duplicate is ignored.
 */
import type { Counters } from '../../core/anomalies.js';

/** How long an incomplete datagram waits for its fragments (Linux ipfrag_time). */
export const FRAGMENT_TIMEOUT_MS = 30_000;
/** The largest reassembled payload (a 16-bit length less the smallest header). */
const MAX_PAYLOAD = 65_535;
/** Pieces of one datagram; more means a tiny-fragment flood. */
const MAX_PIECES = 1024;
/** Bookkeeping cost charged per piece on top of its bytes. */
const PIECE_OVERHEAD = 64;

interface Piece {
  start: number;
  data: Buffer;
}

interface Datagram {
  firstTs: number;
  /** copy of the first fragment's IP header (the addresses are read from it) */
  header: Buffer;
  /** upper-layer protocol / next header of the payload (IPv6: from the offset-0 fragment) */
  next: number;
  nextFromFirst: boolean;
  /** in arrival order */
  pieces: Piece[];
  /** sum of piece lengths */
  bytes: number;
  /** payload length, known once the last fragment (no "more fragments") arrived; -1 before */
  total: number;
  held: number;
}

export interface Reassembled {
  header: Buffer;
  next: number;
  payload: Buffer;
}

export class FragmentTable {
  private readonly sets = new Map<string, Datagram>();
  private held = 0;

  constructor(
    private readonly counters: Counters,
    private readonly maxBytes: number,
  ) {}

  /** Datagrams waiting for fragments. */
  get size(): number {
    return this.sets.size;
  }

  /** Bytes held (with bookkeeping). */
  get heldBytes(): number {
    return this.held;
  }

  /**
   * Add one fragment: `data` is its payload at byte `start` of the datagram's payload; `more`
   * its more-fragments flag; `header` the IP header to keep; `next` the protocol of the payload.
   * Returns the whole datagram when this fragment completes it.
   */
  add(key: string, ts: number, start: number, more: boolean, data: Buffer, header: Buffer, next: number): Reassembled | null {
    const len = data.length;
    const end = start + len;
    if (end > MAX_PAYLOAD || (more && (len === 0 || len % 8 !== 0))) {
      this.counters.inc('ip.bad_header');
      return null;
    }
    this.expire(ts - FRAGMENT_TIMEOUT_MS);
    const cost = len + PIECE_OVERHEAD;
    if (cost > this.maxBytes) {
      this.counters.inc('ip.fragment_limit');
      return null;
    }
    let set = this.sets.get(key);
    if (set === undefined) {
      set = { firstTs: ts, header: Buffer.from(header), next, nextFromFirst: start === 0, pieces: [], bytes: 0, total: -1, held: 0 };
    } else if (start === 0 && !set.nextFromFirst) {
      set.next = next;
      set.nextFromFirst = true;
    }
    if (!more) {
      if (set.total >= 0 && set.total !== end) this.counters.inc('ip.fragment_overlap');
      else set.total = end;
    }
    let overlap = false;
    for (const p of set.pieces) {
      const pEnd = p.start + p.data.length;
      if (start < pEnd && end > p.start) {
        if (p.start === start && p.data.length === len && p.data.equals(data)) return null;
        overlap = true;
      }
    }
    if (overlap) this.counters.inc('ip.fragment_overlap');
    if (set.pieces.length >= MAX_PIECES) {
      this.counters.inc('ip.fragment_limit');
      this.drop(key, set);
      return null;
    }
    while (this.held + cost > this.maxBytes && this.sets.size > 0) {
      const [oldKey, old] = this.sets.entries().next().value as [string, Datagram];
      this.counters.inc('ip.fragment_limit');
      this.drop(oldKey, old);
      if (old === set) {
        // the datagram itself was the oldest: start it afresh with this piece
        set.pieces = [];
        set.bytes = 0;
        set.held = 0;
      }
    }
    set.pieces.push({ start, data: Buffer.from(data) });
    set.bytes += len;
    set.held += cost;
    this.held += cost;
    if (!this.sets.has(key)) this.sets.set(key, set);
    if (set.total < 0 || set.bytes < set.total) return null;
    return this.complete(key, set);
  }

  /** Drop the datagrams whose first fragment came before `cutoffTs`, counting each (`ip.fragment_timeout`). */
  expire(cutoffTs: number): void {
    for (const [key, set] of this.sets) {
      if (set.firstTs >= cutoffTs) break;
      this.counters.inc('ip.fragment_timeout');
      this.drop(key, set);
    }
  }

  private drop(key: string, set: Datagram): void {
    if (this.sets.get(key) === set) this.sets.delete(key);
    this.held -= set.held;
  }

  private complete(key: string, set: Datagram): Reassembled | null {
    const total = set.total;
    const sorted = set.pieces.slice().sort((a, b) => a.start - b.start);
    let covered = 0;
    for (const p of sorted) {
      if (p.start > covered) return null;
      covered = Math.max(covered, p.start + p.data.length);
    }
    if (covered < total) return null;
    if (covered > total) this.counters.inc('ip.fragment_overlap');
    const payload = Buffer.allocUnsafe(total);
    // latest arrival first, so the bytes that came first are written last and win
    for (let i = set.pieces.length - 1; i >= 0; i--) {
      const p = set.pieces[i];
      if (p.start < total) p.data.copy(payload, p.start, 0, Math.min(p.data.length, total - p.start));
    }
    this.drop(key, set);
    return { header: set.header, next: set.next, payload };
  }
}
