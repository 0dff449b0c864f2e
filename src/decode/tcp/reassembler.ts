/**
 * TCP reassembly for a passive monitor: TcpSegments in, per-connection ordered byte streams out
 * (StreamHandler). Lenient rather than exact — it never rejects a segment and never throws on
 * one — and bounded: out-of-order bytes per direction and in total, and tracked connections, are
 * capped; reaching a cap turns the missing bytes into a gap (`onGap`) instead of waiting.
 *
 * In-order data goes straight to the handler as the caller's view (no copy, no allocation);
 * only out-of-order data is copied. A hole in a direction is given up as a capture loss when
 *   - the peer acknowledges bytes beyond it (the bytes were sent, the capture missed them),
 *   - the direction's FIN or a RST arrives, or the connection ends, times out or is evicted,
 *   - the direction's buffer or the global buffer reaches its cap.
 * Data is delivered in the capture order of the segments that carried it, so a request reaches
 * the handler before the response that acknowledges it.
 *
 *   const tcp = new TcpReassembler(ctx, (conn) => new HttpConnection(conn, ...));
 *   net = new NetDecoder(ctx, (seg) => tcp.push(seg));
 *   ... every few thousand packets: tcp.flush(lastPacketTs);
 *   at the end of input:            tcp.end(lastPacketTs);
 *
 * Counters: tcp.connections, tcp.midstream, tcp.bytes (delivered), tcp.gap, tcp.gap_bytes,
 * tcp.retransmission, tcp.overlap_mismatch, tcp.conn_memcap, tcp.global_memcap, tcp.conn_limit,
 * tcp.idle_timeout, tcp.skipped_bytes.
 */
import type { Counters } from '../../core/anomalies.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../types.js';
import type { ConnectionInfo, DecodeContext, DecodeLimits, Direction, StreamHandlerFactory, TcpSegment } from '../types.js';
import { ActivityList, Connection, type HalfStream } from './connection.js';
import { insertSegment, type InsertResult } from './ooo-buffer.js';
import { srcIsClient } from './roles.js';
import { seqAdd, seqDiff } from './seq.js';
import { TupleTable } from './tuple-table.js';

export type CloseReason = 'fin' | 'rst' | 'timeout' | 'end' | 'evicted';

/** Out-of-order segments kept per direction (besides the byte cap: a flood of tiny segments). */
const MAX_PENDING_SEGMENTS = 2048;
/** An ACK further than this beyond the data seen is not believed (a foreign or corrupt segment). */
const MAX_ACK_AHEAD = 1 << 26;
/** A SYN this close behind a connection's position is a late copy of its own SYN, not a new connection. */
const SYN_SAME_WINDOW = 1 << 20;

export class TcpReassembler {
  private readonly counters: Counters;
  private readonly limits: DecodeLimits;
  private readonly conns = new TupleTable<Connection>();
  private readonly activity = new ActivityList();
  /** directions holding out-of-order data, oldest hole first */
  private readonly withPending = new Set<HalfStream>();
  private buffered = 0;
  private nextId = 1;
  private readonly insertResult: InsertResult = { added: 0, overlap: 0, mismatch: false };
  // the connection of the previous segment: consecutive segments of one connection skip the table
  private last: Connection | null = null;
  private lastSrcIp = '';
  private lastDstIp = '';
  private lastSrcPort = -1;
  private lastDstPort = -1;
  /** direction of the segment last looked up */
  private lastDir: Direction = 0;

  constructor(
    ctx: DecodeContext,
    private readonly factory: StreamHandlerFactory,
  ) {
    this.counters = ctx.counters;
    this.limits = ctx.limits;
  }

  /** Connections tracked now. */
  get openConnections(): number {
    return this.conns.size;
  }

