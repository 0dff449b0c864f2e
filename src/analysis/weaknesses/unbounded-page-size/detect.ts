/**
 * unbounded-page-size: a page-size parameter (pageSize, limit, rows, size, $top, GraphQL `first`…)
 * asked for a large page (≥ `threshold`) and the 2xx response really carried a large page (its
 * longest JSON array ≥ `minRecords`, or well above the endpoint's normal page): the server has no
 * upper bound. A large value answered with a capped page, or refused, is not a finding.
 *
 * Why this way: which of an endpoint's parameters are page sizes is read once from the names the
 * catalog already keeps for it (EndpointStats.params) and cached until that list grows, so most
 * exchanges cost one WeakMap lookup; the request body and the response are parsed only for an
 * exchange that asks for a large page.
 */
import type { EndpointStats } from '../../endpoints/catalog/stats.js';
import { MAX_JSON_BYTES } from '../facts.js';
import { defineDetector, type ExchangeFacts } from '../types.js';
import { jsonAt, leafName, normKey } from '../values.js';
import { descriptor } from './descriptor.js';

/** a page-size parameter of one endpoint, as the catalog names it */
interface PageParam {
  in: 'query' | 'form' | 'multipart' | 'body';
  name: string;
  location: string;
}

interface EndpointState {
  /** EndpointStats.params.size when `params` was read */
  seen: number;
  params: PageParam[];
  /** small requested page sizes → how often (the most frequent one is the normal page) */
  small: Map<number, number>;
}

/** distinct small page sizes remembered per endpoint */
const MAX_SMALL = 16;
/** JSON nodes visited when looking for the longest array */
const WALK_BUDGET = 20_000;
/** GraphQL documents longer than this are not searched for inline page arguments */
const MAX_GRAPHQL_TEXT = 16 * 1024;
const GRAPHQL_ARG = /\b(first|last|limit|pageSize|size|top|count)\s*:\s*(-?\d{1,12})\b/g;

/** response text scanned when the body is too large to parse (facts parse JSON up to MAX_JSON_BYTES) */
const MAX_COUNT_TEXT = 16 * 1024 * 1024;

/**
 * Records in a JSON body too large to parse, estimated as object boundaries inside arrays
 * (`},{`): exact for a flat page of records, an over-estimate when records nest arrays of objects.
 */
export function estimateRecords(text: string): number {
  const end = Math.min(text.length, MAX_COUNT_TEXT);
  let n = 0;
  for (let i = text.indexOf('},', 0); i >= 0 && i < end; i = text.indexOf('},', i + 2)) {
    let k = i + 2;
    while (k < end && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13 || text.charCodeAt(k) === 9)) k++;
    if (text.charCodeAt(k) === 123) n++;
  }
  return n > 0 ? n + 1 : 0;
}

/** The length of the longest array anywhere in a JSON document (bounded walk). */
export function longestArray(doc: unknown): number {
  let best = 0;
  let budget = WALK_BUDGET;
  const stack: unknown[] = [doc];
  while (stack.length > 0 && budget-- > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      if (v.length > best) best = v.length;
      // records of one page look alike: the first few tell whether they nest longer arrays
      for (let i = 0; i < v.length && i < 8; i++) if (typeof v[i] === 'object') stack.push(v[i]);
    } else for (const k in v as Record<string, unknown>) stack.push((v as Record<string, unknown>)[k]);
  }
  return best;
}

/** A requested page size as an integer, or undefined. */
function asInt(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > 12) return undefined;
  return /^-?\d+$/.test(v) ? Number(v) : undefined;
}

function pairValue(pairs: readonly [string, string][], name: string): string | undefined {
  for (const [k, v] of pairs) if (k === name) return v;
  return undefined;
}

export const unboundedPageSize = defineDetector({
  descriptor,
  create: (p) => {
    const names = new Set(p.names.map(normKey));
    const states = new WeakMap<EndpointStats, EndpointState>();

    const stateOf = (stats: EndpointStats): EndpointState => {
      let s = states.get(stats);
      if (!s) states.set(stats, (s = { seen: -1, params: [], small: new Map() }));
      if (s.seen !== stats.params.size) {
        s.seen = stats.params.size;
        s.params = [];
        for (const [name, ps] of stats.params) {
          if (name.includes('[]') || !names.has(normKey(leafName(name)))) continue;
          s.params.push({ in: ps.in, name, location: ps.in === 'body' ? name : `${ps.in}.${name}` });
        }
      }
      return s;
    };

    const requested = (f: ExchangeFacts, q: PageParam): number | undefined => {
      switch (q.in) {
        case 'query':
          return asInt(pairValue(f.queryParams(), q.name));
        case 'form':
        case 'multipart':
          return asInt(pairValue(f.formParams(), q.name));
        default:
          return asInt(jsonAt(f.requestJson(), q.name));
      }
    };

    /** a page size of 0 or -1 means "everything" to many paging libraries (PageHelper, DataTables) */
    const asksAll = (n: number): boolean => n === 0 || n === -1;

    return {
      onExchange(f, report) {
        if (f.status < 200 || f.status >= 300) return;
        const gql = f.format.format === 'graphql';
        const s = stateOf(f.endpoint);
        if (s.params.length === 0 && !gql) return;

        let ask: { location: string; value: number } | undefined;
        for (const q of s.params) {
          const n = requested(f, q);
          if (n === undefined) continue;
          if (n >= p.threshold || asksAll(n)) {
            if (!ask || n > ask.value || asksAll(ask.value)) ask = { location: q.location, value: n };
          } else if (n > 0 && (s.small.has(n) || s.small.size < MAX_SMALL)) s.small.set(n, (s.small.get(n) ?? 0) + 1);
        }
        if (!ask && gql) {
          const doc = f.requestJson();
          const text = typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>).query : undefined;
          if (typeof text === 'string' && text.length <= MAX_GRAPHQL_TEXT) {
            for (const m of text.matchAll(GRAPHQL_ARG)) {
              const n = Number(m[2]);
              if (n >= p.threshold && (!ask || n > ask.value)) ask = { location: `graphql.${m[1]}`, value: n };
            }
          }
        }
        if (!ask) return;

        const doc = f.responseJson();
        let records: number;
        let estimated = false;
        if (doc !== undefined) records = longestArray(doc);
        else {
          // too large to parse (or not JSON): a JSON body that large is worth a bounded count
          const text = f.responseText();
          if (text.length <= MAX_JSON_BYTES || !(f.responseHeader('content-type') ?? '').includes('json')) return;
          records = estimateRecords(text);
          estimated = true;
        }
        let normal = 0;
        let most = 0;
        for (const [size, c] of s.small) if (c > most || (c === most && size < normal)) [normal, most] = [size, c];
        const overNormal = normal > 0 && records >= normal * p.normalPageFactor && records >= p.minRecordsOverNormal;
        if (records < p.minRecords && !overNormal) return;
        const asked = asksAll(ask.value) ? `${ask.value} (all records)` : String(ask.value);
        report({
          at: f,
          location: ask.location,
          detail: `page size ${asked} requested in "${ask.location}" and honoured: ${estimated ? 'about ' : ''}${records} records in one ${f.status} response${normal ? ` (normal page ${normal})` : ''}`,
          data: { requested: ask.value, records, estimated, normalPage: normal || null, threshold: p.threshold, minRecords: p.minRecords },
        });
      },
    };
  },
});
