/**
 * Start lines and header blocks, parsed leniently from their decoded text (one string per block,
 * one pass). Malformed input is kept as data and flagged; nothing here throws.
 *
 *   parseRequestLine('GET  /a?b=1  HTTP/1.1', true) // → { method: 'GET', url: '/a?b=1', version: '1.1', ... }
 *   parseStatusLine('HTTP/1.0 200')                 // → { version: '1.0', status: 200, reason: '', bad: false }
 */
import { isAscii, isUtf8 } from 'node:buffer';
import type { Header } from '../../core/exchange.js';

export interface RequestLine {
  method: string;
  url: string;
  /** '1.1', '1.0', '0.9', or the protocol token as sent when it is not HTTP */
  version: string;
  http09: boolean;
  /** accepted, but not well-formed (e.g. `GET / JUNK/1.0`) */
  bad: boolean;
}

export interface StatusLine {
  version: string;
  /** 0 when the line carries no status code */
  status: number;
  reason: string;
  bad: boolean;
}

/** RFC 9110 token */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const UPPER_METHOD = /^[A-Z]{3,20}$/;
const PROTOCOL = /^[A-Za-z]+\/\d/;
const HTTP_VERSION = /^HTTP\/(\d)(?:\.(\d))?$/i;
const ABSOLUTE_URL = /^[a-z][a-z0-9+.-]*:\/\//i;
/** method of a request line without version: uppercase, `_` and `-` allowed inside (`CCM_POST`, `M-SEARCH`) */
const SIMPLE_METHOD = /^[A-Z][A-Z_-]*$/;

/**
 * A request line, or null when the line is not one (junk to resynchronise over).
 * `relaxed` (the connection is known to be HTTP) also accepts a bare uppercase method (`HELLO`).
 * HTTP/0.9 simple requests (`GET /path`) need an uppercase method and a target that looks like one.
 */
export function parseRequestLine(line: string, relaxed: boolean): RequestLine | null {
  const s = line.trim();
  if (s === '') return null;
  const sp = firstSpace(s, 0);
  if (sp < 0) {
    return relaxed && UPPER_METHOD.test(s) ? { method: s, url: '', version: '0.9', http09: true, bad: false } : null;
  }
  const method = s.slice(0, sp);
  if (!TOKEN.test(method)) return null;
  const last = lastSpace(s);
  const proto = s.slice(last + 1);
  if (last > sp && PROTOCOL.test(proto)) {
    const url = s.slice(sp + 1, last).trim();
    const m = HTTP_VERSION.exec(proto);
    if (m) return { method, url, version: m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`, http09: false, bad: false };
    return { method, url, version: proto, http09: false, bad: true };
  }
  const target = s.slice(sp + 1).trim();
  // `GET HTTP/1.1`: the target is missing (Zeek and libhtp log an empty URI)
  if (last === sp && PROTOCOL.test(target) && UPPER_METHOD.test(method)) {
    const m = HTTP_VERSION.exec(target);
    if (m) return { method, url: '', version: m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`, http09: false, bad: true };
  }
  if (firstSpace(target, 0) >= 0 || !SIMPLE_METHOD.test(method)) return null;
  if (target.charCodeAt(0) === 0x2f || target === '*' || ABSOLUTE_URL.test(target)) {
    return { method, url: target, version: '0.9', http09: true, bad: false };
  }
  return null;
}

