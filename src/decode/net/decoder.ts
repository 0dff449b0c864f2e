/**
 * NetDecoder: RawPackets in, TcpSegments out. Peels the link layer (by the packet's LINKTYPE),
 * IPv4/IPv6 (options and extension headers skipped, fragments reassembled) and the TCP header.
 * Only TCP is emitted; everything else is counted (`net.non_tcp`) and dropped after a few byte
 * reads. Malformed headers are counted (`ip.bad_header`, `tcp.bad_header`, `net.bad_link`), never
 * thrown. Padding after the IP datagram (Ethernet minimum frame, FCS) is cut off using the IP
 * length; a datagram cut short by the snaplen yields the payload that was captured.
 *
 *   const net = new NetDecoder(ctx, (seg) => tcp.push(seg));
 *   reader = new CaptureReader((p) => net.decode(p), onIssue, ctx.counters);
 *   ...
 *   net.flush(Number.POSITIVE_INFINITY); // end of input: give up incomplete fragment sets
 *
 * The segment's payload is a view of the packet (or of a reassembled datagram), valid during the
 * callback only.
 */
import type { Counters } from '../../core/anomalies.js';
import type { DecodeContext, RawPacket, TcpSegment } from '../types.js';
import { FRAGMENT_TIMEOUT_MS, FragmentTable } from './fragments.js';
import { formatIPv4, formatIPv6 } from './ip-format.js';
import { LinkLayers } from './link.js';

const IPPROTO_TCP = 6;
/** IPv6 extension headers walked over (length in 8-octet units after the first 8). */
const IP6_HOPOPTS = 0;
const IP6_ROUTING = 43;
const IP6_FRAGMENT = 44;
const IP6_AH = 51;
const IP6_DSTOPTS = 60;
const IP6_MOBILITY = 135;
const IP6_HIP = 139;
const IP6_SHIM6 = 140;
/** More extension headers than this in one packet is not believed. */
const MAX_EXT_HEADERS = 16;

export class NetDecoder extends LinkLayers {
  protected readonly counters: Counters;
  private readonly frags: FragmentTable;

  constructor(
    ctx: DecodeContext,
    private readonly onSegment: (s: TcpSegment) => void,
  ) {
    super();
    this.counters = ctx.counters;
    this.frags = new FragmentTable(ctx.counters, ctx.limits.maxFragmentBytes);
  }

  /** Expire fragment sets older than the fragment timeout at capture time `nowTs` (Infinity: all). */
  flush(nowTs: number): void {
    this.frags.expire(nowTs - FRAGMENT_TIMEOUT_MS);
  }

  /** Fragment reassembly state, for tests and metrics. */
  get fragmentSets(): number {
    return this.frags.size;
  }

  decode(p: RawPacket): void {
    this.counters.inc('net.packets');
    this.link(p.data, p.linkType, p.ts);
  }

  /** IP of either version, by the version nibble. */
  protected ipAny(d: Buffer, off: number, ts: number): void {
    if (d.length <= off) return this.badIp();
    const v = d[off] >> 4;
    if (v === 4) return this.ipv4(d, off, ts);
    if (v === 6) return this.ipv6(d, off, ts);
    return this.badIp();
  }

  protected ipv4(d: Buffer, off: number, ts: number): void {
    const len = d.length;
    if (len < off + 20) return this.badIp();
    const vihl = d[off];
    const ihl = (vihl & 15) << 2;
    if (vihl >> 4 !== 4 || ihl < 20 || len < off + ihl) return this.badIp();
    const total = (d[off + 2] << 8) | d[off + 3];
    let end: number;
    if (total === 0) {
      // segmentation offload: the stack had not filled the length in yet
      end = len;
    } else {
      if (total < ihl) return this.badIp();
      end = off + total;
    }
    const cut = end > len;
    if (cut) end = len;
    if (d[off + 9] !== IPPROTO_TCP) return this.nonTcp();
    const frag = ((d[off + 6] << 8) | d[off + 7]) & 0x3fff;
    if (frag === 0) return this.tcp(d, off + ihl, end, cut, ts, d, off + 12, false);
    // a fragment cut by the snaplen cannot be put back together
    if (cut) return;
    const key = `4${d.toString('latin1', off + 12, off + 20)}${d.toString('latin1', off + 4, off + 6)}`;
    const whole = this.frags.add(key, ts, (frag & 0x1fff) << 3, (frag & 0x2000) !== 0, d.subarray(off + ihl, end), d.subarray(off, off + 20), IPPROTO_TCP);
    if (whole !== null) this.tcp(whole.payload, 0, whole.payload.length, false, ts, whole.header, 12, false);
  }

