/**
 * Content decoding of HTTP message bodies (after de-chunking): gzip / x-gzip, deflate (zlib-wrapped
 * or raw, and either mislabelled as the other), br, lzma (lzma.ts), stacked up to MAX_LAYERS. Synchronous zlib is
 * the fastest path for bodies of a few KB; every call is bounded by `cap` output bytes.
 *
 * Leniency, like a monitor: truncated streams yield what was decoded (Z_SYNC_FLUSH); a gzip member
 * whose header or trailer check fails is decoded without the checks (kept, but noted
 * `http.body_decode_error`: its integrity is unknown); a stream that breaks mid-way yields its
 * longest decodable prefix (noted). Only when nothing decodes is the body kept as it was on the wire
 * (noted). Concatenated gzip members decode to the concatenation (RFC 1952; libhtp stops after the
 * first). Content-Encoding is read the way lenient browsers read it (contentCodings): unknown
 * codings are skipped (noted `http.unknown_content_encoding`) and the known ones still decoded.
 *
 *   decodeContent(gzipped, ['gzip'], 1 << 20) // → { data: <plain bytes>, truncated: false }
 */
import zlib from 'node:zlib';
import type { Header } from '../../core/exchange.js';
import { looseHeaderName } from './framing.js';
import { lzmaDecode } from './lzma.js';

/** More stacked codings than this are not decoded (a decompression-bomb and CPU guard). */
export const MAX_LAYERS = 3;

export type BodyNote = 'http.body_decode_error' | 'http.unknown_content_encoding';

export interface DecodedBody {
  data: Buffer;
  /** the output reached `cap` and was cut */
  truncated: boolean;
  note?: BodyNote;
}

const NO_CODINGS: readonly string[] = [];

/**
 * Content codings of a message in the order they were applied (decode from the last one), from all
 * its Content-Encoding headers; `identity` and empty items dropped, lower-cased.
 *
 * Read leniently, as browsers and libhtp do: items are separated by commas or whitespace
 * (`gzip x` is gzip and an unknown x), NUL and control bytes inside an item are dropped (`gz\0ip`),
 * and an item that is no known coding but contains `gzip` or `deflate` (`gzip;`, `:deflate`) is that
 * coding. `looseNames`: match the header name leniently too (see framingOf).
 *
 *   contentCodings([['content-encoding', 'gzip, deflate']]) // → ['gzip', 'deflate']
 */
export function contentCodings(headers: readonly Header[], looseNames = false): readonly string[] {
  let out: string[] | undefined;
  for (const h of headers) {
    if ((looseNames ? looseHeaderName(h[0]) : h[0]) !== 'content-encoding') continue;
    const v = h[1];
    if (v === 'gzip' || v === 'br' || v === 'deflate') {
      (out ??= []).push(v); // the common case
      continue;
    }
    for (const item of v.split(CODING_SEPARATORS)) {
      const c = codingOf(item);
      if (c !== '' && c !== 'identity') (out ??= []).push(c);
    }
  }
  return out ?? NO_CODINGS;
}

const CODING_SEPARATORS = /[\s,]+/;

function codingOf(item: string): string {
  const c = item.replace(/[\x00-\x1f\x7f]+/g, '').toLowerCase();
  if (c === '' || isKnownCoding(c) || c === 'identity') return c;
  if (c.includes('gzip')) return 'gzip';
  if (c.includes('deflate')) return 'deflate';
  return c;
}

/**
 * Decode `raw` through `codings` (applied in order, so undone last-first); output at most `cap` bytes.
 * Unknown codings are skipped (noted): the known ones around them are still undone.
 */
export function decodeContent(raw: Buffer, codings: readonly string[], cap: number): DecodedBody {
  if (codings.length === 0 || raw.length === 0) return { data: raw, truncated: false };
  let known = codings;
  let unknown = false;
  for (const c of codings) {
    if (!isKnownCoding(c)) {
      known = codings.filter(isKnownCoding);
      unknown = true;
      break;
    }
  }
  if (known.length > MAX_LAYERS) return { data: raw, truncated: false, note: 'http.body_decode_error' };
  let data = raw;
  let truncated = false;
  let suspect = false;
  let failed = false;
  for (let i = known.length - 1; i >= 0; i--) {
    const layer = decodeLayer(data, known[i], cap);
    truncated ||= layer.truncated;
    suspect ||= layer.suspect;
    if (layer.failed) {
      // keep what this layer managed to produce; if nothing, what we had before it. With unknown
      // codings skipped the labels are in doubt: a broken layer is more likely a mislabel than a
      // cut stream, so its partial output is not kept
      if (layer.data.length > 0 && !unknown) data = layer.data;
      failed = true;
      break;
    }
    data = layer.data;
  }
  if (unknown) return { data, truncated, note: 'http.unknown_content_encoding' };
  return failed || suspect ? { data, truncated, note: 'http.body_decode_error' } : { data, truncated };
}

export function isKnownCoding(c: string): boolean {
  return c === 'gzip' || c === 'x-gzip' || c === 'deflate' || c === 'x-deflate' || c === 'br' || c === 'lzma';
}

interface Layer {
  data: Buffer;
  truncated: boolean;
  /** nothing usable decoded (data: the longest decodable prefix's output, maybe empty) */
  failed: boolean;
  /** decoded, but an integrity check failed (gzip CRC, length or header): kept, flagged */
  suspect: boolean;
}

type Decoder = (input: Buffer, cap: number) => Buffer;

