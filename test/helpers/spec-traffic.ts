/**
 * Realistic traffic from a documented API, and a score for templates learned from it: the
 * templating accuracy acceptance (issue 3) runs discovery on this traffic without the spec and
 * compares what it learned with the spec's operations.
 *
 * Values look like the ones real systems put in paths, chosen from the parameter's schema
 * (enum, pattern, format, example) and name: Adyen-style ids (`BA3227C223222B5FTD2KR6238`),
 * Open Banking consent and payment ids, UK account numbers and IBANs, UUIDs, 10–12 digit numeric
 * ids, usernames and book titles. One pool of values per collection (`/accounts/{AccountId}` and
 * `/accounts/{AccountId}/balances` see the same accounts), as in real traffic.
 *
 *   const { exchanges, truth } = generateSpecTraffic('vampi/openapi3.yml', { seed: 1 });
 *   scoreTemplates(learned, truth) // { precision, recall, f1, merged, missing, extra } (score.ts)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Exchange, Header } from '../../src/core/exchange.js';
import { loadSpec } from '../../src/analysis/endpoints/openapi/import.js';
import { compileSpecMatcher, pathSegments } from '../../src/analysis/endpoints/openapi/match.js';
import type { TruthOperation } from '../../src/analysis/endpoints/openapi/score.js';
import type { SpecOperation, SpecParam, SpecResult } from '../../src/analysis/endpoints/openapi/types.js';
import { corpusPath } from './corpus.js';

// Scoring lives beside the diff (it compares learned templates with documented ones); re-exported for the acceptance test.
export { type LearnedTemplate, type TemplateScore, type TruthOperation, scoreTemplates } from '../../src/analysis/endpoints/openapi/score.js';

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: SplitMix32 seeded from a string, so every spec gets its own stream.

export class Rng {
  private s: number;
  constructor(seed: number | string) {
    this.s = typeof seed === 'number' ? seed | 0 : fnv1a(seed);
  }
  next(): number {
    this.s = (this.s + 0x9e3779b9) | 0;
    let z = this.s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

const DIGITS = '0123456789';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';
const ADYEN = '0123456789' + '23456789' + UPPER; // Adyen ids are digit-heavy upper-case alphanumerics

const uuid = (r: Rng): string =>
  `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-4${r.chars(HEX, 3)}-${r.pick(['8', '9', 'a', 'b'])}${r.chars(HEX, 3)}-${r.chars(HEX, 12)}`;
const numeric = (r: Rng, min: number, max: number): string => String(r.int(1, 9)) + r.chars(DIGITS, r.int(min, max) - 1);
const date = (r: Rng): string => `20${r.int(19, 24)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
const FIRST = ['john', 'alice', 'wei', 'maria', 'li', 'omar', 'sofia', 'james', 'mei', 'lucas', 'emma', 'raj'];
const LAST = ['doe', 'smith', 'zhang', 'garcia', 'wang', 'khan', 'rossi', 'brown', 'chen', 'silva', 'jones', 'patel'];
const COMPANIES = ['Acme', 'Northwind', 'Contoso', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Tyrell'];
const TITLES = ['dune', 'the-hobbit', 'War%20and%20Peace', 'Moby-Dick', 'neuromancer', 'the_silent_spring'];

// ---------------------------------------------------------------------------------------------
// Path-parameter values.

type Flavour = 'adyen' | 'openbanking' | 'cds' | 'generic';

function flavourOf(specFile: string, spec: SpecResult): Flavour {
  const s = `${specFile} ${spec.hosts.join(' ')}`.toLowerCase();
  if (s.includes('adyen')) return 'adyen';
  if (s.includes('openbanking') || spec.basePaths.some((b) => b.startsWith('/open-banking'))) return 'openbanking';
  if (s.includes('cds')) return 'cds';
  return 'generic';
}

/** `balanceAccounts` → `BA`, `accountHolders` → `AH`: Adyen ids start with a code for the object type. */
function initials(word: string): string {
  const parts = word.replace(/s$/, '').split(/(?=[A-Z])|[-_]/).filter(Boolean);
  const code = parts.length > 1 ? parts.map((p) => p[0]).join('') : word.slice(0, 2);
  return code.toUpperCase().slice(0, 2).padEnd(2, 'X');
}

