/**
 * Incremental parser for one direction of an HTTP/1.x connection: start line → headers → body
 * (Content-Length | chunked | until close) → next message. Accepts data split at any byte; keeps at
 * most one header block (capped) plus the current body (capped). Pairing, sniffing and emission
 * belong to the connection (the ParserHost).
 *
 * Lenient like a monitor: bare LF, obs-fold, bare CR, junk before a start line, chunk sizes with
 * whitespace or extensions; malformed framing becomes a named anomaly and, where framing is lost,
 * a resynchronisation to the next message start (whose skipped bytes may still belong to the body
 * being read, e.g. after a bad chunk size or for a response without status line).
 *
 * Where browsers recover a body from broken framing, so does the parser (what a user received is
 * what a monitor must see; HTTP Evader's cases): chunk sizes with junk after the digits are read as
 * strtoul reads them; a Transfer-Encoding that only mentions chunked is tried as chunked and falls
 * back to the raw body when the first line is no chunk size; a 204/304 whose headers frame a body
 * gets it when the next bytes are no status line; a 101 that frames a body switches nothing.
 */
import type { DecodeContext } from '../types.js';
import { HeadScanner, INCOMPLETE, JUNK, STOPPED, TOO_LARGE, type FirstLineJudge } from './head-scan.js';
import { HEAD_BAD_HEADER, HEAD_FOLDING, parseHeaderBlock, parseRequestLine, parseStatusLine } from './head.js';
import { CHUNK_BAD, CHUNK_BLANK, chunkSizeLooseStart, chunkSizePrefixOk, framingOf, mentionsChunked, parseChunkSize, parseChunkSizeLoose } from './framing.js';
import type { Message } from './message.js';
import { findMessageStart, REQUEST, requestStart, RESPONSE, startsHttpSlash } from './scan.js';

export interface ParserHost {
  readonly ctx: DecodeContext;
  /** the connection is known to carry HTTP/1 */
  readonly confirmed: boolean;
  confirm(): void;
  /** a request starts: a new transaction */
  beginRequest(ts: number): Message;
  /** a response starts; `headerless`: no status line. null: nothing to pair it with, skip the bytes */
  beginResponse(ts: number, headerless: boolean): Message | null;
  /** the start line of `msg` was not one: forget the message */
  abandon(msg: Message): void;
  /** head and body of `msg` are complete */
  complete(msg: Message): void;
  /** `msg` was a 1xx interim response: its transaction waits for the real one */
  interim(msg: Message): void;
  /** a final (non-1xx) response head was parsed */
  responseHead(msg: Message, ts: number): void;
  /** the connection leaves HTTP (101) or is not HTTP/1 at all */
  stop(reason: 'tunnel' | 'not-http1', ts: number): void;
  /** a CONNECT was answered 2xx: what follows is the tunnelled protocol (may be plain HTTP again) */
  tunnelOpened(ts: number): void;
  /** roles guessed wrong: `data` (from this parser's direction) belongs to the other kind of parser */
  swap(from: MessageParser, data: Buffer, ts: number): void;
  /** record an anomaly: on the message when given, in the counters always */
  note(msg: Message | null, name: string): void;
}

const IDLE = 0;
const HEAD = 1;
const BODY_LEN = 2;
const CHUNK_SIZE = 3;
const CHUNK_DATA = 4;
const CHUNK_END = 5;
const TRAILERS = 6;
const BODY_CLOSE = 7;
const RESYNC = 8;
const IGNORE = 9;
/** after a 204/304 head whose headers frame a body: is a body there? */
const PEEK = 10;

const LF = 0x0a;
const CR = 0x0d;
/** a chunk-size line longer than this is not one */
const MAX_CHUNK_LINE = 1024;

