/**
 * Finding message starts in bytes of unknown framing (after a gap, in a capture that starts
 * mid-connection, after garbage): `METHOD SP target SP HTTP/1.x` or `HTTP/1.x SP ddd` at a line start.
 * Searches with Buffer.indexOf (native) for `HTTP/1.` and checks around each hit.
 *
 *   findMessageStart(Buffer.from('...junk\nHTTP/1.1 200 OK\r\n'), 0, true, RESPONSE) // → { pos: 8, kind: RESPONSE }
 */

export const REQUEST = 1;
export const RESPONSE = 2;
export type Kind = typeof REQUEST | typeof RESPONSE;

const MARK = Buffer.from('HTTP/1.');
const LF = 0x0a;
const CR = 0x0d;

/** Methods that do not fit [A-Z]{3,20} (WebDAV, UPnP) */
const ODD_METHODS = new Set(['M-SEARCH', 'VERSION-CONTROL', 'BASELINE-CONTROL', 'MKWORKSPACE', 'MKACTIVITY']);
const METHOD = /^[A-Z]{3,20}$/;
/** the longest request line we look back over */
const MAX_LINE = 16 << 10;

export interface Found {
  /** offset of the message start, or -1 */
  pos: number;
  kind: Kind | 0;
  /** when not found: offset from which bytes must be kept (a start may straddle the next chunk) */
  keepFrom: number;
}

/**
 * First message start of the wanted kinds (bit set of REQUEST | RESPONSE) in buf[from..].
 * `atLineStart`: buf[from] begins a line (start of the stream, after a gap, after LF).
 *
 * A body rarely ends in a line break, so the next message may be glued to its last byte: a status
 * line is recognised anywhere (`HTTP/1.x ddd` then a space or line end), a request line needs a line
 * start or, when glued, a well-known method.
 */
export function findMessageStart(buf: Buffer, from: number, atLineStart: boolean, kinds: number): Found {
  const len = buf.length;
  let k = from;
  let keepFrom = -1;
  for (;;) {
    const h = buf.indexOf(MARK, k);
    if (h < 0) break;
    k = h + 1;
    if (kinds & RESPONSE) {
      if (h + 13 > len) {
        keepFrom = h;
        break;
      }
      const after = buf[h + 12];
      if (isDigit(buf[h + 7]) && buf[h + 8] === 0x20 && isDigit(buf[h + 9]) && isDigit(buf[h + 10]) && isDigit(buf[h + 11]) && (after === 0x20 || after === CR || after === LF)) {
        return { pos: h, kind: RESPONSE, keepFrom: -1 };
      }
    }
    // request: METHOD SP target SP HTTP/1.x at a line end
    if (kinds & REQUEST && h > from && buf[h - 1] === 0x20) {
      if (h + 9 > len) {
        keepFrom = lineStartOf(buf, from, h);
        break;
      }
      if (!isDigit(buf[h + 7]) || (buf[h + 8] !== CR && buf[h + 8] !== LF)) continue;
      const ls = lineStartOf(buf, from, h);
      if (h - ls > MAX_LINE) continue;
      const m = requestPrefixStart(buf.toString('latin1', ls, h), ls > from || atLineStart);
      if (m >= 0) return { pos: ls + m, kind: REQUEST, keepFrom: -1 };
    }
  }
  if (keepFrom < 0) {
    // keep the last partial line: a start may be split across chunks
    const lf = buf.lastIndexOf(LF, len - 1);
    keepFrom = lf >= from ? lf + 1 : from;
    if (len - keepFrom > MAX_LINE) keepFrom = len;
  }
  return { pos: -1, kind: 0, keepFrom };
}

function lineStartOf(buf: Buffer, from: number, h: number): number {
  const lf = buf.lastIndexOf(LF, h);
  return lf >= from ? lf + 1 : from;
}

/** Methods recognised when glued to the bytes before them, longest first */
const KNOWN_METHODS = ['OPTIONS', 'CONNECT', 'DELETE', 'PATCH', 'TRACE', 'POST', 'HEAD', 'GET', 'PUT'];

/**
 * Where the method starts in `s` = the text before `HTTP/1.x` (`METHOD SP+ target SP+`), or -1.
 * At a line start any uppercase method; glued to earlier bytes only a well-known one.
 */
function requestPrefixStart(s: string, lineStart: boolean): number {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 0x20) e--;
  let t = e;
  while (t > 0 && !isWs(s.charCodeAt(t - 1))) t--;
  if (t === e) return -1; // no target
  let me = t;
  while (me > 0 && s.charCodeAt(me - 1) === 0x20) me--;
  if (me === t) return -1;
  let ms = me;
  while (ms > 0 && isMethodChar(s.charCodeAt(ms - 1))) ms--;
  const method = s.slice(ms, me);
  if (ms === 0 && lineStart) return METHOD.test(method) || ODD_METHODS.has(method) ? 0 : -1;
  for (const known of KNOWN_METHODS) if (method.endsWith(known)) return me - known.length;
  return -1;
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === CR || c === LF;
}

function isMethodChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || c === 0x2d;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

/** A TLS (or SSL 3) record header: content type 20–23, major version 3. */
export function isTlsRecordStart(b: Buffer): boolean {
  return b.length > 0 && b[0] >= 0x14 && b[0] <= 0x17 && (b.length < 2 || b[1] === 0x03);
}

/** Does `s` (the first bytes of a direction, latin1) begin like a request: letters then a space? */
export function requestLikePrefix(s: string): boolean | undefined {
  const t = s.replace(/^[\r\n\t ]+/, '');
  const m = /^[A-Za-z]*/.exec(t)![0];
  if (m.length < t.length) return m.length > 0 && t.charCodeAt(m.length) === 0x20;
  return t.length >= 24 ? false : undefined; // undecided yet
}

/** Does `s` begin like a response (`HTTP/`)? */
export function responseLikePrefix(s: string): boolean | undefined {
  const t = s.replace(/^[\r\n\t \0]+/, '');
  if (t.length >= 5) return t.slice(0, 5).toUpperCase() === 'HTTP/';
  return 'HTTP/'.startsWith(t.toUpperCase()) && s.length < 24 ? undefined : false;
}

/** true / false, or undefined when too few bytes arrived to tell */
export function startsHttpSlash(buf: Buffer, p: number): boolean | undefined {
  const want = 'HTTP/';
  const n = Math.min(5, buf.length - p);
  for (let k = 0; k < n; k++) {
    const c = buf[p + k] & 0xdf; // upper-case ASCII letters ('/' stays distinct enough)
    if (c !== (want.charCodeAt(k) & 0xdf)) return false;
  }
  return n === 5 ? true : undefined;
}

/** Does buf[p..] begin like a request line (`METHOD SP`)? undefined: too few bytes to tell. */
export function requestStart(buf: Buffer, p: number): boolean | undefined {
  const end = Math.min(buf.length, p + 21);
  for (let k = p; k < end; k++) {
    const c = buf[k];
    if (c === 0x20) return k - p >= 3;
    if (c < 0x41 || c > 0x5a) return false;
  }
  return end - p < 21 ? undefined : false;
}