interface PoolContext {
  flavour: Flavour;
  wordLikeIds: boolean;
  /** the collection the value names: the nearest literal path segment before it */
  collection: string;
}

/** One value generator per pool, fixed when the pool is made: a system uses one id style per collection. */
function valueStyle(p: SpecParam, ctx: PoolContext, r: Rng): (r: Rng) => string {
  const s = p.schema ?? {};
  const name = p.name.toLowerCase();
  if (s.enum && s.enum.length > 0) {
    const values = s.enum.map(String);
    return (rr) => rr.pick(values);
  }
  if (s.pattern) {
    const re = safeRegExp(s.pattern);
    const sample = re && samplePattern(s.pattern, r);
    if (re && sample !== undefined && re.test(sample)) return (rr) => samplePattern(s.pattern as string, rr) ?? sample;
  }
  if (s.format === 'uuid' || /uuid|guid/.test(name)) return uuid;
  if (s.format === 'date' || /date$|day$/.test(name)) return date;
  if (s.format === 'date-time') return (rr) => `${date(rr)}T${String(rr.int(0, 23)).padStart(2, '0')}:${String(rr.int(10, 59))}:00Z`;
  if (s.format === 'email' || /e?mail/.test(name)) return (rr) => `${rr.pick(FIRST)}.${rr.pick(LAST)}${rr.int(1, 99)}@example.com`;
  if (s.type === 'integer' || s.type === 'number' || /^int/.test(s.format ?? '')) {
    const len = r.pick([4, 6, 8, 10, 11, 12]);
    return (rr) => numeric(rr, len, len);
  }
  if (/user_?name|login|nickname/.test(name)) {
    return (rr) => rr.pick([`name${rr.int(1, 999)}`, `${rr.pick(FIRST)}.${rr.pick(LAST)}`, `${rr.pick(FIRST)}${rr.int(1, 99)}`, `${rr.pick(FIRST)[0]}${rr.pick(LAST)}`]);
  }
  if (/title|slug/.test(name)) return (rr) => (rr.next() < 0.6 ? `bookTitle${rr.int(1, 999)}` : rr.pick(TITLES));
  if (/currency/.test(name)) return (rr) => rr.pick(['EUR', 'GBP', 'USD', 'AUD', 'CNY', 'JPY', 'CHF', 'SGD']);
  if (/country/.test(name)) return (rr) => rr.pick(['GB', 'NL', 'AU', 'CN', 'US', 'DE', 'FR', 'SG']);
  if (/pspreference/.test(name)) return (rr) => rr.chars(ADYEN, 16);
  if (/code$/.test(name)) return (rr) => rr.chars(UPPER + DIGITS, rr.int(6, 8));
  if (ctx.wordLikeIds && [name, ctx.collection.toLowerCase()].some((x) => /merchant|compan|shop|tenant|partner|brand|^stores?(id)?$/.test(x))) return (rr) => `${rr.pick(COMPANIES)}${rr.pick(['Shop', 'Retail', 'Group', 'Online', 'Store', ''])}${rr.pick(['ECOM', 'POS', 'NL', 'UK', 'Europe', 'Main'])}`;
  if (ctx.flavour === 'adyen') return adyenStyle(name, ctx.collection);
  if (ctx.flavour === 'openbanking') return openBankingStyle(name, r);
  if (/account/.test(name)) return r.pick([(rr: Rng) => numeric(rr, 8, 8), uuid, (rr: Rng) => `GB${rr.chars(DIGITS, 2)}${rr.pick(['NWBK', 'BARC', 'HBUK', 'LOYD'])}${rr.chars(DIGITS, 14)}`]);
  if (typeof s.example === 'string' && s.example.length >= 4) return shapedLike(s.example);
  if (ctx.flavour === 'cds') return r.pick([uuid, (rr: Rng) => rr.chars(HEX, 32)]);
  return r.pick([uuid, (rr: Rng) => numeric(rr, 10, 12), (rr: Rng) => rr.chars(LOWER + UPPER + DIGITS, 22)]);
}