export class MessageParser {
  private state = IDLE;
  private msg: Message | null = null;
  /** unconsumed bytes of a line (chunk size, trailer, response prefix) split across chunks */
  private stash: Buffer | null = null;
  private readonly scanner = new HeadScanner();
  /** time of the data being parsed (for the first-line judge) */
  private ts = 0;
  private readonly judge: FirstLineJudge = (line) => this.startLine(line);
  /** body bytes left (Content-Length or current chunk) */
  private remaining = 0;
  private trailerBytes = 0;
  /** Content-Length to fall back on when a loosely chunked body is no chunks (-1: none) */
  private fallbackLen = -1;
  /** no chunk-size line of this body was read yet */
  private firstChunk = false;
  /** chunked only by a loose reading of Transfer-Encoding: the first size line must be well-formed */
  private looseTe = false;
  // framing a 204/304 body would have, if one follows (PEEK)
  private peekChunked = false;
  private peekLoose = false;
  private peekLen = 0;
  // resync state
  private rsTail: Buffer | null = null;
  private rsLineStart = true;
  /** message whose body takes the bytes skipped while resynchronising */
  private sink: Message | null = null;
  /** the sink is a response without status line, unless a status line follows */
  private sinkTentative = false;
  /** the next message follows a resynchronisation */
  private afterResync = false;

  constructor(
    readonly isRequest: boolean,
    private readonly host: ParserHost,
  ) {}

  private get ignoring(): boolean {
    return this.state === IGNORE;
  }

  /** skipping bytes that were no message start */
  get resyncing(): boolean {
    return this.state === RESYNC;
  }

  /** between messages with no bytes of the next one held */
  get idleEmpty(): boolean {
    return this.state === IDLE && this.stash === null;
  }

  /** Start by looking for a message start in unknown bytes (midstream capture). */
  startInResync(): void {
    this.state = RESYNC;
    this.rsLineStart = true;
  }

  /** Stop parsing this direction for good. */
  ignore(): void {
    this.state = IGNORE;
    this.stash = null;
    this.rsTail = null;
    this.scanner.acc.reset();
  }

  /** Forget everything (used when roles are swapped before anything was parsed). */
  reset(resync: boolean): void {
    this.state = resync ? RESYNC : IDLE;
    this.msg = null;
    this.sink = null;
    this.sinkTentative = false;
    this.stash = null;
    this.rsTail = null;
    this.rsLineStart = true;
    this.scanner.acc.reset();
  }

  feed(data: Buffer, ts: number): void {
    if (this.state === IGNORE) return;
    let buf = data;
    if (this.stash !== null) {
      buf = Buffer.concat([this.stash, data]);
      this.stash = null;
    }
    this.run(buf, 0, ts);
  }

  private run(buf: Buffer, pos: number, ts: number): void {
    const len = buf.length;
    while (pos < len) {
      switch (this.state) {
        case IDLE:
          pos = this.idle(buf, pos, ts);
          break;
        case HEAD:
          pos = this.head(buf, pos, ts);
          break;
        case BODY_LEN:
        case CHUNK_DATA:
          pos = this.counted(buf, pos, ts);
          break;
        case CHUNK_SIZE:
          pos = this.chunkSize(buf, pos, ts);
          break;
        case CHUNK_END:
          pos = this.chunkEnd(buf, pos);
          break;
        case TRAILERS:
          pos = this.trailers(buf, pos, ts);
          break;
        case BODY_CLOSE: {
          const m = this.msg!;
          m.body.add(buf, pos, len);
          m.endTs = ts;
          pos = len;
          break;
        }
        case RESYNC:
          pos = this.resync(buf, pos, ts);
          break;
        case PEEK:
          pos = this.peek(buf, pos, ts);
          break;
        default:
          return;
      }
    }
  }

  // ── between messages ────────────────────────────────────────────────────────────────────────

  private idle(buf: Buffer, pos: number, ts: number): number {
    const len = buf.length;
    let p = pos;
    while (p < len && buf[p] <= 0x20) p++; // blank lines, stray whitespace or NULs before a start line
    if (p === len) return len;
    const host = this.host;
    const http = startsHttpSlash(buf, p);
    if (http === undefined) return this.keep(buf, p); // too few bytes to tell
    if (this.isRequest) {
      if (http && !host.confirmed) {
        host.swap(this, buf.subarray(p), ts);
        return len;
      }
      this.msg = host.beginRequest(ts);
      return this.startHead(p);
    }
    if (http) {
      this.msg = host.beginResponse(ts, false);
      return this.startHead(p);
    }
    if (!host.confirmed) {
      const req = requestStart(buf, p);
      if (req === undefined) return this.keep(buf, p);
      if (req) {
        host.swap(this, buf.subarray(p), ts);
        return len;
      }
    }
    // data that is no status line
    const m = host.beginResponse(ts, true);
    if (m === null) return this.enterResync(p, true, true);
    this.msg = m;
    this.markResync(m);
    if (m.tx.req?.http09) {
      m.version = '0.9';
      this.state = BODY_CLOSE; // an HTTP/0.9 response is the bytes until close
      return p;
    }
    // junk before a status line, or a response without one: decided by what comes first, a status
    // line (the bytes were junk) or the close (they were the response)
    this.msg = null;
    this.sink = m;
    this.sinkTentative = true;
    return this.enterResync(p, true, false);
  }

