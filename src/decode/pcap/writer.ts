/**
 * Writing captures: classic pcap files and pcapng blocks. Used to build synthetic captures for
 * tests and benchmarks (and to export evidence), not on the decode path.
 *
 *   const file = writePcap([{ ts: Date.now(), data: frame }], { linkType: 1 });
 *   const ng = Buffer.concat([pcapngShb(), pcapngIdb(1), pcapngEpb(0, 1_700_000_000_000_000n, frame)]);
 */

export interface PcapRecord {
  /** epoch ms */
  ts: number;
  data: Buffer;
  /** length on the wire (default: data.length) */
  origLen?: number;
}

export interface PcapFileOptions {
  linkType: number;
  /** nanosecond timestamps (magic a1b23c4d) */
  nanos?: boolean;
  bigEndian?: boolean;
  snaplen?: number;
}

function put32(b: Buffer, v: number, o: number, le: boolean): void {
  if (le) b.writeUInt32LE(v >>> 0, o);
  else b.writeUInt32BE(v >>> 0, o);
}

function put16(b: Buffer, v: number, o: number, le: boolean): void {
  if (le) b.writeUInt16LE(v & 0xffff, o);
  else b.writeUInt16BE(v & 0xffff, o);
}

/** A classic pcap file holding `records`. */
export function writePcap(records: readonly PcapRecord[], opts: PcapFileOptions): Buffer {
  const parts: Buffer[] = [pcapFileHeader(opts)];
  for (const r of records) parts.push(pcapRecordHeader(r.ts, r.data.length, r.origLen ?? r.data.length, opts), r.data);
  return Buffer.concat(parts);
}

/** The 24-byte global header of a classic pcap file (for writers that stream their records). */
export function pcapFileHeader(opts: PcapFileOptions): Buffer {
  const le = !opts.bigEndian;
  const head = Buffer.alloc(24);
  put32(head, opts.nanos ? 0xa1b23c4d : 0xa1b2c3d4, 0, le);
  put16(head, 2, 4, le);
  put16(head, 4, 6, le);
  put32(head, opts.snaplen ?? 262_144, 16, le);
  put32(head, opts.linkType, 20, le);
  return head;
}

/** The 16-byte header of one classic pcap record; `ts` is epoch ms (fractions kept to the file's resolution). */
export function pcapRecordHeader(ts: number, capLen: number, origLen: number, opts: Pick<PcapFileOptions, 'nanos' | 'bigEndian'>): Buffer {
  const le = !opts.bigEndian;
  const perSec = opts.nanos ? 1e9 : 1e6;
  let sec = Math.floor(ts / 1000);
  let frac = Math.round((ts - sec * 1000) * (perSec / 1000));
  if (frac >= perSec) {
    sec += 1;
    frac -= perSec;
  }
  const h = Buffer.alloc(16);
  put32(h, sec, 0, le);
  put32(h, frac, 4, le);
  put32(h, capLen, 8, le);
  put32(h, origLen, 12, le);
  return h;
}

/** One pcapng block: type, total length, body padded to 4 bytes, total length. */
export function pcapngBlock(type: number, body: Buffer, le = true): Buffer {
  const padded = (body.length + 3) & ~3;
  const len = padded + 12;
  const b = Buffer.alloc(len);
  put32(b, type, 0, le);
  put32(b, len, 4, le);
  body.copy(b, 8);
  put32(b, len, len - 4, le);
  return b;
}

/** Options: code, length, value padded to 4 bytes; then opt_endofopt. */
export function pcapngOptions(opts: ReadonlyArray<readonly [number, Buffer]>, le = true): Buffer {
  if (opts.length === 0) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  for (const [code, value] of opts) {
    const h = Buffer.alloc(4);
    put16(h, code, 0, le);
    put16(h, value.length, 2, le);
    parts.push(h, value, Buffer.alloc(((value.length + 3) & ~3) - value.length));
  }
  parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}

/** Section Header Block. */
export function pcapngShb(le = true): Buffer {
  const body = Buffer.alloc(16);
  put32(body, 0x1a2b3c4d, 0, le);
  put16(body, 1, 4, le);
  put16(body, 0, 6, le);
  body.fill(0xff, 8, 16); // section length unknown
  return pcapngBlock(0x0a0d0d0a, body, le);
}

export interface IdbOptions {
  snaplen?: number;
  /** if_tsresol byte (6 = µs, 9 = ns, 0x80 | n = 2^-n) */
  tsresol?: number;
  /** if_tsoffset, seconds */
  tsoffset?: number;
}

/** Interface Description Block. */
export function pcapngIdb(linkType: number, opts: IdbOptions = {}, le = true): Buffer {
  const fixed = Buffer.alloc(8);
  put16(fixed, linkType, 0, le);
  put32(fixed, opts.snaplen ?? 0, 4, le);
  const o: Array<[number, Buffer]> = [];
  if (opts.tsresol !== undefined) o.push([9, Buffer.from([opts.tsresol])]);
  if (opts.tsoffset !== undefined) {
    const v = Buffer.alloc(8);
    if (le) v.writeBigInt64LE(BigInt(opts.tsoffset));
    else v.writeBigInt64BE(BigInt(opts.tsoffset));
    o.push([14, v]);
  }
  return pcapngBlock(1, Buffer.concat([fixed, pcapngOptions(o, le)]), le);
}

/** Enhanced Packet Block; `units` is the timestamp in the interface's resolution. */
export function pcapngEpb(ifId: number, units: bigint, data: Buffer, origLen = data.length, le = true): Buffer {
  const fixed = Buffer.alloc(20);
  put32(fixed, ifId, 0, le);
  put32(fixed, Number(units >> 32n), 4, le);
  put32(fixed, Number(units & 0xffffffffn), 8, le);
  put32(fixed, data.length, 12, le);
  put32(fixed, origLen, 16, le);
  return pcapngBlock(6, Buffer.concat([fixed, data]), le);
}

/** The obsolete Packet Block (type 2). */
export function pcapngPb(ifId: number, units: bigint, data: Buffer, origLen = data.length, le = true): Buffer {
  const fixed = Buffer.alloc(20);
  put16(fixed, ifId, 0, le);
  put32(fixed, Number(units >> 32n), 4, le);
  put32(fixed, Number(units & 0xffffffffn), 8, le);
  put32(fixed, data.length, 12, le);
  put32(fixed, origLen, 16, le);
  return pcapngBlock(2, Buffer.concat([fixed, data]), le);
}

/** Simple Packet Block (interface 0, no timestamp). */
export function pcapngSpb(data: Buffer, origLen = data.length, le = true): Buffer {
  const fixed = Buffer.alloc(4);
  put32(fixed, origLen, 0, le);
  return pcapngBlock(3, Buffer.concat([fixed, data]), le);
}