function adyenStyle(name: string, collection: string): (r: Rng) => string {
  if (name === 'terminalid') return (r) => `${r.pick(['V400m', 'P400Plus', 'S1F2', 'AMS1'])}-${numeric(r, 9, 9)}`;
  if (name === 'sessionid') return (r) => `CS${r.chars(HEX.toUpperCase(), 16)}`;
  if (name === 'linkid') return (r) => `PL${r.chars(HEX.toUpperCase(), 16)}`;
  if (name === 'pciid') return (r) => `PCID${r.chars(ADYEN, 21)}`;
  const prefix = /merchant/.test(name + collection.toLowerCase()) ? 'MC' : initials(name === 'id' || !name.endsWith('id') ? collection : name.slice(0, -2));
  const length = prefix === 'MC' || /compan/.test(collection.toLowerCase()) ? 17 : 25;
  return (r) => prefix + r.chars(ADYEN, length - 2);
}

function openBankingStyle(name: string, r: Rng): (r: Rng) => string {
  if (name === 'consentid') return (rr) => `urn-alphabank-intent-${numeric(rr, 5, 5)}`;
  if (name === 'accountid') return r.pick([(rr: Rng) => numeric(rr, 8, 8), uuid]);
  if (name === 'statementid') return (rr) => `${rr.chars(LOWER + DIGITS, 6)}-${rr.chars(LOWER, 8)}-${numeric(rr, 5, 5)}`;
  if (/payment|order|vrp/.test(name)) return (rr) => `${numeric(rr, 5, 5)}-${numeric(rr, 3, 3)}`;
  return uuid;
}

/** Same character classes in the same places: `tiSTSUzh4BwtvYSLWPsqu9` → `QwpZkaMc0XyhRrdPTnbe3v`. */
function shapedLike(example: string): (r: Rng) => string {
  return (r) =>
    example.replace(/[A-Za-z0-9]/g, (c) => (c >= '0' && c <= '9' ? r.pick([...DIGITS]) : c >= 'a' && c <= 'z' ? r.pick([...LOWER]) : r.pick([...UPPER])));
}

function safeRegExp(p: string): RegExp | undefined {
  try {
    return new RegExp(p);
  } catch {
    return undefined;
  }
}

/**
 * A string matching a simple regular expression (literals, escapes, classes, groups with `|`,
 * quantifiers); undefined for anything fancier. Open Banking headers and some ids come with one.
 */