  private startHead(p: number): number {
    this.state = HEAD;
    this.scanner.reset();
    this.markResync(this.msg!);
    return p;
  }

  private markResync(m: Message): void {
    if (this.afterResync) {
      this.afterResync = false;
      if (!m.notes.includes('http.resync')) m.notes.push('http.resync');
    }
  }

  // ── head ────────────────────────────────────────────────────────────────────────────────────

  private head(data: Buffer, pos: number, ts: number): number {
    const sc = this.scanner;
    const acc = sc.acc;
    let buf = data;
    let base = pos;
    /** index in buf minus index in data */
    let delta = 0;
    const before = acc.len;
    if (before > 0) {
      acc.append(data, pos, data.length);
      buf = acc.view();
      base = 0;
      delta = before - pos;
    }
    const cap = this.host.ctx.limits.maxHeaderBytes;
    this.ts = ts;
    const r = sc.scan(buf, base, cap, this.judge);
    if (r === STOPPED) return data.length;
    if (r === INCOMPLETE || r === TOO_LARGE) {
      if (before === 0) acc.append(data, pos, Math.min(data.length, pos + cap + 1));
      if (r === INCOMPLETE && acc.len <= cap) return data.length;
      // resume after the lines that fitted (the rest of this chunk may hold the next message)
      const resume = Math.max(pos, base + sc.scanFrom - delta);
      this.tooLarge(ts);
      return this.enterResync(resume, true, true);
    }
    if (r === JUNK) {
      const m = this.msg!;
      this.msg = null;
      this.scanner.acc.reset();
      this.host.abandon(m);
      this.host.note(null, this.isRequest ? 'http.bad_request_line' : 'http.bad_status_line');
      return this.enterResync(sc.junkResume - delta, true, true);
    }
    this.finishHead(buf, base, ts);
    this.scanner.acc.reset();
    return r - delta;
  }

  /** Judge the start line: 1 (headers follow), 0 (HTTP/0.9: the line is the message, unless header lines follow), JUNK or STOPPED. */
  private startLine(line: string): number {
    const m = this.msg!;
    const host = this.host;
    if (this.isRequest) {
      const rl = parseRequestLine(line, host.confirmed);
      if (rl === null) return JUNK;
      if (rl.method === 'PRI' && rl.version === '2.0') {
        // HTTP/2 with prior knowledge: not ours to decode
        host.abandon(m);
        this.msg = null;
        host.stop('not-http1', this.ts);
        return STOPPED;
      }
      m.method = rl.method;
      m.url = rl.url;
      m.version = rl.version;
      if (rl.bad) host.note(m, 'http.bad_request_line');
      host.confirm();
      if (rl.http09) {
        m.http09 = true; // unless header lines follow (finishHead)
        return 0;
      }
      return 1;
    }
    const sl = parseStatusLine(line);
    m.version = sl.version;
    m.status = sl.status;
    m.reason = sl.reason;
    if (sl.bad) host.note(m, 'http.bad_status_line');
    else host.confirm();
    return 1;
  }

  private tooLarge(ts: number): void {
    const m = this.msg!;
    this.host.note(m, 'http.headers_too_large');
    if (!this.scanner.firstLineDone && this.isRequest) {
      this.msg = null;
      this.scanner.acc.reset();
      this.host.abandon(m);
      return;
    }
    this.partialHead(ts);
  }

  private finishAfter09(ts: number): void {
    const sc = this.scanner;
    sc.termStart = sc.after09;
    sc.after09 = -1;
    this.finishHead(sc.acc.view(), 0, ts);
    sc.acc.reset();
  }

