/**
 * id-traversal: one caller (account, else credential, else address) walking object ids. Per
 * (caller, endpoint, id parameter) over a sliding window: distinct ids asked, how many requests
 * asked an id next to the previous one (±maxStep), how many were refused. Fires on `minIds`
 * distinct ids that are mostly sequential or mostly refused; a customer reading their own few
 * objects never gets near it.
 *
 * Why this way: a digit in the path (or an id-like query string) is the first filter; the
 * endpoint's id positions are read from its template and cached per endpoint; per-key state is
 * two half-window aggregates with a 32-byte distinct counter.
 */
import { pathSegments } from '../../endpoints/catalog/catalog.js';
import type { EndpointStats } from '../../endpoints/catalog/stats.js';
import { lowEntropyId } from '../../weaknesses/enumerable-id/detect.js';
import { normKey } from '../../weaknesses/values.js';
import { defineRisk, type RiskFacts } from '../types.js';
import { KeyedStore } from '../window/index.js';
import { Halves, LinearCount, callerKey, callerSubject, endpointId, mixInt, type HalfState } from '../dumping/leakage.js';
import { descriptor } from './descriptor.js';

interface Agg {
  requests: number;
  ids: LinearCount;
  sequential: number;
  denied: number;
}

interface KeyState {
  w: HalfState<Agg>;
  lastId: number;
}

interface EndpointIds {
  /** call count at which the template is read again (templates are learnt as traffic comes) */
  recheck: number;
  template: string;
  segments: number;
  /** [segment index, location (`path.` and the parameter's name)] of the template's variables that may hold ids */
  path: [number, string][];
}

/** template variables that hold dates, personal values, tokens or pages: not object ids */
const NOT_ID_PARAM = /(Date|Mobile|CardNo|IdNo|Email|Token|Time)\d*$|^page/i;
const QUERY_ID_HINT = /(?:id|no|khh)=/i;
/** `{"code":"E403",…}`: a business refusal in a 2xx answer (the envelope key first) */
const ENVELOPE = /^\s*\{\s*"(?:code|retCode|ret_code|errCode|errcode|errorCode|error_code|resultCode|result_code|respCode|rspCode|returnCode|return_code)"\s*:\s*"?([^",}\s]{0,24})/;
const OK_CODES = new Set(['0', '00', '000', '0000', '00000', '000000', '200', '10000', 'ok', 'success', 'succ', 's', 'aaaaaaa', 'true']);
const ENVELOPE_HEAD = 256;
/** candidate ids of one exchange, [location, numeric id] by place; reused (onExchange runs to its end before the next) */
const MAX_CANDIDATES = 32;
const candLocation: string[] = [];
const candId: number[] = [];

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** Refused: 401, 403, 404, 410, or a 2xx JSON answer whose envelope code is not a success. */
function denied(f: RiskFacts): boolean {
  const st = f.status;
  if (st === 401 || st === 403 || st === 404 || st === 410) return true;
  if (st < 200 || st >= 300) return false;
  const text = f.responseText();
  const m = ENVELOPE.exec(text.length > ENVELOPE_HEAD ? text.slice(0, ENVELOPE_HEAD) : text);
  return m !== null && !OK_CODES.has(m[1]!.toLowerCase());
}

export const idTraversalRisk = defineRisk({
  descriptor,
  dimension: 'data',
  create: (p) => {
    const windowMs = p.windowSeconds * 1000;
    const idNames = new Set(p.idNames.map(normKey));
    const halves = new Halves<Agg>(windowMs, () => ({ requests: 0, ids: new LinearCount(), sequential: 0, denied: 0 }));
    const keys = new KeyedStore<string, KeyState>({ maxKeys: p.maxKeys, ttlMs: windowMs });
    const fresh = (_k: string, ts: number): KeyState => ({ w: halves.create(ts), lastId: -1 });
    const endpoints = new WeakMap<EndpointStats, EndpointIds>();

    const idsOf = (f: RiskFacts): EndpointIds => {
      const stats = f.endpoint;
      const s = endpoints.get(stats);
      if (s && stats.calls < s.recheck) return s;
      const template = f.template();
      const segs = pathSegments(template);
      const path: [number, string][] = [];
      segs.forEach((seg, i) => {
        const m = /^\{([^{}/]+)\}$/.exec(seg);
        if (m && !NOT_ID_PARAM.test(m[1]!)) path.push([i, `path.${m[1]!}`]);
      });
      const next = { recheck: stats.calls < 1024 ? stats.calls * 2 + 1 : stats.calls + 1024, template, segments: segs.length, path };
      endpoints.set(stats, next);
      return next;
    };

    return {
      onExchange(f, emit) {
        if (f.status < 200 || f.method === 'OPTIONS' || f.method === 'HEAD') return;
        const digitPath = hasDigit(f.path);
        const query = f.query;
        const queryIds = query !== undefined && QUERY_ID_HINT.test(query);
        if (!digitPath && !queryIds) return;
        const e = idsOf(f);

        // candidate ids, in the shared scratch arrays (no arrays made per exchange)
        let n = 0;
        if (digitPath && e.path.length > 0) {
          const segs = pathSegments(f.path);
          if (segs.length === e.segments) {
            for (const [i, location] of e.path) {
              const d = lowEntropyId(segs[i]!, p.maxIdLength, 4);
              if (d !== undefined && n < MAX_CANDIDATES) {
                candLocation[n] = location;
                candId[n++] = Number(d);
              }
            }
          }
        }
        if (queryIds) {
          for (const [k, v] of f.queryParams()) {
            if (!idNames.has(normKey(k))) continue;
            const d = lowEntropyId(v, p.maxIdLength, 4);
            if (d !== undefined && n < MAX_CANDIDATES) {
              candLocation[n] = `query.${k}`;
              candId[n++] = Number(d);
            }
          }
        }
        if (n === 0) return;

        const refused = denied(f);
        const where = `${callerKey(f)}\n${endpointId(f)}\n`;
        for (let c = 0; c < n; c++) {
          const location = candLocation[c]!;
          const id = candId[c]!;
          const key = where + location;
          const s = keys.upsert(key, f.tsMs, fresh);
          const a = halves.at(s.w, f.tsMs);
          a.requests++;
          a.ids.add(mixInt(id));
          const step = Math.abs(id - s.lastId);
          if (s.lastId >= 0 && step > 0 && step <= p.maxStep) a.sequential++;
          if (refused) a.denied++;
          s.lastId = id;

          const b = s.w.prev;
          const requests = a.requests + (b?.requests ?? 0);
          if (requests < p.minIds) continue;
          const ids = Math.min(requests, a.ids.estimate(b?.ids));
          if (ids < p.minIds) continue;
          const sequential = a.sequential + (b?.sequential ?? 0);
          const refusedN = a.denied + (b?.denied ?? 0);
          const walk = sequential >= p.minSequentialRatio * requests;
          const probing = refusedN >= p.minDeniedRatio * requests;
          if (!walk && !probing) continue;
          emit({
            at: f,
            subject: { ...callerSubject(f), endpoint: { app: f.app, method: f.method, pathTemplate: e.template } },
            value: ids,
            baseline: null,
            threshold: p.minIds,
            windowStartMs: halves.startMs(s.w),
            detail: `${ids} distinct ids in "${location}" of ${f.method} ${e.template} asked by one caller in ${p.windowSeconds} s: ${sequential} of ${requests} next to the previous id, ${refusedN} refused`,
          });
        }
      },
    };
  },
});