  /** Out-of-order payload bytes held now, over all connections. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  push(seg: TcpSegment): void {
    const conn = this.lookup(seg);
    if (conn === undefined || (seg.flags & (TCP_SYN | TCP_FIN | TCP_RST)) !== 0) {
      this.pushControl(seg, conn);
      return;
    }
    // hot path: a segment of a known connection carrying data and/or an ACK
    const dir = this.lastDir;
    const ts = seg.ts;
    this.activity.touch(conn, ts);
    if ((seg.flags & TCP_ACK) !== 0) {
      const other = conn.halves[dir ^ 1];
      if (other.known && !other.fin && seqDiff(seg.ack, other.nextSeq) > 0) this.ackAhead(other, seg.ack >>> 0, ts, seg.payload.length > 0);
    }
    if (seg.payload.length > 0) this.data(conn.halves[dir], seg.seq >>> 0, seg.payload, ts);
    if (this.buffered > this.limits.maxGlobalBufferBytes) this.enforceGlobalCap();
  }

  /** Closes the connections idle for longer than `limits.idleTimeoutMs` at event time `nowTs`. Costs O(closed). */
  flush(nowTs: number): void {
    const idle = this.limits.idleTimeoutMs;
    let c = this.activity.oldest;
    while (c !== null && nowTs - c.lastTs > idle) {
      this.counters.inc('tcp.idle_timeout');
      this.close(c, nowTs, 'timeout');
      c = this.activity.oldest;
    }
  }

  /** End of input: closes every connection, delivering what is buffered (holes become gaps). */
  end(ts: number): void {
    while (this.activity.oldest !== null) this.close(this.activity.oldest, ts, 'end');
  }

  /** Finds the connection of `seg` and leaves its direction in `lastDir`. */
  private lookup(seg: TcpSegment): Connection | undefined {
    const c = this.last;
    if (c !== null) {
      // same connection as the previous segment, in the same direction or answering it
      if (seg.srcPort === this.lastSrcPort && seg.dstPort === this.lastDstPort && seg.srcIp === this.lastSrcIp && seg.dstIp === this.lastDstIp) return c;
      if (seg.srcPort === this.lastDstPort && seg.dstPort === this.lastSrcPort && seg.srcIp === this.lastDstIp && seg.dstIp === this.lastSrcIp) {
        this.remember(c, seg, this.lastDir === 0 ? 1 : 0);
        return c;
      }
    }
    const conn = this.conns.get(seg);
    if (conn !== undefined) this.remember(conn, seg, seg.srcPort === conn.info.client.port && seg.srcIp === conn.info.client.ip ? 0 : 1);
    return conn;
  }

  private remember(conn: Connection, seg: TcpSegment, dir: Direction): void {
    this.last = conn;
    this.lastSrcIp = seg.srcIp;
    this.lastDstIp = seg.dstIp;
    this.lastSrcPort = seg.srcPort;
    this.lastDstPort = seg.dstPort;
    this.lastDir = dir;
  }

  /** Segments with SYN, FIN or RST, and the first segment of an unknown tuple. */
  private pushControl(seg: TcpSegment, found: Connection | undefined): void {
    const flags = seg.flags;
    const ts = seg.ts;
    const seq = seg.seq >>> 0;
    const ack = seg.ack >>> 0;
    const len = seg.payload.length;
    const syn = (flags & TCP_SYN) !== 0;
    const hasAck = (flags & TCP_ACK) !== 0;
    let conn = found;
    if (conn !== undefined && syn && !this.sameConnectionSyn(conn, this.lastDir, seq)) {
      // 4-tuple reuse: a fresh SYN proves the previous connection is over, even if its FIN was not captured
      this.close(conn, ts, 'fin');
      conn = undefined;
    }
    if (conn === undefined) {
      // late ACKs, FINs and RSTs of a connection already closed (or never seen) carry nothing
      if ((!syn && len === 0) || (flags & TCP_RST) !== 0) return;
      conn = this.open(seg, syn, hasAck);
    }
    const dir = this.lastDir;
    this.activity.touch(conn, ts);
    const half = conn.halves[dir];
    const other = conn.halves[dir ^ 1];
    let dataSeq = seq;
    if (syn) {
      dataSeq = seqAdd(seq, 1);
      if (!half.isnKnown) {
        half.isnKnown = true;
        half.isn = seq;
      }
      if (!half.known) {
        half.known = true;
        half.nextSeq = dataSeq;
      }
      if (hasAck && !other.known) {
        other.known = true;
        other.nextSeq = ack;
      }
    }
    if (hasAck && !conn.skipping && other.known && !other.fin && seqDiff(ack, other.nextSeq) > 0) this.ackAhead(other, ack, ts, len > 0);
    if (len > 0) this.data(half, dataSeq, seg.payload, ts);
    if ((flags & TCP_RST) !== 0) {
      this.close(conn, ts, 'rst');
      return;
    }
    if ((flags & TCP_FIN) !== 0) {
      this.fin(half, seqAdd(dataSeq, len), ts);
      if (half.fin && other.fin) {
        this.close(conn, ts, 'fin');
        return;
      }
    }
    if (this.buffered > this.limits.maxGlobalBufferBytes) this.enforceGlobalCap();
  }

