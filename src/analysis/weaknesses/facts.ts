/**
 * ExchangeFacts for one exchange: the cheap facts up front, the costly ones (JSON bodies, query
 * and form parameters, the endpoint's function classes) on first use, so twenty detectors that
 * each look at the request JSON parse it once, and none parses it when no detector asks.
 */
import type { AuthKind, FormatInfo, FunctionClass } from '../../core/endpoint.js';
import { headerValue, type Exchange, type HttpMessage } from '../../core/exchange.js';
import type { Conclusion } from '../endpoints/catalog/catalog.js';
import { multipartParts, urlencodedPairs } from '../endpoints/catalog/shape.js';
import type { EndpointStats } from '../endpoints/catalog/stats.js';
import { featuresOf } from '../endpoints/conclude.js';
import { classifyFunctions } from '../endpoints/functions/index.js';
import type { DataHit } from '../sensitive/types.js';
import type { ExchangeFacts } from './types.js';

/** bodies larger than this are not parsed as JSON for detectors */
export const MAX_JSON_BYTES = 256 * 1024;
const NONE: readonly DataHit[] = [];
const NO_PAIRS: readonly [string, string][] = [];

/** Function classes per endpoint, concluded again when its call count has doubled (cheap after the first calls). */
const functionCache = new WeakMap<EndpointStats, { calls: number; set: ReadonlySet<FunctionClass> }>();

export function endpointFunctions(stats: EndpointStats, template: string): ReadonlySet<FunctionClass> {
  const c = functionCache.get(stats);
  if (c && (stats.calls < 2 * c.calls || c.calls >= 4096) && !(c.calls < 16 && stats.calls !== c.calls)) return c.set;
  const set = new Set(classifyFunctions(featuresOf(stats, template, [])).map((x) => x.value));
  functionCache.set(stats, { calls: stats.calls, set });
  return set;
}

function text(m: HttpMessage | undefined): string {
  if (!m || m.body === undefined || m.bodyEncoding === 'base64') return '';
  return m.body;
}

function json(m: HttpMessage | undefined): unknown {
  const t = text(m);
  if (t.length === 0 || t.length > MAX_JSON_BYTES) return undefined;
  const c = t.charCodeAt(0);
  // objects and arrays only (after optional whitespace): a bare number or string is not a JSON API body
  let i = 0;
  let ch = c;
  while ((ch === 32 || ch === 10 || ch === 13 || ch === 9) && i < t.length) ch = t.charCodeAt(++i);
  if (ch !== 123 && ch !== 91) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

export class Facts implements ExchangeFacts {
  readonly app: string;
  readonly method: string;
  readonly endpoint: EndpointStats;
  readonly format: FormatInfo;
  readonly status: number;
  readonly path: string;
  readonly query: string | undefined;
  readonly requestHits: readonly DataHit[];
  readonly responseHits: readonly DataHit[];
  readonly auth: AuthKind;
  private readonly c: Conclusion;
  private tpl: string | undefined;
  private qp: readonly [string, string][] | undefined;
  private fp: readonly [string, string][] | undefined;
  private rqj: unknown = NONE;
  private rsj: unknown = NONE;

  constructor(
    readonly ex: Exchange,
    c: Conclusion,
    hits: { request: readonly DataHit[]; response: readonly DataHit[] } | undefined,
  ) {
    this.c = c;
    this.app = c.app.name;
    this.method = ex.request.method;
    this.endpoint = c.stats;
    this.format = c.format;
    this.status = ex.response ? ex.response.status : -1;
    this.path = c.path;
    this.query = c.query;
    this.requestHits = hits?.request ?? NONE;
    this.responseHits = hits?.response ?? NONE;
    this.auth = c.auth;
  }

  template(): string {
    return (this.tpl ??= this.c.app.trie.template(this.c.node));
  }

  functions(): ReadonlySet<FunctionClass> {
    return endpointFunctions(this.endpoint, this.template());
  }

  queryParams(): readonly [string, string][] {
    if (this.qp) return this.qp;
    if (!this.query) return (this.qp = NO_PAIRS);
    const out: [string, string][] = [];
    for (const part of this.query.split('&')) {
      if (out.length >= 200) break;
      if (!part) continue;
      const eq = part.indexOf('=');
      out.push(eq < 0 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
    }
    return (this.qp = out);
  }

  formParams(): readonly [string, string][] {
    if (this.fp) return this.fp;
    const ct = (this.requestHeader('content-type') ?? '').toLowerCase();
    const body = text(this.ex.request);
    if (!body) return (this.fp = NO_PAIRS);
    if (ct.startsWith('application/x-www-form-urlencoded')) return (this.fp = urlencodedPairs(body, 200));
    if (ct.startsWith('multipart/form-data')) return (this.fp = multipartParts(body).filter((p) => !p.file).map((p) => [p.name, p.value] as [string, string]));
    return (this.fp = NO_PAIRS);
  }

  requestJson(): unknown {
    if (this.rqj === NONE) this.rqj = json(this.ex.request);
    return this.rqj;
  }

  responseJson(): unknown {
    if (this.rsj === NONE) this.rsj = json(this.ex.response);
    return this.rsj;
  }

  requestText(): string {
    return text(this.ex.request);
  }

  responseText(): string {
    return text(this.ex.response);
  }

  requestHeader(name: string): string | undefined {
    return headerValue(this.ex.request.headers, name);
  }

  responseHeader(name: string): string | undefined {
    return this.ex.response ? headerValue(this.ex.response.headers, name) : undefined;
  }
}
