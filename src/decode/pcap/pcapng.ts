/**
 * pcapng (draft-ietf-opsawg-pcapng): a sequence of blocks `type, length, body, length`. A Section
 * Header Block sets the byte order and starts a new set of interfaces; Interface Description
 * Blocks give each interface its link type, snaplen and timestamp resolution/offset; packets come
 * in Enhanced, Simple or (obsolete) Packet Blocks. Every other block is skipped; large skipped
 * blocks stream through without being buffered.
 *
 * A block with an impossible length or a trailing length that does not match is reported once
 * (`capture.bad_record`) and the parser scans forward byte by byte for a known block type with a
 * plausible length whose trailing length matches. A well-framed block with bad contents (unknown
 * interface, captured length beyond the block) is reported and skipped without resynchronising.
 */
import type { RawPacket } from '../types.js';
import { MAX_CAPLEN, type ReaderHooks, type RecordParser, u16, u32 } from './record-parser.js';

export const BT_SHB = 0x0a0d0d0a;
const BT_IDB = 1;
const BT_PB = 2;
const BT_SPB = 3;
const BT_EPB = 6;
const BT_JOURNAL = 9;
const BT_DSB = 0x0a;
const BT_CUSTOM = 0xbad;
const BT_CUSTOM_NOCOPY = 0x40000bad;
const BOM = 0x1a2b3c4d;

/** Smallest and largest block lengths the parser buffers (packet blocks: data plus options). */
const MIN_BLOCK = 12;
const MAX_BUFFERED_BLOCK = MAX_CAPLEN + 65_536;
/** Skipped block types may be larger (they stream through), up to this. */
const MAX_SKIPPED_BLOCK = 1 << 30;

function minLength(type: number): number {
  switch (type) {
    case BT_SHB:
      return 28;
    case BT_IDB:
      return 20;
    case BT_EPB:
    case BT_PB:
      return 32;
    case BT_SPB:
      return 16;
    default:
      return MIN_BLOCK;
  }
}

/** Block types a resynchronisation may land on. */
function knownType(type: number): boolean {
  return (
    type === BT_SHB ||
    (type >= BT_IDB && type <= BT_EPB) /* IDB, PB, SPB, NRB, ISB, EPB */ ||
    type === BT_JOURNAL ||
    type === BT_DSB ||
    type === BT_CUSTOM ||
    type === BT_CUSTOM_NOCOPY
  );
}

/** Types whose whole body must be in memory to be handled. */
function buffered(type: number): boolean {
  return type === BT_SHB || type === BT_IDB || type === BT_EPB || type === BT_SPB || type === BT_PB;
}

interface Iface {
  linkType: number;
  snaplen: number;
  /**
   * ms = units / tsDiv * tsMul, chosen so that common resolutions round once: µs → / 1000,
   * ns → / 1e6, 2^-n s → / 2^n * 1000, s → * 1000.
   */
  tsDiv: number;
  tsMul: number;
  /** if_tsoffset, in ms */
  offsetMs: number;
}

/** Read the byte order mark of an SHB at `off`: true little-endian, false big-endian, null not an SHB. */
export function shbByteOrder(buf: Buffer, off: number): boolean | null {
  const bom = u32(buf, off + 8, true);
  if (bom === BOM) return true;
  if (bom === 0x4d3c2b1a) return false;
  return null;
}

export class PcapngParser implements RecordParser {
  want = MIN_BLOCK;
  private le = true;
  private ifaces: Iface[] = [];
  private resyncing = false;
  /** bytes of a large skipped block still to pass over, and where it started */
  private skipLeft = 0;
  private skipStart = 0;
  /** time of the last packet (a Simple Packet Block has none of its own) */
  private lastTs = 0;

  constructor(private readonly hooks: ReaderHooks) {}

  parse(buf: Buffer, start: number, end: number, base: number): number {
    return this.run(buf, start, end, base, false);
  }

  finish(buf: Buffer, start: number, end: number, base: number): void {
    const off = this.run(buf, start, end, base, true);
    if (this.skipLeft > 0) {
      this.hooks.issue(this.skipStart, 'capture.truncated', `the file ends inside a block (${this.skipLeft} bytes missing)`);
      return;
    }
    if (off >= end || this.resyncing) return;
    const need = end - off >= 8 ? u32(buf, off + 4, this.le) : MIN_BLOCK;
    this.hooks.issue(base + (off - start), 'capture.truncated', `the file ends inside a block (${end - off} of ${need} bytes)`);
  }

  private corrupt(at: number, detail: string): void {
    this.hooks.issue(at, 'capture.bad_record', `${detail}; skipping to the next plausible block`);
    this.resyncing = true;
  }

