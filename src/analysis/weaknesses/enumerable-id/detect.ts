/**
 * enumerable-id: BOLA-prone object ids. A path parameter or id-like query parameter (userId,
 * accountNo, orderNo, custNo, id) takes short numeric values (an optional short letter prefix
 * plus digits: 1001, ORD10023), the endpoint serves someone's objects (the path or parameter
 * names a customer-owned object, or the responses carry personal data), at least
 * `minDistinctIds` distinct ids were answered 2xx with different object bodies, and the ids are
 * not bound to the caller: one credential (or, without any credential, anyone) was answered for
 * `minDistinctPerCaller` of them. A customer who always reads their own id, UUIDs and long
 * random ids, page numbers, refusals (4xx, or a 200 carrying a business error code) and public
 * reference data (products, branches, news: no owner words, no personal data) are not findings.
 *
 * Why this way: per exchange the cheap tests come first (2xx, a digit in the path or a query
 * string); the endpoint's template and parameter positions are cached per endpoint; callers are
 * hashed to short keys and every set is capped, so state stays bounded on a bank's traffic.
 */
import { pathSegments } from '../../endpoints/catalog/catalog.js';
import type { EndpointStats } from '../../endpoints/catalog/stats.js';
import { splitWords } from '../../endpoints/templating/segments.js';
import { defineDetector, type ExchangeFacts } from '../types.js';
import { normKey } from '../values.js';
import { callerKey, shortHash } from './caller.js';
import { descriptor } from './descriptor.js';

/** parameters (locations) tracked per endpoint */
const MAX_LOCATIONS = 8;
/** query parameter names remembered per endpoint */
const MAX_QUERY_NAMES = 64;
/** the response head searched for a business error code */
const ENVELOPE_HEAD = 256;
/** path parameter names the templater gives personal data, dates and tokens: not object ids */
const NOT_ID_PARAM = /(Date|Mobile|CardNo|IdNo|Email|Token)\d*$|^page/i;
/** `{"code":"E403",…}`: a business answer in a 200 (the envelope key first) */
const ENVELOPE = /^\s*\{\s*"(?:code|retCode|ret_code|errCode|errcode|errorCode|error_code|resultCode|result_code|respCode|rspCode|returnCode|return_code)"\s*:\s*"?([^",}\s]{0,24})/;
const OK_CODES = new Set(['0', '00', '000', '0000', '00000', '000000', '200', 'ok', 'success', 'succ', 's', 'aaaaaaa', 'true']);
const QUERY_ID_HINT = /(?:id|no|khh)=/i;
/** `report_id`, `reportId`, `order-no`, `billNO`: a name that says "the id of a <noun>" (not `paid`, `valid`, `video`; paging and sequence numbers are excluded where it is used) */
const ID_SUFFIX = /(?:[_-](?:id|no)|[a-z0-9](?:Id|ID|No|NO))$/;

interface LocState {
  /** id → signature of the first 2xx body seen for it */
  ids: Map<string, string>;
  /** caller → distinct ids answered to it (capped) */
  callers: Map<string, Set<string>>;
  /** ids answered to requests without any credential */
  noAuth: Set<string>;
  /** a response for this parameter carried personal data */
  ownerSeen: boolean;
  /** the parameter's name says a customer-owned object (`query.custNo`) */
  named: boolean;
  /** what the ids look like, for `ids.size` ids */
  sum?: { size: number; bodies: number; sequential: boolean; span: number | null };
}

interface EndpointState {
  /** call count at which the template is read again */
  recheck: number;
  segments: number;
  /** path parameters: [segment index, name] */
  pathParams: [number, string][];
  /** the template's words name a customer-owned object */
  ownedByPath: boolean;
  admin: boolean;
  locs: Map<string, LocState>;
  /** query parameter name → is it an object id (cached: names repeat) */
  queryNames: Map<string, boolean>;
}

const hasDigit = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
};

/** 8 digits that read as a date (20240501) */
const isDate8 = (d: string): boolean => {
  if (d.length !== 8) return false;
  const y = +d.slice(0, 4);
  const m = +d.slice(4, 6);
  const day = +d.slice(6, 8);
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && day >= 1 && day <= 31;
};

