/**
 * For the sink tests: sample alerts with awkward text, real loopback receivers, and strict
 * parsers of what a SIEM receives (RFC 5424, RFC 6587 octet counting, CEF).
 */
import dgram from 'node:dgram';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import type { Severity } from '../core/detector.js';
import type { Alert, Incident, RiskEvent } from '../core/risk.js';
import type { DeadLetterRecord } from './dead-letter.js';

export const LOOPBACK = '127.0.0.1';

/** Text that needs escaping in every format we write. */
export const AWKWARD = 'a|b\\c=d"e]f\nnext\r line 张三';

export function eventAlert(i: number, severity: Severity = 'high', extra: Partial<RiskEvent> = {}): Alert {
  const payload: RiskEvent = {
    id: `ev-${i}`,
    ruleId: 'GL-R-0001',
    slug: 'brute-force',
    title: `Brute force | on \\ login = ${i}`,
    dimension: 'account',
    severity,
    subject: { ip: '203.0.113.7', account: `u=${i}|x\\y`, endpoint: { app: 'bank.example', method: 'POST', pathTemplate: '/api/v1/login' } },
    start: '2024-05-01T08:00:00.000Z',
    end: '2024-05-01T08:05:00.000Z',
    value: 42 + i,
    baseline: 3,
    threshold: 20,
    detail: AWKWARD,
    evidence: [],
    ...extra,
  };
  return { key: `GL-R-0001:203.0.113.7:${i}`, kind: 'event', severity, ts: '2024-05-01T08:05:00.000Z', summary: `alert ${i}: ${AWKWARD}`, payload };
}

export function incidentAlert(i: number, severity: Severity = 'critical'): Alert {
  const payload: Incident = {
    id: `inc-${i}`,
    subject: { ip: '2001:db8::7' },
    start: '2024-05-01T08:00:00.000Z',
    end: '2024-05-01T09:00:00.000Z',
    severity,
    score: 91,
    state: 'open',
    rules: ['GL-R-0001', 'GL-R-0002'],
    events: ['ev-1', 'ev-2'],
    title: 'Account takeover ] campaign',
  };
  return { key: `incident:${i}`, kind: 'incident', severity, ts: '2024-05-01T09:00:00.000Z', summary: 'incident "x"', payload };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'guanlan-sinks-'));
}

export function readDeadLetters(path: string): DeadLetterRecord[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as DeadLetterRecord);
}

