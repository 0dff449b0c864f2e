/**
 * The scheduler: merges every live actor in event-time order (a heap keyed by each actor's next
 * step), plays each step into an Exchange with realistic timing, and hands it to the sink. Memory
 * holds the actors in flight and nothing else, so a run of any length streams.
 *
 * Ids are the decoder's own (`exchangeId` over the connection's SYN time, the peers, the request
 * time and the index on the connection), so a pcap written by the simulator decodes to exchanges
 * with the ids the JSONL run printed and the labels name.
 */
import type { Exchange, ExchangeRequest, ExchangeResponse } from '../core/exchange.js';
import { encodeBody } from '../core/exchange.js';
import { exchangeId, isoTime } from '../decode/http1/connection.js';
import { TimeHeap } from './heap.js';
import { type Framed, REASONS, frameRequest, frameResponse } from './http.js';
import { type Actor, Conn, type SimContext, type Spawn, type Step } from './model.js';
import { type AppName, SERVERS } from './net.js';
import { type Rng, rngFor } from './rng.js';

export const MSS = 1448;

/** µs → the decoder's millisecond timestamp (sec * 1000 + µs / 1000), bit for bit. */
export function msOf(us: number): number {
  const sec = Math.floor(us / 1e6);
  return sec * 1000 + (us - sec * 1e6) / 1000;
}

/** When each part of an exchange is on the wire, µs. */
export interface Timing {
  /** first request byte */
  t0: number;
  /** last request segment */
  reqEnd: number;
  /** first response byte */
  resStart: number;
  /** last response byte */
  resEnd: number;
}

export interface Played {
  exchange: Exchange;
  step: Step;
  timing: Timing;
  req: Framed;
  res: Framed;
  /** this exchange opened the connection (the SYN is before t0) */
  opened: boolean;
}

export interface EngineSink {
  exchange(p: Played): void;
  close(conn: Conn, atUs: number, by: 'client' | 'server'): void;
}

interface Entry {
  actor: Actor;
  pending: Step | Spawn;
  conns: Conn[];
}

export interface EngineOptions {
  seed: number;
  users: number;
  startUs: number;
  endUs: number;
  source: string;
  /** stop after this many exchanges */
  maxExchanges?: number;
}

export class Engine implements SimContext {
  readonly seed: number;
  readonly users: number;
  readonly startUs: number;
  readonly endUs: number;
  private readonly heap = new TimeHeap<Entry>();
  private readonly ports = new Map<string, number>();
  private readonly r: Rng;
  private now = 0;
  emitted = 0;
  /** set when maxExchanges cut the run short */
  truncated = false;
  /** largest number of live actors at once (the memory bound) */
  peakActors = 0;

  constructor(
    private readonly opts: EngineOptions,
    private readonly sink: EngineSink,
  ) {
    this.seed = opts.seed;
    this.users = opts.users;
    this.startUs = opts.startUs;
    this.endUs = opts.endUs;
    this.r = rngFor(opts.seed, 'engine');
  }

  connect(ip: string, app: AppName, rttUs: number): Conn {
    const s = SERVERS[app];
    let port = this.ports.get(ip);
    if (port === undefined) port = 32768 + (this.r.int(0, 28000));
    port = port >= 60999 ? 32768 : port + 1;
    this.ports.set(ip, port);
    return new Conn({ ip, port }, s, { ip: ip.includes(':') ? s.ip6 : s.ip, port: s.port }, rttUs, this.r.int(0, 0xffffffff));
  }

  close(conn: Conn, atUs: number, by: 'client' | 'server'): void {
    if (conn.closed) return;
    conn.closed = true;
    if (conn.synUs < 0) return;
    this.sink.close(conn, Math.max(atUs, conn.busyUntil, this.now), by);
  }

  add(actor: Actor): void {
    this.advance({ actor, pending: undefined as unknown as Step, conns: [] });
  }

