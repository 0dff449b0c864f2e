import { describe, expect, it } from 'vitest';
import { Counters } from '../../core/anomalies.js';
import { DEFAULT_LIMITS, type DecodeLimits, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN, type TcpSegment } from '../types.js';
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6, ethernet, ipv4, ipv6, ipv6Ext, ipv6Frag, tcp } from './craft.js';
import { NetDecoder } from './decoder.js';
import { LINKTYPE } from './linktypes.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const be16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
const le32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const be32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

interface Run {
  segs: Array<Omit<TcpSegment, 'payload'> & { payload: string }>;
  counters: Record<string, number>;
  net: NetDecoder;
}

function decodeAll(linkType: number, frames: Buffer[], limits: Partial<DecodeLimits> = {}, ts0 = 1_700_000_000_000): Run {
  const counters = new Counters();
  const segs: Run['segs'] = [];
  const net = new NetDecoder({ counters, limits: { ...DEFAULT_LIMITS, ...limits } }, (s) => segs.push({ ...s, payload: s.payload.toString('latin1') }));
  frames.forEach((data, i) => net.decode({ ts: ts0 + i, linkType, data, origLen: data.length, ifIndex: 0 }));
  return { segs, counters: counters.toJSON(), net };
}

const PAYLOAD = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n';
const seg4 = tcp({ sport: 40000, dport: 80, seq: 0xfffffff0, ack: 0x80000001, payload: PAYLOAD });
const ip4 = ipv4('192.0.2.1', '198.51.100.7', 6, seg4);
const ip6 = ipv6('2001:db8::1', '2001:db8:0:0:1::2', 6, seg4);

const expect4 = { srcIp: '192.0.2.1', dstIp: '198.51.100.7', srcPort: 40000, dstPort: 80, seq: 0xfffffff0, ack: 0x80000001, flags: TCP_PSH | TCP_ACK, payload: PAYLOAD };
const expect6 = { ...expect4, srcIp: '2001:db8::1', dstIp: '2001:db8::1:0:0:2' };