/** Poll until `cond` holds (real receivers answer on their own schedule); throws after `ms`. */
export async function waitFor(cond: () => boolean, ms = 3_000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Receivers. Each one is closed by the test's afterEach through `closeAll`.

const open: (() => Promise<void>)[] = [];

export async function closeAll(): Promise<void> {
  const fs = open.splice(0);
  await Promise.all(fs.map((f) => f().catch(() => {})));
}

/** Close `server` (and its connections) in afterEach. */
export function track(server: http.Server | net.Server): void {
  open.push(() => closeServer(server));
}

function closeServer(server: http.Server | net.Server): Promise<void> {
  if (server instanceof http.Server) server.closeAllConnections();
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

export function listen(server: net.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

export async function httpReceiver(handler: http.RequestListener): Promise<{ server: http.Server; port: number; url: string }> {
  const server = http.createServer(handler);
  const port = await listen(server);
  open.push(() => closeServer(server));
  return { server, port, url: `http://${LOOPBACK}:${port}/hook` };
}

/** A port nothing listens on (bound, then released). */
export async function refusedPort(): Promise<number> {
  const s = net.createServer();
  const port = await listen(s);
  await closeServer(s);
  return port;
}

export async function udpReceiver(): Promise<{ port: number; messages: string[] }> {
  const sock = dgram.createSocket('udp4');
  const messages: string[] = [];
  sock.on('message', (m) => messages.push(m.toString('utf8')));
  await new Promise<void>((r) => sock.bind(0, LOOPBACK, () => r()));
  open.push(() => new Promise<void>((r) => sock.close(() => r())));
  return { port: sock.address().port, messages };
}

/**
 * Splits an RFC 6587 octet-counted stream into messages, strictly: `<digits> <exactly that many
 * bytes>`; anything else throws (a framing error is a test failure, not a resync).
 */
export class OctetCountingDecoder {
  private buf = Buffer.alloc(0);
  push(chunk: Buffer): string[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const out: string[] = [];
    for (;;) {
      const sp = this.buf.indexOf(0x20);
      if (sp < 0) {
        if (this.buf.length > 10 || !/^\d*$/.test(this.buf.toString('ascii'))) throw new Error('bad frame length');
        return out;
      }
      const len = this.buf.subarray(0, sp).toString('ascii');
      if (!/^[1-9]\d{0,8}$/.test(len)) throw new Error(`bad frame length ${JSON.stringify(len)}`);
      const n = Number(len);
      if (this.buf.length < sp + 1 + n) return out;
      out.push(this.buf.subarray(sp + 1, sp + 1 + n).toString('utf8'));
      this.buf = this.buf.subarray(sp + 1 + n);
    }
  }
}

export interface StreamReceiver {
  port: number;
  /** every message received, across restarts */
  messages: string[];
  /** framing errors seen (should stay empty) */
  errors: string[];
  /** stop reading (a hung receiver): what is sent meanwhile waits unread in the kernel */
  freeze(): void;
  /** drop every connection (unread data is lost, as in a crash) and stop listening; `start` listens again on the same port */
  stop(): Promise<void>;
  start(): Promise<void>;
  onMessage?: (count: number) => void;
}

export async function streamReceiver(secure?: { key: Buffer; cert: Buffer }): Promise<StreamReceiver> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const r: StreamReceiver = {
    port: 0,
    messages: [],
    errors: [],
    freeze() {
      for (const s of sockets) s.pause();
    },
    async stop() {
      for (const s of sockets) s.destroy();
      sockets.clear();
      if (server) await closeServer(server);
      server = null;
    },
    async start() {
      const onConn = (s: net.Socket): void => {
        sockets.add(s);
        const d = new OctetCountingDecoder();
        s.on('data', (chunk: Buffer) => {
          try {
            for (const m of d.push(chunk)) {
              r.messages.push(m);
              r.onMessage?.(r.messages.length);
            }
          } catch (err) {
            r.errors.push(String(err));
          }
        });
        s.on('error', () => {});
        s.on('close', () => sockets.delete(s));
      };
      server = secure ? tls.createServer({ key: secure.key, cert: secure.cert }, onConn) : net.createServer(onConn);
      server.on('tlsClientError', () => {});
      r.port = await listen(server, r.port);
    },
  };
  await r.start();
  open.push(() => r.stop());
  return r;
}

// ---------------------------------------------------------------------------------------------
// Strict parsers.

export interface Rfc5424 {
  pri: number;
  facility: number;
  severity: number;
  version: number;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  sd: Map<string, Map<string, string>>;
  msg: string;
}

/** Parse one RFC 5424 message; throws on anything the grammar (§6) does not allow. */
export function parseRfc5424(text: string): Rfc5424 {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`RFC 5424: ${why} at ${i}: ${JSON.stringify(text.slice(0, 120))}`);
  };
  const m = /^<(\d{1,3})>([1-9]\d{0,2}) /.exec(text) ?? fail('PRI/VERSION');
  const pri = Number(m[1]);
  if (pri > 191 || (m[1]!.length > 1 && m[1]!.startsWith('0'))) fail('PRI range');
  i = m[0].length;
  const token = (max: number, what: string): string => {
    const end = text.indexOf(' ', i);
    if (end < 0) fail(`${what} not terminated`);
    const t = text.slice(i, end);
    if (t.length < 1 || t.length > max || !/^[\x21-\x7e]+$/.test(t)) fail(`${what} ${JSON.stringify(t)}`);
    i = end + 1;
    return t;
  };
  const timestamp = token(40, 'TIMESTAMP');
  if (timestamp !== '-' && !/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/.test(timestamp)) fail('TIMESTAMP format');
  const hostname = token(255, 'HOSTNAME');
  const appName = token(48, 'APP-NAME');
  const procId = token(128, 'PROCID');
  const msgId = token(32, 'MSGID');
  const sd = new Map<string, Map<string, string>>();
  const sdName = (): string => {
    const s = i;
    while (i < text.length && /[\x21-\x7e]/.test(text[i]!) && !'= ]"'.includes(text[i]!)) i++;
    const n = text.slice(s, i);
    if (n.length < 1 || n.length > 32) fail('SD-NAME');
    return n;
  };
  if (text[i] === '-') i++;
  else {
    if (text[i] !== '[') fail('STRUCTURED-DATA');
    while (text[i] === '[') {
      i++;
      const id = sdName();
      if (sd.has(id)) fail('duplicate SD-ID');
      const params = new Map<string, string>();
      while (text[i] === ' ') {
        i++;
        const name = sdName();
        if (text[i] !== '=' || text[i + 1] !== '"') fail('SD-PARAM');
        i += 2;
        let v = '';
        for (;;) {
          const c = text[i];
          if (c === undefined) fail('PARAM-VALUE not terminated');
          if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\' || text[i + 1] === ']')) {
            v += text[i + 1];
            i += 2;
          } else if (c === '"') {
            i++;
            break;
          } else if (c === ']') fail('unescaped ] in PARAM-VALUE');
          else {
            v += c;
            i++;
          }
        }
        params.set(name, v);
      }
      if (text[i] !== ']') fail('SD-ELEMENT not closed');
      i++;
      sd.set(id, params);
    }
  }
  let msg = '';
  if (i < text.length) {
    if (text[i] !== ' ') fail('SP before MSG');
    msg = text.slice(i + 1);
  }
  return { pri, facility: pri >> 3, severity: pri & 7, version: Number(m[2]), timestamp, hostname, appName, procId, msgId, sd, msg };
}

