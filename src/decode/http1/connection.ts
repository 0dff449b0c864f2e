/**
 * HTTP/1.0/1.1 decoding of one TCP connection into Exchanges (StreamHandler): a request parser and a
 * response parser (parser.ts) fed by direction, a FIFO of transactions pairing responses to requests
 * in order (keep-alive, pipelining), content sniffing at the start, and emission in request order.
 *
 * Policies worth knowing:
 * - A response with no request to pair with (the request was before the capture, lost in a gap, or
 *   never sent) is emitted as an Exchange whose request has method '' and url '', noted
 *   `http.unsolicited_response`: its body is still traffic worth analysing (data exposure).
 * - A response whose bytes carry no status line (HTTP/0.9, or garbage) has status 0.
 * - Unanswered requests are emitted at close (or on queue overflow) noted `http.missing_response`.
 * - Content sniffing, not ports: a connection that does not look like HTTP is given up early
 *   (`http.non_http_connections`), and wantsNoMoreData() lets the reassembler skip it.
 * - A SOCKS 4/5 handshake at the start is stripped (`http.socks_connections`): HTTP through a SOCKS
 *   proxy is decoded like direct HTTP.
 * - After CONNECT 2xx the tunnel is followed only when it carries plain HTTP (a proxy asked to
 *   connect to an HTTP port): the client's first bytes decide (`METHOD SP`); TLS or anything else
 *   ends parsing (`http.tunnel`).
 */
import { encodeBody, type Exchange, type ExchangeRequest, type ExchangeResponse, type Peer } from '../../core/exchange.js';
import type { ConnectionInfo, DecodeContext, Direction, StreamHandler } from '../types.js';
import { contentCodings, decodeContent } from './body.js';
import { Message, type Tx } from './message.js';
import { MessageParser, type ParserHost } from './parser.js';
import { isTlsRecordStart, requestLikePrefix, requestStart, responseLikePrefix } from './scan.js';
import { SOCKS_FAILED, SOCKS_PENDING, SocksHandshake } from './socks.js';

export interface HttpConnectionOptions {
  /** `<kind>:<input>` carried by every Exchange */
  source: string;
  onExchange: (ex: Exchange) => void;
}

/** bytes without any message start after which a connection that never looked like HTTP is given up */
export const SNIFF_BYTES = 2048;
/** the same for a capture that started mid-connection (bodies may run long before a message start) */
export const MIDSTREAM_SNIFF_BYTES = 64 << 10;
/** first bytes of each direction kept for sniffing */
const PREFIX = 24;

export class HttpConnection implements StreamHandler, ParserHost {
  readonly ctx: DecodeContext;
  confirmed = false;
  private stopped = false;
  private readonly reqParser: MessageParser;
  private readonly resParser: MessageParser;
  /** direction carrying requests (1 when the roles were guessed wrong) */
  private reqDir: Direction = 0;
  private txs: Tx[] = [];
  private nextIndex = 0;
  private sniffed = 0;
  private readonly prefix = ['', ''];
  private readonly seen = [false, false];
  /** a first line looked like a request but was not one */
  private sniffJunk = false;
  /** exchange ids: FNV state after the connection's part of the key */
  private readonly idSeed: number[];
  /** the first bytes were looked at for a SOCKS handshake */
  private socksChecked = false;
  /** a SOCKS handshake is being stripped */
  private socks: SocksHandshake | null = null;
  /** CONNECT was answered 2xx and the tunnel's first bytes have not told what it carries */
  private tunnelPending = false;
  /** the client's first bytes through the tunnel, while too few to tell */
  private tunnelHead: Buffer | null = null;

  constructor(
    private readonly conn: ConnectionInfo,
    ctx: DecodeContext,
    private readonly opts: HttpConnectionOptions,
  ) {
    this.ctx = ctx;
    this.idSeed = fnvSeed(conn);
    this.reqParser = new MessageParser(true, this);
    this.resParser = new MessageParser(false, this);
    if (conn.midstream) {
      this.reqParser.startInResync();
      this.resParser.startInResync();
    }
  }

  // ── StreamHandler ───────────────────────────────────────────────────────────────────────────