export function samplePattern(pattern: string, r: Rng): string | undefined {
  let i = 0;
  const CLASS: Record<string, string> = { d: DIGITS, w: LOWER + UPPER + DIGITS + '_', s: ' ' };
  const seq = (): string[][] => {
    const alts: string[][] = [[]];
    while (i < pattern.length && pattern[i] !== ')') {
      const c = pattern[i++];
      let atom: () => string;
      if (c === '|') {
        alts.push([]);
        continue;
      } else if (c === '^' || c === '$') continue;
      else if (c === '(') {
        if (pattern.startsWith('?:', i)) i += 2;
        const inner = seq();
        if (pattern[i++] !== ')') throw new Error('unbalanced');
        atom = () => r.pick(inner).join('');
      } else if (c === '[') {
        const end = pattern.indexOf(']', i + 1);
        if (end < 0) throw new Error('class');
        let body = pattern.slice(i, end);
        i = end + 1;
        if (body.startsWith('^')) throw new Error('negated class');
        let set = '';
        body = body.replace(/\\([dws])/g, (_m, k: string) => ((set += CLASS[k]), ''));
        for (let k = 0; k < body.length; k++) {
          if (body[k + 1] === '-' && k + 2 < body.length) {
            for (let x = body.charCodeAt(k); x <= body.charCodeAt(k + 2); x++) set += String.fromCharCode(x);
            k += 2;
          } else set += body[k] === '\\' ? body[++k] : body[k];
        }
        atom = () => r.pick([...set]);
      } else if (c === '\\') {
        const e = pattern[i++];
        atom = CLASS[e] ? () => r.pick([...CLASS[e]]) : () => e;
      } else if (c === '.') atom = () => r.pick([...LOWER]);
      else if ('*+?{'.includes(c)) throw new Error('dangling quantifier');
      else atom = () => c;
      let [min, max] = [1, 1];
      const q = /^(?:\{(\d+)(?:(,)(\d*))?\}|[*+?])/.exec(pattern.slice(i));
      if (q) {
        i += q[0].length;
        if (q[0] === '*') [min, max] = [0, 3];
        else if (q[0] === '+') [min, max] = [1, 4];
        else if (q[0] === '?') [min, max] = [0, 1];
        else [min, max] = [Number(q[1]), q[2] ? (q[3] ? Number(q[3]) : Number(q[1]) + 3) : Number(q[1])];
      }
      const n = r.int(min, Math.min(max, min + 40));
      const parts: string[] = [];
      for (let k = 0; k < n; k++) parts.push(atom());
      alts[alts.length - 1].push(parts.join(''));
    }
    return alts;
  };
  try {
    const alts = seq();
    return i === pattern.length ? r.pick(alts).join('') : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Query and header values (less care than path values: they never decide a template).

function queryValue(p: SpecParam, r: Rng): string {
  const s = p.schema ?? {};
  const name = p.name.toLowerCase();
  if (s.enum && s.enum.length > 0) return String(r.pick(s.enum));
  if (s.example !== undefined && typeof s.example !== 'object') return String(s.example);
  if (s.type === 'boolean') return r.pick(['true', 'false']);
  if (/year/.test(name)) return String(r.int(2019, 2024));
  if (/country/.test(name)) return r.pick(['GB', 'NL', 'AU', 'US']);
  if (/currency/.test(name)) return r.pick(['EUR', 'GBP', 'AUD']);
  if (/merchantaccount/.test(name)) return r.pick(['AcmeShopECOM', 'AcmeShopPOS']);
  if (/id$|reference$/.test(name)) return r.chars(ADYEN, 16);
  if (/size|limit|per-?page|count/.test(name)) return r.pick(['10', '20', '25', '50', '100']);
  if (/page|offset/.test(name)) return String(r.int(1, 9));
  if (s.format === 'date-time' || /time$|-time|from|to$|since|until/.test(name)) return `${date(r)}T00:00:00Z`;
  if (s.format === 'date' || /date/.test(name)) return date(r);
  if (s.type === 'integer' || s.type === 'number') return String(r.int(1, 500));
  return r.pick(['active', 'open', 'all', 'default', 'asc', 'desc']);
}

function headerValue(p: SpecParam, r: Rng, ts: Date): string {
  const s = p.schema ?? {};
  const name = p.name;
  if (s.enum && s.enum.length > 0) return String(r.pick(s.enum));
  if (/auth-date/.test(name)) return ts.toUTCString();
  if (s.pattern) {
    const v = samplePattern(s.pattern, r);
    if (v !== undefined && safeRegExp(s.pattern)?.test(v)) return v;
  }
  if (/interaction-id|idempotency|request-id|correlation/.test(name)) return uuid(r);
  if (/ip-address/.test(name)) return `203.0.113.${r.int(1, 254)}`;
  if (/^x-(min-)?v$|version/.test(name)) return String(s.example ?? r.int(1, 3));
  if (/signature|jws/.test(name)) return `${r.chars(LOWER + UPPER + DIGITS, 36)}..${r.chars(LOWER + UPPER + DIGITS, 86)}`;
  if (/financial-id/.test(name)) return `0015800001041RE${r.chars(UPPER, 3)}`;
  if (/user-agent/.test(name)) return 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)';
  return s.example !== undefined && typeof s.example !== 'object' ? String(s.example) : r.chars(LOWER + DIGITS, 12);
}

const SKIP_HEADERS = new Set(['host', 'authorization', 'content-type', 'accept', 'content-length']);

// ---------------------------------------------------------------------------------------------
// Traffic.

export interface SpecTraffic {
  spec: SpecResult;
  exchanges: Exchange[];
  truth: TruthOperation[];
}

export interface SpecTrafficOptions {
  /** distinct values per path parameter (default 6) */
  valuesPerParam?: number;
  seed?: number;
  /** calls per operation (default: valuesPerParam, so every value is used) */
  callsPerOperation?: number;
  /**
   * Merchant, company, store and tenant ids become digit-free account names (`AcmeShopECOM`, as
   * Adyen merchant account codes are): without this nearly every generated id carries a digit,
   * which a naive templater can key on.
   */
  wordLikeIds?: boolean;
}

export interface CorpusSpec {
  file: string;
  operationCount: number;
  templatedOperationCount: number;
}

/** The specs of corpus/openapi/paths.json with the counts it lists. */
export function corpusSpecs(): CorpusSpec[] {
  const pj = JSON.parse(readFileSync(corpusPath('openapi', 'paths.json'), 'utf8')) as {
    specs: Record<string, { operation_count: number; templated_operation_count: number }>;
  };
  return Object.entries(pj.specs).map(([file, s]) => ({ file, operationCount: s.operation_count, templatedOperationCount: s.templated_operation_count }));
}

const JSONISH = /^application\/(?:[\w.+-]*\+)?json\b/i;
const START = Date.parse('2024-05-01T08:00:00.000Z');

/** `specFile` is relative to the corpus' openapi folder (`vampi/openapi3.yml`) or absolute. */
export function generateSpecTraffic(specFile: string, opts: SpecTrafficOptions = {}): SpecTraffic {
  const file = path.isAbsolute(specFile) ? specFile : corpusPath('openapi', specFile);
  const spec = loadSpec(readFileSync(file, 'utf8'), specFile);
  if (spec.error) throw new Error(`${spec.error.input}: ${spec.error.where ?? ''} ${spec.error.message}`);
  const valuesPerParam = Math.max(1, opts.valuesPerParam ?? 6);
  const calls = Math.max(1, opts.callsPerOperation ?? valuesPerParam);
  const rng = new Rng(`${opts.seed ?? 1}:${specFile}`);
  const flavour = flavourOf(specFile, spec);
  // Specs without a host get one per family (folder): one bank serves all its Open Banking APIs.
  const family = path.dirname(specFile) === '.' ? path.basename(specFile).replace(/\.[^.]+$/, '') : path.basename(path.dirname(specFile));
  const host = spec.hosts[0] ?? `api.${family.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.example.com`;
  const port = Number(/:(\d+)$/.exec(host)?.[1] ?? 443);
  const matcher = compileSpecMatcher(spec);
  const pools = new Map<string, string[]>();
  const clients = Array.from({ length: 8 }, (_, i) => `203.0.113.${11 + i * 17}`);
  const tokens = clients.map(() => `eyJhbGciOiJSUzI1NiJ9.${rng.chars(LOWER + UPPER + DIGITS, 48)}.${rng.chars(LOWER + UPPER + DIGITS + '-_', 43)}`);

  const pool = (op: SpecOperation, p: SpecParam): string[] => {
    const segs = pathSegments(op.fullPaths[0]);
    const at = segs.indexOf(`{${p.name}}`);
    // The collection a value names: the nearest literal before it, past version and `api` segments.
    const collection = segs.slice(0, Math.max(0, at)).reverse().find((s) => !s.includes('{') && !/^v\d/i.test(s) && s !== 'api') ?? '';
    const afterParam = at > 0 && segs[at - 1].includes('{');
    const idLike = /id$|ids$|reference$|number$/i.test(p.name) && !afterParam;
    const key = `${collection}/${idLike ? '#id' : p.name}`;
    let values = pools.get(key);
    if (!values) {
      const r = new Rng(`${opts.seed ?? 1}:${specFile}:${key}`);
      const style = valueStyle(p, { flavour, collection, wordLikeIds: opts.wordLikeIds === true }, r);
      const set = new Set<string>();
      // The spec's own example (`name1`, `bookTitle77`) is one of the values, as in its authors' test traffic.
      const ex = p.schema?.example;
      if (typeof ex === 'string' && ex.length >= 4 && !/[/?#]/.test(ex) && !p.schema?.enum) set.add(ex);
      for (let tries = 0; set.size < valuesPerParam && tries < valuesPerParam * 20; tries++) set.add(style(r));
      pools.set(key, (values = [...set]));
    }
    return values;
  };

  const planned: { op: SpecOperation; pathname: string }[] = [];
  for (const op of spec.operations) {
    const template = op.fullPaths[0];
    const choices = op.pathParams.map((p) => rng.shuffle([...pool(op, p)]));
    for (let k = 0; k < calls; k++) {
      let pathname = template;
      op.pathParams.forEach((p, i) => {
        const values = choices[i];
        pathname = pathname.replace(`{${p.name}}`, encodeURIComponent(values[k % values.length]));
      });
      // A value that happens to equal a sibling literal (`/users/v1/login`) would be another operation's traffic.
      if (matcher.match(op.method, pathname)?.value !== op) continue;
      planned.push({ op, pathname });
    }
  }
  rng.shuffle(planned);

  let t = START;
  const exchanges = planned.map(({ op, pathname }, n): Exchange => {
    t += rng.int(20, 900);
    const ts = new Date(t);
    const c = rng.int(0, clients.length - 1);
    // Required parameters always, a few optional ones sometimes, as clients send them.
    const query = [...op.queryParams.filter((q) => q.required), ...op.queryParams.filter((q) => !q.required && rng.next() < 0.3).slice(0, 3)];
    const qs = query.map((q) => `${encodeURIComponent(q.name)}=${encodeURIComponent(queryValue(q, rng))}`).join('&');
    const headers: Header[] = [
      ['host', host],
      ['user-agent', rng.pick(['okhttp/4.12.0', 'Dalvik/2.1.0 (Linux; U; Android 14)', 'BankApp/7.3.1 CFNetwork/1490 Darwin/23.2.0'])],
      ['accept', 'application/json'],
      ['authorization', `Bearer ${tokens[c]}`],
    ];
    for (const h of op.headerParams) if ((h.required || /interaction-id/.test(h.name)) && !SKIP_HEADERS.has(h.name)) headers.push([h.name, headerValue(h, rng, ts)]);
    const request: Exchange['request'] = { method: op.method, url: qs ? `${pathname}?${qs}` : pathname, httpVersion: '1.1', headers };
    const body = requestBody(op, rng);
    if (body) {
      headers.push(['content-type', body.type], ['content-length', String(Buffer.byteLength(body.text))]);
      request.body = body.text;
      request.bodyEncoding = 'utf8';
    }
    return {
      v: 1,
      id: createHash('sha256').update(`${specFile}\n${opts.seed ?? 1}\n${n}`).digest('hex').slice(0, 16),
      ts: ts.toISOString(),
      durationMs: rng.int(3, 400) + rng.int(0, 9) / 10,
      client: { ip: clients[c], port: rng.int(40000, 65000) },
      server: { ip: `10.0.${fnv1a(specFile) & 0xff}.${rng.int(2, 9)}`, port },
      request,
      response: response(op, ts),
      source: `synthetic:${specFile}`,
    };
  });

  const truth = spec.operations.map((op) => ({ method: op.method, path: op.fullPaths[0], ...(op.operationId ? { operationId: op.operationId } : {}) }));
  return { spec, exchanges, truth };
}

function requestBody(op: SpecOperation, r: Rng): { type: string; text: string } | undefined {
  const writes = op.method === 'POST' || op.method === 'PUT' || op.method === 'PATCH';
  if (!writes && (op.requestBodyExample === undefined || op.method === 'GET' || op.method === 'HEAD')) return undefined;
  const type = op.requestContentType ?? 'application/json';
  const ex = op.requestBodyExample ?? {};
  if (/x-www-form-urlencoded/i.test(type) && typeof ex === 'object' && ex !== null) {
    const form = Object.entries(ex).filter(([, v]) => typeof v !== 'object');
    return { type, text: form.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&') };
  }
  if (/jwt|jose/i.test(type)) return { type, text: `eyJhbGciOiJQUzI1NiJ9.${r.chars(LOWER + UPPER + DIGITS, 60)}.${r.chars(LOWER + UPPER + DIGITS, 86)}` };
  // Everything else goes as JSON: multipart or XML bodies would not change a template.
  return { type: JSONISH.test(type) ? type : 'application/json', text: JSON.stringify(ex) };
}

function response(op: SpecOperation, ts: Date): Exchange['response'] {
  const status = op.responseStatus ?? (op.method === 'POST' ? 201 : 200);
  const headers: Header[] = [['date', ts.toUTCString()]];
  const res: NonNullable<Exchange['response']> = { status, httpVersion: '1.1', headers };
  if (status === 204 || status === 304) return res;
  const type = op.responseContentType && !JSONISH.test(op.responseContentType) && typeof op.responseExample === 'string' ? op.responseContentType : 'application/json';
  const body = type === 'application/json' ? JSON.stringify(op.responseExample ?? {}) : String(op.responseExample);
  headers.push(['content-type', type], ['content-length', String(Buffer.byteLength(body))]);
  res.body = body;
  res.bodyEncoding = 'utf8';
  return res;
}