  /** The head will not complete (close, gap, cap): keep what it says. */
  private partialHead(ts: number): void {
    const m = this.msg!;
    const sc = this.scanner;
    if (sc.after09 >= 0) {
      // only the look-ahead after an HTTP/0.9 line was pending: that request is complete
      this.finishAfter09(ts);
      return;
    }
    if (!sc.firstLineDone) {
      this.ts = ts;
      const r = sc.partialFirstLine(this.judge);
      if (r === JUNK || r === STOPPED) {
        if (r === JUNK) this.host.abandon(m);
        this.msg = null;
        this.scanner.acc.reset();
        return;
      }
    } else {
      // complete lines only: a line cut short says nothing reliable
      this.headFlags(m, parseHeaderBlock(sc.partialHeaderText(), m.headers));
    }
    this.scanner.acc.reset();
    this.host.note(m, 'http.incomplete_message');
    m.truncated = true;
    this.finish(ts);
  }

  private headFlags(m: Message, flags: number): void {
    if (flags & HEAD_FOLDING) this.host.note(m, 'http.header_folding');
    if (flags & HEAD_BAD_HEADER) {
      this.host.note(m, 'http.bad_header');
      m.looseNames = true;
    }
    if (this.scanner.lfOnly) this.host.note(m, 'http.lf_only');
  }

  private finishHead(buf: Buffer, base: number, ts: number): void {
    const m = this.msg!;
    if (m.http09) {
      if (!this.scanner.versionless) {
        this.host.note(m, 'http.http09');
        this.finish(ts);
        this.ignore(); // HTTP/0.9 has no next request on this connection
        return;
      }
      // a request line that lost its version, its header lines follow: an HTTP/1 request
      m.http09 = false;
      this.host.note(m, 'http.bad_request_line');
    }
    this.headFlags(m, parseHeaderBlock(this.scanner.headerText(buf, base), m.headers));
    m.endTs = ts;
    this.framing(m, ts);
  }

  // ── framing ─────────────────────────────────────────────────────────────────────────────────

  private framing(m: Message, ts: number): void {
    const host = this.host;
    const f = framingOf(m.headers, m.looseNames);
    const cl = f.contentLength;
    const chunked = f.chunked;
    // `Transfer-Encoding: xchunked`, `chunked, x`, …: tried as chunked, raw if the body is no chunks
    const looseChunked = !chunked && f.transferEncoding !== null && mentionsChunked(f.transferEncoding);
    m.expectContinue = f.expectContinue;
    if (f.multipleContentLength) host.note(m, 'http.multiple_content_length');
    if (f.badContentLength) host.note(m, 'http.bad_content_length');
    if (f.transferEncoding !== null && !chunked) host.note(m, 'http.bad_transfer_encoding');
    if ((chunked || looseChunked) && (cl >= 0 || f.badContentLength)) host.note(m, 'http.content_length_and_chunked');
    this.fallbackLen = f.badContentLength ? -1 : cl;

    if (this.isRequest) {
      if (m.version === '1.1' && !f.hasHost) host.note(m, 'http.missing_host');
      if (chunked || looseChunked) this.startChunks(looseChunked);
      else if (cl > 0) this.expectBody(m, cl);
      else this.finish(ts);
      return;
    }
    const st = m.status;
    const method = m.tx.req === null ? '' : m.tx.req.method.toUpperCase();
    /** the headers frame a body (a length or chunks) */
    const declared = chunked || looseChunked || (cl > 0 && f.transferEncoding === null && !f.badContentLength);
    if (st >= 100 && st < 200) {
      // a 101 that frames a body switches nothing: it is read as a final response (what browsers
      // that accept it show), like libhtp's "Switching Protocols with Content-Length"
      if (st !== 101 || !declared) {
        if (st === 101) {
          host.note(m, 'http.tunnel');
          this.finish(ts);
          host.stop('tunnel', ts);
          return;
        }
        this.msg = null;
        this.state = IDLE;
        host.interim(m);
        return;
      }
    }
    host.responseHead(m, ts);
    if (method === 'CONNECT' && st >= 200 && st < 300) {
      host.note(m, 'http.tunnel');
      this.finish(ts);
      host.tunnelOpened(ts);
      return;
    }
    if (method === 'HEAD') this.finish(ts);
    else if (st === 204 || st === 304) {
      // no body by status; but when the headers frame one and the next bytes are no status line,
      // they are that body (browsers that show it, and libhtp, read it)
      if (declared) {
        this.peekChunked = chunked || looseChunked;
        this.peekLoose = looseChunked;
        this.peekLen = cl;
        this.state = PEEK;
      } else this.finish(ts);
    } else if (chunked || looseChunked) this.startChunks(looseChunked);
    else if (f.transferEncoding === null && !f.badContentLength && cl >= 0) {
      if (cl === 0) this.finish(ts);
      else this.expectBody(m, cl);
    } else this.state = BODY_CLOSE;
  }