/**
 * A low-entropy id: an optional letter prefix of at most `maxPrefix` letters, then digits only,
 * `maxLen` characters at most; not a mobile number or a date. Returns the digits, or undefined.
 */
export function lowEntropyId(v: string, maxLen: number, maxPrefix: number): string | undefined {
  if (v.length === 0 || v.length > maxLen) return undefined;
  let i = 0;
  while (i < v.length && i <= maxPrefix) {
    const c = v.charCodeAt(i) | 32;
    if (c < 97 || c > 122) break;
    i++;
  }
  if (i > maxPrefix || i === v.length) return undefined;
  for (let k = i; k < v.length; k++) {
    const c = v.charCodeAt(k);
    if (c < 48 || c > 57) return undefined;
  }
  const digits = v.slice(i);
  if (digits.length === 11 && digits.charCodeAt(0) === 49 && digits.charCodeAt(1) >= 51) return undefined; // 1[3-9]…: a mobile number
  if (isDate8(digits)) return undefined;
  return digits;
}

function ownedWords(text: string, owned: ReadonlySet<string>): boolean {
  for (const w of splitWords(text)) {
    if (owned.has(w) || (w.length > 3 && w.endsWith('s') && owned.has(w.slice(0, -1)))) return true;
  }
  return false;
}

/** The few characters after `key:` in a JSON text ('' when the key is not there): indexOf, no regex. */
function valueAfter(head: string, key: string): string {
  const i = head.indexOf(key);
  if (i < 0) return '';
  let k = i + key.length;
  while (k < head.length && (head.charCodeAt(k) === 32 || head.charCodeAt(k) === 58)) k++;
  return head.slice(k, k + 6);
}

/** A 2xx body that is a business refusal (`{"code":"E403","msg":"无权访问"}`, `"success":false`). */
function businessError(head: string): boolean {
  if (valueAfter(head, '"success"').startsWith('false')) return true;
  const st = valueAfter(head, '"status"').toLowerCase();
  if (st.startsWith('"fail') || st.startsWith('"error')) return true;
  const m = ENVELOPE.exec(head);
  return m !== null && !OK_CODES.has(m[1]!.toLowerCase());
}

/** A cheap signature of a body: its length and a hash of its head and tail. */
function signature(body: string): string {
  return `${body.length}:${shortHash(body)}`;
}

/** Distinct bodies and spread of the ids seen, recomputed only when an id was added. */
function summary(l: LocState): NonNullable<LocState['sum']> {
  if (l.sum && l.sum.size === l.ids.size) return l.sum;
  let min = Infinity;
  let max = -Infinity;
  for (const k of l.ids.keys()) {
    let i = 0;
    while (i < k.length && (k.charCodeAt(i) < 48 || k.charCodeAt(i) > 57)) i++;
    const n = Number(k.slice(i));
    if (n < min) min = n;
    if (n > max) max = n;
  }
  const span = Number.isFinite(max - min) ? max - min : null;
  return (l.sum = { size: l.ids.size, bodies: new Set(l.ids.values()).size, sequential: span !== null && span < l.ids.size * 10, span });
}

