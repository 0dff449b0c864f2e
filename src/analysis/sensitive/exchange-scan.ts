/**
 * One Exchange → its data hits, request and response apart. Picks the scanner by what each part
 * is: query string, headers and cookies, form, multipart and JSON request bodies; JSON response
 * bodies; XML, HTML and text (and JSON that does not parse) through the text scanner. Binary
 * (base64) and asset bodies are skipped; bodies above `maxBodyBytes` are scanned as text up to
 * that size. A body that makes a scanner throw is skipped and counted, never fatal.
 *
 *   scanExchange(ex, { refTime: Date.parse(ex.ts) })
 *   // { request: [{ label: 'password', location: 'password', … }], response: [{ label: 'cn_id', location: 'data.idNo', … }] }
 */
import { headerValue, type Exchange, type HttpMessage } from '../../core/exchange.js';
import { multipartParts, urlencodedPairs } from '../endpoints/catalog/shape.js';
import type { LabelId } from './labels.js';
import { scanJsonText } from './scan-json.js';
import { scanParams } from './scan-params.js';
import { scanText } from './scan-text.js';
import type { DataHit, ScanOptions } from './types.js';

export interface ExchangeScanOptions {
  refTime?: number;
  disabled?: ReadonlySet<LabelId>;
  allowKeys?: ReadonlySet<string>;
  /** default 256 KiB */
  maxBodyBytes?: number;
  /** clear values of response hits, for the trace index (never stored) */
  withValues?: boolean;
}

/** What the scans skipped, for the input's counters. */
export interface ScanCounters {
  /** bodies not scanned: binary (base64) or assets */
  skipped: number;
  /** bodies above the size bound, scanned in part */
  truncated: number;
  /** bodies a scanner failed on (hostile input), skipped */
  failed: number;
}

export interface ExchangeHits {
  request: DataHit[];
  response: DataHit[];
}

/** Headers that carry transport or authentication, not data (auth is discovery's business). */
const SKIP_HEADERS = new Set([
  'host', 'authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'user-agent', 'accept', 'accept-encoding', 'accept-language',
  'connection', 'content-type', 'content-length', 'content-encoding', 'transfer-encoding', 'cache-control', 'pragma', 'etag', 'if-none-match',
  'if-modified-since', 'last-modified', 'date', 'expires', 'vary', 'server', 'keep-alive', 'origin', 'referer', 'upgrade', 'te', 'range',
]);
const ASSET = /^(image|audio|video|font)\/|^application\/(octet-stream|zip|pdf|wasm|javascript|x-javascript|protobuf|grpc)|^text\/(css|javascript)/;
const MAX_PARAMS = 200;
const MAX_PARTS = 50;

function mainType(ct: string | undefined): string {
  if (!ct) return '';
  const semi = ct.indexOf(';');
  return (semi < 0 ? ct : ct.slice(0, semi)).trim().toLowerCase();
}

function cookiePairs(v: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of v.split(';')) {
    if (out.length >= MAX_PARAMS) break;
    const eq = part.indexOf('=');
    if (eq > 0) out.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
  }
  return out;
}

/** Name and value of each non-file part of a multipart/form-data body. */
export function multipartPairs(body: string, max = MAX_PARTS): [string, string][] {
  const out: [string, string][] = [];
  for (const p of multipartParts(body, max)) if (!p.file) out.push([p.name, p.value]);
  return out;
}

class Scanner {
  readonly max: number;
  constructor(
    private readonly o: ExchangeScanOptions,
    private readonly counters: ScanCounters,
  ) {
    this.max = o.maxBodyBytes ?? 256 * 1024;
  }

  opts(prefix: string, values: boolean): ScanOptions {
    return { refTime: this.o.refTime, disabled: this.o.disabled, allowKeys: this.o.allowKeys, locationPrefix: prefix, withValues: values };
  }

  /** A body by its content type; JSON read once; text bounded. */
  body(m: HttpMessage, out: DataHit[], values: boolean, form: boolean): void {
    const body = m.body;
    if (!body) return;
    const type = mainType(headerValue(m.headers, 'content-type'));
    if (m.bodyEncoding === 'base64' || ASSET.test(type)) {
      this.counters.skipped++;
      return;
    }
    try {
      if (form && type === 'application/x-www-form-urlencoded') {
        push(out, scanParams(urlencodedPairs(body.length > this.max ? body.slice(0, this.max) : body, MAX_PARAMS), this.opts('form', values)));
        return;
      }
      if (form && type.startsWith('multipart/')) {
        push(out, scanParams(multipartPairs(body), this.opts('multipart', values)));
        return;
      }
      if (body.length > this.max) {
        this.counters.truncated++;
        push(out, scanText(body.slice(0, this.max), this.opts('', values)));
        return;
      }
      const c = body.charCodeAt(0);
      if (type.includes('json') || c === 123 || c === 91) {
        // read off the text, no tree built (scan-json.ts); undefined when it is not JSON
        const hits = scanJsonText(body, this.opts('', values));
        if (hits) {
          push(out, hits);
          return;
        }
      }
      push(out, scanText(body, this.opts('', values)));
    } catch {
      this.counters.failed++;
    }
  }
}

function push(out: DataHit[], hits: DataHit[]): void {
  for (const h of hits) out.push(h);
}

const NO_CREDENTIAL = new Map<ReadonlySet<LabelId> | undefined, ReadonlySet<LabelId>>();
function withoutCredential(d: ReadonlySet<LabelId> | undefined): ReadonlySet<LabelId> {
  let s = NO_CREDENTIAL.get(d);
  if (!s) {
    if (NO_CREDENTIAL.size >= 16) NO_CREDENTIAL.clear();
    NO_CREDENTIAL.set(d, (s = new Set<LabelId>([...(d ?? []), 'credential'])));
  }
  return s;
}

export function scanExchange(ex: Exchange, o: ExchangeScanOptions = {}, counters: ScanCounters = { skipped: 0, truncated: 0, failed: 0 }): ExchangeHits {
  const s = new Scanner(o, counters);
  const request: DataHit[] = [];
  const response: DataHit[] = [];
  const req = ex.request;
  const q = req.url.indexOf('?');
  if (q >= 0) {
    const hash = req.url.indexOf('#', q);
    push(request, scanParams(urlencodedPairs(req.url.slice(q + 1, hash < 0 ? undefined : hash), MAX_PARAMS), s.opts('query', false)));
  }
  let headers: [string, string][] | undefined;
  for (const h of req.headers) {
    if (h[0] === 'cookie') {
      // session cookies are authentication (discovery's `auth`), not data
      push(request, scanParams(cookiePairs(h[1]), { ...s.opts('cookie', false), disabled: withoutCredential(o.disabled) }));
    } else if (!SKIP_HEADERS.has(h[0]) && (headers ??= []).length < MAX_PARAMS) headers.push(h);
  }
  if (headers) push(request, scanParams(headers, s.opts('header', false)));
  s.body(req, request, false, true);
  if (ex.response) s.body(ex.response, response, o.withValues === true, false);
  return { request, response };
}
