/**
 * One HAR 1.2 entry → one Exchange. HAR producers differ (browsers, proxies, API clients, test
 * fixtures), so everything beyond `request.method` and `request.url` is optional here, and what
 * had to be guessed or repaired is named in `notes`:
 *
 * | note                   | when                                                                        |
 * |------------------------|-----------------------------------------------------------------------------|
 * | http.missing_response  | no response, or status 0 (browser/proxy error, request never answered)      |
 * | har.bad_status         | a response status outside 100..999 (the response is dropped)                |
 * | har.bad_timestamp      | startedDateTime missing or not ISO-8601: `ts` is the previous entry's       |
 * |                        | (or 1970-01-01T00:00:00.000Z for the first), keeping event-time order       |
 * | har.bad_url            | the URL is not absolute; kept as the request target, no host known          |
 * | har.url_userinfo       | `user:pass@` in the URL was dropped (browsers send it as Authorization)     |
 * | har.bad_header         | a header item without a string name was skipped                             |
 * | har.body_from_params   | the request body was rebuilt, urlencoded, from postData.params              |
 * | har.body_not_saved     | the producer did not save a body that had bytes (bodyTruncated: true)       |
 * | har.bad_base64         | content.encoding is base64 but the text is not; kept as text                |
 * | har.cookie_from_cookies| no Cookie header; one was rebuilt from request.cookies                      |
 * | har.websocket_messages | WebSocket messages (_webSocketMessages) exist but are not imported          |
 *
 * Bodies in a HAR are already content-decoded, while Content-Encoding headers are kept; a body
 * that is still compressed (a producer that could not decode it) is kept as given.
 */
import { createHash } from 'node:crypto';
import { type Exchange, type Header, type HttpMessage, encodeBody } from '../../core/exchange.js';

export const EPOCH_TS = '1970-01-01T00:00:00.000Z';

export interface EntryContext {
  /** Exchange `source`, e.g. `har:traces/login.har` */
  source: string;
  /** 0-based position in log.entries */
  index: number;
  /** `ts` to use when the entry has no usable startedDateTime */
  fallbackTs: string;
}

export type EntryResult = { ok: true; exchange: Exchange; tsFromEntry: boolean } | { ok: false; message: string };

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Stable id: the same entry of the same input always gets the same id. */
export function harExchangeId(source: string, index: number): string {
  return createHash('sha256').update(`${source}\n${index}`).digest('hex').slice(0, 16);
}

export function harEntryToExchange(entry: unknown, ctx: EntryContext): EntryResult {
  if (!isObj(entry)) return { ok: false, message: 'the entry is not an object' };
  const req = entry.request;
  if (!isObj(req)) return { ok: false, message: 'request is missing' };
  if (typeof req.method !== 'string' || req.method.trim() === '') return { ok: false, message: 'request.method is missing or empty' };
  if (typeof req.url !== 'string' || req.url.trim() === '') return { ok: false, message: 'request.url is missing or empty' };

  const notes = new Set<string>();
  const method = req.method.trim();
  const url = splitUrl(req.url.trim(), method);
  for (const n of url.notes) notes.add(n);

  // Request head.
  const reqHead = convertHeaders(req.headers, notes);
  const reqHeaders = reqHead.headers;
  if (!reqHeaders.some((h) => h[0] === 'host')) {
    const authority = reqHead.authority ?? url.authority;
    if (authority) reqHeaders.unshift(['host', authority]);
  }
  if (!reqHeaders.some((h) => h[0] === 'cookie')) {
    const cookie = cookieHeader(req.cookies);
    if (cookie) {
      reqHeaders.push(['cookie', cookie]);
      notes.add('har.cookie_from_cookies');
    }
  }
  const reqVersion = httpVersion(req.httpVersion) ?? (reqHead.authority !== undefined ? '2' : '1.1');
  const request: Exchange['request'] = { method, url: url.target, httpVersion: reqVersion, headers: reqHeaders };
  setBody(request, requestBody(req.postData, req.bodySize, notes), req.bodySize, notes);

  // Response.
  let response: Exchange['response'];
  const res = entry.response;
  const status = isObj(res) ? statusOf(res.status) : undefined;
  if (!isObj(res) || status === undefined || status === 0) {
    notes.add('http.missing_response');
  } else if (!(Number.isInteger(status) && status >= 100 && status <= 999)) {
    notes.add('har.bad_status');
    notes.add('http.missing_response');
  } else {
    response = {
      status,
      httpVersion: httpVersion(res.httpVersion) ?? reqVersion,
      headers: convertHeaders(res.headers, notes).headers,
    };
    if (typeof res.statusText === 'string' && res.statusText !== '') response.reason = res.statusText;
    const content = isObj(res.content) ? res.content : undefined;
    setBody(response, responseBody(content, notes), res.bodySize, notes);
  }
  if (Array.isArray(entry._webSocketMessages) && entry._webSocketMessages.length > 0) notes.add('har.websocket_messages');

  const ts = harTime(entry.startedDateTime);
  if (ts === undefined) notes.add('har.bad_timestamp');
  const time = entry.time;
  const durationMs = typeof time === 'number' && Number.isFinite(time) && time >= 0 ? Math.round(time * 1000) / 1000 : undefined;

  // Key order as in the Exchange interface, so JSONL output reads the same from every source.
  const exchange: Exchange = {
    v: 1,
    id: harExchangeId(ctx.source, ctx.index),
    ts: ts ?? ctx.fallbackTs,
    ...(durationMs !== undefined && { durationMs }),
    client: clientPeer(entry),
    server: { ip: serverIp(entry.serverIPAddress, url.host), port: url.port },
    request,
    ...(response && { response }),
    source: ctx.source,
    ...(notes.size > 0 && { notes: [...notes] }),
  };
  return { ok: true, exchange, tsFromEntry: ts !== undefined };
}