describe('link layers', () => {
  const wifiData = (fc0: number, fc1: number, extra: Buffer, ethType: number, ip: Buffer): Buffer =>
    Buffer.concat([Buffer.from([fc0, fc1]), Buffer.alloc(22), extra, hex('aaaa03000000'), be16(ethType), ip]);
  const radiotap = hex('00 00 0c 00 04 80 00 00 02 00 00 00');
  const nflogTlv = (le: boolean, type: number, value: Buffer): Buffer => {
    const h = Buffer.alloc(4);
    if (le) {
      h.writeUInt16LE(value.length + 4, 0);
      h.writeUInt16LE(type, 2);
    } else {
      h.writeUInt16BE(value.length + 4, 0);
      h.writeUInt16BE(type, 2);
    }
    return Buffer.concat([h, value, Buffer.alloc(((value.length + 3) & ~3) - value.length)]);
  };

  const cases: Array<[string, number, Buffer, 4 | 6]> = [
    ['Ethernet IPv4', LINKTYPE.ETHERNET, ethernet(ETHERTYPE_IPV4, ip4), 4],
    ['Ethernet IPv6', LINKTYPE.ETHERNET, ethernet(ETHERTYPE_IPV6, ip6), 6],
    ['802.1Q', LINKTYPE.ETHERNET, ethernet(ETHERTYPE_IPV4, ip4, [[0x8100, 42]]), 4],
    ['802.1ad + 802.1Q (QinQ)', LINKTYPE.ETHERNET, ethernet(ETHERTYPE_IPV6, ip6, [[0x88a8, 7], [0x8100, 42]]), 6],
    ['0x9100 + 0x8100 + 0x8100', LINKTYPE.ETHERNET, ethernet(ETHERTYPE_IPV4, ip4, [[0x9100, 1], [0x8100, 2], [0x8100, 3]]), 4],
    ['PPPoE session, 2-byte PPP protocol', LINKTYPE.ETHERNET, ethernet(0x8864, Buffer.concat([hex('11 00 0001'), be16(ip4.length + 2), be16(0x0021), ip4])), 4],
    ['PPPoE session, compressed PPP protocol', LINKTYPE.ETHERNET, ethernet(0x8864, Buffer.concat([hex('11 00 0001'), be16(ip4.length + 1), hex('21'), ip4])), 4],
    ['PPPoE session IPv6 in VLAN', LINKTYPE.ETHERNET, ethernet(0x8864, Buffer.concat([hex('11 00 0001'), be16(ip6.length + 2), be16(0x0057), ip6]), [[0x8100, 5]]), 6],
    ['MPLS two labels', LINKTYPE.ETHERNET, ethernet(0x8847, Buffer.concat([hex('00010040 00020140'), ip4])), 4],
    ['802.3 + LLC/SNAP', LINKTYPE.ETHERNET, Buffer.concat([hex('020000000002 020000000001'), be16(ip4.length + 8), hex('aaaa03000000 0800'), ip4]), 4],
    ['Linux SLL', LINKTYPE.LINUX_SLL, Buffer.concat([hex('0000 0001 0006 020000000001 0000'), be16(0x0800), ip4]), 4],
    ['Linux SLL with VLAN', LINKTYPE.LINUX_SLL, Buffer.concat([hex('0000 0001 0006 020000000001 0000'), be16(0x8100), hex('002a 86dd'), ip6]), 6],
    ['Linux SLL carrying LLC/SNAP', LINKTYPE.LINUX_SLL, Buffer.concat([hex('0000 0001 0006 020000000001 0000 0004 aaaa03000000 0800'), ip4]), 4],
    ['Linux SLL2', LINKTYPE.LINUX_SLL2, Buffer.concat([be16(0x86dd), hex('0000 00000002 0001 00 06 020000000001 0000'), ip6]), 6],
    ['raw 101 IPv4', LINKTYPE.RAW, ip4, 4],
    ['raw 101 IPv6', LINKTYPE.RAW, ip6, 6],
    ['raw 12', LINKTYPE.RAW_ALT12, ip4, 4],
    ['raw 14', LINKTYPE.RAW_ALT14, ip6, 6],
    ['IPv4 228', LINKTYPE.IPV4, ip4, 4],
    ['IPv6 229', LINKTYPE.IPV6, ip6, 6],
    ['NULL AF_INET little-endian', LINKTYPE.NULL, Buffer.concat([le32(2), ip4]), 4],
    ['NULL AF_INET big-endian', LINKTYPE.NULL, Buffer.concat([be32(2), ip4]), 4],
    ['NULL AF_INET6 = 24 (NetBSD/OpenBSD)', LINKTYPE.NULL, Buffer.concat([le32(24), ip6]), 6],
    ['NULL AF_INET6 = 28 (FreeBSD)', LINKTYPE.NULL, Buffer.concat([le32(28), ip6]), 6],
    ['NULL AF_INET6 = 30 (Darwin)', LINKTYPE.NULL, Buffer.concat([le32(30), ip6]), 6],
    ['NULL AF_INET6 = 10 (Linux) big-endian', LINKTYPE.NULL, Buffer.concat([be32(10), ip6]), 6],
    ['LOOP AF_INET', LINKTYPE.LOOP, Buffer.concat([be32(2), ip4]), 4],
    ['LOOP AF_INET6 = 24', LINKTYPE.LOOP, Buffer.concat([be32(24), ip6]), 6],
    ['NFLOG little-endian TLVs', LINKTYPE.NFLOG, Buffer.concat([hex('02 00 0000'), nflogTlv(true, 1, hex('0800 03 00')), nflogTlv(true, 10, Buffer.from('prefix\0')), nflogTlv(true, 9, ip4)]), 4],
    ['NFLOG big-endian TLVs', LINKTYPE.NFLOG, Buffer.concat([hex('0a 00 0000'), nflogTlv(false, 1, hex('86dd 03 00')), nflogTlv(false, 9, ip6)]), 6],
    ['Cisco HDLC', LINKTYPE.C_HDLC, Buffer.concat([hex('0f 00'), be16(0x0800), ip4]), 4],
    ['Cisco HDLC IPv6', LINKTYPE.C_HDLC, Buffer.concat([hex('8f 00'), be16(0x86dd), ip6]), 6],
    ['PPP with address/control', LINKTYPE.PPP, Buffer.concat([hex('ff 03 0021'), ip4]), 4],
    ['PPP without address/control', LINKTYPE.PPP, Buffer.concat([hex('0057'), ip6]), 6],
    ['PPP compressed protocol', LINKTYPE.PPP, Buffer.concat([hex('21'), ip4]), 4],
    ['802.11 data', LINKTYPE.IEEE802_11, wifiData(0x08, 0x01, Buffer.alloc(0), 0x0800, ip4), 4],
    ['802.11 QoS data', LINKTYPE.IEEE802_11, wifiData(0x88, 0x02, hex('0000'), 0x86dd, ip6), 6],
    ['802.11 4-address QoS data with HT control', LINKTYPE.IEEE802_11, wifiData(0x88, 0x83, hex('000000000000 0000 00000000'), 0x0800, ip4), 4],
    ['radiotap + 802.11', LINKTYPE.IEEE802_11_RADIOTAP, Buffer.concat([radiotap, wifiData(0x08, 0x02, Buffer.alloc(0), 0x0800, ip4)]), 4],
  ];

  it.each(cases)('%s', (_name, linkType, frame, v) => {
    const r = decodeAll(linkType, [frame]);
    expect(r.counters).toEqual({ 'net.packets': 1, 'net.tcp_segments': 1 });
    expect(r.segs).toHaveLength(1);
    expect(r.segs[0]).toMatchObject(v === 4 ? expect4 : expect6);
  });

  it.each([
    ['ARP', LINKTYPE.ETHERNET, ethernet(0x0806, Buffer.alloc(28))],
    ['LLC without SNAP (STP)', LINKTYPE.ETHERNET, Buffer.concat([hex('0180c2000000 020000000001 0026 424203'), Buffer.alloc(35)])],
    ['UDP', LINKTYPE.ETHERNET, ethernet(ETHERTYPE_IPV4, ipv4('10.0.0.1', '10.0.0.2', 17, Buffer.alloc(20)))],
    ['ICMPv6', LINKTYPE.RAW, ipv6('::1', '::2', 58, Buffer.alloc(8))],
    ['IPv6 no next header', LINKTYPE.RAW, ipv6('::1', '::2', 59, Buffer.alloc(0))],
    ['ESP', LINKTYPE.RAW, ipv6('::1', '::2', 50, Buffer.alloc(16))],
    ['PPP LCP', LINKTYPE.PPP, hex('ff03 c021 01 01 0004')],
    ['NULL AF_UNSPEC', LINKTYPE.NULL, Buffer.concat([le32(0), ip4])],
    ['NFLOG without payload TLV', LINKTYPE.NFLOG, hex('02000000 0800 0100 08000300')],
    ['802.11 beacon', LINKTYPE.IEEE802_11, Buffer.concat([hex('8000'), Buffer.alloc(40)])],
    ['802.11 null data', LINKTYPE.IEEE802_11, Buffer.concat([hex('4801'), Buffer.alloc(22)])],
    ['802.11 protected', LINKTYPE.IEEE802_11, Buffer.concat([hex('0841'), Buffer.alloc(22), Buffer.alloc(40)])],
  ])('%s is counted as non-TCP', (_name, linkType, frame) => {
    const r = decodeAll(linkType, [frame]);
    expect(r.segs).toHaveLength(0);
    expect(r.counters).toEqual({ 'net.packets': 1, 'net.non_tcp': 1 });
  });

  it('counts unknown link types per packet', () => {
    const r = decodeAll(147, [ip4, ip4]);
    expect(r.segs).toHaveLength(0);
    expect(r.counters['capture.unknown_linktype']).toBe(2);
  });

  it.each([
    ['short Ethernet', LINKTYPE.ETHERNET, hex('0200000000')],
    ['short SLL', LINKTYPE.LINUX_SLL, hex('0000000100')],
    ['short SLL2', LINKTYPE.LINUX_SLL2, hex('0800')],
    ['short NULL', LINKTYPE.NULL, hex('02')],
    ['truncated VLAN tag', LINKTYPE.ETHERNET, hex('020000000002 020000000001 8100 00')],
    ['NFLOG TLV running past the end', LINKTYPE.NFLOG, hex('02000000 ff00 0900 4500')],
    ['radiotap longer than the frame', LINKTYPE.IEEE802_11_RADIOTAP, hex('0000ff00 00000000')],
  ])('%s is a bad link header', (_name, linkType, frame) => {
    const r = decodeAll(linkType, [frame]);
    expect(r.segs).toHaveLength(0);
    expect(r.counters['net.bad_link']).toBe(1);
  });
});

