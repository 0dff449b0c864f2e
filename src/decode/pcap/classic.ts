/**
 * Classic libpcap files: a 24-byte file header, then records of a 16-byte header and the captured
 * bytes. Both byte orders; µs or ns timestamps by magic; also the 24-byte-header "modified" variant
 * (magic a1b2cd34) some Linux tools wrote.
 *
 * A record whose length cannot be true is reported once (`capture.bad_record`), then the parser
 * scans forward byte by byte for a plausible record header: time close to the last good record,
 * fraction below one second, caplen ≤ origLen ≤ the limits, and followed by another plausible
 * header (or the end of the input).
 */
import type { RawPacket } from '../types.js';
import {
  MAX_CAPLEN,
  type ReaderHooks,
  type RecordParser,
  RESYNC_MAX_TS_JUMP_S,
  SNAPLEN_SLACK,
  u32,
} from './record-parser.js';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/** Alexey Kuznetzov's patched libpcap: 8 more bytes per record header (ifindex, protocol, type). */
export const PCAP_MAGIC_MODIFIED = 0xa1b2cd34;

const FILE_HEADER = 24;
/** origLen above this is not believed while resynchronising (GSO super-packets stay below). */
const RESYNC_MAX_ORIGLEN = 1 << 20;

/** Recognise a classic pcap magic in either byte order: [littleEndian, nanoseconds, recordHeaderLength]. */
export function classicMagic(head: Buffer): readonly [boolean, boolean, number] | null {
  if (head.length < 4) return null;
  for (const le of [true, false]) {
    const m = u32(head, 0, le);
    if (m === PCAP_MAGIC_US) return [le, false, 16];
    if (m === PCAP_MAGIC_NS) return [le, true, 16];
    if (m === PCAP_MAGIC_MODIFIED) return [le, false, 24];
  }
  return null;
}

export class ClassicPcapParser implements RecordParser {
  want = FILE_HEADER;
  private gotHeader = false;
  private le = true;
  private recHdr = 16;
  /** timestamp fraction units per millisecond (1000 for µs, 1e6 for ns) */
  private fracPerMs = 1000;
  private fracLimit = 1_000_000;
  private linkType = 0;
  private capLimit = MAX_CAPLEN;
  private resyncing = false;
  /** seconds of the last good record, -1 before the first */
  private lastSec = -1;

  constructor(private readonly hooks: ReaderHooks) {}

  parse(buf: Buffer, start: number, end: number, base: number): number {
    return this.run(buf, start, end, base, false);
  }

  finish(buf: Buffer, start: number, end: number, base: number): void {
    const off = this.run(buf, start, end, base, true);
    if (off >= end || this.resyncing) return;
    const at = base + (off - start);
    if (!this.gotHeader) {
      this.hooks.issue(at, 'capture.truncated', `the file ends inside its ${FILE_HEADER}-byte header`);
    } else {
      const need = end - off < this.recHdr ? this.recHdr : this.recHdr + u32(buf, off + 8, this.le);
      this.hooks.issue(at, 'capture.truncated', `the file ends inside a record (${end - off} of ${need} bytes)`);
    }
  }

  private readHeader(buf: Buffer, off: number): void {
    const m = classicMagic(buf.subarray(off, off + 4));
    // the reader only hands us input whose magic it recognised
    const [le, ns, recHdr] = m ?? [true, false, 16];
    this.le = le;
    this.recHdr = recHdr;
    this.fracPerMs = ns ? 1e6 : 1e3;
    this.fracLimit = ns ? 1e9 : 1e6;
    const snaplen = u32(buf, off + 16, le);
    // upper bits carry FCS information, not the link type
    this.linkType = u32(buf, off + 20, le) & 0x03ffffff;
    this.capLimit = snaplen === 0 || snaplen >= MAX_CAPLEN ? MAX_CAPLEN : Math.min(MAX_CAPLEN, snaplen + SNAPLEN_SLACK);
    this.gotHeader = true;
  }

  private run(buf: Buffer, start: number, end: number, base: number, final: boolean): number {
    let off = start;
    if (!this.gotHeader) {
      if (end - off < FILE_HEADER) {
        this.want = FILE_HEADER;
        return off;
      }
      this.readHeader(buf, off);
      off += FILE_HEADER;
    }
    const le = this.le;
    const h = this.recHdr;
    const { onPacket, counters } = this.hooks;
    while (true) {
      if (this.resyncing) {
        off = this.scan(buf, off, end, final);
        if (this.resyncing) return off;
      }
      const avail = end - off;
      if (avail < h) {
        this.want = h;
        return off;
      }
      const caplen = u32(buf, off + 8, le);
      if (caplen > this.capLimit) {
        this.hooks.issue(
          base + (off - start),
          'capture.bad_record',
          `record length ${caplen} is impossible (limit ${this.capLimit}); skipping to the next plausible record`,
        );
        this.resyncing = true;
        off += 1;
        continue;
      }
      const total = h + caplen;
      if (avail < total) {
        this.want = total;
        return off;
      }
      const sec = u32(buf, off, le);
      const origLen = u32(buf, off + 12, le);
      if (caplen < origLen) counters.inc('capture.snaplen_cut');
      this.lastSec = sec;
      const p: RawPacket = {
        ts: sec * 1000 + u32(buf, off + 4, le) / this.fracPerMs,
        linkType: this.linkType,
        data: buf.subarray(off + h, off + total),
        origLen,
        ifIndex: 0,
      };
      off += total;
      onPacket(p);
    }
  }

  private plausible(buf: Buffer, p: number, refSec: number): boolean {
    const le = this.le;
    const caplen = u32(buf, p + 8, le);
    const origLen = u32(buf, p + 12, le);
    if (caplen > origLen || origLen === 0 || origLen > RESYNC_MAX_ORIGLEN || caplen > this.capLimit) return false;
    if (u32(buf, p + 4, le) >= this.fracLimit) return false;
    return refSec < 0 || Math.abs(u32(buf, p, le) - refSec) <= RESYNC_MAX_TS_JUMP_S;
  }

  /** Find the next plausible record at or after `off`; returns where to go on from. */
  private scan(buf: Buffer, off: number, end: number, final: boolean): number {
    const h = this.recHdr;
    let p = off;
    for (; p + h <= end; p++) {
      if (!this.plausible(buf, p, this.lastSec)) continue;
      const next = p + h + u32(buf, p + 8, this.le);
      if (next > end) {
        if (final) continue;
        this.want = next + h - p;
        return p;
      }
      if (next + h > end) {
        // the candidate's follower is not here yet (or the input ends after the candidate)
        if (!final) {
          this.want = next + h - p;
          return p;
        }
        if (next !== end) continue;
      } else if (!this.plausible(buf, next, u32(buf, p, this.le))) {
        continue;
      }
      this.resyncing = false;
      return p;
    }
    this.want = h;
    return p;
  }
}
