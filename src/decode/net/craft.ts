/**
 * Building packets: Ethernet, IPv4/IPv6 and TCP headers around a payload. For tests and synthetic
 * captures, not the decode path. Checksums are left zero (the decoder does not check them).
 *
 *   const frame = ethernet(ETHERTYPE_IPV4, ipv4('10.0.0.1', '10.0.0.2', 6, tcp({ sport: 1234, dport: 80, payload: 'GET / HTTP/1.1\r\n\r\n' })));
 */
import { TCP_ACK, TCP_PSH } from '../types.js';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_IPV6 = 0x86dd;

/** The 4 bytes of a dotted-quad IPv4 address. */
export function ipv4Bytes(ip: string): Buffer {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return Buffer.from(parts);
}

/** The 16 bytes of an IPv6 address in any text form (`::`, trailing dotted quad). */
export function ipv6Bytes(ip: string): Buffer {
  let text = ip;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const b = ipv4Bytes(dotted[1]);
    tail.push((b[0] << 8) | b[1], (b[2] << 8) | b[3]);
    text = text.slice(0, -dotted[1].length);
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const groups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const fill = 8 - left.length - right.length - tail.length;
  if (fill < 0 || (rest === undefined && fill !== 0)) throw new Error(`not an IPv6 address: ${ip}`);
  const all = [...left, ...new Array<number>(fill).fill(0), ...right, ...tail];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

export interface TcpSpec {
  sport: number;
  dport: number;
  seq?: number;
  ack?: number;
  /** default PSH|ACK */
  flags?: number;
  /** raw option bytes (padded to 4) */
  options?: Buffer;
  payload?: Buffer | string;
}

/** A TCP header with its payload. */
export function tcp(spec: TcpSpec): Buffer {
  const opts = spec.options ?? Buffer.alloc(0);
  const optLen = (opts.length + 3) & ~3;
  const h = Buffer.alloc(20 + optLen);
  h.writeUInt16BE(spec.sport, 0);
  h.writeUInt16BE(spec.dport, 2);
  h.writeUInt32BE((spec.seq ?? 1) >>> 0, 4);
  h.writeUInt32BE((spec.ack ?? 0) >>> 0, 8);
  h[12] = ((20 + optLen) / 4) << 4;
  h[13] = spec.flags ?? TCP_PSH | TCP_ACK;
  h.writeUInt16BE(65535, 14);
  opts.copy(h, 20);
  const payload = typeof spec.payload === 'string' ? Buffer.from(spec.payload, 'latin1') : (spec.payload ?? Buffer.alloc(0));
  return Buffer.concat([h, payload]);
}

export interface Ipv4Options {
  id?: number;
  /** fragment offset in bytes (a multiple of 8) */
  fragOffset?: number;
  moreFragments?: boolean;
  /** IP options (padded to 4) */
  options?: Buffer;
  /** override the total-length field */
  totalLength?: number;
}

/** An IPv4 header around `payload`. */
export function ipv4(src: string, dst: string, proto: number, payload: Buffer, o: Ipv4Options = {}): Buffer {
  const opts = o.options ?? Buffer.alloc(0);
  const ihl = 20 + ((opts.length + 3) & ~3);
  const h = Buffer.alloc(ihl);
  h[0] = 0x40 | (ihl / 4);
  h.writeUInt16BE(o.totalLength ?? ihl + payload.length, 2);
  h.writeUInt16BE(o.id ?? 1, 4);
  h.writeUInt16BE(((o.fragOffset ?? 0) >> 3) | (o.moreFragments ? 0x2000 : 0), 6);
  h[8] = 64;
  h[9] = proto;
  ipv4Bytes(src).copy(h, 12);
  ipv4Bytes(dst).copy(h, 16);
  opts.copy(h, 20);
  return Buffer.concat([h, payload]);
}

/** An IPv6 header around `payload` (which starts with header `nextHeader`). */
export function ipv6(src: string, dst: string, nextHeader: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(40);
  h[0] = 0x60;
  h.writeUInt16BE(payload.length, 4);
  h[6] = nextHeader;
  h[7] = 64;
  ipv6Bytes(src).copy(h, 8);
  ipv6Bytes(dst).copy(h, 24);
  return Buffer.concat([h, payload]);
}

/** An IPv6 extension header of the 8-octet-unit kind (hop-by-hop, routing, destination options). */
export function ipv6Ext(nextHeader: number, body: Buffer): Buffer {
  const len = (body.length + 2 + 7) & ~7;
  const h = Buffer.alloc(len);
  h[0] = nextHeader;
  h[1] = len / 8 - 1;
  body.copy(h, 2);
  return h;
}

/** An IPv6 fragment header. */
export function ipv6Frag(nextHeader: number, offset: number, more: boolean, id: number): Buffer {
  const h = Buffer.alloc(8);
  h[0] = nextHeader;
  h.writeUInt16BE((offset & 0xfff8) | (more ? 1 : 0), 2);
  h.writeUInt32BE(id >>> 0, 4);
  return h;
}

/** An Ethernet II frame; `vlans` are 802.1Q tags (outermost first) as [tpid, vid]. */
export function ethernet(etherType: number, payload: Buffer, vlans: ReadonlyArray<readonly [number, number]> = []): Buffer {
  const h = Buffer.alloc(14 + 4 * vlans.length);
  Buffer.from('020000000002020000000001', 'hex').copy(h, 0);
  let o = 12;
  for (const [tpid, vid] of vlans) {
    h.writeUInt16BE(tpid, o);
    h.writeUInt16BE(vid & 0x0fff, o + 2);
    o += 4;
  }
  h.writeUInt16BE(etherType, o);
  return Buffer.concat([h, payload]);
}