  private startChunks(loose: boolean): void {
    this.state = CHUNK_SIZE;
    this.firstChunk = true;
    this.looseTe = loose;
  }

  /** A chunked-by-Transfer-Encoding body whose first line is no chunk size: the body was sent raw. */
  private notChunked(pos: number, ts: number): number {
    const m = this.msg!;
    const cl = this.fallbackLen;
    if (cl > 0) this.expectBody(m, cl);
    else if (cl === 0 || this.isRequest) this.finish(ts);
    else this.state = BODY_CLOSE;
    return pos;
  }

  /** After a 204/304 head that frames a body: a status line next (no body), or the body. */
  private peek(buf: Buffer, pos: number, ts: number): number {
    let p = pos;
    while (p < buf.length && buf[p] <= 0x20) p++;
    if (p - pos > MAX_CHUNK_LINE) {
      this.finish(ts); // whitespace only: no body, IDLE skips it
      return pos;
    }
    const http = p === buf.length ? undefined : startsHttpSlash(buf, p);
    if (http === undefined) return this.keep(buf, pos);
    if (http) {
      this.finish(ts);
      return pos;
    }
    const m = this.msg!;
    if (this.peekChunked) this.startChunks(this.peekLoose);
    else this.expectBody(m, this.peekLen);
    return pos;
  }

  private expectBody(m: Message, cl: number): void {
    m.body.expect(cl);
    this.remaining = cl;
    this.state = BODY_LEN;
  }

  /** The current message is complete. */
  private finish(ts: number): void {
    const m = this.msg!;
    this.msg = null;
    this.state = IDLE;
    m.endTs = ts;
    m.done = true;
    this.host.complete(m);
  }

  /** A final response arrived before the body of an `Expect: 100-continue` request: no body follows. */
  abortExpectedBody(m: Message, ts: number): boolean {
    if (this.msg !== m || this.state !== BODY_LEN || m.body.wire !== 0) return false;
    this.finish(ts);
    return true;
  }

  // ── body ────────────────────────────────────────────────────────────────────────────────────

  private counted(buf: Buffer, pos: number, ts: number): number {
    const m = this.msg!;
    const avail = buf.length - pos;
    const n = avail < this.remaining ? avail : this.remaining;
    m.body.add(buf, pos, pos + n);
    m.endTs = ts;
    this.remaining -= n;
    if (this.remaining === 0) {
      if (this.state === BODY_LEN) this.finish(ts);
      else this.state = CHUNK_END;
    }
    return pos + n;
  }

  private chunkSize(buf: Buffer, pos: number, ts: number): number {
    const i = buf.indexOf(LF, pos);
    /** only a well-formed size line will do: the first line of a loosely chunked body */
    const strict = this.firstChunk && this.looseTe;
    if (i < 0) {
      // no line end yet: give up early when these bytes cannot begin a size line (a body sent raw)
      if (buf.length - pos > MAX_CHUNK_LINE) return strict ? this.notChunked(pos, ts) : this.badChunk(pos);
      if (!chunkSizePrefixOk(buf, pos, buf.length) && (strict || !chunkSizeLooseStart(buf, pos, buf.length))) {
        return strict ? this.notChunked(pos, ts) : this.badChunk(pos);
      }
      return this.keep(buf, pos);
    }
    if (i - pos > MAX_CHUNK_LINE) return strict ? this.notChunked(pos, ts) : this.badChunk(pos);
    let size = parseChunkSize(buf, pos, i);
    if (size === CHUNK_BLANK) return i + 1; // a blank line where a size belongs: tolerated
    if (size === CHUNK_BAD) {
      if (strict) return this.notChunked(pos, ts);
      // junk after the digits (`fx`, `f\0`, `f x`) or `0x`: the size browsers read
      size = parseChunkSizeLoose(buf, pos, i);
      if (size === CHUNK_BAD) return this.badChunk(pos);
      this.host.note(this.msg, 'http.bad_chunk_size');
    }
    this.firstChunk = false;
    this.msg!.endTs = ts;
    if (size === 0) {
      this.state = TRAILERS;
      this.trailerBytes = 0;
    } else {
      this.remaining = size;
      this.state = CHUNK_DATA;
    }
    return i + 1;
  }