  /** Whether a SYN (or SYN-ACK) from `dir` belongs to `conn` rather than opening a new connection on its tuple. */
  private sameConnectionSyn(conn: Connection, dir: Direction, seq: number): boolean {
    const half = conn.halves[dir];
    if (half.isnKnown) return seq === half.isn;
    if (conn.sawFin) return false;
    if (!half.known) return true;
    // a SYN captured after the first data (reordering) sits just behind the data seen
    const behind = seqDiff(half.nextSeq, seq);
    return behind > 0 && behind <= SYN_SAME_WINDOW;
  }

  private open(seg: TcpSegment, syn: boolean, hasAck: boolean): Connection {
    const oldest = this.activity.oldest;
    if (this.conns.size >= Math.max(1, this.limits.maxConnections) && oldest !== null) {
      this.counters.inc('tcp.conn_limit');
      this.close(oldest, seg.ts, 'evicted');
    }
    // SYN: its sender is the client; SYN-ACK: its receiver is; neither: guess
    const clientIsSrc = syn ? !hasAck : srcIsClient(seg.srcPort, seg.dstPort, seg.payload);
    const src = { ip: seg.srcIp, port: seg.srcPort };
    const dst = { ip: seg.dstIp, port: seg.dstPort };
    const info: ConnectionInfo = {
      id: this.nextId++,
      client: clientIsSrc ? src : dst,
      server: clientIsSrc ? dst : src,
      midstream: !syn,
      ts: seg.ts,
    };
    this.counters.inc('tcp.connections');
    if (!syn) this.counters.inc('tcp.midstream');
    const conn = new Connection(seg, info, this.factory(info));
    this.conns.add(conn);
    this.remember(conn, seg, clientIsSrc ? 0 : 1);
    return conn;
  }

  private data(half: HalfStream, seq: number, payload: Buffer, ts: number): void {
    if (half.conn.skipping) {
      this.counters.inc('tcp.skipped_bytes', payload.length);
      return;
    }
    if (seq === half.nextSeq && half.known && half.pending.length === 0) {
      this.deliver(half, payload, ts);
      return;
    }
    this.dataSlow(half, seq, payload, ts);
  }