  onData(dir: Direction, bytes: Buffer, ts: number): void {
    if (this.stopped || bytes.length === 0) return;
    let data = bytes;
    if (!this.socksChecked) {
      // a SOCKS client speaks first with version byte 4 or 5
      this.socksChecked = true;
      if (!this.conn.midstream && dir === 0 && (bytes[0] === 4 || bytes[0] === 5)) this.socks = SocksHandshake.detect(bytes);
    }
    if (this.socks !== null) {
      const rest = this.unsocks(dir, bytes);
      if (rest === null) return;
      data = rest;
    }
    if (this.tunnelPending) {
      const d = this.tunnelData(dir, data, ts);
      if (d === null) return;
      data = d;
    }
    if (!this.confirmed && this.sniff(dir, data)) return;
    (dir === this.reqDir ? this.reqParser : this.resParser).feed(data, ts);
    if (this.sniffJunk && !this.confirmed && !this.stopped && this.sniffed > SNIFF_BYTES) this.giveUp();
  }

  onGap(dir: Direction, bytes: number, ts: number): void {
    if (this.stopped || bytes <= 0) return;
    (dir === this.reqDir ? this.reqParser : this.resParser).gap(bytes, ts);
  }

  onClose(ts: number, _reason?: 'fin' | 'rst' | 'timeout' | 'end' | 'evicted'): void {
    if (!this.stopped) {
      this.reqParser.close(ts);
      this.resParser.close(ts);
      this.stopped = true;
    }
    this.emitAll();
  }

  wantsNoMoreData(): boolean {
    return this.stopped;
  }

  // ── sniffing ────────────────────────────────────────────────────────────────────────────────

  /** Strip a SOCKS handshake: the bytes after it, or null when none are left (or it failed). */
  private unsocks(dir: Direction, data: Buffer): Buffer | null {
    const r = this.socks!.feed(dir, data);
    if (r === SOCKS_FAILED) {
      this.socks = null;
      this.giveUp();
      return null;
    }
    if (this.socks!.complete) {
      this.socks = null;
      this.ctx.counters.inc('http.socks_connections');
    }
    if (r === SOCKS_PENDING || r.length === 0) return null;
    return r;
  }

  /**
   * The first bytes through a CONNECT tunnel, held until they tell whether they begin an HTTP request
   * (`METHOD SP`): then they are returned to be parsed; otherwise (TLS, SSH, a server speaking first)
   * parsing ends. null: nothing to parse now.
   */
  private tunnelData(dir: Direction, data: Buffer, ts: number): Buffer | null {
    let p = 0;
    if (dir !== this.reqDir) {
      while (p < data.length && isBlank(data[p])) p++;
      if (p === data.length) return data; // line ends only: undecided, the parser skips them
      this.stop('tunnel', ts);
      return null;
    }
    const buf = this.tunnelHead === null ? data : Buffer.concat([this.tunnelHead, data]);
    while (p < buf.length && isBlank(buf[p])) p++;
    const req = p === buf.length ? (p > MAX_TUNNEL_BLANKS ? false : undefined) : requestStart(buf, p);
    if (req === undefined) {
      this.tunnelHead = Buffer.from(buf);
      return null;
    }
    this.tunnelPending = false;
    this.tunnelHead = null;
    if (req) return buf;
    this.stop('tunnel', ts);
    return null;
  }

  /** true when the connection is given up as not HTTP */
  private sniff(dir: Direction, data: Buffer): boolean {
    this.sniffed += data.length;
    if (this.conn.midstream) return this.sniffed > MIDSTREAM_SNIFF_BYTES && this.giveUp();
    if (!this.seen[dir]) {
      this.seen[dir] = true;
      if (isTlsRecordStart(data)) return this.giveUp();
    }
    if (this.prefix[dir].length < PREFIX) this.prefix[dir] += data.toString('latin1', 0, Math.min(data.length, PREFIX - this.prefix[dir].length));
    const maybe = (d: number): boolean =>
      this.seen[d] && (requestLikePrefix(this.prefix[d]) !== false || responseLikePrefix(this.prefix[d]) !== false);
    // HTTP servers do not speak first (SMTP, FTP, SSH, POP and IMAP banners do)
    if (dir === 1 && !this.seen[0] && !maybe(1)) return this.giveUp();
    return this.sniffed > SNIFF_BYTES && (this.sniffJunk || (!maybe(0) && !maybe(1))) && this.giveUp();
  }