/** A status line; the caller has checked that it starts with `HTTP/` (any case). */
export function parseStatusLine(line: string): StatusLine {
  const s = line.trim();
  let i = 5;
  while (i < s.length && !isSpace(s.charCodeAt(i))) i++;
  const proto = s.slice(0, i);
  const m = HTTP_VERSION.exec(proto);
  const version = m ? (m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`) : proto.slice(5);
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  const code = s.slice(i, i + 3);
  // exactly three digits: `2040` is no status code (not 204)
  if (!/^\d{3}$/.test(code) || isDigit(s.charCodeAt(i + 3))) return { version, status: 0, reason: s.slice(i).trim(), bad: true };
  return { version, status: Number(code), reason: s.slice(i + 3).trim(), bad: m === null };
}

/** Header block anomalies found by parseHeaderBlock (bit flags). */
export const HEAD_FOLDING = 1;
export const HEAD_BAD_HEADER = 2;

/**
 * Parse header lines in `text` (no start line, no terminating empty line) into `out`, names
 * lower-cased, order and duplicates kept. Returns HEAD_* flags.
 *
 * Lenient: bare LF or CRLF; a bare CR followed by SP/HTAB is whitespace, any other bare CR separates
 * lines (empty pieces ignored); obs-fold continuation lines are joined with one space, unless the
 * indented line is itself `name: value` (then it is a header of its own, as libhtp does); whitespace
 * around the name is dropped; a line without a colon becomes a header with an empty name. A line
 * starting with NUL is a continuation too.
 */
export function parseHeaderBlock(text: string, out: Header[]): number {
  let flags = 0;
  let p = 0;
  const n = text.length;
  // the last header's raw logical line, kept only to re-split it when a folded line continues it
  let lastRaw: string | null = null;
  while (p < n) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = n;
    let q = e;
    if (q > p && text.charCodeAt(q - 1) === 13) q--;
    const cr = text.indexOf('\r', p);
    if (cr >= 0 && cr < q) {
      for (const piece of splitBareCr(text.slice(p, q))) {
        const r = headerLine(piece, 0, piece.length, out, lastRaw, true);
        flags |= r.flags;
        lastRaw = r.raw;
      }
    } else if (q > p) {
      const r = headerLine(text, p, q, out, lastRaw, false);
      flags |= r.flags;
      lastRaw = r.raw;
    }
    p = e + 1;
  }
  return flags;
}

interface LineResult {
  flags: number;
  raw: string | null;
}

const FAST: LineResult = { flags: 0, raw: null };

function headerLine(s: string, a: number, b: number, out: Header[], lastRaw: string | null, keepRaw: boolean): LineResult {
  const c0 = s.charCodeAt(a);
  // a line that starts with NUL cannot start a header: it continues the previous one, like obs-fold
  // (`Transfer-Encoding:` LF `\0chunked` is chunked to the browsers that accept it)
  if (c0 === 32 || c0 === 9 || c0 === 0) {
    const cont = s.slice(a, b).trim();
    if (cont === '') return { flags: HEAD_FOLDING, raw: lastRaw };
    if (lastRaw !== null && !/^[^\s:]+\s*:/.test(cont)) {
      // obs-fold: the previous header continues
      const raw = `${lastRaw} ${cont}`;
      out.pop();
      return { flags: HEAD_FOLDING | pushHeader(raw, 0, raw.length, out), raw };
    }
    return { flags: HEAD_FOLDING | pushHeader(cont, 0, cont.length, out), raw: cont };
  }
  const flags = pushHeader(s, a, b, out);
  // keep the raw line only when a continuation could follow; slicing every line would cost
  if (keepRaw || (b < s.length && isFoldStart(s, b))) return { flags, raw: s.slice(a, b) };
  return flags === 0 ? FAST : { flags, raw: s.slice(a, b) };
}

/** Is the next line (after the line break at b) indented? Cheap look-ahead so plain lines skip the raw copy. */
function isFoldStart(s: string, b: number): boolean {
  let i = b;
  if (s.charCodeAt(i) === 13) i++;
  if (s.charCodeAt(i) === 10) i++;
  const c = s.charCodeAt(i);
  return c === 32 || c === 9 || c === 13 || c === 0;
}

function pushHeader(s: string, a: number, b: number, out: Header[]): number {
  const colon = s.indexOf(':', a);
  if (colon < 0 || colon >= b) {
    out.push(['', owsSlice(s, a, b)]);
    return HEAD_BAD_HEADER;
  }
  const name = owsSlice(s, a, colon);
  const value = owsSlice(s, colon + 1, b);
  out.push([name.toLowerCase(), value]);
  return isToken(name) ? 0 : HEAD_BAD_HEADER;
}

/** RFC 9110 tchar, as a table: a loop over it beats the regex on the hot path */
export const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") TCHAR[c.charCodeAt(0)] = 1;

function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TCHAR[c] === 0) return false;
  }
  return true;
}

/** slice without surrounding SP/HTAB (only those: \v or \f in a name must keep it from matching) */
function owsSlice(s: string, a: number, b: number): string {
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/** Pieces of a line cut at bare CRs; a CR before SP/HTAB is whitespace and stays inside a piece. */
function splitBareCr(line: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let i = line.indexOf('\r'); i >= 0; i = line.indexOf('\r', i + 1)) {
    const next = line.charCodeAt(i + 1);
    if (next === 32 || next === 9) continue;
    if (i > start) pieces.push(line.slice(start, i));
    start = i + 1;
  }
  if (start < line.length) pieces.push(line.slice(start));
  return pieces.map((p) => p.replace(/\r/g, ' '));
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

function firstSpace(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (isSpace(s.charCodeAt(i))) return i;
  return -1;
}

function lastSpace(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) if (isSpace(s.charCodeAt(i))) return i;
  return -1;
}

/**
 * Text of header bytes: ASCII and UTF-8 decode as such (non-ASCII UTF-8 in URLs and header values is
 * common in Chinese traffic); anything else as latin1, which keeps every byte.
 */
export function headText(buf: Buffer, start: number, end: number): string {
  if (end <= start) return '';
  const b = buf.subarray(start, end);
  if (isAscii(b) || !isUtf8(b)) return b.toString('latin1');
  return b.toString('utf8');
}
