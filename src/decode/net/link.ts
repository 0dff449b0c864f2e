/**
 * Link layers: from a frame of a given LINKTYPE to the IP packet inside it. Ethernet (any number
 * of 802.1Q/802.1ad/QinQ tags, PPPoE sessions, MPLS, LLC/SNAP), Linux cooked v1/v2, raw IP, BSD
 * loopback, NFLOG, Cisco HDLC, PPP and IEEE 802.11 (plain or behind radiotap) data frames.
 * Frames too short for their link header count `net.bad_link`; other payloads (ARP, STP, LCP,
 * management frames…) count `net.non_tcp`.
 */
import type { Counters } from '../../core/anomalies.js';
import { LINKTYPE } from './linktypes.js';

const ETH_IPV4 = 0x0800;
const ETH_IPV6 = 0x86dd;
const ETH_VLAN = 0x8100;
const ETH_QINQ = 0x88a8;
const ETH_QINQ_OLD1 = 0x9100;
const ETH_QINQ_OLD2 = 0x9200;
const ETH_PPPOE_SESSION = 0x8864;
const ETH_MPLS = 0x8847;
const ETH_MPLS_MC = 0x8848;

const SLL_LLC = 0x0004;

const PPP_IPV4 = 0x21;
const PPP_IPV6 = 0x57;

/** BSD AF_INET6 values on the platforms pcaps come from: Linux, NetBSD/OpenBSD, FreeBSD, Darwin. */
function isAfInet6(af: number): boolean {
  return af === 10 || af === 24 || af === 28 || af === 30;
}

/** The link-layer half of the NetDecoder; the IP half implements the abstract methods. */
export abstract class LinkLayers {
  protected abstract readonly counters: Counters;
  /** IPv4 packet at `d[off]` */
  protected abstract ipv4(d: Buffer, off: number, ts: number): void;
  /** IPv6 packet at `d[off]` */
  protected abstract ipv6(d: Buffer, off: number, ts: number): void;
  /** IP packet of either version at `d[off]` */
  protected abstract ipAny(d: Buffer, off: number, ts: number): void;

  /** Peel the link header of a `linkType` frame and pass the IP packet on. */
  protected link(d: Buffer, linkType: number, ts: number): void {
    switch (linkType) {
      case LINKTYPE.ETHERNET:
        return this.ethernet(d, 0, ts);
      case LINKTYPE.RAW:
      case LINKTYPE.RAW_ALT12:
      case LINKTYPE.RAW_ALT14:
        return this.ipAny(d, 0, ts);
      case LINKTYPE.IPV4:
        return this.ipv4(d, 0, ts);
      case LINKTYPE.IPV6:
        return this.ipv6(d, 0, ts);
      case LINKTYPE.NULL:
      case LINKTYPE.LOOP:
        return this.loopback(d, ts);
      case LINKTYPE.LINUX_SLL: {
        if (d.length < 16) return this.badLink();
        const proto = (d[14] << 8) | d[15];
        // protocol 4: an 802.2 LLC frame follows
        return proto === SLL_LLC ? this.snap(d, 16, ts) : this.etherType(d, 16, proto, ts);
      }
      case LINKTYPE.LINUX_SLL2:
        if (d.length < 20) return this.badLink();
        return this.etherType(d, 20, (d[0] << 8) | d[1], ts);
      case LINKTYPE.C_HDLC:
        if (d.length < 4) return this.badLink();
        return this.etherType(d, 4, (d[2] << 8) | d[3], ts);
      case LINKTYPE.PPP:
      case LINKTYPE.PPP_HDLC:
        return this.ppp(d, 0, ts);
      case LINKTYPE.NFLOG:
        return this.nflog(d, ts);
      case LINKTYPE.IEEE802_11:
        return this.wifi(d, 0, ts);
      case LINKTYPE.IEEE802_11_RADIOTAP: {
        if (d.length < 8 || d[0] !== 0) return this.badLink();
        const hdr = d[2] | (d[3] << 8);
        if (hdr < 8 || hdr > d.length) return this.badLink();
        return this.wifi(d, hdr, ts);
      }
      default:
        this.counters.inc('capture.unknown_linktype');
    }
  }

  protected badLink(): void {
    this.counters.inc('net.bad_link');
  }

  protected nonTcp(): void {
    this.counters.inc('net.non_tcp');
  }

  protected badIp(): void {
    this.counters.inc('ip.bad_header');
  }

  private ethernet(d: Buffer, off: number, ts: number): void {
    if (d.length < off + 14) return this.badLink();
    const type = (d[off + 12] << 8) | d[off + 13];
    if (type >= 0x0600) return this.etherType(d, off + 14, type, ts);
    // 802.3 length field: only LLC/SNAP can carry IP
    return this.snap(d, off + 14, ts);
  }

  /** LLC/SNAP header (AA AA 03, OUI, EtherType) at `off`. */
  private snap(d: Buffer, off: number, ts: number): void {
    if (d.length >= off + 8 && d[off] === 0xaa && d[off + 1] === 0xaa && d[off + 2] === 0x03) {
      return this.etherType(d, off + 8, (d[off + 6] << 8) | d[off + 7], ts);
    }
    return this.nonTcp();
  }