  /** The chunk framing is lost: the rest is body until the next message start or close. */
  private badChunk(pos: number): number {
    const m = this.msg!;
    this.host.note(m, 'http.bad_chunk_size');
    this.msg = null;
    this.sink = m;
    return this.enterResync(pos, true, false);
  }

  private chunkEnd(buf: Buffer, pos: number): number {
    const c = buf[pos];
    if (c === LF) {
      this.state = CHUNK_SIZE;
      return pos + 1;
    }
    if (c === CR) {
      if (pos + 1 >= buf.length) return this.keep(buf, pos);
      this.state = CHUNK_SIZE;
      return buf[pos + 1] === LF ? pos + 2 : pos + 1;
    }
    this.state = CHUNK_SIZE; // data not followed by a line end: let the size line judge
    return pos;
  }

  private trailers(buf: Buffer, pos: number, ts: number): number {
    let p = pos;
    for (;;) {
      const i = buf.indexOf(LF, p);
      if (i < 0) {
        if (this.trailerBytes + buf.length - p > this.host.ctx.limits.maxHeaderBytes) {
          this.finish(ts); // endless trailers: the body itself is complete
          return this.enterResync(p, false, true);
        }
        return this.keep(buf, p);
      }
      const n = i - p;
      if (n === 0 || (n === 1 && buf[p] === CR)) {
        this.finish(ts);
        return i + 1;
      }
      if (this.looksLikeStart(buf, p, i)) {
        // no empty line after the last chunk and the next message already starts
        this.finish(ts);
        return p;
      }
      this.trailerBytes += n + 1;
      p = i + 1;
    }
  }

  private looksLikeStart(buf: Buffer, p: number, lf: number): boolean {
    return findMessageStart(buf.subarray(p, lf + 1), 0, true, this.isRequest ? REQUEST : RESPONSE).pos === 0;
  }

  // ── resynchronisation ───────────────────────────────────────────────────────────────────────

  /** Look for the next message start from buf[pos]; `count` it as a resync (an anomaly) or not. */
  private enterResync(pos: number, lineStart: boolean, count: boolean): number {
    this.state = RESYNC;
    this.rsTail = null;
    this.rsLineStart = lineStart;
    if (count) {
      this.host.note(null, 'http.resync');
      this.afterResync = true;
    }
    return pos;
  }

  private resync(data: Buffer, pos: number, ts: number): number {
    let buf = data;
    let from = pos;
    const tail = this.rsTail;
    if (tail !== null) {
      buf = Buffer.concat([tail, data.subarray(pos)]);
      from = 0;
      this.rsTail = null;
    }
    const host = this.host;
    const own = this.isRequest ? REQUEST : RESPONSE;
    const f = findMessageStart(buf, from, this.rsLineStart, host.confirmed ? own : REQUEST | RESPONSE);
    if (f.pos < 0) {
      const keep = f.keepFrom;
      this.toSink(buf, from, keep, ts);
      if (keep >= buf.length) this.rsLineStart = buf[buf.length - 1] === LF;
      else {
        if (keep > from) this.rsLineStart = true;
        this.rsTail = Buffer.from(buf.subarray(keep));
      }
      return data.length;
    }
    this.toSink(buf, from, f.pos, ts);
    this.endSink(ts, true);
    this.state = IDLE;
    if (f.kind !== own) {
      host.swap(this, buf.subarray(f.pos), ts);
      return data.length;
    }
    if (buf === data) return f.pos;
    this.run(buf, f.pos, ts);
    return data.length;
  }