  private giveUp(): boolean {
    this.stopped = true;
    this.reqParser.ignore();
    this.resParser.ignore();
    this.txs.length = 0;
    this.ctx.counters.inc('http.non_http_connections');
    return true;
  }

  // ── ParserHost ──────────────────────────────────────────────────────────────────────────────

  confirm(): void {
    this.confirmed = true;
  }

  beginRequest(ts: number): Message {
    const tx: Tx = { index: this.nextIndex++, startTs: ts, req: null, res: null, notes: [] };
    const m = new Message(true, tx, ts, this.ctx.limits.maxBodyBytes);
    tx.req = m;
    this.txs.push(tx);
    this.boundPending();
    return m;
  }

  beginResponse(ts: number, headerless: boolean): Message | null {
    let tx: Tx | undefined;
    for (const t of this.txs) {
      if (t.res === null && t.req !== null) {
        tx = t;
        break;
      }
    }
    if (tx === undefined) {
      if (headerless) return null;
      tx = { index: this.nextIndex++, startTs: ts, req: null, res: null, notes: [] };
      this.noteTx(tx, 'http.unsolicited_response');
      this.txs.push(tx);
    }
    const m = new Message(false, tx, ts, this.ctx.limits.maxBodyBytes);
    tx.res = m;
    return m;
  }

  abandon(msg: Message): void {
    const tx = msg.tx;
    if (!this.confirmed) this.sniffJunk = true;
    if (!msg.isRequest) {
      tx.res = null;
      return;
    }
    if (tx.res === null) {
      const i = this.txs.lastIndexOf(tx);
      if (i >= 0) this.txs.splice(i, 1);
      if (tx.index === this.nextIndex - 1) this.nextIndex--;
    } else {
      // a response was already paired with these bytes: keep it, without request
      tx.req = null;
      this.noteTx(tx, 'http.unsolicited_response');
    }
  }

  complete(msg: Message): void {
    this.decodeBody(msg);
    this.flush();
  }

  interim(msg: Message): void {
    msg.tx.res = null;
  }

  responseHead(msg: Message, ts: number): void {
    const req = msg.tx.req;
    // a final answer to `Expect: 100-continue` before any body: the client will not send it
    if (req !== null && req.expectContinue && !req.done) this.reqParser.abortExpectedBody(req, ts);
  }

  tunnelOpened(ts: number): void {
    // a request already read after the CONNECT: the tunnel carries HTTP
    for (const t of this.txs) if (t.req !== null && t.res === null) return;
    const rp = this.reqParser;
    if (rp.resyncing) this.stop('tunnel', ts); // bytes after the CONNECT that were no request
    else if (rp.idleEmpty) this.tunnelPending = true; // the client's next bytes tell
    // else: the first bytes of a request are held, split across segments: HTTP
  }

  stop(reason: 'tunnel' | 'not-http1', ts: number): void {
    if (reason === 'not-http1') {
      this.giveUp();
      return;
    }
    this.stopped = true;
    // requests already read stay (pipelined before the switch); nothing after it is HTTP/1
    this.reqParser.close(ts);
    this.resParser.ignore();
    this.emitAll();
  }

  swap(from: MessageParser, data: Buffer, ts: number): void {
    this.reqDir = this.reqDir === 0 ? 1 : 0;
    this.ctx.counters.inc('http.roles_swapped');
    this.txs.length = 0;
    this.nextIndex = 0;
    const to = from === this.reqParser ? this.resParser : this.reqParser;
    from.reset(this.conn.midstream);
    to.reset(false);
    to.feed(data, ts);
  }

  note(msg: Message | null, name: string): void {
    if (msg !== null) {
      if (msg.notes.includes(name)) return;
      msg.notes.push(name);
    }
    this.ctx.counters.inc(name);
  }

  // ── transactions and emission ───────────────────────────────────────────────────────────────