// ---- URL ----

interface SplitUrl {
  /** request target: origin form, or authority form for CONNECT, or the URL as given when not absolute */
  target: string;
  /** host[:port] as written in the URL, without userinfo */
  authority?: string;
  host?: string;
  port: number;
  notes: string[];
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 };
const ABSOLUTE_URL = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^#]*)/;

/**
 * Split an absolute URL into the request target and the authority. Plain string work, not the
 * WHATWG URL parser, so the path and query stay byte for byte as the producer wrote them.
 */
export function splitUrl(raw: string, method = 'GET'): SplitUrl {
  const m = ABSOLUTE_URL.exec(raw);
  if (!m) return { target: raw, port: 0, notes: ['har.bad_url'] };
  const notes: string[] = [];
  const scheme = m[1].toLowerCase();
  let authority = m[2];
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    authority = authority.slice(at + 1);
    notes.push('har.url_userinfo');
  }
  let host = authority;
  let portText = '';
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    host = close > 0 ? authority.slice(1, close) : authority.slice(1);
    if (close > 0 && authority[close + 1] === ':') portText = authority.slice(close + 2);
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon >= 0) {
      host = authority.slice(0, colon);
      portText = authority.slice(colon + 1);
    }
  }
  const explicit = /^\d{1,5}$/.test(portText) ? Number(portText) : undefined;
  const port = explicit !== undefined && explicit <= 65535 ? explicit : (DEFAULT_PORTS[scheme] ?? 0);
  let target = m[3];
  if (method.toUpperCase() === 'CONNECT') target = explicit !== undefined ? authority : `${authority}:${port}`;
  else if (target === '') target = '/';
  else if (target[0] === '?') target = `/${target}`;
  return { target, authority: authority || undefined, host: host || undefined, port, notes };
}

// ---- Heads ----

function convertHeaders(list: unknown, notes: Set<string>): { headers: Header[]; authority?: string } {
  const headers: Header[] = [];
  let authority: string | undefined;
  if (list === undefined || list === null) return { headers };
  if (!Array.isArray(list)) {
    notes.add('har.bad_header');
    return { headers };
  }
  for (const h of list) {
    if (!isObj(h) || typeof h.name !== 'string' || h.name === '') {
      notes.add('har.bad_header');
      continue;
    }
    const name = h.name.toLowerCase();
    const value = typeof h.value === 'string' ? h.value : h.value === undefined || h.value === null ? '' : String(h.value);
    if (name[0] === ':') {
      // HTTP/2 and /3 pseudo headers: the authority is the Host; method, path, scheme and status
      // are already in the Exchange.
      if (name === ':authority') authority ??= value;
      continue;
    }
    headers.push([name, value]);
  }
  return { headers, authority };
}