  private run(buf: Buffer, start: number, end: number, base: number, final: boolean): number {
    let off = start;
    while (true) {
      if (this.skipLeft > 0) {
        const n = Math.min(this.skipLeft, end - off);
        off += n;
        this.skipLeft -= n;
        if (this.skipLeft > 0) {
          this.want = 1;
          return off;
        }
      }
      if (this.resyncing) {
        off = this.scan(buf, off, end, final);
        if (this.resyncing) return off;
      }
      const avail = end - off;
      if (avail < MIN_BLOCK) {
        this.want = MIN_BLOCK;
        return off;
      }
      const at = base + (off - start);
      const type = u32(buf, off, this.le);
      if (type === BT_SHB) {
        const order = shbByteOrder(buf, off);
        if (order === null) {
          this.corrupt(at, 'section header with an unknown byte-order mark');
          off += 1;
          continue;
        }
        this.le = order;
      }
      const len = u32(buf, off + 4, this.le);
      const maxLen = buffered(type) || !knownType(type) ? MAX_BUFFERED_BLOCK : MAX_SKIPPED_BLOCK;
      if (len % 4 !== 0 || len < minLength(type) || len > maxLen) {
        this.corrupt(at, `block of type 0x${type.toString(16)} with impossible length ${len}`);
        off += 1;
        continue;
      }
      if (len > MAX_BUFFERED_BLOCK) {
        // a large block of a type we skip anyway: let it stream through unbuffered
        this.skipStart = at;
        this.skipLeft = len;
        continue;
      }
      if (len > avail) {
        this.want = len;
        return off;
      }
      if (u32(buf, off + len - 4, this.le) !== len) {
        this.corrupt(at, `block of type 0x${type.toString(16)} whose trailing length does not match ${len}`);
        off += 1;
        continue;
      }
      const blockStart = off;
      off += len;
      switch (type) {
        case BT_SHB:
          this.ifaces = [];
          break;
        case BT_IDB:
          this.ifaces.push(this.readIdb(buf, blockStart, len));
          break;
        case BT_EPB:
        case BT_PB:
          this.packetBlock(buf, blockStart, len, type, at);
          break;
        case BT_SPB:
          this.simplePacket(buf, blockStart, len, at);
          break;
        default:
          break;
      }
    }
  }

  private readIdb(buf: Buffer, off: number, len: number): Iface {
    const le = this.le;
    const iface: Iface = { linkType: u16(buf, off + 8, le), snaplen: u32(buf, off + 12, le), tsDiv: 1000, tsMul: 1, offsetMs: 0 };
    const optEnd = off + len - 4;
    for (let o = off + 16; o + 4 <= optEnd; ) {
      const code = u16(buf, o, le);
      const olen = u16(buf, o + 2, le);
      const v = o + 4;
      if (code === 0 || v + olen > optEnd) break;
      if (code === 9 && olen >= 1) {
        // if_tsresol: high bit set = negative power of 2, else negative power of 10
        const r = buf[v];
        if (r & 0x80) {
          iface.tsDiv = 2 ** (r & 0x7f);
          iface.tsMul = 1000;
        } else {
          iface.tsDiv = r >= 3 ? 10 ** (r - 3) : 1;
          iface.tsMul = r >= 3 ? 1 : 10 ** (3 - r);
        }
      } else if (code === 14 && olen >= 8) {
        // if_tsoffset: signed 64-bit seconds
        const hi = le ? buf.readInt32LE(v + 4) : buf.readInt32BE(v);
        const lo = u32(buf, le ? v : v + 4, le);
        iface.offsetMs = (hi * 4294967296 + lo) * 1000;
      }
      o = v + ((olen + 3) & ~3);
    }
    return iface;
  }

  /** Enhanced Packet Block (32-bit interface id) or the obsolete Packet Block (16-bit id, 16-bit drops). */
  private packetBlock(buf: Buffer, off: number, len: number, type: number, at: number): void {
    const le = this.le;
    const ifId = type === BT_EPB ? u32(buf, off + 8, le) : u16(buf, off + 8, le);
    const iface = this.ifaces[ifId];
    if (iface === undefined) {
      this.hooks.issue(at, 'capture.bad_record', `packet of undeclared interface ${ifId} skipped`);
      return;
    }
    const caplen = u32(buf, off + 20, le);
    if (caplen > len - 32 || caplen > MAX_CAPLEN) {
      this.hooks.issue(at, 'capture.bad_record', `packet length ${caplen} does not fit its ${len}-byte block; skipped`);
      return;
    }
    const origLen = u32(buf, off + 24, le);
    if (caplen < origLen) this.hooks.counters.inc('capture.snaplen_cut');
    const units = u32(buf, off + 12, le) * 4294967296 + u32(buf, off + 16, le);
    const ts = (units / iface.tsDiv) * iface.tsMul + iface.offsetMs;
    this.lastTs = ts;
    const p: RawPacket = { ts, linkType: iface.linkType, data: buf.subarray(off + 28, off + 28 + caplen), origLen, ifIndex: ifId };
    this.hooks.onPacket(p);
  }

  private simplePacket(buf: Buffer, off: number, len: number, at: number): void {
    const iface = this.ifaces[0];
    if (iface === undefined) {
      this.hooks.issue(at, 'capture.bad_record', 'simple packet block without an interface skipped');
      return;
    }
    const origLen = u32(buf, off + 8, this.le);
    let caplen = Math.min(origLen, len - 16);
    if (iface.snaplen > 0 && caplen > iface.snaplen) caplen = iface.snaplen;
    if (caplen < origLen) this.hooks.counters.inc('capture.snaplen_cut');
    const p: RawPacket = { ts: this.lastTs, linkType: iface.linkType, data: buf.subarray(off + 12, off + 12 + caplen), origLen, ifIndex: 0 };
    this.hooks.onPacket(p);
  }

  /** Find the next plausible block at or after `off`; returns where to go on from. */
  private scan(buf: Buffer, off: number, end: number, final: boolean): number {
    let p = off;
    for (; p + MIN_BLOCK <= end; p++) {
      const type = u32(buf, p, this.le);
      let le = this.le;
      if (type === BT_SHB) {
        const order = shbByteOrder(buf, p);
        if (order === null) continue;
        le = order;
      } else if (!knownType(type)) {
        continue;
      }
      const len = u32(buf, p + 4, le);
      if (len % 4 !== 0 || len < minLength(type) || len > MAX_BUFFERED_BLOCK) continue;
      if (p + len > end) {
        if (final) continue;
        this.want = len;
        return p;
      }
      if (u32(buf, p + len - 4, le) !== len) continue;
      this.resyncing = false;
      return p;
    }
    this.want = MIN_BLOCK;
    return p;
  }
}