  private noteTx(tx: Tx, name: string): void {
    if (!tx.notes.includes(name)) tx.notes.push(name);
    this.ctx.counters.inc(name);
  }

  /** bounded queue of unanswered requests: the oldest goes out without response */
  private boundPending(): void {
    const max = Math.max(1, this.ctx.limits.maxPendingRequests);
    let pending = 0;
    for (const t of this.txs) if (t.res === null) pending++;
    if (pending <= max) return;
    const i = this.txs.findIndex((t) => t.res === null && t.req !== null && t.req.done);
    if (i < 0) return;
    const [tx] = this.txs.splice(i, 1);
    this.emit(tx);
  }

  /** Decode the body and turn it into the Exchange's text now, so that its buffer goes back to the pool. */
  private decodeBody(m: Message): void {
    const b = m.body;
    let data = b.view();
    if (b.over) {
      m.truncated = true;
      this.note(m, 'http.body_truncated');
    }
    if (b.gap) m.truncated = true;
    if (data.length > 0) {
      const codings = contentCodings(m.headers, m.looseNames);
      if (codings.length > 0) {
        const d = decodeContent(data, codings, this.ctx.limits.maxBodyBytes);
        if (d.note !== undefined) this.note(m, d.note);
        if (d.truncated) {
          m.truncated = true;
          this.note(m, 'http.body_truncated');
        }
        data = d.data;
      }
      const e = encodeBody(data);
      m.bodyText = e.body;
      m.bodyEncoding = e.bodyEncoding;
    }
    b.release();
  }

  /** emit complete transactions from the front, in order */
  private flush(): void {
    const txs = this.txs;
    while (txs.length > 0) {
      const tx = txs[0];
      if (tx.res === null || !tx.res.done || (tx.req !== null && !tx.req.done)) return;
      txs.shift();
      this.emit(tx);
    }
  }

  private emitAll(): void {
    const txs = this.txs;
    this.txs = [];
    for (const tx of txs) this.emit(tx);
  }

  private emit(tx: Tx): void {
    const req = tx.req;
    const res = tx.res;
    if (req !== null && !req.done) {
      this.note(req, 'http.incomplete_message');
      req.truncated = true;
      req.done = true;
      this.decodeBody(req);
    }
    if (res !== null && !res.done) {
      this.note(res, 'http.incomplete_message');
      res.truncated = true;
      res.done = true;
      this.decodeBody(res);
    }
    if (req !== null && res === null) this.noteTx(tx, 'http.missing_response');
    this.opts.onExchange(this.toExchange(tx));
  }

  private toExchange(tx: Tx): Exchange {
    const req = tx.req;
    const res = tx.res;
    const swapped = this.reqDir === 1;
    const c = swapped ? this.conn.server : this.conn.client;
    const s = swapped ? this.conn.client : this.conn.server;
    const client: Peer = { ip: c.ip, port: c.port };
    const server: Peer = { ip: s.ip, port: s.port };
    const request: ExchangeRequest =
      req === null
        ? { method: '', url: '', httpVersion: '', headers: [] }
        : {
            method: req.method,
            url: req.url,
            httpVersion: req.version,
            headers: req.headers,
            body: undefined,
            bodyEncoding: undefined,
            bodyTruncated: undefined,
            bodyWireLength: undefined,
          };
    if (req !== null) fillBody(request, req);
    let response: ExchangeResponse | undefined;
    if (res !== null) {
      response = {
        status: res.status,
        reason: res.reason === '' ? undefined : res.reason,
        httpVersion: res.version,
        headers: res.headers,
        body: undefined,
        bodyEncoding: undefined,
        bodyTruncated: undefined,
        bodyWireLength: undefined,
      };
      fillBody(response, res);
    }
    const notes = mergeNotes(tx.notes, req, res);
    return {
      v: 1,
      id: fnvHex(this.idSeed, `|${tx.startTs}|${tx.index}`),
      ts: isoTime(tx.startTs),
      durationMs: res === null ? undefined : Math.max(0, Math.round((res.endTs - tx.startTs) * 1000) / 1000),
      client,
      server,
      request,
      response,
      source: this.opts.source,
      notes,
    };
  }
}