  /** Plays everything; yields after each exchange so the caller can wait for its writer. */
  *run(): Generator<void> {
    const max = this.opts.maxExchanges ?? Infinity;
    while (this.heap.size) {
      if (this.heap.size > this.peakActors) this.peakActors = this.heap.size;
      const e = this.heap.pop()!;
      const item = e.pending;
      this.now = Math.max(this.now, item.t);
      if (item.kind === 'spawn') {
        this.add(item.actor);
      } else {
        if (this.emitted >= max) {
          this.truncated = true;
          this.heap.push(item.t, e);
          break;
        }
        if (!e.conns.includes(item.conn)) e.conns.push(item.conn);
        this.play(item);
        yield;
      }
      this.advance(e);
    }
    // close what is still open (only after a cut: finished actors closed theirs)
    let e: Entry | undefined;
    while ((e = this.heap.pop())) this.closeAll(e);
  }

  private advance(e: Entry): void {
    const r = e.actor.next();
    if (r.done) {
      this.closeAll(e);
      return;
    }
    const item = r.value;
    // whole microseconds (what pcap keeps), never before the present
    item.t = Math.max(Math.round(item.t), this.now);
    e.pending = item;
    this.heap.push(item.t, e);
    // forget connections the actor has moved on from
    if (e.conns.length > 4) e.conns = e.conns.filter((c) => !c.closed);
  }

  private closeAll(e: Entry): void {
    for (const c of e.conns) if (!c.closed) this.close(c, c.busyUntil + this.r.int(200_000, 8_000_000), this.r.chance(0.5) ? 'client' : 'server');
  }

  private play(step: Step): void {
    const conn = step.conn;
    const opened = conn.synUs < 0;
    const t0 = step.t;
    if (opened) conn.synUs = t0 - conn.rttUs - 150;
    const id = exchangeId(msOf(conn.synUs), conn.client, conn.serverPeer, msOf(t0), conn.index);
    const req = frameRequest(step.req);
    const reqEnd = t0 + (Math.max(1, Math.ceil((req.headLength + req.bodyLength) / MSS)) - 1) * 20;
    const resStart = reqEnd + Math.max(200, step.serverUs);
    const res = frameResponse(step.res, step.req, conn.server.app, Math.floor(resStart / 1000), id, step.close === 'server');
    const segs = Math.ceil((res.headLength + res.bodyLength) / MSS);
    const rounds = segs > 10 ? Math.ceil(Math.log2(segs / 10 + 1)) : 0;
    const resEnd = resStart + (segs > 1 ? segs * 12 + rounds * conn.rttUs : 0);
    const timing: Timing = { t0, reqEnd, resStart, resEnd };
    conn.index++;
    conn.busyUntil = resEnd + conn.rttUs;

    const request: ExchangeRequest = { method: step.req.method, url: step.req.url, httpVersion: '1.1', headers: req.headers };
    putBody(request, req);
    const response: ExchangeResponse = { status: step.res.status, reason: REASONS[step.res.status] ?? 'Unknown', httpVersion: '1.1', headers: res.headers };
    putBody(response, res);
    const exchange: Exchange = {
      v: 1,
      id,
      ts: isoTime(msOf(t0)),
      durationMs: Math.max(0, Math.round((msOf(resEnd) - msOf(t0)) * 1000) / 1000),
      client: conn.client,
      server: conn.serverPeer,
      request,
      response,
      source: this.opts.source,
    };
    this.emitted++;
    this.sink.exchange({ exchange, step, timing, req, res, opened });
    if (step.close) this.close(conn, step.close === 'server' ? resEnd + 50 : conn.busyUntil + 100, step.close);
  }
}

function putBody(m: ExchangeRequest | ExchangeResponse, f: Framed): void {
  if (f.body === undefined || f.bodyLength === 0) return;
  if (typeof f.body === 'string') {
    m.body = f.body;
    m.bodyEncoding = 'utf8';
  } else {
    const e = encodeBody(f.body);
    m.body = e.body;
    m.bodyEncoding = e.bodyEncoding;
  }
  // the decoder reports the size between de-chunking and decompression; unknown here for gzip
  if (!f.gzip) m.bodyWireLength = f.bodyLength;
}