describe('IPv4', () => {
  it('skips options and trims Ethernet padding by the total length', () => {
    const small = ipv4('10.1.1.1', '10.2.2.2', 6, tcp({ sport: 1, dport: 2, payload: 'hi' }), { options: hex('01010101 07070000') });
    const frame = Buffer.concat([ethernet(ETHERTYPE_IPV4, small), Buffer.alloc(10, 0xee)]); // padding and FCS
    const r = decodeAll(LINKTYPE.ETHERNET, [frame]);
    expect(r.segs).toHaveLength(1);
    expect(r.segs[0].payload).toBe('hi');
  });

  it('keeps what was captured of a datagram cut by the snaplen', () => {
    const frame = ethernet(ETHERTYPE_IPV4, ip4).subarray(0, 14 + 20 + 20 + 5);
    const r = decodeAll(LINKTYPE.ETHERNET, [frame]);
    expect(r.segs[0].payload).toBe(PAYLOAD.slice(0, 5));
    expect(r.counters['ip.bad_header']).toBeUndefined();
  });

  it('drops a TCP header cut by the snaplen without calling it malformed', () => {
    const r = decodeAll(LINKTYPE.RAW, [ip4.subarray(0, 30)]);
    expect(r.segs).toHaveLength(0);
    expect(r.counters).toEqual({ 'net.packets': 1 });
  });

  it('takes the captured length when the total length is 0 (segmentation offload)', () => {
    const r = decodeAll(LINKTYPE.RAW, [ipv4('10.0.0.1', '10.0.0.2', 6, seg4, { totalLength: 0 })]);
    expect(r.segs[0].payload).toBe(PAYLOAD);
  });

  it.each([
    ['version 5', (() => { const b = Buffer.from(ip4); b[0] = 0x55; return b; })()],
    ['IHL below 5', (() => { const b = Buffer.from(ip4); b[0] = 0x44; return b; })()],
    ['IHL beyond the packet', ip4.subarray(0, 22).map((x, i) => (i === 0 ? 0x4f : x))],
    ['total length below the header', ipv4('10.0.0.1', '10.0.0.2', 6, seg4, { totalLength: 12 })],
    ['shorter than a header', ip4.subarray(0, 19)],
    ['raw version 7', Buffer.from([0x70, ...ip4.subarray(1)])],
  ])('%s is a bad header', (_name, pkt) => {
    const r = decodeAll(LINKTYPE.RAW, [Buffer.from(pkt)]);
    expect(r.segs).toHaveLength(0);
    expect(r.counters['ip.bad_header']).toBe(1);
  });
});