/** blank bytes before a request in a tunnel beyond which it is taken for none */
const MAX_TUNNEL_BLANKS = 64;

function isBlank(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x20 || c === 0x09;
}

function fillBody(out: ExchangeRequest | ExchangeResponse, m: Message): void {
  if (m.bodyText !== '') {
    out.body = m.bodyText;
    out.bodyEncoding = m.bodyEncoding;
  }
  if (m.truncated) out.bodyTruncated = true;
  if (m.body.wire > 0) out.bodyWireLength = m.body.wire;
}

function mergeNotes(txNotes: string[], req: Message | null, res: Message | null): string[] | undefined {
  const a = req === null ? 0 : req.notes.length;
  const b = res === null ? 0 : res.notes.length;
  if (txNotes.length + a + b === 0) return undefined;
  const out = txNotes.slice();
  for (const list of [req?.notes, res?.notes]) {
    if (list === undefined) continue;
    for (const n of list) if (!out.includes(n)) out.push(n);
  }
  return out;
}

let isoSecond = Number.NaN;
let isoPrefix = '';

/** ISO-8601 UTC with milliseconds, as Date#toISOString, with the date part cached per second. */
export function isoTime(ts: number): string {
  const t = Math.trunc(ts);
  const sec = Math.floor(t / 1000);
  if (sec !== isoSecond) {
    const d = new Date(sec * 1000);
    if (Number.isNaN(d.getTime())) return new Date(0).toISOString();
    isoPrefix = d.toISOString().slice(0, -4); // up to and including the '.'
    isoSecond = sec;
  }
  const ms = t - sec * 1000;
  return `${isoPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

/**
 * Stable 16-hex-digit Exchange id: FNV-1a 64 over the connection's first-packet time, the peers, the request time and
 * the transaction index, in 16-bit limbs (no BigInt on the hot path). The connection's part is hashed
 * once per connection (fnvSeed) and continued per exchange (fnvHex).
 */
export function exchangeId(connTs: number, client: Peer, server: Peer, ts: number, index: number): string {
  return fnvHex(fnvSeed({ ts: connTs, client, server }), `|${ts}|${index}`);
}

/** FNV-1a 64 offset basis in 16-bit limbs, least significant first */
const FNV_OFFSET = [0x2325, 0x8422, 0x9ce4, 0xcbf2];

/** FNV-1a 64 of the low bytes of `s` as 16 hex digits */
export function fnv1a64Hex(s: string): string {
  return fnvHex(FNV_OFFSET, s);
}

/**
 * Seeded from what identifies the connection in the capture (its ends and the time of its first
 * packet), not from the decoder's connection counter: ids must not depend on how connections were
 * spread over decode threads.
 */
function fnvSeed(conn: Pick<ConnectionInfo, 'ts' | 'client' | 'server'>): number[] {
  return fnv(FNV_OFFSET, `${conn.ts}|${conn.client.ip}|${conn.client.port}|${conn.server.ip}|${conn.server.port}`);
}

function fnvHex(seed: readonly number[], s: string): string {
  const h = fnv(seed, s);
  return hex4(h[3]) + hex4(h[2]) + hex4(h[1]) + hex4(h[0]);
}

/** FNV-1a 64 of the low bytes of `s`, continuing from state `seed` (limbs, least significant first) */
function fnv(seed: readonly number[], s: string): number[] {
  let h0 = seed[0];
  let h1 = seed[1];
  let h2 = seed[2];
  let h3 = seed[3];
  for (let i = 0; i < s.length; i++) {
    h0 ^= s.charCodeAt(i) & 0xff;
    // h *= 0x100000001b3 (mod 2^64): limbs of the prime are 0x01b3 (0) and 0x0100 (2)
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3 + (t0 >>> 16);
    const t2 = h2 * 0x1b3 + h0 * 0x100 + (t1 >>> 16);
    const t3 = h3 * 0x1b3 + h1 * 0x100 + (t2 >>> 16);
    h0 = t0 & 0xffff;
    h1 = t1 & 0xffff;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  }
  return [h0, h1, h2, h3];
}

function hex4(n: number): string {
  return (n | 0x10000).toString(16).slice(1);
}