const ZOPTS_FLUSH = zlib.constants.Z_SYNC_FLUSH;
const gunzip: Decoder = (b, cap) => zlib.gunzipSync(b, { finishFlush: ZOPTS_FLUSH, maxOutputLength: cap });
const inflate: Decoder = (b, cap) => zlib.inflateSync(b, { finishFlush: ZOPTS_FLUSH, maxOutputLength: cap });
const inflateRaw: Decoder = (b, cap) => zlib.inflateRawSync(b, { finishFlush: ZOPTS_FLUSH, maxOutputLength: cap });
/** gzip member without checking its header CRC, trailer CRC/ISIZE or reserved flags */
const gunzipLenient: Decoder = (b, cap) => {
  const start = gzipPayloadStart(b);
  if (start < 0) throw new Error('not a gzip header');
  return inflateRaw(b.subarray(start), cap);
};
const brotli: Decoder = (b, cap) =>
  zlib.brotliDecompressSync(b, { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH, maxOutputLength: cap });

function decodeLzma(input: Buffer, cap: number): Layer {
  const r = lzmaDecode(input, cap);
  if (r === null || (r.data.length === 0 && !r.complete)) return { data: Buffer.alloc(0), truncated: false, failed: true, suspect: false };
  // a stream cut short still yields its decoded prefix, flagged like a broken zlib stream
  return { data: r.data, truncated: r.truncated, failed: false, suspect: !r.complete && !r.truncated };
}

function decodeLayer(input: Buffer, coding: string, cap: number): Layer {
  if (coding === 'lzma') return decodeLzma(input, cap);
  let chain: Decoder[];
  if (coding === 'br') chain = [brotli];
  else if (isGzip(input)) chain = [gunzip, gunzipLenient];
  else if (isZlib(input)) chain = [inflate, inflateRaw];
  else chain = [inflateRaw, inflate];
  // gzip and deflate are mislabelled as each other in the wild: the bytes decide (sniffed above)
  for (let i = 0; i < chain.length; i++) {
    const dec = chain[i];
    try {
      const data = dec(input, cap);
      // nothing from something: an empty stream only if it also decodes strictly (a complete stream)
      if (data.length === 0 && !decodesStrictly(dec, input)) continue;
      return { data, truncated: false, failed: false, suspect: dec === gunzipLenient };
    } catch (e) {
      if (isTooLarge(e)) return { data: capped(dec, input, cap), truncated: true, failed: false, suspect: dec === gunzipLenient };
    }
  }
  // every decoder broke somewhere: keep the longest decodable prefix of the best guess
  const best = chain[chain.length > 1 && chain[0] === gunzip ? 1 : 0];
  return { data: longestPrefixOutput(best, input, cap), truncated: false, failed: true, suspect: false };
}

function decodesStrictly(dec: Decoder, input: Buffer): boolean {
  const strict = dec === gunzip ? zlib.gunzipSync : dec === inflate ? zlib.inflateSync : dec === brotli ? zlib.brotliDecompressSync : null;
  if (strict === null) return false; // raw deflate has no header or check to tell
  try {
    strict(input, { maxOutputLength: 1 << 16 });
    return true;
  } catch {
    return false;
  }
}

function isTooLarge(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
}

export function isGzip(b: Buffer): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** RFC 1950 header: CM = 8, window ≤ 32K, header checksum */
export function isZlib(b: Buffer): boolean {
  return b.length >= 2 && (b[0] & 0x0f) === 8 && b[0] >> 4 <= 7 && ((b[0] << 8) | b[1]) % 31 === 0;
}

/** Offset of the deflate data inside a gzip member (RFC 1952), or -1. */
export function gzipPayloadStart(b: Buffer): number {
  if (b.length < 10 || b[0] !== 0x1f || b[1] !== 0x8b) return -1;
  const flg = b[3];
  let p = 10;
  if (flg & 0x04) {
    if (p + 2 > b.length) return -1;
    p += 2 + (b[p] | (b[p + 1] << 8));
  }
  if (flg & 0x08) {
    const z = b.indexOf(0, p);
    if (z < 0) return -1;
    p = z + 1;
  }
  if (flg & 0x10) {
    const z = b.indexOf(0, p);
    if (z < 0) return -1;
    p = z + 1;
  }
  if (flg & 0x02) p += 2;
  return p <= b.length ? p : -1;
}

const SEARCH_STEPS = 14;

/**
 * Output of the longest input prefix that decodes (truncated input is fine with Z_SYNC_FLUSH).
 * Binary search, bounded: only reached on broken streams.
 */
function longestPrefixOutput(dec: Decoder, input: Buffer, cap: number): Buffer {
  let lo = 0;
  let hi = input.length;
  let best: Buffer = Buffer.alloc(0);
  for (let step = 0; step < SEARCH_STEPS && lo < hi; step++) {
    const mid = (lo + hi + 1) >>> 1;
    try {
      best = dec(input.subarray(0, mid), cap);
      lo = mid;
    } catch (e) {
      if (isTooLarge(e)) return capped(dec, input.subarray(0, mid), cap);
      hi = mid - 1;
    }
  }
  return best;
}

/**
 * The first (up to) `cap` bytes of a stream whose full output exceeds `cap`: the output of the
 * longest input prefix that still fits (binary search; output grows with the prefix). Bounded; only
 * reached for bodies over the cap.
 */
function capped(dec: Decoder, input: Buffer, cap: number): Buffer {
  let lo = 0;
  let hi = input.length - 1;
  let best: Buffer = Buffer.alloc(0);
  for (let step = 0; step < 20 && lo < hi; step++) {
    const mid = (lo + hi + 1) >>> 1;
    try {
      best = dec(input.subarray(0, mid), cap);
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return best;
}