describe('TCP', () => {
  it('reads ports, unsigned seq/ack and flags', () => {
    const s = tcp({ sport: 65535, dport: 1, seq: 0xffffffff, ack: 0x80000000, flags: TCP_SYN | TCP_ACK | TCP_FIN | 0xc0 });
    const r = decodeAll(LINKTYPE.RAW, [ipv4('1.2.3.4', '5.6.7.8', 6, s)]);
    expect(r.segs[0]).toMatchObject({ srcPort: 65535, dstPort: 1, seq: 4294967295, ack: 2147483648, flags: 0xc0 | TCP_SYN | TCP_ACK | TCP_FIN, payload: '' });
    expect(r.segs[0].ts).toBe(1_700_000_000_000);
  });

  it('skips TCP options', () => {
    const s = tcp({ sport: 1, dport: 2, options: hex('020405b4 0402 080a 0000000100000000 0103 0307'), payload: 'xyz' });
    const r = decodeAll(LINKTYPE.RAW, [ipv4('1.2.3.4', '5.6.7.8', 6, s)]);
    expect(r.segs[0].payload).toBe('xyz');
  });

  it.each([
    ['data offset below 5', 0x40],
    ['data offset beyond the segment', 0xf0],
  ])('%s is a bad header', (_name, doff) => {
    const s = tcp({ sport: 1, dport: 2, payload: 'abc' });
    s[12] = doff;
    const r = decodeAll(LINKTYPE.RAW, [ipv4('1.2.3.4', '5.6.7.8', 6, s)]);
    expect(r.segs).toHaveLength(0);
    expect(r.counters['tcp.bad_header']).toBe(1);
  });

  it('a segment shorter than a TCP header is a bad header', () => {
    const r = decodeAll(LINKTYPE.RAW, [ipv4('1.2.3.4', '5.6.7.8', 6, Buffer.alloc(12))]);
    expect(r.counters['tcp.bad_header']).toBe(1);
  });
});

