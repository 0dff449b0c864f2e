/**
 * How long a message body is, from its headers (RFC 9112 §6, leniently), and the byte-level syntax
 * of chunked framing. Pure functions.
 *
 *   framingOf([['transfer-encoding', 'gzip, chunked'], ['content-length', '12']])
 *   // → { contentLength: 12, chunked: true, ... }: chunked wins (and is an anomaly)
 */
import type { Header } from '../../core/exchange.js';

export interface Framing {
  /** the (first) Content-Length, -1 when absent or not a number */
  contentLength: number;
  /** a Content-Length value is not a number */
  badContentLength: boolean;
  /** Content-Length values differ */
  multipleContentLength: boolean;
  /** all Transfer-Encoding values joined, null when absent */
  transferEncoding: string | null;
  /** chunked is the last transfer coding */
  chunked: boolean;
  hasHost: boolean;
  expectContinue: boolean;
}

/**
 * `looseNames`: the header block had names that are not tokens (http.bad_header); match names
 * after dropping NUL bytes and trimming control characters around them (`Transfer\0-Encoding`,
 * `Content-Length\v`), as lenient browsers do. Off for well-formed blocks: names are compared as is.
 */
export function framingOf(headers: readonly Header[], looseNames = false): Framing {
  const f: Framing = {
    contentLength: -1,
    badContentLength: false,
    multipleContentLength: false,
    transferEncoding: null,
    chunked: false,
    hasHost: false,
    expectContinue: false,
  };
  for (const h of headers) {
    const name = looseNames ? looseHeaderName(h[0]) : h[0];
    if (name === 'content-length') {
      const v = parseContentLength(h[1]);
      if (v === -1) {
        f.badContentLength = true;
        continue;
      }
      const first = v === -2 ? Number(h[1].split(',')[0].trim()) : v;
      if (v === -2 || (f.contentLength >= 0 && first !== f.contentLength)) f.multipleContentLength = true;
      if (f.contentLength < 0) f.contentLength = first;
    } else if (name === 'transfer-encoding') f.transferEncoding = f.transferEncoding === null ? h[1] : `${f.transferEncoding},${h[1]}`;
    else if (name === 'host') f.hasHost = true;
    else if (name === 'expect' && /100-continue/i.test(h[1])) f.expectContinue = true;
  }
  f.chunked = f.transferEncoding !== null && isChunkedLast(f.transferEncoding);
  return f;
}

/**
 * A header name as lenient readers match it: NUL bytes dropped, control characters and whitespace
 * around it trimmed (`content\0-encoding`, `content-encoding\v` → `content-encoding`).
 */
export function looseHeaderName(name: string): string {
  let s = name.indexOf('\0') >= 0 ? name.replace(/\0/g, '') : name;
  let a = 0;
  let b = s.length;
  while (a < b && isLooseSpace(s.charCodeAt(a))) a++;
  while (b > a && isLooseSpace(s.charCodeAt(b - 1))) b--;
  if (a > 0 || b < s.length) s = s.slice(a, b);
  return s.toLowerCase();
}

function isLooseSpace(c: number): boolean {
  return c <= 0x20 || c === 0x7f;
}

/**
 * Does a Transfer-Encoding value that is not plainly `…, chunked` still name chunked somewhere
 * (`chunked, x`, `xchunked`, `chunked;`, `chun\0ked`)? Lenient browsers de-chunk such bodies; the
 * parser then tries chunked framing, and keeps the body raw when it does not parse as chunks.
 */
export function mentionsChunked(te: string): boolean {
  const v = te.indexOf('\0') >= 0 ? te.replace(/\0/g, '') : te;
  return /chunked/i.test(v);
}

/**
 * Content-Length value: the length, -1 when not a number, -2 when a list of differing numbers.
 * A list of equal numbers (`12, 12`) is that number. Leading zeros are allowed (1*DIGIT), however
 * many (`000…050` is 50).
 */
