/**
 * The state of one HTTP message while it is parsed, and of one transaction (request + response)
 * while it waits to be emitted. Plain data; the parsers fill it, the connection turns it into an
 * Exchange.
 */
import type { BodyEncoding, Header } from '../../core/exchange.js';

export class Message {
  startTs: number;
  endTs: number;
  method = '';
  url = '';
  version = '';
  status = 0;
  reason = '';
  headers: Header[] = [];
  /** anomaly names concerning this message (deduplicated) */
  notes: string[] = [];
  http09 = false;
  expectContinue = false;
  /** some header names are not tokens: framing headers are matched leniently (framingOf) */
  looseNames = false;
  done = false;
  readonly body: BodyBuffer;
  /** the decoded body as the Exchange carries it, set when the message completes ('' when empty) */
  bodyText = '';
  bodyEncoding: BodyEncoding = 'utf8';
  /** the decoded body is incomplete (cap, gap or cut) */
  truncated = false;

  constructor(
    readonly isRequest: boolean,
    readonly tx: Tx,
    ts: number,
    cap: number,
  ) {
    this.startTs = ts;
    this.endTs = ts;
    this.body = new BodyBuffer(cap);
  }
}

/** One request and its response, in connection order. */
export interface Tx {
  /** index of the transaction within the connection (0-based) */
  index: number;
  /** time of the first byte of the request (or of the response, when there is no request) */
  startTs: number;
  /** null: a response without request (see HttpConnection) */
  req: Message | null;
  res: Message | null;
  notes: string[];
}

/**
 * Body bytes as they come off the wire (after de-chunking), kept up to `cap` and counted beyond, in
 * one buffer borrowed from a pool (sized by Content-Length when known, grown otherwise). The owner
 * turns the bytes into the Exchange's body text as soon as the message completes and gives the buffer
 * back: no view of a pooled buffer outlives that.
 */
export class BodyBuffer {
  /** bytes seen on the wire (de-chunked), including bytes lost in gaps */
  wire = 0;
  kept = 0;
  /** wire bytes beyond the cap were dropped */
  over = false;
  /** bytes were missing (gap) */
  gap = false;
  private buf: Buffer | null = null;

  constructor(private readonly cap: number) {}

  /** pre-size for a Content-Length body */
  expect(length: number): void {
    const n = Math.min(length, this.cap);
    if (n > 0 && this.buf === null) this.buf = POOL.acquire(n);
  }

  add(src: Buffer, from: number, to: number): void {
    const n = to - from;
    if (n <= 0) return;
    this.wire += n;
    let take = this.cap - this.kept;
    if (take >= n) take = n;
    else this.over = true;
    if (take <= 0) return;
    let buf = this.buf;
    const need = this.kept + take;
    if (buf === null || need > buf.length) {
      const next = POOL.acquire(Math.min(this.cap, Math.max(need, buf === null ? 0 : buf.length * 2)));
      if (buf !== null) {
        buf.copy(next, 0, 0, this.kept);
        POOL.release(buf);
      }
      this.buf = buf = next;
    }
    if (from === 0 && take === src.length) buf.set(src, this.kept);
    else src.copy(buf, this.kept, from, from + take);
    this.kept = need;
  }

  /** bytes that never arrived */
  missing(n: number): void {
    this.wire += n;
    this.gap = true;
  }

  /** The kept bytes: a view valid until release(). */
  view(): Buffer {
    return this.buf === null ? EMPTY : this.buf.subarray(0, this.kept);
  }

  /** Give the buffer back; views of it must be dead by now. */
  release(): void {
    if (this.buf !== null) POOL.release(this.buf);
    this.buf = null;
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * Free lists of body buffers by size class: bodies come and go by the thousand per second, and
 * allocating (and collecting) an ArrayBuffer for each costs more than parsing them. Bounded: at most
 * MAX_FREE idle buffers per class (about 10 MB in all).
 */
class BufferPool {
  private static readonly CLASSES = [16 << 10, 64 << 10, 256 << 10, 1 << 20];
  private static readonly MAX_FREE = [64, 32, 8, 4];
  private readonly free: Buffer[][] = BufferPool.CLASSES.map(() => []);

  acquire(min: number): Buffer {
    const c = BufferPool.classOf(min);
    if (c < 0) return Buffer.allocUnsafeSlow(min);
    return this.free[c].pop() ?? Buffer.allocUnsafeSlow(BufferPool.CLASSES[c]);
  }

  release(b: Buffer): void {
    const c = BufferPool.CLASSES.indexOf(b.length);
    if (c >= 0 && this.free[c].length < BufferPool.MAX_FREE[c]) this.free[c].push(b);
  }

  private static classOf(n: number): number {
    const classes = BufferPool.CLASSES;
    for (let i = 0; i < classes.length; i++) if (n <= classes[i]) return i;
    return -1;
  }
}

const POOL = new BufferPool();