/** Split an IP payload into fragments of `size` bytes (the last may be shorter). */
function pieces(payload: Buffer, size: number): Array<{ off: number; data: Buffer; more: boolean }> {
  const out = [];
  for (let off = 0; off < payload.length; off += size) {
    out.push({ off, data: payload.subarray(off, off + size), more: off + size < payload.length });
  }
  return out;
}

describe('IPv4 fragments', () => {
  const body = Buffer.from('x'.repeat(1097) + 'END'); // 1120 bytes with the TCP header: 5 fragments
  const whole = tcp({ sport: 5555, dport: 80, seq: 7, payload: body });
  const frags = (id = 99, src = '10.0.0.1') =>
    pieces(whole, 256).map((p) => ipv4(src, '10.0.0.2', 6, p.data, { id, fragOffset: p.off, moreFragments: p.more }));

  it('reassembles in order', () => {
    const r = decodeAll(LINKTYPE.RAW, frags());
    expect(r.segs).toHaveLength(1);
    expect(r.segs[0]).toMatchObject({ srcIp: '10.0.0.1', srcPort: 5555, seq: 7, payload: body.toString() });
    expect(r.segs[0].ts).toBe(1_700_000_000_000 + 4);
    expect(r.net.fragmentSets).toBe(0);
  });

  it('reassembles out of order, interleaved with another datagram, ignoring an exact duplicate', () => {
    const a = frags(1);
    const b = frags(2, '10.0.0.9');
    const r = decodeAll(LINKTYPE.RAW, [a[3], b[4], a[0], b[0], a[0], a[4], b[1], a[2], b[3], a[1], b[2]]);
    expect(r.segs.map((s) => [s.srcIp, s.payload.length])).toEqual([
      ['10.0.0.1', whole.length - 20],
      ['10.0.0.9', whole.length - 20],
    ]);
    expect(r.counters['ip.fragment_overlap']).toBeUndefined();
  });

  it('counts overlaps; the bytes that came first win', () => {
    const f = frags();
    const evil = ipv4('10.0.0.1', '10.0.0.2', 6, Buffer.alloc(256, 'Z'), { id: 99, fragOffset: 128, moreFragments: true });
    const r = decodeAll(LINKTYPE.RAW, [f[0], f[1], evil, f[2], f[3], f[4]]);
    expect(r.counters['ip.fragment_overlap']).toBe(1);
    expect(r.segs[0].payload).toBe(body.toString());
  });

  it('expires incomplete datagrams on flush', () => {
    const f = frags();
    const r = decodeAll(LINKTYPE.RAW, [f[0], f[1]]);
    r.net.flush(1_700_000_000_000 + 10_000);
    expect(r.net.fragmentSets).toBe(1);
    r.net.flush(1_700_000_000_000 + 60_000);
    expect(r.net.fragmentSets).toBe(0);
    expect(r.segs).toHaveLength(0);
  });

  it('counts the timeout', () => {
    const counters = new Counters();
    const net = new NetDecoder({ counters, limits: DEFAULT_LIMITS }, () => {});
    for (const data of frags().slice(0, 2)) net.decode({ ts: 0, linkType: LINKTYPE.RAW, data, origLen: data.length, ifIndex: 0 });
    net.flush(Number.POSITIVE_INFINITY);
    expect(counters.get('ip.fragment_timeout')).toBe(1);
  });

  it('a fragment arriving long after the first one starts afresh', () => {
    const f = frags();
    const counters = new Counters();
    const segs: TcpSegment[] = [];
    const net = new NetDecoder({ counters, limits: DEFAULT_LIMITS }, (s) => segs.push(s));
    f.forEach((data, i) => net.decode({ ts: i < 2 ? 0 : 100_000, linkType: LINKTYPE.RAW, data, origLen: data.length, ifIndex: 0 }));
    expect(counters.get('ip.fragment_timeout')).toBe(1);
    expect(segs).toHaveLength(0);
  });

  it('caps the bytes held', () => {
    const many = [...frags(1).slice(0, 2), ...frags(2).slice(0, 2), ...frags(3).slice(0, 2)];
    const r = decodeAll(LINKTYPE.RAW, many, { maxFragmentBytes: 1200 });
    expect(r.counters['ip.fragment_limit']).toBeGreaterThanOrEqual(1);
    expect(r.net.fragmentSets).toBeLessThanOrEqual(2);
  });

  it('does not hold fragments of other protocols', () => {
    const udp = ipv4('10.0.0.1', '10.0.0.2', 17, Buffer.alloc(256), { id: 5, moreFragments: true });
    const r = decodeAll(LINKTYPE.RAW, [udp]);
    expect(r.counters['net.non_tcp']).toBe(1);
    expect(r.net.fragmentSets).toBe(0);
  });

  it('rejects a non-final fragment whose length is not a multiple of 8, and one past 64 KiB', () => {
    const odd = ipv4('10.0.0.1', '10.0.0.2', 6, Buffer.alloc(250), { id: 5, moreFragments: true });
    const far = ipv4('10.0.0.1', '10.0.0.2', 6, Buffer.alloc(256), { id: 6, fragOffset: 65_528 });
    const r = decodeAll(LINKTYPE.RAW, [odd, far]);
    expect(r.counters['ip.bad_header']).toBe(2);
    expect(r.net.fragmentSets).toBe(0);
  });
});

