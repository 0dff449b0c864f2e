/**
 * HTTP/1.1 as the bank's servers put it on the wire: the application's answer gets a Server and
 * Date header and its framing (Content-Length, or chunked; gzip when the client accepts it).
 * The framed message is all an Exchange needs; the bytes themselves are made only for pcap.
 *
 * Gzip is always sent chunked (as nginx streams it), so the headers never depend on compressed
 * sizes and a JSONL run does not have to compress anything.
 */
import { gzipSync } from 'node:zlib';
import type { Header } from '../core/exchange.js';
import type { Req, Res } from './model.js';
import type { AppName } from './net.js';
import { hash32 } from './rng.js';

export const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 302: 'Found', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 413: 'Payload Too Large', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
};

const SERVER_HEADERS: Record<AppName, Header[]> = {
  mobile: [['server', 'nginx']],
  ebank: [['server', 'Apache'], ['x-frame-options', 'SAMEORIGIN']],
  openapi: [['server', 'openresty']],
};

export const json = (status: number, obj: unknown, headers: Header[] = []): Res => ({
  status,
  headers: [['content-type', 'application/json;charset=UTF-8'], ...headers],
  body: JSON.stringify(obj),
});
export const html = (status: number, text: string, headers: Header[] = []): Res => ({ status, headers: [['content-type', 'text/html;charset=UTF-8'], ...headers], body: text });
export const text = (status: number, body: string, type = 'text/plain;charset=UTF-8', headers: Header[] = []): Res => ({ status, headers: [['content-type', type], ...headers], body });
export const empty = (status: number, headers: Header[] = []): Res => ({ status, headers });

/** A message as framed on the wire. */
export interface Framed {
  headers: Header[];
  /** decoded body */
  body: string | Buffer | undefined;
  bodyLength: number;
  gzip: boolean;
  /** number of chunks (0: Content-Length or no body) */
  chunks: number;
  /** bytes of the start line and header block */
  headLength: number;
}

const byteLength = (b: string | Buffer | undefined): number => (b === undefined ? 0 : typeof b === 'string' ? Buffer.byteLength(b) : b.length);

function headLength(start: string, headers: Header[]): number {
  let n = Buffer.byteLength(start) + 2 + 2;
  for (const [k, v] of headers) n += k.length + 2 + Buffer.byteLength(v) + 2;
  return n;
}

export function frameRequest(req: Req): Framed {
  const len = byteLength(req.body);
  const headers = len > 0 && !req.headers.some((h) => h[0] === 'content-length') ? [...req.headers, ['content-length', String(len)] as Header] : req.headers;
  return { headers, body: len > 0 ? req.body : undefined, bodyLength: len, gzip: false, chunks: 0, headLength: headLength(`${req.method} ${req.url} HTTP/1.1`, headers) };
}

const COMPRESSIBLE = /^(application\/(json|javascript|xml)|text\/)/;

/**
 * The response with its Server/Date and framing headers. `key` (the exchange id) decides, the same
 * way every run, which responses are chunked or compressed.
 */
export function frameResponse(res: Res, req: Req, app: AppName, dateMs: number, key: string, close: boolean): Framed {
  const len = res.head ? 0 : byteLength(res.body);
  const noBody = res.status === 204 || res.status === 304 || res.status < 200;
  const h = hash32(key);
  const type = res.headers.find((x) => x[0] === 'content-type')?.[1] ?? '';
  const acceptsGzip = /\bgzip\b/.test(req.headers.find((x) => x[0] === 'accept-encoding')?.[1] ?? '');
  const gzip = !noBody && acceptsGzip && len >= 1024 && COMPRESSIBLE.test(type) && h % 10 < 7;
  const chunks = noBody || len === 0 ? 0 : gzip ? 2 + ((h >>> 4) % 3) : len >= 2048 && (h >>> 8) % 10 < 3 ? 2 + ((h >>> 12) % 3) : 0;
  const headers: Header[] = [...SERVER_HEADERS[app], ['date', new Date(dateMs).toUTCString()], ...res.headers];
  if (chunks > 0) headers.push(['transfer-encoding', 'chunked']);
  else if (!noBody) headers.push(['content-length', String(res.head ? byteLength(res.body) : len)]);
  if (gzip) headers.push(['content-encoding', 'gzip'], ['vary', 'Accept-Encoding']);
  if (close) headers.push(['connection', 'close']);
  const reason = REASONS[res.status] ?? 'Unknown';
  return { headers, body: noBody || len === 0 ? undefined : res.body, bodyLength: noBody ? 0 : len, gzip, chunks, headLength: headLength(`HTTP/1.1 ${res.status} ${reason}`, headers) };
}

function headBytes(start: string, headers: Header[]): string {
  let s = `${start}\r\n`;
  for (const [k, v] of headers) s += `${k}: ${v}\r\n`;
  return `${s}\r\n`;
}

/** Wire-format names of header fields (the Exchange keeps them lower-cased, as the decoder does). */
const CANONICAL: Record<string, string> = {};
function wireName(k: string): string {
  return (CANONICAL[k] ??= k.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase()));
}

/** The bytes of a framed message (pcap only). */
export function wireBytes(start: string, f: Framed): Buffer {
  const head = Buffer.from(headBytes(start, f.headers.map(([k, v]) => [wireName(k), v] as Header)), 'utf8');
  if (f.body === undefined) return head;
  let body = typeof f.body === 'string' ? Buffer.from(f.body, 'utf8') : f.body;
  if (f.gzip) body = gzipSync(body, { level: 6 });
  if (f.chunks === 0) return Buffer.concat([head, body]);
  const parts: Buffer[] = [head];
  let prev = 0;
  for (let k = 1; k <= f.chunks; k++) {
    const cut = k === f.chunks ? body.length : Math.floor((body.length * k) / f.chunks);
    if (cut > prev) parts.push(Buffer.from(`${(cut - prev).toString(16)}\r\n`), body.subarray(prev, cut), Buffer.from('\r\n'));
    prev = cut;
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}
