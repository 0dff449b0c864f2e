/**
 * The simulator's pcap output: each played exchange becomes real TCP on Ethernet (handshake with
 * MSS 1448, segments of at most 1448 bytes, ACKs, FIN both ways), built with the packet crafting
 * and pcap writing helpers the decoder's tests use. Packets of overlapping connections are put in
 * time order through a small queue: a packet is written once no later exchange can precede it.
 */
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, ethernet, ipv4, ipv6, tcp } from '../decode/net/craft.js';
import { pcapFileHeader, pcapRecordHeader } from '../decode/pcap/writer.js';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../decode/types.js';
import { type EngineSink, MSS, type Played, msOf } from './engine.js';
import { TimeHeap } from './heap.js';
import { wireBytes } from './http.js';
import type { Conn } from './model.js';

const PROTO_TCP = 6;
const MSS_OPTION = Buffer.from([2, 4, MSS >> 8, MSS & 0xff]);
/** no exchange starts its packets earlier than this before its request (SYN lead: RTT + 150 µs) */
export const PACKET_LEAD_US = 500_000;
const FILE_OPTS = { linkType: 1, snaplen: 262_144 };

export class PcapSink implements EngineSink {
  private readonly queue = new TimeHeap<Buffer>();
  private ipId = 1;
  private lastUs = 0;
  packets = 0;

  /** `out` receives the file's bytes in order (header first). */
  constructor(private readonly out: (chunk: Buffer) => void) {
    out(pcapFileHeader(FILE_OPTS));
  }

  exchange(p: Played): void {
    const { step, timing } = p;
    const c = step.conn;
    if (p.opened) {
      const syn = c.synUs;
      this.packet(syn, c, true, { seq: c.isnClient, ack: 0, flags: TCP_SYN, options: MSS_OPTION });
      this.packet(syn + 30, c, false, { seq: c.isnServer, ack: c.isnClient + 1, flags: TCP_SYN | TCP_ACK, options: MSS_OPTION });
      this.packet(syn + c.rttUs, c, true, { seq: c.isnClient + 1, ack: c.isnServer + 1, flags: TCP_ACK });
    }
    const req = wireBytes(`${step.req.method} ${step.req.url} HTTP/1.1`, p.req);
    const nReq = Math.ceil(req.length / MSS);
    for (let i = 0; i < nReq; i++) {
      const seg = req.subarray(i * MSS, (i + 1) * MSS);
      this.packet(timing.t0 + i * 20, c, true, { seq: c.isnClient + 1 + c.sentClient, ack: c.isnServer + 1 + c.sentServer, flags: TCP_ACK | (i === nReq - 1 ? TCP_PSH : 0), payload: seg });
      c.sentClient += seg.length;
    }
    if (nReq > 1) this.packet(timing.reqEnd + 40, c, false, { seq: c.isnServer + 1 + c.sentServer, ack: c.isnClient + 1 + c.sentClient, flags: TCP_ACK });
    const status = p.exchange.response!;
    const res = wireBytes(`HTTP/1.1 ${status.status} ${status.reason}`, p.res);
    const m = Math.ceil(res.length / MSS);
    const span = timing.resEnd - timing.resStart;
    for (let j = 0; j < m; j++) {
      const seg = res.subarray(j * MSS, (j + 1) * MSS);
      const at = m === 1 ? timing.resEnd : timing.resStart + Math.round((span * j) / (m - 1));
      this.packet(at, c, false, { seq: c.isnServer + 1 + c.sentServer, ack: c.isnClient + 1 + c.sentClient, flags: TCP_ACK | (j === m - 1 ? TCP_PSH : 0), payload: seg });
      c.sentServer += seg.length;
    }
    this.packet(timing.resEnd + c.rttUs, c, true, { seq: c.isnClient + 1 + c.sentClient, ack: c.isnServer + 1 + c.sentServer, flags: TCP_ACK });
  }

  close(c: Conn, at: number, by: 'client' | 'server'): void {
    const cs = c.isnClient + 1 + c.sentClient;
    const ss = c.isnServer + 1 + c.sentServer;
    if (by === 'client') {
      this.packet(at, c, true, { seq: cs, ack: ss, flags: TCP_FIN | TCP_ACK });
      this.packet(at + 40, c, false, { seq: ss, ack: cs + 1, flags: TCP_FIN | TCP_ACK });
      this.packet(at + 40 + c.rttUs, c, true, { seq: cs + 1, ack: ss + 1, flags: TCP_ACK });
    } else {
      this.packet(at, c, false, { seq: ss, ack: cs, flags: TCP_FIN | TCP_ACK });
      this.packet(at + c.rttUs, c, true, { seq: cs, ack: ss + 1, flags: TCP_FIN | TCP_ACK });
      this.packet(at + c.rttUs + 40, c, false, { seq: ss + 1, ack: cs + 1, flags: TCP_ACK });
    }
  }

  /** Write every queued packet earlier than `beforeUs` (Infinity: all). */
  flush(beforeUs: number): void {
    while (this.queue.size && this.queue.peekTime() < beforeUs) {
      const t = Math.max(this.queue.peekTime(), this.lastUs);
      const frame = this.queue.pop()!;
      this.lastUs = t;
      this.out(pcapRecordHeader(msOf(t), frame.length, frame.length, {}));
      this.out(frame);
      this.packets++;
    }
  }

  private packet(at: number, c: Conn, fromClient: boolean, t: { seq: number; ack: number; flags: number; options?: Buffer; payload?: Buffer }): void {
    const src = fromClient ? c.client : c.serverPeer;
    const dst = fromClient ? c.serverPeer : c.client;
    const seg = tcp({ sport: src.port, dport: dst.port, seq: t.seq >>> 0, ack: t.ack >>> 0, flags: t.flags, options: t.options, payload: t.payload });
    const v6 = src.ip.includes(':') || dst.ip.includes(':');
    const frame = v6
      ? ethernet(ETHERTYPE_IPV6, ipv6(src.ip, dst.ip, PROTO_TCP, seg))
      : ethernet(ETHERTYPE_IPV4, ipv4(src.ip, dst.ip, PROTO_TCP, seg, { id: (this.ipId = (this.ipId + 1) & 0xffff) }));
    this.queue.push(at, frame);
  }
}
