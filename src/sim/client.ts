/**
 * A client as actors drive it: one connection at a time, a clock, the headers it always sends,
 * cookies the server set. `send` makes the Step for the next exchange no earlier than the clock
 * and never before the connection is idle; after the engine has played it, `think` moves the
 * clock on from the moment the response was complete.
 *
 *   const c = new Client(ctx, r, '203.0.113.7', 'mobile', t0, [['user-agent', ua]]);
 *   yield c.send(c.json('POST', '/api/v1/auth/login', { … }), ok({ token }), 40_000);
 *   c.think(8_000_000);
 */
import type { Header } from '../core/exchange.js';
import type { Conn, Req, Res, SimContext, Step } from './model.js';
import { type AppName, SERVERS, rttFor } from './net.js';
import type { Rng } from './rng.js';

/** smallest gap between a response and the next request on a connection, µs */
const MIN_GAP = 300;
/** servers close a keep-alive connection idle this long (nginx and Tomcat use 60–75 s) */
export const KEEPALIVE_US = 60e6;

export class Client {
  clock: number;
  conn: Conn;
  readonly rttUs: number;
  /** cookies set by the server, sent back on every request */
  readonly cookies = new Map<string, string>();
  /** scenario instance tag of the exchanges this client makes */
  tag: string | undefined;
  /** one connection per request (tools that do not keep connections alive) */
  closeEach = false;
  constructor(
    readonly ctx: SimContext,
    readonly r: Rng,
    readonly ip: string,
    readonly app: AppName,
    t0: number,
    public base: Header[],
  ) {
    this.clock = t0;
    this.rttUs = rttFor(ip, r);
    this.conn = ctx.connect(ip, app, this.rttUs);
  }

  get host(): string {
    return SERVERS[this.app].host;
  }

  /** A request with the client's standing headers (host first, cookies last). */
  request(method: string, url: string, extra: Header[] = [], body?: string): Req {
    const headers: Header[] = [['host', this.host], ...this.base, ...extra];
    if (this.cookies.size) headers.push(['cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')]);
    return body === undefined ? { method, url, headers } : { method, url, headers, body };
  }

  json(method: string, url: string, body: unknown, extra: Header[] = []): Req {
    return this.request(method, url, [['content-type', 'application/json;charset=UTF-8'], ...extra], JSON.stringify(body));
  }

  form(url: string, fields: Record<string, string>, extra: Header[] = []): Req {
    const body = Object.entries(fields)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    return this.request('POST', url, [['content-type', 'application/x-www-form-urlencoded; charset=UTF-8'], ...extra], body);
  }

  /** The Step for this exchange; the server answers after `serverUs`. */
  send(req: Req, res: Res, serverUs: number): Step {
    if (!this.conn.closed && this.conn.synUs >= 0 && this.clock - this.conn.busyUntil > KEEPALIVE_US) this.ctx.close(this.conn, this.conn.busyUntil + KEEPALIVE_US, 'server');
    if (this.conn.closed) this.conn = this.ctx.connect(this.ip, this.app, this.rttUs);
    const t = Math.max(this.clock, this.conn.busyUntil + MIN_GAP);
    this.clock = t;
    for (const [k, v] of res.headers) {
      if (k !== 'set-cookie') continue;
      const m = /^([^=;]+)=([^;]*)/.exec(v);
      if (m) this.cookies.set(m[1], m[2]);
    }
    const step: Step = { kind: 'exchange', t, conn: this.conn, req, res, serverUs: Math.round(serverUs), tag: this.tag };
    if (this.closeEach) step.close = 'client';
    return step;
  }

  /** Move the clock: an exponential pause of this mean after the last response. */
  think(meanUs: number): void {
    this.clock = Math.max(this.clock, this.conn.busyUntil) + Math.round(this.r.exp(meanUs));
  }

  /** Move the clock by exactly this much after the last response (tools on a timer). */
  pause(us: number): void {
    this.clock = Math.max(this.clock, this.conn.busyUntil) + Math.round(us);
  }

  /** Jump to a time (a later visit). */
  at(us: number): void {
    this.clock = Math.max(us, this.conn.busyUntil + MIN_GAP);
  }

  /** Start over on a new connection (a new visit, or the tool's next socket). */
  reconnect(): void {
    if (this.conn.synUs >= 0 && !this.conn.closed) this.ctx.close(this.conn, this.conn.busyUntil + this.r.int(1_000, 40_000), 'client');
    this.conn = this.ctx.connect(this.ip, this.app, this.rttUs);
  }
}