export const enumerableId = defineDetector({
  descriptor,
  create: (p) => {
    const idNames = new Set(p.idNames.map(normKey));
    const owned = new Set(p.ownedWords.map(normKey));
    const ownerLabels = new Set<string>(p.ownerLabels);
    const perCallerCap = Math.max(p.minDistinctPerCaller, 8);
    const states = new WeakMap<EndpointStats, EndpointState>();

    const stateOf = (f: ExchangeFacts): EndpointState => {
      const stats = f.endpoint;
      const s = states.get(stats);
      if (s && stats.calls < s.recheck) return s;
      const tpl = f.template();
      const segs = pathSegments(tpl);
      const pathParams: [number, string][] = [];
      segs.forEach((seg, i) => {
        const m = /^\{([^{}/]+)\}$/.exec(seg);
        if (m && !NOT_ID_PARAM.test(m[1]!)) pathParams.push([i, m[1]!]);
      });
      const next = {
        recheck: stats.calls < 1024 ? stats.calls * 2 + 1 : stats.calls + 1024,
        segments: segs.length,
        pathParams,
        ownedByPath: ownedWords(tpl, owned),
        admin: p.skipAdmin && f.functions().has('admin'),
        locs: s?.locs ?? new Map<string, LocState>(),
        queryNames: s?.queryNames ?? new Map<string, boolean>(),
      };
      states.set(stats, next);
      return next;
    };

    const locOf = (s: EndpointState, location: string): LocState | undefined => {
      let l = s.locs.get(location);
      if (!l && s.locs.size < MAX_LOCATIONS) s.locs.set(location, (l = { ids: new Map(), callers: new Map(), noAuth: new Set(), ownerSeen: false, named: ownedWords(location, owned) }));
      return l;
    };

    return {
      onExchange(f, report) {
        if (f.status < 200 || f.status >= 300 || f.method === 'OPTIONS' || f.method === 'HEAD') return;
        const query = f.query;
        const digitPath = hasDigit(f.path);
        if (!digitPath && (query === undefined || !QUERY_ID_HINT.test(query))) return;
        const s = stateOf(f);
        if (s.admin) return;

        // candidate ids: [location, id, digits]
        const cands: [string, string, string][] = [];
        if (digitPath && s.pathParams.length > 0) {
          const segs = pathSegments(f.path);
          if (segs.length === s.segments) {
            for (const [i, name] of s.pathParams) {
              const d = lowEntropyId(segs[i]!, p.maxIdLength, p.maxPrefixLength);
              if (d !== undefined) cands.push([`path.${name}`, segs[i]!, d]);
            }
          }
        }
        if (query !== undefined && QUERY_ID_HINT.test(query)) {
          for (const [k, v] of f.queryParams()) {
            let isId = s.queryNames.get(k);
            if (isId === undefined) {
              isId = idNames.has(normKey(k)) || (p.idSuffixes && ID_SUFFIX.test(k) && !/^(page|seq|serial|version|ver|pg)/i.test(k));
              if (s.queryNames.size < MAX_QUERY_NAMES) s.queryNames.set(k, isId);
            }
            if (!isId) continue;
            const d = lowEntropyId(v, p.maxIdLength, p.maxPrefixLength);
            if (d !== undefined) cands.push([`query.${k}`, v, d]);
          }
        }
        if (cands.length === 0) return;

        const body = f.responseText();
        if (body.length < p.minBodyBytes || businessError(body.length > ENVELOPE_HEAD ? body.slice(0, ENVELOPE_HEAD) : body)) return;
        let ownerHit = false;
        for (const h of f.responseHits) if (ownerLabels.has(h.label)) ownerHit = true;
        const caller = callerKey(f);
        const unauthenticated = f.auth === 'none';

        for (const [location, id, digits] of cands) {
          const l = locOf(s, location);
          if (!l) continue;
          if (ownerHit) l.ownerSeen = true;
          if (!l.ids.has(id) && l.ids.size < p.maxTrackedIds) l.ids.set(id, signature(body));
          let mine = l.callers.get(caller);
          if (!mine && l.callers.size < p.maxCallers) l.callers.set(caller, (mine = new Set()));
          if (mine && mine.size < perCallerCap) mine.add(id);
          if (unauthenticated && l.noAuth.size < p.maxTrackedIds) l.noAuth.add(id);

          if (!(s.ownedByPath || l.named || l.ownerSeen)) continue;
          if (l.ids.size < p.minDistinctIds) continue;
          const byCaller = mine !== undefined && mine.size >= p.minDistinctPerCaller;
          const open = unauthenticated && l.noAuth.size >= p.minDistinctPerCaller;
          if (!byCaller && !open) continue;
          const sum = summary(l);
          if (sum.bodies < p.minDistinctIds) continue;
          const { bodies, sequential, span } = sum;
          const who = open ? 'requests without any credential were' : 'one credential was';
          report({
            at: f,
            location,
            detail: `${l.ids.size} distinct ${sequential ? 'sequential ' : ''}${digits.length}-digit ids in "${location}" answered 2xx with different objects; ${who} answered ${open ? l.noAuth.size : mine!.size} of them`,
            data: {
              distinctIds: l.ids.size,
              distinctBodies: bodies,
              perCaller: mine?.size ?? 0,
              unauthenticated: open,
              idDigits: digits.length,
              sequential,
              span,
              ownedBy: s.ownedByPath || l.named ? 'name' : 'personal data in responses',
            },
          });
        }
      },
    };
  },
});