export interface Cef {
  version: string;
  vendor: string;
  product: string;
  productVersion: string;
  signatureId: string;
  name: string;
  severity: string;
  ext: Map<string, string>;
}

/** Parse a CEF line, unescaping header (`\|`, `\\`) and extension (`\=`, `\\`, `\n`, `\r`) values strictly. */
export function parseCef(text: string): Cef {
  if (!text.startsWith('CEF:')) throw new Error('not CEF');
  const fields: string[] = [];
  let cur = '';
  let i = 4;
  while (fields.length < 7) {
    const c = text[i];
    if (c === undefined) throw new Error('CEF header truncated');
    if (c === '\\') {
      const n = text[i + 1];
      if (n !== '|' && n !== '\\') throw new Error(`bad header escape \\${n}`);
      cur += n;
      i += 2;
    } else if (c === '|') {
      fields.push(cur);
      cur = '';
      i++;
    } else if (c === '\n' || c === '\r') throw new Error('line break in CEF header');
    else {
      cur += c;
      i++;
    }
  }
  const ext = new Map<string, string>();
  const rest = text.slice(i);
  // Keys start after a space (or at the start) and end at an unescaped '='.
  const eqs: number[] = [];
  for (let j = 0; j < rest.length; j++) {
    if (rest[j] === '\\') j++;
    else if (rest[j] === '=') eqs.push(j);
  }
  const keys = eqs.map((eq) => {
    const start = rest.lastIndexOf(' ', eq) + 1;
    const key = rest.slice(start, eq);
    if (!/^[A-Za-z0-9_]+$/.test(key)) throw new Error(`bad CEF key ${JSON.stringify(key)}`);
    return { key, start, eq };
  });
  keys.forEach((k, n) => {
    const end = n + 1 < keys.length ? keys[n + 1]!.start - 1 : rest.length;
    const raw = rest.slice(k.eq + 1, end);
    let v = '';
    for (let j = 0; j < raw.length; j++) {
      const c = raw[j]!;
      if (c === '\r' || c === '\n') throw new Error('raw line break in CEF value');
      if (c !== '\\') {
        v += c;
        continue;
      }
      const e = raw[++j];
      if (e === 'n') v += '\n';
      else if (e === 'r') v += '\r';
      else if (e === '=' || e === '\\') v += e;
      else throw new Error(`bad extension escape \\${e}`);
    }
    ext.set(k.key, v);
  });
  const [version, vendor, product, productVersion, signatureId, name, severity] = fields as [string, string, string, string, string, string, string];
  return { version, vendor, product, productVersion, signatureId, name, severity, ext };
}