  /** Data that is not simply the next bytes: first data of a direction, retransmission, out of order, hole filling. */
  private dataSlow(half: HalfStream, seqIn: number, payload: Buffer, ts: number): void {
    const conn = half.conn;
    if (!half.known) {
      half.known = true;
      half.nextSeq = seqIn;
    }
    let seq = seqIn;
    let bytes = payload;
    let retransmitted = false;
    const off = seqDiff(seq, half.nextSeq);
    if (off < 0) {
      // bytes already delivered (or given up as a gap): keep only what lies beyond
      this.counters.inc('tcp.retransmission');
      if (off + bytes.length <= 0) return;
      retransmitted = true;
      bytes = bytes.subarray(-off);
      seq = half.nextSeq;
    }
    if (seq === half.nextSeq) {
      const room = half.pending.length === 0 ? bytes.length : seqDiff(half.pending[0].seq, seq);
      if (room >= bytes.length) {
        this.deliver(half, bytes, ts);
        this.drain(half);
        return;
      }
      if (room > 0) {
        this.deliver(half, bytes.subarray(0, room), ts);
        bytes = bytes.subarray(room);
        seq = half.nextSeq;
      }
    }
    if (conn.skipping || conn.handler.wantsNoMoreData?.() === true) {
      this.skip(conn, bytes.length);
      return;
    }
    const r = this.insertResult;
    insertSegment(half.pending, half.nextSeq, seq, bytes, ts, r);
    if (r.overlap > 0 && !retransmitted) this.counters.inc('tcp.retransmission');
    if (r.mismatch) this.counters.inc('tcp.overlap_mismatch');
    if (r.added > 0) {
      half.pendingBytes += r.added;
      this.buffered += r.added;
      this.withPending.add(half);
    }
    this.drain(half);
    // the peer already acknowledged past the hole: it is a capture loss, stop waiting for it
    if (half.ackedKnown && half.pending.length > 0 && seqDiff(half.ackedTo, half.nextSeq) > 0) this.resolveAcked(half, half.ackedTo, ts, false);
    if (half.pendingBytes > this.limits.maxConnBufferBytes || half.pending.length > MAX_PENDING_SEGMENTS) {
      this.counters.inc('tcp.conn_memcap');
      while (half.pending.length > 0 && (half.pendingBytes > this.limits.maxConnBufferBytes || half.pending.length > MAX_PENDING_SEGMENTS)) this.forceOne(half);
    }
  }

  /** Hands in-order bytes to the handler (or counts them skipped). */
  private deliver(half: HalfStream, bytes: Buffer, ts: number): void {
    half.nextSeq = (half.nextSeq + bytes.length) >>> 0;
    const conn = half.conn;
    if (conn.skipping || conn.handler.wantsNoMoreData?.() === true) {
      this.skip(conn, bytes.length);
      return;
    }
    let t = ts;
    if (t > half.lastTs) half.lastTs = t;
    else t = half.lastTs;
    this.counters.inc('tcp.bytes', bytes.length);
    conn.handler.onData(half.dir, bytes, t);
  }

  /** Bytes of this direction will never come: tell the handler and move past them. */
  private gap(half: HalfStream, bytes: number, ts: number): void {
    half.nextSeq = seqAdd(half.nextSeq, bytes);
    if (half.conn.skipping) return;
    let t = ts;
    if (t > half.lastTs) half.lastTs = t;
    else t = half.lastTs;
    this.counters.inc('tcp.gap');
    this.counters.inc('tcp.gap_bytes', bytes);
    half.conn.handler.onGap(half.dir, bytes, t);
  }

  /** Delivers the buffered segments that have become in order. */
  private drain(half: HalfStream): void {
    const pending = half.pending;
    while (pending.length > 0) {
      const p = pending[0];
      const d = seqDiff(p.seq, half.nextSeq);
      if (d > 0) break;
      pending.shift();
      half.pendingBytes -= p.data.length;
      this.buffered -= p.data.length;
      if (-d < p.data.length) this.deliver(half, d === 0 ? p.data : p.data.subarray(-d), p.ts);
    }
    if (pending.length === 0) this.withPending.delete(half);
  }

  /** Gives up the first hole of a direction: a gap for it, then the buffered data behind it. */
  private forceOne(half: HalfStream): void {
    const p = half.pending[0];
    const hole = seqDiff(p.seq, half.nextSeq);
    if (hole > 0) this.gap(half, hole, p.ts);
    this.drain(half);
  }

