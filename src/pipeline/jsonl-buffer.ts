/**
 * Exchanges serialised as JSONL straight into a byte buffer that is then transferred to the main
 * thread. Writing line by line keeps each string small (young-generation garbage) instead of
 * building one multi-megabyte string per batch, which V8 would place in old space and keep until
 * a full collection: that alone was worth ~30 MB of peak RSS on the 100k bench capture.
 */
import type { Exchange } from '../core/exchange.js';
import { exchangeToJsonl } from '../sources/jsonl/index.js';

export class JsonlBuffer {
  private buf: Buffer;
  /** buffers the main thread has written out and handed back (bounded: steady state allocates nothing) */
  private readonly spare: ArrayBuffer[] = [];
  private off = 0;
  count = 0;

  constructor(private readonly initial = 1 << 20) {
    this.buf = Buffer.allocUnsafeSlow(initial);
  }

  add(ex: Exchange): void {
    const line = exchangeToJsonl(ex);
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    const max = line.length * 3;
    if (this.off + max > this.buf.length) this.grow(this.off + max);
    this.off += this.buf.write(line, this.off, 'utf8');
    this.count++;
  }

  private grow(need: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(need, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.off);
    this.buf = next;
  }

  /** A buffer handed back after its bytes were written. */
  recycle(ab: ArrayBuffer): void {
    if (this.spare.length < 4 && ab.byteLength >= this.initial) this.spare.push(ab);
  }

  /** The bytes written so far, in a buffer of their own (transferable); the writer starts afresh. */
  take(): Uint8Array {
    const out = new Uint8Array(this.buf.buffer, 0, this.off);
    const next = this.spare.pop();
    this.buf = next ? Buffer.from(next) : Buffer.allocUnsafeSlow(this.initial);
    this.off = 0;
    this.count = 0;
    return out;
  }
}