function cookieHeader(cookies: unknown): string | undefined {
  if (!Array.isArray(cookies)) return undefined;
  const parts: string[] = [];
  for (const c of cookies) if (isObj(c) && typeof c.name === 'string' && c.name !== '') parts.push(`${c.name}=${typeof c.value === 'string' ? c.value : ''}`);
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** `HTTP/1.1` → `1.1`; `h2`, `HTTP/2`, `http/2.0` → `2`; `h3`, `HTTP/3` → `3`; empty → undefined. */
export function httpVersion(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (s === '' || s === 'unknown') return undefined;
  const m = /^(?:https?\/)?(\d)(?:\.(\d))?$/.exec(s);
  if (m) return Number(m[1]) >= 2 && (m[2] === undefined || m[2] === '0') ? m[1] : `${m[1]}.${m[2] ?? '0'}`;
  if (s === 'h2' || s === 'h2c') return '2';
  if (/^h3(?:-\w+)?$/.test(s)) return '3';
  return v.trim();
}

function statusOf(x: unknown): number | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  if (typeof x === 'string' && /^\d+$/.test(x.trim())) return Number(x.trim());
  return undefined;
}

// ---- Bodies ----

interface BodyFound {
  bytes?: Buffer;
  text?: string;
  /** the producer says there were bytes but did not save them */
  missing?: boolean;
}

function requestBody(pd: unknown, bodySize: unknown, notes: Set<string>): BodyFound {
  const missing = isPositiveInt(bodySize);
  if (!isObj(pd)) return { missing };
  if (typeof pd.text === 'string' && pd.text !== '') return decodeText(pd.text, pd.encoding, notes);
  if (Array.isArray(pd.params) && pd.params.length > 0) {
    const form = new URLSearchParams();
    for (const p of pd.params) if (isObj(p) && typeof p.name === 'string') form.append(p.name, typeof p.value === 'string' ? p.value : '');
    const text = form.toString();
    if (text !== '') {
      notes.add('har.body_from_params');
      return { text };
    }
  }
  return { missing };
}

function responseBody(content: Obj | undefined, notes: Set<string>): BodyFound {
  if (!content) return {};
  if (typeof content.text === 'string') return decodeText(content.text, content.encoding, notes);
  return { missing: typeof content.size === 'number' && content.size > 0 };
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

function decodeText(text: string, encoding: unknown, notes: Set<string>): BodyFound {
  if (typeof encoding === 'string' && encoding.toLowerCase() === 'base64') {
    if (BASE64.test(text)) return { bytes: Buffer.from(text, 'base64') };
    notes.add('har.bad_base64');
  }
  return { text };
}

function setBody(m: HttpMessage, found: BodyFound, bodySize: unknown, notes: Set<string>): void {
  if (found.bytes && found.bytes.length > 0) {
    const { body, bodyEncoding } = encodeBody(found.bytes);
    m.body = body;
    m.bodyEncoding = bodyEncoding;
  } else if (found.text) {
    m.body = found.text;
    m.bodyEncoding = 'utf8';
  } else if (found.missing) {
    m.bodyTruncated = true;
    notes.add('har.body_not_saved');
  }
  if (isPositiveInt(bodySize)) m.bodyWireLength = bodySize;
}

const isPositiveInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x > 0;

// ---- Peers and time ----

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function stripBrackets(ip: string): string {
  return ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
}

function serverIp(serverIPAddress: unknown, urlHost: string | undefined): string {
  if (typeof serverIPAddress === 'string' && serverIPAddress.trim() !== '') return stripBrackets(serverIPAddress.trim());
  // No address recorded (cache hit, minimal HAR): an IP literal in the URL is still the server.
  if (urlHost && (IPV4.test(urlHost) || urlHost.includes(':'))) return urlHost;
  return '0.0.0.0';
}

function clientPeer(entry: Obj): Exchange['client'] {
  const addr = entry._clientAddress;
  const port = entry._clientPort;
  return {
    ip: typeof addr === 'string' && addr.trim() !== '' ? stripBrackets(addr.trim()) : '0.0.0.0',
    port: typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535 ? port : 0,
  };
}

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * startedDateTime → ISO-8601 UTC with milliseconds (fractions beyond ms are cut, not rounded, so
 * an entry never moves into the next millisecond). Producers write `Z`, `+05:30`, `+0530`, or
 * micro/100-nanosecond fractions; a time without a zone is taken as UTC. Anything else is undefined.
 */
export function harTime(x: unknown): string | undefined {
  if (typeof x !== 'string') return undefined;
  const m = ISO_TIME.exec(x.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0..99 to 1900+; those years are not plausible capture times anyway.
  if (year < 100 || new Date(t).getUTCDate() !== day) return undefined;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offH = Number(digits.slice(0, 2));
    const offM = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (offH > 23 || offM > 59) return undefined;
    t -= sign * (offH * 60 + offM) * 60_000;
  }
  const iso = new Date(t).toISOString();
  return /^\d{4}-/.test(iso) ? iso : undefined; // a zone offset can push year 0100 or 9999 out of four digits
}