  protected ipv6(d: Buffer, off: number, ts: number): void {
    const len = d.length;
    if (len < off + 40 || d[off] >> 4 !== 6) return this.badIp();
    const plen = (d[off + 4] << 8) | d[off + 5];
    // payload length 0: a jumbogram or segmentation offload; take what was captured
    let end = plen === 0 ? len : off + 40 + plen;
    const cut = end > len;
    if (cut) end = len;
    return this.ipv6Payload(d, off + 40, end, cut, d[off + 6], ts, d, off + 8, true);
  }

  /** Walk IPv6 extension headers from `p` (next header `nh`) to TCP. The addresses are at `a[ao, ao + 32)`. */
  private ipv6Payload(d: Buffer, p: number, end: number, cut: boolean, nh: number, ts: number, a: Buffer, ao: number, fragOk: boolean): void {
    for (let i = 0; i < MAX_EXT_HEADERS; i++) {
      switch (nh) {
        case IPPROTO_TCP:
          return this.tcp(d, p, end, cut, ts, a, ao, true);
        case IP6_HOPOPTS:
        case IP6_ROUTING:
        case IP6_DSTOPTS:
        case IP6_MOBILITY:
        case IP6_HIP:
        case IP6_SHIM6:
          if (p + 8 > end) return cut ? undefined : this.badIp();
          nh = d[p];
          p += (d[p + 1] + 1) << 3;
          if (p > end) return cut ? undefined : this.badIp();
          continue;
        case IP6_AH:
          if (p + 8 > end) return cut ? undefined : this.badIp();
          nh = d[p];
          p += (d[p + 1] + 2) << 2;
          if (p > end) return cut ? undefined : this.badIp();
          continue;
        case IP6_FRAGMENT: {
          if (p + 8 > end) return cut ? undefined : this.badIp();
          const next = d[p];
          const fo = (d[p + 2] << 8) | d[p + 3];
          const start = fo & 0xfff8;
          const more = (fo & 1) !== 0;
          if (start === 0 && !more) {
            // an atomic fragment: the whole datagram
            nh = next;
            p += 8;
            continue;
          }
          if (!fragOk) return this.badIp();
          if (next !== IPPROTO_TCP && !isExtHeader(next)) return this.nonTcp();
          if (cut) return;
          const key = `6${a.toString('latin1', ao, ao + 32)}${d.toString('latin1', p + 4, p + 8)}`;
          const whole = this.frags.add(key, ts, start, more, d.subarray(p + 8, end), a.subarray(ao - 8, ao + 32), next);
          if (whole !== null) this.ipv6Payload(whole.payload, 0, whole.payload.length, false, whole.next, ts, whole.header, 8, false);
          return;
        }
        default:
          return this.nonTcp();
      }
    }
    return this.badIp();
  }

  /** The TCP header at `d[off, end)`; the source address is at `a[ao]`, the destination right after it. */
  private tcp(d: Buffer, off: number, end: number, cut: boolean, ts: number, a: Buffer, ao: number, v6: boolean): void {
    if (end - off < 20) {
      // a header cut by the snaplen is a capture loss, not a malformed packet
      if (!cut) this.counters.inc('tcp.bad_header');
      return;
    }
    const doff = (d[off + 12] >> 4) << 2;
    if (doff < 20 || doff > end - off) {
      if (doff < 20 || !cut) this.counters.inc('tcp.bad_header');
      return;
    }
    const seg: TcpSegment = {
      ts,
      srcIp: v6 ? formatIPv6(a, ao) : formatIPv4(a, ao),
      dstIp: v6 ? formatIPv6(a, ao + 16) : formatIPv4(a, ao + 4),
      srcPort: (d[off] << 8) | d[off + 1],
      dstPort: (d[off + 2] << 8) | d[off + 3],
      seq: ((d[off + 4] << 24) | (d[off + 5] << 16) | (d[off + 6] << 8) | d[off + 7]) >>> 0,
      ack: ((d[off + 8] << 24) | (d[off + 9] << 16) | (d[off + 10] << 8) | d[off + 11]) >>> 0,
      flags: d[off + 13],
      payload: d.subarray(off + doff, end),
    };
    this.counters.inc('net.tcp_segments');
    this.onSegment(seg);
  }
}

function isExtHeader(nh: number): boolean {
  return (
    nh === IP6_HOPOPTS ||
    nh === IP6_ROUTING ||
    nh === IP6_DSTOPTS ||
    nh === IP6_AH ||
    nh === IP6_MOBILITY ||
    nh === IP6_HIP ||
    nh === IP6_SHIM6
  );
}