  /** Dispatch on an EtherType, peeling VLAN tags, PPPoE session headers and MPLS labels. */
  private etherType(d: Buffer, off: number, type: number, ts: number): void {
    const len = d.length;
    while (true) {
      switch (type) {
        case ETH_IPV4:
          return this.ipv4(d, off, ts);
        case ETH_IPV6:
          return this.ipv6(d, off, ts);
        case ETH_VLAN:
        case ETH_QINQ:
        case ETH_QINQ_OLD1:
        case ETH_QINQ_OLD2:
          if (len < off + 4) return this.badLink();
          type = (d[off + 2] << 8) | d[off + 3];
          off += 4;
          continue;
        case ETH_PPPOE_SESSION:
          // version/type, code, session id, length; then PPP
          if (len < off + 6) return this.badLink();
          return this.ppp(d, off + 6, ts);
        case ETH_MPLS:
        case ETH_MPLS_MC:
          // labels until the bottom-of-stack bit, then IP by its version nibble
          for (;;) {
            if (len < off + 4) return this.badLink();
            const bottom = d[off + 2] & 1;
            off += 4;
            if (bottom) break;
          }
          return this.ipAny(d, off, ts);
        default:
          return this.nonTcp();
      }
    }
  }

  /** PPP: optional HDLC address/control (FF 03), then a 1- or 2-byte protocol (RFC 1661 field compression). */
  private ppp(d: Buffer, off: number, ts: number): void {
    const len = d.length;
    if (len < off + 2) return this.badLink();
    if (d[off] === 0xff && d[off + 1] === 0x03) off += 2;
    if (len < off + 1) return this.badLink();
    let proto = d[off];
    if (proto & 1) {
      off += 1;
    } else {
      if (len < off + 2) return this.badLink();
      proto = (proto << 8) | d[off + 1];
      off += 2;
    }
    if (proto === PPP_IPV4) return this.ipv4(d, off, ts);
    if (proto === PPP_IPV6) return this.ipv6(d, off, ts);
    return this.nonTcp();
  }

  /** BSD loopback: a 4-byte address family in the capturing host's byte order (NULL) or network order (LOOP). */
  private loopback(d: Buffer, ts: number): void {
    if (d.length < 4) return this.badLink();
    const af = d[0] === 0 && d[1] === 0 ? (d[2] << 8) | d[3] : d[0] | (d[1] << 8);
    if (af === 2) return this.ipv4(d, 4, ts);
    if (isAfInet6(af)) return this.ipv6(d, 4, ts);
    return this.nonTcp();
  }

  /** Linux NFLOG: 4-byte header, then TLVs (length and type in host byte order); the packet is TLV 9. */
  private nflog(d: Buffer, ts: number): void {
    const len = d.length;
    if (len < 4) return this.badLink();
    const le = nflogLittleEndian(d);
    for (let o = 4; o + 4 <= len; ) {
      const tlen = le ? d[o] | (d[o + 1] << 8) : (d[o] << 8) | d[o + 1];
      const type = (le ? d[o + 2] | (d[o + 3] << 8) : (d[o + 2] << 8) | d[o + 3]) & 0x3fff;
      if (tlen < 4 || o + tlen > len) return this.badLink();
      if (type === 9) return this.ipAny(d.subarray(0, o + tlen), o + 4, ts);
      o += (tlen + 3) & ~3;
    }
    return this.nonTcp();
  }

  /** IEEE 802.11 data frame at `off` with an LLC/SNAP payload. */
  private wifi(d: Buffer, off: number, ts: number): void {
    if (d.length < off + 24) return this.badLink();
    const fc0 = d[off];
    const fc1 = d[off + 1];
    // type 2 = data; subtypes with bit 2 set carry no data; protected frames are encrypted
    if (((fc0 >> 2) & 3) !== 2 || fc0 & 0x40 || fc1 & 0x40) return this.nonTcp();
    let h = (fc1 & 3) === 3 ? 30 : 24;
    if (fc0 & 0x80) {
      // QoS data: QoS control; an A-MSDU is not unpacked
      if (d.length < off + h + 2 || d[off + h] & 0x80) return this.nonTcp();
      h += fc1 & 0x80 ? 6 : 2;
    }
    return this.snap(d, off + h, ts);
  }
}

/**
 * NFLOG TLVs are in the capturing host's byte order: pick the order in which the first TLV has a
 * length that fits and a small type (little-endian when both or neither do).
 */
function nflogLittleEndian(d: Buffer): boolean {
  if (d.length < 8) return true;
  const room = d.length - 4;
  const leLen = d[4] | (d[5] << 8);
  const beLen = (d[4] << 8) | d[5];
  const leOk = leLen >= 4 && leLen <= room && ((d[6] | (d[7] << 8)) & 0x3fff) < 64;
  const beOk = beLen >= 4 && beLen <= room && (((d[6] << 8) | d[7]) & 0x3fff) < 64;
  return leOk || !beOk;
}
