/**
 * TCP segments packed into one transferable buffer, so the main thread can hand a shard's
 * segments to its worker without per-segment messages or structured cloning.
 *
 * Record: f64 ts | u32 seq | u32 ack | u16 srcPort | u16 dstPort | u8 flags | u8 srcIpLen |
 *         u8 dstIpLen | u8 pad | u32 payloadLen | srcIp (latin1) | dstIp (latin1) | payload
 */
import type { TcpSegment } from '../decode/types.js';

const FIXED = 28;

export class SegmentBatchWriter {
  private buf: Buffer;
  private off = 0;
  count = 0;

  constructor(private readonly capacity: number) {
    this.buf = Buffer.allocUnsafeSlow(capacity);
  }

  get size(): number {
    return this.off;
  }

  /** False when the segment does not fit: take() first (a segment bigger than the capacity gets a batch of its own). */
  fits(seg: TcpSegment): boolean {
    return this.off + FIXED + seg.srcIp.length + seg.dstIp.length + seg.payload.length <= this.buf.length;
  }

  add(seg: TcpSegment): void {
    const need = FIXED + seg.srcIp.length + seg.dstIp.length + seg.payload.length;
    if (this.off + need > this.buf.length) {
      // Only for a single oversized segment in an empty batch.
      const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length, this.off + need));
      this.buf.copy(bigger, 0, 0, this.off);
      this.buf = bigger;
    }
    const b = this.buf;
    let o = this.off;
    b.writeDoubleLE(seg.ts, o);
    b.writeUInt32LE(seg.seq >>> 0, o + 8);
    b.writeUInt32LE(seg.ack >>> 0, o + 12);
    b.writeUInt16LE(seg.srcPort, o + 16);
    b.writeUInt16LE(seg.dstPort, o + 18);
    b[o + 20] = seg.flags;
    b[o + 21] = seg.srcIp.length;
    b[o + 22] = seg.dstIp.length;
    b.writeUInt32LE(seg.payload.length, o + 24);
    o += FIXED;
    o += b.write(seg.srcIp, o, 'latin1');
    o += b.write(seg.dstIp, o, 'latin1');
    o += seg.payload.copy(b, o);
    this.off = o;
    this.count++;
  }

  /** The batch to transfer (its buffer and the filled length); the writer starts a fresh buffer. */
  take(): { data: ArrayBuffer; length: number } {
    const out = { data: this.buf.buffer as ArrayBuffer, length: this.off };
    this.buf = Buffer.allocUnsafeSlow(this.capacity);
    this.off = 0;
    this.count = 0;
    return out;
  }
}

/** Calls `onSegment` for each record; the segment and its payload are views valid during the call. */
export function readSegmentBatch(ab: ArrayBuffer, length: number, onSegment: (seg: TcpSegment) => void): void {
  const b = Buffer.from(ab, 0, length);
  let o = 0;
  let lastSrc = '';
  let lastDst = '';
  while (o + FIXED <= b.length) {
    const ts = b.readDoubleLE(o);
    const seq = b.readUInt32LE(o + 8);
    const ack = b.readUInt32LE(o + 12);
    const srcPort = b.readUInt16LE(o + 16);
    const dstPort = b.readUInt16LE(o + 18);
    const flags = b[o + 20];
    const sl = b[o + 21];
    const dl = b[o + 22];
    const pl = b.readUInt32LE(o + 24);
    o += FIXED;
    // Consecutive segments are mostly of the same flow: reuse the strings when the bytes match.
    const srcIp = sameAscii(b, o, sl, lastSrc) ? lastSrc : (lastSrc = b.toString('latin1', o, o + sl));
    o += sl;
    const dstIp = sameAscii(b, o, dl, lastDst) ? lastDst : (lastDst = b.toString('latin1', o, o + dl));
    o += dl;
    const payload = b.subarray(o, o + pl);
    o += pl;
    onSegment({ ts, srcIp, dstIp, srcPort, dstPort, seq, ack, flags, payload });
  }
}

function sameAscii(b: Buffer, o: number, len: number, s: string): boolean {
  if (s.length !== len) return false;
  for (let i = len - 1; i >= 0; i--) if (b[o + i] !== s.charCodeAt(i)) return false;
  return true;
}

/** Shard of a connection: symmetric in its two ends, so both directions land in the same worker. */
export function shardOf(seg: TcpSegment, shards: number): number {
  // Multiply-xorshift mixing: ports carry most of the entropy (on loopback the IPs are equal, and
  // Linux hands out even ephemeral ports to connect(), so the low bit of a plain sum is constant).
  let h = Math.imul((seg.srcPort + seg.dstPort) ^ (ipHash(seg.srcIp) + ipHash(seg.dstIp)), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) % shards;
}

function ipHash(ip: string): number {
  let h = 0;
  for (let i = Math.max(0, ip.length - 8); i < ip.length; i++) h = (h * 31 + ip.charCodeAt(i)) | 0;
  return h;
}
