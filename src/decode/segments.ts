/**
 * Capture bytes to TCP segments: the capture reader and the link/IP decoder, with the periodic
 * expiry of stale IP fragments, and a tick for the caller's own expiry (idle TCP connections).
 * Shared by the in-thread decoder, the main thread fanning segments out to workers, and the
 * workers that read a capture file themselves.
 */
import { NetDecoder } from './net/index.js';
import { CaptureReader } from './pcap/reader.js';
import type { DecodeContext, TcpSegment } from './types.js';

/** How often (in packets) stale state is expired. */
const TICK_EVERY = 4096;

export class SegmentSource {
  packets = 0;
  /** latest capture time seen (epoch ms) */
  lastTs = 0;
  private readonly reader: CaptureReader;
  private readonly net: NetDecoder;

  constructor(
    ctx: DecodeContext,
    onSegment: (seg: TcpSegment) => void,
    onIssue: (byteOffset: number, message: string) => void,
    onTick: (ts: number) => void = () => {},
  ) {
    this.net = new NetDecoder(ctx, onSegment);
    this.reader = new CaptureReader(
      (p) => {
        this.packets++;
        if (p.ts > this.lastTs) this.lastTs = p.ts;
        this.net.decode(p);
        if (this.packets % TICK_EVERY === 0) {
          this.net.flush(this.lastTs);
          onTick(this.lastTs);
        }
      },
      onIssue,
      ctx.counters,
    );
  }

  push(chunk: Buffer): void {
    this.reader.push(chunk);
  }

  /** End of input: a truncated last record is reported, incomplete fragment sets are given up. */
  end(): void {
    this.reader.end();
    this.net.flush(Number.POSITIVE_INFINITY);
  }

  get bytesConsumed(): number {
    return this.reader.bytesConsumed;
  }
}