describe('IPv6', () => {
  const s = tcp({ sport: 443, dport: 50000, payload: 'hello' });

  it('walks hop-by-hop, routing, destination options and AH headers', () => {
    const ah = Buffer.concat([Buffer.from([6, 4, 0, 0]), Buffer.alloc(20)]); // (4 + 2) * 4 = 24 bytes
    const chain = Buffer.concat([ipv6Ext(43, hex('0102')), ipv6Ext(60, Buffer.alloc(10)), ipv6Ext(51, Buffer.alloc(4)), ah, s]);
    const r = decodeAll(LINKTYPE.RAW, [ipv6('fe80::1', 'ff02::1:2', 0, chain)]);
    expect(r.segs).toHaveLength(1);
    expect(r.segs[0]).toMatchObject({ srcIp: 'fe80::1', dstIp: 'ff02::1:2', srcPort: 443, payload: 'hello' });
  });

  it('treats an atomic fragment as the whole datagram', () => {
    const r = decodeAll(LINKTYPE.RAW, [ipv6('::1', '::2', 44, Buffer.concat([ipv6Frag(6, 0, false, 1), s]))]);
    expect(r.segs[0].payload).toBe('hello');
  });

  it('reassembles fragments (out of order), with extension headers before and after the fragment header', () => {
    const big = tcp({ sport: 443, dport: 50000, payload: 'y'.repeat(700) });
    const fragmentable = Buffer.concat([ipv6Ext(6, Buffer.alloc(4)), big]); // destination options, then TCP
    const parts = pieces(fragmentable, 240).map((p) =>
      ipv6('2001:db8::a', '2001:db8::b', 0, Buffer.concat([ipv6Ext(44, Buffer.alloc(4)), ipv6Frag(60, p.off, p.more, 0xdeadbeef), p.data])),
    );
    const r = decodeAll(LINKTYPE.RAW, [parts[2], parts[0], parts[3], parts[1]]);
    expect(r.segs).toHaveLength(1);
    expect(r.segs[0]).toMatchObject({ srcIp: '2001:db8::a', dstIp: '2001:db8::b', payload: 'y'.repeat(700) });
  });

  it('does not hold fragments of UDP', () => {
    const r = decodeAll(LINKTYPE.RAW, [ipv6('::1', '::2', 44, Buffer.concat([ipv6Frag(17, 0, true, 1), Buffer.alloc(64)]))]);
    expect(r.counters['net.non_tcp']).toBe(1);
    expect(r.net.fragmentSets).toBe(0);
  });

  it.each([
    ['shorter than the fixed header', ip6.subarray(0, 39)],
    ['extension header running past the payload', ipv6('::1', '::2', 0, hex('06ff000000000000'))],
    ['too many extension headers', ipv6('::1', '::2', 60, Buffer.concat(Array.from({ length: 20 }, () => ipv6Ext(60, Buffer.alloc(6)))))],
  ])('%s is a bad header', (_name, pkt) => {
    const r = decodeAll(LINKTYPE.RAW, [pkt]);
    expect(r.segs).toHaveLength(0);
    expect(r.counters['ip.bad_header']).toBe(1);
  });

  it('takes the captured length when the payload length is 0', () => {
    const p = Buffer.from(ip6);
    p.writeUInt16BE(0, 4);
    expect(decodeAll(LINKTYPE.RAW, [p]).segs[0].payload).toBe(PAYLOAD);
  });
});

