/**
 * What the two capture formats share: the parser contract the CaptureReader drives, the hooks a
 * parser reports through, the length limits and small byte readers.
 */
import type { Counters } from '../../core/anomalies.js';
import type { RawPacket } from '../types.js';

/** Largest captured length believed (Wireshark's standard maximum). Longer records are corrupt. */
export const MAX_CAPLEN = 262_144;
/** A record may exceed the file's snaplen by this much before it is called corrupt (sloppy writers). */
export const SNAPLEN_SLACK = 4096;
/** A record header this far in time from the last good one is not a resynchronisation point. */
export const RESYNC_MAX_TS_JUMP_S = 86_400;

export interface ReaderHooks {
  readonly onPacket: (p: RawPacket) => void;
  readonly counters: Counters;
  /** Count `anomaly` and report it (with `detail`) at an absolute byte offset of the input. */
  issue(byteOffset: number, anomaly: 'capture.bad_record' | 'capture.truncated', detail: string): void;
}

/**
 * A record-level parser of one capture format. The reader hands it contiguous bytes; it consumes
 * whole records only.
 */
export interface RecordParser {
  /**
   * Consume the records in `buf[start, end)`; `base` is the input offset of `buf[start]`. Returns
   * the offset of the first byte not consumed. When that is before `end`, `want` says how many
   * bytes (from the returned offset) it needs to go on, and `want > end - returned offset`.
   */
  parse(buf: Buffer, start: number, end: number, base: number): number;
  /** Bytes needed from the point where `parse` stopped. */
  readonly want: number;
  /**
   * No more input will come: consume what can be consumed from the rest and report a record the
   * input ends inside (`capture.truncated`).
   */
  finish(buf: Buffer, start: number, end: number, base: number): void;
}

export function u16(b: Buffer, o: number, le: boolean): number {
  return le ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1];
}

export function u32(b: Buffer, o: number, le: boolean): number {
  return le
    ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0
    : ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}
