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
import { NetDecoder } from './net/index.js';
import { CaptureReader } from './pcap/reader.js';
import { TcpReassembler } from './tcp/reassembler.js';
import { DEFAULT_LIMITS, type DecodeContext, type DecodeLimits, type RawPacket } from './types.js';

export interface CaptureDecoderOptions {
  source: string;
  limits?: Partial<DecodeLimits>;
  onExchange: (ex: Exchange) => void;
  /** a problem with the capture file itself, at a byte offset */
  onIssue?: (byteOffset: number, message: string) => void;
}

/** How often (in packets) idle connections and stale fragments are expired. */
const FLUSH_EVERY = 4096;

export class CaptureDecoder {
  readonly counters = new Counters();
  private readonly reader: CaptureReader;
  private readonly net: NetDecoder;
  private readonly tcp: TcpReassembler;
  private packets = 0;
  private lastTs = 0;
  private exchanges = 0;

  constructor(opts: CaptureDecoderOptions) {
    const ctx: DecodeContext = { counters: this.counters, limits: { ...DEFAULT_LIMITS, ...opts.limits } };
    const onExchange = (ex: Exchange): void => {
      this.exchanges++;
      opts.onExchange(ex);
    };
    this.tcp = new TcpReassembler(ctx, (conn) => new HttpConnection(conn, ctx, { source: opts.source, onExchange }));
    this.net = new NetDecoder(ctx, (seg) => this.tcp.push(seg));
    this.reader = new CaptureReader(
      (p: RawPacket) => this.onPacket(p),
      opts.onIssue ?? (() => {}),
      this.counters,
    );
  }

  private onPacket(p: RawPacket): void {
    this.packets++;
    if (p.ts > this.lastTs) this.lastTs = p.ts;
    this.net.decode(p);
    if (this.packets % FLUSH_EVERY === 0) {
      this.tcp.flush(this.lastTs);
      this.net.flush(this.lastTs);
    }
  }

  push(chunk: Buffer): void {
    this.reader.push(chunk);
  }

  end(): void {
    this.reader.end();
    this.net.flush(Number.POSITIVE_INFINITY);
    this.tcp.end(this.lastTs);
  }

  get packetCount(): number {
    return this.packets;
  }
  get exchangeCount(): number {
    return this.exchanges;
  }
  get bytesConsumed(): number {
    return this.reader.bytesConsumed;
  }
}
