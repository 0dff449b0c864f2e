/** The state of one tracked TCP connection, and the list ordering connections by activity. */
import type { ConnectionInfo, Direction, StreamHandler, TcpSegment } from '../types.js';
import type { PendingSegment } from './ooo-buffer.js';
import { TupleNode } from './tuple-table.js';

/** One direction of a connection. */
export class HalfStream {
  /** nextSeq is meaningful (set from a SYN, a SYN-ACK's ack, or the first data seen) */
  known = false;
  /** sequence number of the next byte to deliver */
  nextSeq = 0;
  isnKnown = false;
  isn = 0;
  fin = false;
  /** highest ack the peer sent beyond nextSeq: proof that the bytes up to it were sent */
  ackedKnown = false;
  ackedTo = 0;
  readonly pending: PendingSegment[] = [];
  pendingBytes = 0;
  /** time given to the last onData/onGap (kept non-decreasing) */
  lastTs = 0;
  constructor(
    readonly conn: Connection,
    readonly dir: Direction,
  ) {}
}

export class Connection extends TupleNode<Connection> {
  /** indexed by Direction: 0 client→server, 1 server→client */
  readonly halves: [HalfStream, HalfStream];
  /** time of the latest segment (event time) */
  lastTs: number;
  /** a FIN was seen in either direction: a new SYN on the tuple starts a new connection */
  sawFin = false;
  /** the handler wants no more payload */
  skipping = false;
  closed = false;
  /** neighbours in the activity list (least recently active first) */
  prev: Connection | null = null;
  next: Connection | null = null;
  constructor(
    seg: TcpSegment,
    readonly info: ConnectionInfo,
    readonly handler: StreamHandler,
  ) {
    super(seg);
    this.halves = [new HalfStream(this, 0), new HalfStream(this, 1)];
    this.lastTs = info.ts;
  }
}

/**
 * Connections from least to most recently active (event time), as an intrusive doubly linked
 * list: marking activity is O(1) and allocation-free, and the idle ones are found at the head.
 */
export class ActivityList {
  private head: Connection | null = null;
  private tail: Connection | null = null;

  /** The least recently active connection. */
  get oldest(): Connection | null {
    return this.head;
  }

  /** Marks `conn` as the most recently active (adding it if new). */
  touch(conn: Connection, ts: number): void {
    if (ts > conn.lastTs) conn.lastTs = ts;
    if (this.tail === conn) return;
    if (conn.prev !== null || this.head === conn) this.remove(conn);
    conn.prev = this.tail;
    conn.next = null;
    if (this.tail !== null) this.tail.next = conn;
    else this.head = conn;
    this.tail = conn;
  }

  remove(conn: Connection): void {
    if (conn.prev !== null) conn.prev.next = conn.next;
    else if (this.head === conn) this.head = conn.next;
    else return; // not in the list
    if (conn.next !== null) conn.next.prev = conn.prev;
    else this.tail = conn.prev;
    conn.prev = null;
    conn.next = null;
  }
}
