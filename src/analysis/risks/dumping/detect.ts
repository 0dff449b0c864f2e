/**
 * dumping: one caller (account, else credential, else address) paging through one endpoint.
 * Per (caller, endpoint) over a sliding window: distinct page numbers or offsets, how many
 * requests stepped upwards from the previous one, records returned, and pages asked with a page
 * size `sizeFactor` times the endpoint's usual one. Fires on many ascending pages with many
 * records, or on a few tampered pages with many records.
 *
 * Why this way: the request's page parameters are read from the query, form or JSON body only
 * when the exchange has any; records come from the sensitive hits (rows) before any body is
 * read; per-key state is two half-window aggregates with a 32-byte distinct counter.
 */
import type { EndpointStats } from '../../endpoints/catalog/stats.js';
import { normKey } from '../../weaknesses/values.js';
import { defineRisk, type RiskFacts } from '../types.js';
import { KeyedStore } from '../window/index.js';
import { descriptor } from './descriptor.js';
import { Halves, LinearCount, callerKey, callerSubject, endpointId, mixInt, recordsOf, type HalfState } from './leakage.js';

interface Agg {
  requests: number;
  ascending: number;
  pages: LinearCount;
  records: number;
  tampered: number;
  maxPage: number;
}

interface KeyState {
  w: HalfState<Agg>;
  lastPage: number;
}

/** distinct small page sizes remembered per endpoint (the most frequent is the usual one) */
const MAX_SIZES = 16;
const MAX_INT_TEXT = 9;

function asInt(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_INT_TEXT) return undefined;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(v);
}

/** normKey of parameter names, remembered: the same few names come with every request (bounded) */
const normNames = new Map<string, string>();
function normName(k: string): string {
  let n = normNames.get(k);
  if (n === undefined) {
    if (normNames.size >= 4096) normNames.clear();
    normNames.set(k, (n = normKey(k)));
  }
  return n;
}

/** What `paging` found: one object for all calls, read before the next (no allocation per request). */
const found: { page?: number; size?: number } = {};

function take(k: string, v: unknown, pageNames: ReadonlySet<string>, sizeNames: ReadonlySet<string>): void {
  const n = normName(k);
  if (found.page === undefined && pageNames.has(n)) found.page = asInt(v);
  else if (found.size === undefined && sizeNames.has(n)) found.size = asInt(v);
}

/**
 * The page number (or offset) and page size a request asks for, from its query, form or top-level
 * JSON fields. The answer is a shared object, good until the next call.
 */
function paging(f: RiskFacts, pageNames: ReadonlySet<string>, sizeNames: ReadonlySet<string>): Readonly<{ page?: number; size?: number }> {
  found.page = found.size = undefined;
  if (f.query !== undefined) for (const [k, v] of f.queryParams()) take(k, v, pageNames, sizeNames);
  if (f.method !== 'GET' && f.ex.request.body !== undefined) {
    const type = f.requestHeader('content-type') ?? '';
    if (type.includes('json')) {
      const doc = f.requestJson();
      if (typeof doc === 'object' && doc !== null && !Array.isArray(doc)) {
        const o = doc as Record<string, unknown>;
        for (const k in o) take(k, o[k], pageNames, sizeNames);
      }
    } else if (type.includes('form')) for (const [k, v] of f.formParams()) take(k, v, pageNames, sizeNames);
  }
  return found;
}

export const dumpingRisk = defineRisk({
  descriptor,
  dimension: 'data',
  create: (p) => {
    const windowMs = p.windowSeconds * 1000;
    const pageNames = new Set(p.pageNames.map(normKey));
    const sizeNames = new Set(p.sizeNames.map(normKey));
    const halves = new Halves<Agg>(windowMs, () => ({ requests: 0, ascending: 0, pages: new LinearCount(), records: 0, tampered: 0, maxPage: 0 }));
    const keys = new KeyedStore<string, KeyState>({ maxKeys: p.maxKeys, ttlMs: windowMs });
    const fresh = (_k: string, ts: number): KeyState => ({ w: halves.create(ts), lastPage: -1 });
    const usualSizes = new WeakMap<EndpointStats, Map<number, number>>();

    /** the endpoint's most frequent page size, learnt from requests that were not tampered */
    const usualSize = (stats: EndpointStats, size: number | undefined): number => {
      let m = usualSizes.get(stats);
      if (!m) usualSizes.set(stats, (m = new Map()));
      let usual = 0;
      let most = 0;
      for (const [s, c] of m) if (c > most || (c === most && s < usual)) [usual, most] = [s, c];
      if (size !== undefined && size > 0 && (usual === 0 || size < usual * p.sizeFactor) && (m.has(size) || m.size < MAX_SIZES)) m.set(size, (m.get(size) ?? 0) + 1);
      return usual;
    };

    return {
      onExchange(f, emit) {
        if (f.status < 200 || f.status >= 300) return;
        if (f.query === undefined && f.method === 'GET') return;
        const { page, size } = paging(f, pageNames, sizeNames);
        if (page === undefined && size === undefined) return;
        const usual = usualSize(f.endpoint, size);
        const tampered = size !== undefined && usual > 0 && size >= usual * p.sizeFactor;
        const records = recordsOf(f);

        const template = f.template();
        const key = `${callerKey(f)}\n${endpointId(f)}`;
        const s = keys.upsert(key, f.tsMs, fresh);
        const a = halves.at(s.w, f.tsMs);
        a.requests++;
        a.records += records;
        if (tampered) a.tampered++;
        if (page !== undefined) {
          a.pages.add(mixInt(page));
          if (page > s.lastPage && s.lastPage >= 0) a.ascending++;
          if (page > a.maxPage) a.maxPage = page;
          s.lastPage = page;
        }

        const b = s.w.prev;
        const total = a.records + (b?.records ?? 0);
        if (total < p.minRecords) return;
        const requests = a.requests + (b?.requests ?? 0);
        const pages = Math.min(requests, a.pages.estimate(b?.pages));
        const ascending = a.ascending + (b?.ascending ?? 0);
        const tamperedPages = a.tampered + (b?.tampered ?? 0);
        const walk = pages >= p.minPages && ascending >= p.minAscendingRatio * requests;
        const big = tamperedPages >= p.minTamperedPages;
        if (!walk && !big) return;
        const maxPage = Math.max(a.maxPage, b?.maxPage ?? 0);
        emit({
          at: f,
          subject: { ...callerSubject(f), endpoint: { app: f.app, method: f.method, pathTemplate: template } },
          value: total,
          baseline: null,
          threshold: p.minRecords,
          windowStartMs: halves.startMs(s.w),
          detail: walk
            ? `${pages} pages (up to ${maxPage}, ${ascending} of ${requests} requests stepping up) and ${total} records from ${f.method} ${template} to one client in ${p.windowSeconds} s`
            : `${tamperedPages} pages of size ${size ?? '?'} (usual ${usual}) and ${total} records from ${f.method} ${template} to one client in ${p.windowSeconds} s`,
        });
      },
    };
  },
});