  /** The bytes taken by the sink end here: at a message start (`found`) or at the close. */
  private endSink(ts: number, found: boolean): void {
    const sink = this.sink;
    if (sink === null) return;
    this.sink = null;
    if (this.sinkTentative) {
      this.sinkTentative = false;
      if (found) {
        // junk, not a response: the status line that follows answers the request
        this.host.abandon(sink);
        this.host.note(null, 'http.resync');
        this.afterResync = true;
        return;
      }
      this.host.note(sink, 'http.bad_status_line');
    }
    this.msg = sink;
    this.finish(ts);
  }

  private toSink(buf: Buffer, from: number, to: number, ts: number): void {
    const s = this.sink;
    if (s === null || to <= from) return;
    s.body.add(buf, from, to);
    s.endTs = ts;
  }

  // ── gaps and close ──────────────────────────────────────────────────────────────────────────

  /** `n` bytes of this direction are missing. */
  gap(n: number, ts: number): void {
    this.stash = null;
    switch (this.state) {
      case IDLE:
        this.enterResync(0, true, true);
        return;
      case HEAD: {
        labelGap(this.msg!);
        this.partialHead(ts);
        if (!this.ignoring) this.enterResync(0, true, true); // (an HTTP/0.9 request ends the direction)
        return;
      }
      case BODY_LEN:
      case CHUNK_DATA: {
        const m = this.msg!;
        this.gapInBody(m);
        if (n <= this.remaining) {
          m.body.missing(n);
          this.remaining -= n;
          if (this.remaining === 0) {
            if (this.state === BODY_LEN) this.finish(ts);
            else this.state = CHUNK_END;
          }
          return; // still in step with the framing
        }
        m.body.missing(this.remaining);
        this.finish(ts);
        this.enterResync(0, true, true);
        return;
      }
      case PEEK:
        this.finish(ts);
        this.enterResync(0, true, true);
        return;
      case CHUNK_SIZE:
      case CHUNK_END:
      case TRAILERS: {
        const m = this.msg!;
        this.gapInBody(m);
        m.body.missing(n);
        this.finish(ts);
        this.enterResync(0, true, true);
        return;
      }
      case BODY_CLOSE: {
        const m = this.msg!;
        this.gapInBody(m);
        m.body.missing(n);
        return;
      }
      case RESYNC:
        if (this.rsTail !== null) this.toSink(this.rsTail, 0, this.rsTail.length, ts);
        this.rsTail = null;
        this.rsLineStart = true;
        if (this.sink !== null) {
          this.gapInBody(this.sink);
          this.sink.body.missing(n);
        }
        return;
      default:
    }
  }

  private gapInBody(m: Message): void {
    this.host.note(m, 'http.gap_in_body');
    labelGap(m);
    m.truncated = true;
  }

  /** The connection ended: finish what can be finished. */
  close(ts: number): void {
    this.stash = null;
    if (this.state === HEAD && this.scanner.deformedAt >= 0 && this.msg !== null) {
      // the head was complete, only the look-ahead after its deformed terminator was pending
      this.scanner.termStart = this.scanner.deformedAt;
      this.finishHead(this.scanner.acc.view(), 0, ts);
      this.scanner.acc.reset();
    }
    const m = this.msg;
    switch (this.state) {
      case HEAD:
        this.partialHead(ts);
        break;
      case BODY_LEN:
      case CHUNK_SIZE:
      case CHUNK_DATA:
      case CHUNK_END:
        this.host.note(m, 'http.incomplete_message');
        m!.truncated = true;
        this.finish(ts);
        break;
      case TRAILERS:
      case BODY_CLOSE:
      case PEEK:
        this.finish(ts);
        break;
      case RESYNC:
        if (this.rsTail !== null) this.toSink(this.rsTail, 0, this.rsTail.length, ts);
        this.endSink(ts, false);
        break;
      default:
    }
    this.state = IGNORE;
    this.rsTail = null;
    this.scanner.acc.reset();
  }

  /** Keep buf[pos..] for the next chunk (a line split across chunks). */
  private keep(buf: Buffer, pos: number): number {
    this.stash = Buffer.from(buf.subarray(pos));
    return buf.length;
  }
}

/** The TCP layer counts gaps itself; here a gap only labels the Exchange. */
function labelGap(m: Message): void {
  if (!m.notes.includes('tcp.gap')) m.notes.push('tcp.gap');
}

