/**
 * The capture decoder: pcap/pcapng bytes in, Exchanges out. Synchronous and push-based, so it
 * runs the same in a worker thread, in the main thread, or under a test.
 *
 *   const d = new CaptureDecoder({ source: 'pcap:a.pcap', onExchange: (ex) => out.push(ex) });
 *   for (const chunk of chunks) d.push(chunk);
 *   d.end();
 */
import { Counters } from '../core/anomalies.js';
import type { Exchange } from '../core/exchange.js';
import { HttpConnection } from './http1/connection.js';
import { SegmentSource } from './segments.js';
import { TcpReassembler } from './tcp/reassembler.js';
import { DEFAULT_LIMITS, type DecodeContext, type DecodeLimits } from './types.js';

export interface CaptureDecoderOptions {
  source: string;
  limits?: Partial<DecodeLimits>;
  onExchange: (ex: Exchange) => void;
  /** a problem with the capture file itself, at a byte offset */
  onIssue?: (byteOffset: number, message: string) => void;
}

export class CaptureDecoder {
  readonly counters = new Counters();
  private readonly segments: SegmentSource;
  private readonly tcp: TcpReassembler;
  private exchanges = 0;

  constructor(opts: CaptureDecoderOptions) {
    const ctx: DecodeContext = { counters: this.counters, limits: { ...DEFAULT_LIMITS, ...opts.limits } };
    const onExchange = (ex: Exchange): void => {
      this.exchanges++;
      opts.onExchange(ex);
    };
    this.tcp = new TcpReassembler(ctx, (conn) => new HttpConnection(conn, ctx, { source: opts.source, onExchange }));
    this.segments = new SegmentSource(ctx, (seg) => this.tcp.push(seg), opts.onIssue ?? (() => {}), (ts) => this.tcp.flush(ts));
  }

  push(chunk: Buffer): void {
    this.segments.push(chunk);
  }

  end(): void {
    this.segments.end();
    this.tcp.end(this.segments.lastTs);
  }

  get packetCount(): number {
    return this.segments.packets;
  }
  get exchangeCount(): number {
    return this.exchanges;
  }
  get bytesConsumed(): number {
    return this.segments.bytesConsumed;
  }
}