describe('robustness', () => {
  it('never throws on random bytes or random truncations of valid frames, for every link type', () => {
    let seed = 12345;
    const rnd = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    const frames = [ethernet(ETHERTYPE_IPV4, ip4), ethernet(ETHERTYPE_IPV6, ip6, [[0x8100, 1]]), ip4, ip6];
    const linkTypes = Object.values(LINKTYPE);
    const counters = new Counters();
    const net = new NetDecoder({ counters, limits: { ...DEFAULT_LIMITS, maxFragmentBytes: 1 << 16 } }, () => {});
    for (let i = 0; i < 20_000; i++) {
      const base = frames[i % frames.length];
      const data = Buffer.from(i % 2 ? base.subarray(0, Math.floor(rnd() * base.length)) : base);
      for (let k = 0; k < 3; k++) data[Math.floor(rnd() * data.length)] ^= 1 << Math.floor(rnd() * 8);
      if (i % 7 === 0) for (let k = 0; k < data.length; k++) data[k] = Math.floor(rnd() * 256);
      net.decode({ ts: i, linkType: linkTypes[i % linkTypes.length], data, origLen: data.length, ifIndex: 0 });
    }
    net.flush(Number.POSITIVE_INFINITY);
    expect(counters.get('net.packets')).toBe(20_000);
  });
});
