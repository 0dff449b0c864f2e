/**
 * Shared by the server-side-behaviour detectors (sql-in-parameter, ssrf-prone-parameter,
 * file-download-by-path): the request's string parameters with the locations findings use
 * (`query.x`, `form.x`, `multipart.x`, JSON paths such as `filter.where`), bounded; and whether
 * a 2xx JSON answer in fact refuses the request (bank APIs often answer 200 with a business
 * error code), so that a refused call does not count as the server acting on a parameter.
 *
 *   for (const p of requestStrings(f, 200)) p   // { location: 'query.url', name: 'url', value: 'https://…' }
 *   refusedInBody({ code: 'E1001', msg: '参数非法' })  // true
 */
import type { ExchangeFacts } from './types.js';
import { jsonLeaves } from './values.js';

export interface RequestString {
  /** `query.url`, `form.fileName`, `multipart.path`, or a JSON path (`data.notifyUrl`) */
  location: string;
  /** the parameter's own name (the last JSON key) */
  name: string;
  value: string;
}

/** `form` or `multipart` by the request's content type; undefined for any other body. */
export function formPrefix(f: ExchangeFacts): 'form' | 'multipart' | undefined {
  const ct = f.requestHeader('content-type');
  if (!ct) return undefined;
  const c = ct.charCodeAt(0) | 0x20;
  if (c !== 0x61 && c !== 0x6d) return undefined; // 'a'pplication/… or 'm'ultipart/…
  const lc = ct.toLowerCase();
  if (lc.startsWith('application/x-www-form-urlencoded')) return 'form';
  if (lc.startsWith('multipart/form-data')) return 'multipart';
  return undefined;
}

/** The request's string parameters: query, then form or multipart fields, then JSON string leaves; at most `max`. */
export function requestStrings(f: ExchangeFacts, max: number, json = true): RequestString[] {
  const out: RequestString[] = [];
  for (const [name, value] of f.queryParams()) {
    if (out.length >= max) return out;
    out.push({ location: `query.${name}`, name, value });
  }
  const prefix = formPrefix(f);
  if (prefix) {
    for (const [name, value] of f.formParams()) {
      if (out.length >= max) return out;
      out.push({ location: `${prefix}.${name}`, name, value });
    }
  } else if (json) {
    const doc = f.requestJson();
    if (doc !== undefined) {
      for (const [path, value] of jsonLeaves(doc, '', { n: max - out.length })) {
        if (typeof value !== 'string') continue;
        out.push({ location: path, name: lastKey(path), value });
      }
    }
  }
  return out;
}

/** `data.list[].url` → `url` */
export function lastKey(path: string): string {
  let end = path.length;
  while (end >= 2 && path.charCodeAt(end - 1) === 93 && path.charCodeAt(end - 2) === 91) end -= 2; // trailing []
  const dot = path.lastIndexOf('.', end - 1);
  return path.slice(dot + 1, end);
}

/** Keys bank and payment APIs use for a result code (normalised: lower case, no `_`/`-`). */
const CODE_KEYS = new Set(['code', 'retcode', 'rescode', 'respcode', 'rspcode', 'returncode', 'rtncode', 'resultcode', 'errcode', 'errorcode', 'errno', 'ret', 'statuscode']);
const SUCCESS_CODES = new Set(['0', '00', '000', '0000', '00000', '000000', '0000000', '00000000', '200', 'success', 'succ', 'ok', 's', 'aaaaaaa', 'true']);
const FLAG_KEYS = new Set(['success', 'succeed', 'succeeded', 'ok']);

/**
 * A JSON answer that refuses the request: `success: false`, or a result code that is not one of
 * the usual success codes (`0`, `0000`, `000000`, `200`, `SUCCESS`, `AAAAAAA`…). Looks at the top
 * level and one level down (`head`, `header`, `result`, `meta`), as bank gateways wrap it.
 */
export function refusedInBody(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  if (refusedAt(doc as Record<string, unknown>)) return true;
  for (const k of ['head', 'header', 'result', 'meta', 'rspHead', 'respHead']) {
    const v = (doc as Record<string, unknown>)[k];
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && refusedAt(v as Record<string, unknown>)) return true;
  }
  return false;
}

function refusedAt(o: Record<string, unknown>): boolean {
  let n = 0;
  for (const k in o) {
    if (++n > 64) break;
    const nk = k.toLowerCase().replace(/[-_]/g, '');
    const v = o[k];
    if (FLAG_KEYS.has(nk) && v === false) return true;
    if (!CODE_KEYS.has(nk)) continue;
    if (typeof v === 'number') {
      if (v !== 0 && v !== 200) return true;
    } else if (typeof v === 'string') {
      const s = v.trim().toLowerCase();
      if (s !== '' && !SUCCESS_CODES.has(s)) return true;
    }
  }
  return false;
}

/**
 * Successful occurrences per (endpoint, location), bounded: at most `maxPerEndpoint` locations
 * per endpoint (further ones are not counted), held weakly by the endpoint's statistics.
 */
export class OccurrenceCounter {
  private readonly seen = new WeakMap<object, Map<string, number>>();
  constructor(private readonly maxPerEndpoint: number) {}

  /** the count after this occurrence; 0 when the endpoint has no room for a new location */
  add(endpoint: object, location: string): number {
    let m = this.seen.get(endpoint);
    if (!m) this.seen.set(endpoint, (m = new Map()));
    const prev = m.get(location);
    if (prev === undefined && m.size >= this.maxPerEndpoint) return 0;
    const n = (prev ?? 0) + 1;
    m.set(location, n);
    return n;
  }
}
