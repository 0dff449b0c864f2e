/**
 * CaptureReader: pcap/pcapng bytes in, RawPackets out. Synchronous push parser; chunks may be
 * split anywhere.
 *
 *   const r = new CaptureReader((p) => net.decode(p), (at, msg) => issues.push({ at, msg }), counters);
 *   for (const chunk of chunks) r.push(chunk);
 *   r.end();
 *
 * Records that lie whole inside a pushed chunk are handed out as views of that chunk (no copy).
 * Only the piece of a record that straddles two chunks is copied into a small carry buffer, which
 * holds at most one record (or one resynchronisation candidate): memory stays bounded whatever
 * the input. The format is chosen from the magic at offset 0; malformed input is reported through
 * `onIssue` and counted, never thrown.
 */
import type { Counters } from '../../core/anomalies.js';
import type { RawPacket } from '../types.js';
import { ClassicPcapParser, classicMagic } from './classic.js';
import { BT_SHB, PcapngParser, shbByteOrder } from './pcapng.js';
import type { ReaderHooks, RecordParser } from './record-parser.js';
import { u32 } from './record-parser.js';

/** After this many reported issues the rest are only counted (a shredded file would flood the output). */
export const MAX_REPORTED_ISSUES = 100;

/**
 * The capture format of a file from its first bytes (4 are enough; with 12, a pcapng byte-order
 * mark is checked too), or null.
 *
 *   sniffCapture(Buffer.from('d4c3b2a1', 'hex'))  // 'pcap'
 */
export function sniffCapture(head: Buffer): 'pcap' | 'pcapng' | null {
  if (head.length < 4) return null;
  if (classicMagic(head) !== null) return 'pcap';
  if (u32(head, 0, true) === BT_SHB) return head.length < 12 || shbByteOrder(head, 0) !== null ? 'pcapng' : null;
  return null;
}

export class CaptureReader {
  private parser: RecordParser | null = null;
  private readonly hooks: ReaderHooks;
  /** no more input is looked at (unknown format, or ended) */
  private done = false;
  /** carry buffer: bytes of an unfinished record, at carry[carryStart, carryStart + carryLen) */
  private carry = Buffer.alloc(0);
  private carryStart = 0;
  private carryLen = 0;
  /** bytes needed from the first unconsumed byte before the parser can go on */
  private want = 4;
  /** input offset of the first unconsumed byte */
  private consumed = 0;
  private issues = 0;

  constructor(
    onPacket: (p: RawPacket) => void,
    private readonly onIssue: (byteOffset: number, message: string) => void,
    counters: Counters,
  ) {
    this.hooks = {
      onPacket,
      counters,
      issue: (at, anomaly, detail) => {
        counters.inc(anomaly);
        this.report(at, `${anomaly}: ${detail}`);
      },
    };
  }

  /** Input bytes fully dealt with (records delivered or skipped); a buffered partial record is not counted. */
  get bytesConsumed(): number {
    return this.consumed;
  }

  push(chunk: Buffer): void {
    if (this.done || chunk.length === 0) return;
    let pos = 0;
    while (this.carryLen > 0) {
      const need = this.want - this.carryLen;
      if (need > 0) {
        const take = Math.min(need, chunk.length - pos);
        this.append(chunk, pos, take);
        pos += take;
        if (this.carryLen < this.want) return;
      }
      const s = this.carryStart;
      const stop = this.run(this.carry, s, s + this.carryLen);
      this.carryStart = stop;
      this.carryLen -= stop - s;
      if (this.done) return;
      if (this.carryLen === 0) this.carryStart = 0;
      else if (pos >= chunk.length) return;
    }
    const stop = this.run(chunk, pos, chunk.length);
    if (this.done || stop >= chunk.length) return;
    // keep the unfinished record: a copy, so the caller's (possibly large) chunk is not retained
    this.carryStart = 0;
    this.carryLen = 0;
    this.append(chunk, stop, chunk.length - stop);
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    const s = this.carryStart;
    const e = s + this.carryLen;
    if (this.parser === null) {
      this.report(0, 'not a pcap or pcapng file');
      return;
    }
    this.parser.finish(this.carry, s, e, this.consumed);
    this.carryLen = 0;
    this.carryStart = 0;
    this.carry = Buffer.alloc(0);
  }

  private report(at: number, message: string): void {
    this.issues++;
    if (this.issues < MAX_REPORTED_ISSUES) this.onIssue(at, message);
    else if (this.issues === MAX_REPORTED_ISSUES) this.onIssue(at, 'too many problems in this capture; further ones are only counted');
  }

  /** Parse `buf[start, end)`; returns the first unconsumed offset. */
  private run(buf: Buffer, start: number, end: number): number {
    if (this.parser === null) {
      if (end - start < 4) {
        this.want = 4;
        return start;
      }
      const kind = sniffCapture(buf.subarray(start, start + 4));
      if (kind === null) {
        this.done = true;
        this.report(0, 'not a pcap or pcapng file');
        return end;
      }
      this.parser = kind === 'pcap' ? new ClassicPcapParser(this.hooks) : new PcapngParser(this.hooks);
    }
    const stop = this.parser.parse(buf, start, end, this.consumed);
    this.consumed += stop - start;
    // never stall: a parser that stops must ask for more than it has
    this.want = stop < end ? Math.max(this.parser.want, end - stop + 1) : this.parser.want;
    return stop;
  }

  private append(src: Buffer, from: number, n: number): void {
    const cap = this.carry.length;
    if (this.carryStart + this.carryLen + n > cap) {
      if (this.carryLen + n <= cap) {
        this.carry.copyWithin(0, this.carryStart, this.carryStart + this.carryLen);
      } else {
        const grown = Buffer.allocUnsafe(Math.max(this.carryLen + n, this.want, cap * 2, 4096));
        this.carry.copy(grown, 0, this.carryStart, this.carryStart + this.carryLen);
        this.carry = grown;
      }
      this.carryStart = 0;
    }
    src.copy(this.carry, this.carryStart + this.carryLen, from, from + n);
    this.carryLen += n;
  }
}