export function parseContentLength(v: string): number {
  // the common case, digits only, without regex or split
  const n = v.length;
  if (n > 0 && n <= 15) {
    let x = 0;
    let i = 0;
    for (; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      x = x * 10 + (c - 0x30);
    }
    if (i === n) return x;
  }
  let out = -1;
  for (const part of v.split(',')) {
    const t = part.trim().replace(/^0+(?=\d)/, '');
    if (!/^\d{1,15}$/.test(t)) return -1;
    const n = Number(t);
    if (out >= 0 && n !== out) return -2;
    out = n;
  }
  return out;
}

/** Is `chunked` the last transfer coding? (control bytes and whitespace around items ignored) */
export function isChunkedLast(te: string): boolean {
  const items = te.split(',');
  for (let i = items.length - 1; i >= 0; i--) {
    const t = items[i].replace(/[\x00-\x20]+/g, '').toLowerCase();
    if (t !== '') return t === 'chunked';
  }
  return false;
}

const CR = 0x0d;
/** chunk sizes above this are not believed (libhtp draws the same line) */
const MAX_CHUNK_SIZE = 0x7fffffff;
export const CHUNK_BLANK = -1;
export const CHUNK_BAD = -2;

/**
 * The size on a chunk-size line buf[from..to) (line break excluded): leading whitespace or stray
 * control bytes skipped, hex digits of either case, then only whitespace or a `;extension`. No `0x`.
 * CHUNK_BLANK for a blank line (tolerated where a size belongs), CHUNK_BAD otherwise.
 */
export function parseChunkSize(buf: Buffer, from: number, to: number): number {
  let p = from;
  while (p < to && buf[p] <= 0x20) p++;
  if (p === to) return CHUNK_BLANK;
  let size = 0;
  let digits = 0;
  for (; p < to; p++) {
    const d = hexValue(buf[p]);
    if (d < 0) break;
    size = size * 16 + d;
    digits++;
    if (size > MAX_CHUNK_SIZE) return CHUNK_BAD;
  }
  while (p < to && (buf[p] === 0x20 || buf[p] === 0x09 || buf[p] === CR)) p++;
  if (digits === 0 || (p < to && buf[p] !== 0x3b)) return CHUNK_BAD;
  return size;
}

/**
 * The size on a chunk-size line that parseChunkSize rejects, read the way lenient browsers read it
 * (C strtoul): leading whitespace or control bytes, an optional `0x`, hex digits, and whatever
 * follows ignored (`fx`, `f,`, `f\0`, `f x`, `0x1A`). CHUNK_BAD when there are no digits or the size
 * is not believed.
 */
export function parseChunkSizeLoose(buf: Buffer, from: number, to: number): number {
  let p = from;
  while (p < to && buf[p] <= 0x20) p++;
  if (p + 2 < to && buf[p] === 0x30 && (buf[p + 1] | 0x20) === 0x78 && hexValue(buf[p + 2]) >= 0) p += 2;
  let size = 0;
  let digits = 0;
  for (; p < to; p++) {
    const d = hexValue(buf[p]);
    if (d < 0) break;
    size = size * 16 + d;
    digits++;
    if (size > MAX_CHUNK_SIZE) return CHUNK_BAD;
  }
  return digits === 0 ? CHUNK_BAD : size;
}

/** Does buf[from..to) begin with hex digits (after whitespace), i.e. may a line end make it a loose size line? */
export function chunkSizeLooseStart(buf: Buffer, from: number, to: number): boolean {
  let p = from;
  while (p < to && buf[p] <= 0x20) p++;
  return p === to || hexValue(buf[p]) >= 0;
}

/** Can buf[from..to) begin a chunk-size line? (decides early that a body was sent without chunking) */
export function chunkSizePrefixOk(buf: Buffer, from: number, to: number): boolean {
  let p = from;
  while (p < to && buf[p] <= 0x20) p++;
  if (p === to) return true;
  const d0 = p;
  while (p < to && hexValue(buf[p]) >= 0) p++;
  if (p === d0 || p - d0 > 8) return false;
  while (p < to && (buf[p] === 0x20 || buf[p] === 0x09 || buf[p] === CR)) p++;
  return p === to || buf[p] === 0x3b;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}
