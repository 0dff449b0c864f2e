/**
 * Small pieces shared by the data-leakage detectors (crawler, dumping, bulk-export, id-traversal):
 * who is asking, how many records an answer carried, and per-key aggregates over a sliding window
 * kept as two half-window epochs (a fixed cost per key whatever the rate).
 *
 *   const w = new Halves(600_000, () => ({ n: 0 }));
 *   w.at(state, tsMs).n++;                 // the current half
 *   w.both(state, tsMs)                    // [current, previous or undefined]: the last 300–600 s
 */
import { longestArray } from '../../weaknesses/unbounded-page-size/detect.js';
import type { EndpointStats } from '../../endpoints/catalog/stats.js';
import type { Identity } from '../../identity/identity.js';
import type { RiskFacts } from '../types.js';

/** Per-key windowed state: the aggregate of the current half-window and of the one before. */
export interface HalfState<A> {
  epoch: number;
  cur: A;
  prev: A | undefined;
}

/**
 * A sliding window of `windowMs` as two halves: what is judged is the current half plus the
 * previous one, i.e. between windowMs / 2 and windowMs of history (the same edge as DistinctCounter).
 */
export class Halves<A> {
  readonly halfMs: number;
  constructor(
    readonly windowMs: number,
    private readonly fresh: () => A,
  ) {
    this.halfMs = Math.max(1, Math.floor(windowMs / 2));
  }

  create(tsMs: number): HalfState<A> {
    return { epoch: Math.floor(tsMs / this.halfMs), cur: this.fresh(), prev: undefined };
  }

  /** Rolls the state forward to `tsMs` and returns the current half (a late timestamp lands in the current half). */
  at(s: HalfState<A>, tsMs: number): A {
    const e = Math.floor(tsMs / this.halfMs);
    if (e > s.epoch) {
      s.prev = e === s.epoch + 1 ? s.cur : undefined;
      s.cur = this.fresh();
      s.epoch = e;
    }
    return s.cur;
  }

  /** Start of the judged window (the previous half's start when there is one). */
  startMs(s: HalfState<A>): number {
    return (s.prev ? s.epoch - 1 : s.epoch) * this.halfMs;
  }
}

/**
 * The keys of the exchange the detectors are on, made once for all of them: they run one after
 * another on the same facts, and a key string made once is hashed once (V8 keeps a string's hash
 * on it), where each detector building its own would make and hash a new one per lookup. Keyed
 * by the identity object, which `RiskEngine.identify` sets before the detectors run.
 */
let keysOf: Identity | undefined;
let caller: string | undefined;
let client: string | undefined;

function keysFor(id: Identity): void {
  if (id === keysOf) return;
  keysOf = id;
  caller = client = undefined;
}

/** The client as a device: address plus the digest of its User-Agent and client hints. */
export function clientKey(f: RiskFacts): string {
  const id = f.identity;
  keysFor(id);
  return (client ??= id.device ? `${id.client}|${id.device}` : id.client);
}

/** The one asking for data: the account when known, else the credential, else the address. */
export function callerKey(f: RiskFacts): string {
  const id = f.identity;
  keysFor(id);
  return (caller ??= id.account !== undefined ? `a:${id.account}` : id.session !== undefined ? `s:${id.session}` : `ip:${id.client}`);
}

/** by endpoint: its template when the key was made, `app method template`, and a short id of the two */
const endpointKeys = new WeakMap<EndpointStats, { template: string; key: string; id: string }>();
let nextEndpointId = 0;

/**
 * `app method template` of the exchange's endpoint, the same string each time while the template
 * stays (one hash per endpoint, not one per exchange and detector).
 */
export function endpointKey(f: RiskFacts): string {
  return keysOfEndpoint(f).key;
}

/**
 * A short name of the exchange's endpoint (and its template), unique in this process: for keys of
 * state that is never saved, where `endpointKey`'s full text would only make every key longer to
 * build and to hash.
 */
export function endpointId(f: RiskFacts): string {
  return keysOfEndpoint(f).id;
}

function keysOfEndpoint(f: RiskFacts): { template: string; key: string; id: string } {
  const template = f.template();
  let e = endpointKeys.get(f.endpoint);
  if (e === undefined || e.template !== template) endpointKeys.set(f.endpoint, (e = { template, key: `${f.app} ${f.method} ${template}`, id: `#${(nextEndpointId++).toString(36)}` }));
  return e;
}

/** Subject of a data-leakage event: the client address and the account when known. */
export function callerSubject(f: RiskFacts): { ip: string; account?: string } {
  const account = f.identity.account;
  return account === undefined ? { ip: f.identity.client } : { ip: f.identity.client, account };
}

const CSV_TYPE = /^\s*(?:text\/(?:csv|comma-separated-values|tab-separated-values)|application\/csv)/i;

/** Data rows of a delimited text (lines that are not blank, minus the header line). */
export function csvRows(text: string): number {
  let n = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > 1 || (end - start === 1 && text.charCodeAt(start) !== 13)) n++;
    start = end + 1;
  }
  return Math.max(0, n - 1);
}

/**
 * How many records an answer carried: the rows of a CSV body, the largest per-record sensitive hit
 * (a location inside an array, so `count` is rows), or the longest JSON array. Bodies are read
 * only when the hits do not tell (the facts parse JSON once, shared with the other detectors).
 */
export function recordsOf(f: RiskFacts): number {
  const type = f.responseHeader('content-type') ?? '';
  if (CSV_TYPE.test(type)) return csvRows(f.responseText());
  let best = 0;
  for (const h of f.responseHits) if (h.count > best && h.location.includes('[]')) best = h.count;
  if (best > 0) return best;
  if (type.includes('json')) return longestArray(f.responseJson());
  return 0;
}

/** A 32-bit mix of an integer (for counting numbers such as page numbers and ids). */
export function mixInt(n: number): number {
  let h = Math.imul((n | 0) ^ Math.floor(n / 4294967296), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * FNV-1a of a string with a short avalanche, 32 bit: `LinearCount` uses only its low 8 bits. Not
 * core/hash.ts's hash32: on sequential page paths (`/products/WM2024001.html`, …) its low bits
 * collided enough to miss the ±12 % the counters promise (measured: 42 for 50, 256 for 300).
 */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * Distinct values in 256 bits (linear counting): within ~12 % (±2 when small) up to a few hundred values, 32 bytes
 * per counter whatever the traffic. Enough to tell "a handful" from "hundreds" of paths or ids.
 */
export class LinearCount {
  private readonly bits = new Uint32Array(8);
  add(hash: number): void {
    const b = hash & 255;
    const i = b >>> 5;
    this.bits[i] = (this.bits[i] ?? 0) | (1 << (b & 31));
  }
  /** the estimate (with `other`: of the union), 0 when empty; saturates near 1,400 */
  estimate(other?: LinearCount): number {
    let zeros = 0;
    for (let i = 0; i < 8; i++) {
      let w = (this.bits[i] ?? 0) | (other?.bits[i] ?? 0);
      w = w - ((w >>> 1) & 0x55555555);
      w = (w & 0x33333333) + ((w >>> 2) & 0x33333333);
      zeros += 32 - ((Math.imul((w + (w >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 63);
    }
    return zeros === 256 ? 0 : Math.round(-256 * Math.log(Math.max(zeros, 1) / 256));
  }
}