  /** The peer acknowledged bytes of `half` beyond those seen. */
  private ackAhead(half: HalfStream, ack: number, ts: number, fromData: boolean): void {
    if (seqDiff(ack, half.nextSeq) > MAX_ACK_AHEAD) return;
    if (!half.ackedKnown || seqDiff(ack, half.ackedTo) > 0) {
      half.ackedKnown = true;
      half.ackedTo = ack;
    }
    this.resolveAcked(half, ack, ts, fromData);
  }

  /**
   * Skips the holes of `half` before `ack` and delivers what follows them. With `tail`, also the
   * unbuffered bytes up to `ack` become a gap: done when the acknowledging segment carries data,
   * so that e.g. a response whose end was lost is closed before the next request is delivered.
   * A bare ACK only records the evidence (it may merely have overtaken the data in the capture).
   */
  private resolveAcked(half: HalfStream, ack: number, ts: number, tail: boolean): void {
    const conn = half.conn;
    while (!conn.skipping && half.pending.length > 0 && seqDiff(ack, half.pending[0].seq) >= 0) this.forceOne(half);
    if (tail && !conn.skipping) {
      const missing = seqDiff(ack, half.nextSeq);
      if (missing > 0) this.gap(half, missing, ts);
    }
  }

  /** FIN of `half` at sequence `finSeq`: whatever is still missing before it will not come. */
  private fin(half: HalfStream, finSeq: number, ts: number): void {
    if (half.fin) return;
    const conn = half.conn;
    conn.sawFin = true;
    half.fin = true;
    if (!half.known) {
      half.known = true;
      half.nextSeq = finSeq;
    }
    while (!conn.skipping && half.pending.length > 0) this.forceOne(half);
    const missing = seqDiff(finSeq, half.nextSeq);
    if (missing >= 0) {
      if (missing > 0 && missing <= MAX_ACK_AHEAD) this.gap(half, missing, ts);
      half.nextSeq = seqAdd(finSeq, 1);
    }
  }

  /** The handler wants no more payload: drop what is buffered and count it. */
  private skip(conn: Connection, bytes: number): void {
    let n = bytes;
    if (!conn.skipping) {
      conn.skipping = true;
      for (const half of conn.halves) n += this.dropPending(half);
    }
    this.counters.inc('tcp.skipped_bytes', n);
  }

  private dropPending(half: HalfStream): number {
    const n = half.pendingBytes;
    half.pending.length = 0;
    half.pendingBytes = 0;
    this.buffered -= n;
    this.withPending.delete(half);
    return n;
  }

  /** Over the global cap: give up the holes of the directions that have waited longest. */
  private enforceGlobalCap(): void {
    this.counters.inc('tcp.global_memcap');
    const cap = this.limits.maxGlobalBufferBytes;
    for (const half of this.withPending) {
      if (this.buffered <= cap) break;
      while (half.pending.length > 0) {
        if (half.conn.skipping) this.dropPending(half);
        else this.forceOne(half);
      }
      this.withPending.delete(half);
    }
  }

  private close(conn: Connection, ts: number, reason: CloseReason): void {
    if (conn.closed) return;
    conn.closed = true;
    this.conns.delete(conn);
    this.activity.remove(conn);
    if (this.last === conn) this.last = null;
    const [a, b] = conn.halves;
    // buffered data of both directions, in the capture order of its segments
    while (!conn.skipping && (a.pending.length > 0 || b.pending.length > 0)) {
      this.forceOne(b.pending.length === 0 || (a.pending.length > 0 && a.pending[0].ts <= b.pending[0].ts) ? a : b);
    }
    for (const half of conn.halves) {
      this.dropPending(half);
      // the end of the data the peer acknowledged was never captured; an ACK just one beyond
      // is most likely that of a FIN the capture missed, not of a lost byte
      if (!conn.skipping && !half.fin && half.ackedKnown) {
        const missing = seqDiff(half.ackedTo, half.nextSeq);
        if (missing > 1) this.gap(half, missing, ts);
      }
    }
    conn.handler.onClose(ts, reason);
  }
}
