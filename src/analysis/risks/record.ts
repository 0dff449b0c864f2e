/**
 * What the risk detectors need of each exchange beyond the exchange itself, written as plain data
 * that crosses a thread boundary (structured clone): the main thread decides it (catalog,
 * sensitive scan, identity), and the detectors can then run somewhere else on (exchange, record)
 * with the same results as on the main thread's facts. With one decode thread the detectors run
 * there (pipeline/risk-host.ts; the README's Performance section has the figures).
 *
 *   writer.add(at, f);                    // main thread, after engine.identify(f): f is batch[at]
 *   const records = writer.take();        // the batch's records, posted with its credit
 *   reader.read(batch, records, (f) => engine.detect(f), (s) => engine.detectStatic(s));   // elsewhere, in order
 *
 * Only what the detectors read travels: the response's sensitive hits without clear values
 * (those feed the trace index on the main thread only), and no web-attack hits (the receiver
 * scans its copy of the request when a detector asks).
 */
import type { AuthKind, FormatInfo, FunctionClass } from '../../core/endpoint.js';
import type { Exchange } from '../../core/exchange.js';
import type { Conclusion } from '../endpoints/catalog/catalog.js';
import type { EndpointStats } from '../endpoints/catalog/stats.js';
import type { AccountSource, Identity } from '../identity/identity.js';
import type { LoginOutcome } from '../identity/login.js';
import type { DataHit } from '../sensitive/types.js';
import { RiskFactsImpl } from './engine.js';
import type { StaticFetch } from './types.js';

/** What the catalog concluded of an exchange's endpoint, the same for most of its records. */
export interface EndpointView {
  app: string;
  template: string;
  functions: FunctionClass[];
  format: FormatInfo;
}

/** The fields of a hit the risk detectors read (record.test.ts runs them all on records). */
export type RecordHit = Pick<DataHit, 'label' | 'location' | 'masked' | 'partial' | 'count' | 'sample'>;

/**
 * One batch's records, flat: per exchange with an endpoint
 *   at, endpoint, calls, path, query, auth, client, session, account, accountFrom, login, view, hits,
 *   then per hit: kind, count, sample (and label, location, masked, partial after a kind not sent before, or after kind -1)
 * (null for what is absent; `view` when it changed, `hits` their number); per static asset
 * fetched, `-1 - at` and the fetch. Not objects: on the bench capture's first 19,632 records,
 * building and posting them took 23 ms against 73 ms as an object per record, and the receiving
 * side's structured clone 12–19 ms against 119 ms (2026-12-05).
 */
export type RecordBatch = unknown[];

/** Distinct hit kinds (label, location, masked, partial) numbered for the receiver; past this, hits carry their kind in full. */
const MAX_KINDS = 65_536;

/**
 * Writes the records of facts the engine has identified (`RiskEngine.identify`) for one receiver
 * that reads them in the order they were written (`RecordReader`). The endpoint's view (app,
 * template, function classes, format) goes only when it differs from the last one sent for that
 * endpoint (1,705 of the bench capture's first 20,000 records carry it), and a hit's label,
 * location and masking only the first time (its kind's number after).
 */
export class RecordWriter {
  /** per endpoint: its number for the receiver and the view last sent */
  private readonly sent = new WeakMap<EndpointStats, { n: number; app: string; template: string; functions: ReadonlySet<FunctionClass>; format: FormatInfo }>();
  private next = 0;
  /** hit kinds sent, by location: few labels each */
  private readonly kinds = new Map<string, { label: string; masked: boolean; partial: boolean; k: number }[]>();
  private nextKind = 0;
  private out: RecordBatch = [];
  /** endpoint views sent so far */
  viewsSent = 0;

  /** `maxKinds`: hit kinds numbered at most (then sent in full with each hit; tests lower it) */
  constructor(private readonly maxKinds = MAX_KINDS) {}

  /** The record of `f` (identified), the exchange at `at` in its batch. */
  add(at: number, f: RiskFactsImpl): void {
    const template = f.template();
    const functions = f.functions();
    const format = f.format;
    const last = this.sent.get(f.endpoint);
    const endpoint = last ? last.n : this.next++;
    let view: EndpointView | null = null;
    // the function classes are one cached set per endpoint until they are classified again (facts.ts)
    if (!last || last.template !== template || last.functions !== functions || last.app !== f.app || !sameFormat(last.format, format)) {
      this.sent.set(f.endpoint, { n: endpoint, app: f.app, template, functions, format });
      view = { app: f.app, template, functions: [...functions], format };
      this.viewsSent++;
    }
    const id = f.identity;
    const hits = f.responseHits;
    const o = this.out;
    o.push(at, endpoint, f.endpoint.calls, f.path, f.query ?? null, f.auth, id.client, id.session ?? null, id.account ?? null, id.accountFrom ?? null, f.login() ?? null, view, hits.length);
    for (let i = 0; i < hits.length; i++) this.hit(hits[i]!);
  }

  /** A static asset fetched (identified), at `at` in its batch. */
  addStatic(at: number, s: StaticFetch): void {
    this.out.push(-1 - at, s);
  }

  /** The records written since the last call. */
  take(): RecordBatch {
    const o = this.out;
    this.out = [];
    return o;
  }

  private hit(h: DataHit): void {
    const partial = h.partial === true;
    let list = this.kinds.get(h.location);
    let k = -1;
    if (list) {
      for (const x of list) {
        if (x.label === h.label && x.masked === h.masked && x.partial === partial) {
          k = x.k;
          break;
        }
      }
    }
    if (k >= 0) this.out.push(k, h.count, h.sample);
    else if (this.nextKind < this.maxKinds) {
      if (!list) this.kinds.set(h.location, (list = []));
      list.push({ label: h.label, masked: h.masked, partial, k: this.nextKind });
      this.out.push(this.nextKind++, h.count, h.sample, h.label, h.location, h.masked, partial);
    } else this.out.push(-1, h.count, h.sample, h.label, h.location, h.masked, partial);
  }
}

function sameFormat(a: FormatInfo, b: FormatInfo): boolean {
  if (a === b) return true;
  if (a.format !== b.format || a.operation !== b.operation || a.reason !== b.reason) return false;
  const an = a.notes ?? [];
  const bn = b.notes ?? [];
  return an.length === bn.length && an.every((n, i) => n === bn[i]);
}

/** One record as read back: what Facts takes from the catalog and the login verdict. */
interface ReadRecord {
  path: string;
  query: string | undefined;
  auth: AuthKind;
  response: RecordHit[];
  identity: Identity;
  login: LoginOutcome | undefined;
}

/** Facts rebuilt from a record: what the catalog concluded comes from the record and its endpoint's view, not from a catalog. */
class RecordFacts extends RiskFactsImpl {
  constructor(
    ex: Exchange,
    stats: EndpointStats,
    private readonly r: ReadRecord,
    private readonly view: ReceivedView,
  ) {
    // Only the fields Facts reads; the catalog's app and path node stay with the sender, so the
    // template and function classes are answered from the view (below).
    const c = { app: { name: view.app }, node: undefined, stats, format: view.format, path: r.path, query: r.query, auth: r.auth } as unknown as Conclusion;
    // no risk detector reads the request's hits (record.test.ts would see one that did)
    super(ex, c, { request: [], response: r.response as DataHit[] });
    this.identity = r.identity;
  }

  override template(): string {
    return this.view.template;
  }

  override functions(): ReadonlySet<FunctionClass> {
    return this.view.fns;
  }

  override login(): LoginOutcome | undefined {
    return this.r.login;
  }
}

/**
 * The receiving side: reads each batch's records in the order they were written, with one
 * stand-in per endpoint number, so detectors that keep per-endpoint state by the endpoint object
 * (page sizes, id positions) find it again. A stand-in carries only the call count: risk
 * detectors read nothing else of the catalog's statistics (record.test.ts runs every detector
 * both ways and compares what they emit).
 */
export class RecordReader {
  private readonly byId = new Map<number, { stats: EndpointStats; view?: ReceivedView }>();
  /** hit kinds by number, as the writer sent them */
  private readonly kinds: Array<{ label: DataHit['label']; location: string; masked: boolean; partial: boolean }> = [];

  /**
   * `device`: the device digest of an exchange, made on this side (the writer's side leaves it
   * out: identity.ts `resolve` with `withDevice` false), with the key the writer's side would use.
   */
  constructor(private readonly device?: (ex: Exchange) => string | undefined) {}

  /** The records of `batch` (the exchanges they were written for): facts to `onFacts`, static fetches to `onStatic`, in order. */
  read(batch: readonly Exchange[], records: RecordBatch, onFacts: (f: RiskFactsImpl) => void, onStatic: (s: StaticFetch) => void): void {
    const r = records;
    let i = 0;
    const exchange = (at: number): Exchange => {
      const ex = batch[at];
      if (!ex) throw new Error(`risk record for exchange ${at} of a batch of ${batch.length}`);
      return ex;
    };
    while (i < r.length) {
      const at = r[i] as number;
      if (at < 0) {
        const s = r[i + 1] as StaticFetch;
        const device = this.device?.(exchange(-1 - at));
        if (device !== undefined) s.identity.device = device;
        onStatic(s);
        i += 2;
        continue;
      }
      const ex = exchange(at);
      const n = r[i + 1] as number;
      const calls = r[i + 2] as number;
      const identity: Identity = { client: r[i + 6] as string };
      const device = this.device?.(ex);
      if (device !== undefined) identity.device = device;
      if (r[i + 7] !== null) identity.session = r[i + 7] as string;
      if (r[i + 8] !== null) identity.account = r[i + 8] as string;
      if (r[i + 9] !== null) identity.accountFrom = r[i + 9] as AccountSource;
      const rec: ReadRecord = { path: r[i + 3] as string, query: (r[i + 4] as string | null) ?? undefined, auth: r[i + 5] as AuthKind, identity, login: (r[i + 10] as LoginOutcome | null) ?? undefined, response: [] };
      const seen = r[i + 11] as EndpointView | null;
      const hits = r[i + 12] as number;
      i += 13;
      for (let h = 0; h < hits; h++) {
        const k = r[i] as number;
        // a kind not read before (or -1, past the writer's cap) comes in full after the hit's count and sample
        const known = this.kinds[k];
        const kind = known ?? { label: r[i + 3] as DataHit['label'], location: r[i + 4] as string, masked: r[i + 5] as boolean, partial: r[i + 6] as boolean };
        if (!known && k >= 0) this.kinds[k] = kind;
        const hit: RecordHit = { label: kind.label, location: kind.location, masked: kind.masked, count: r[i + 1] as number, sample: r[i + 2] as string };
        if (kind.partial) hit.partial = true;
        rec.response.push(hit);
        i += known ? 3 : 7;
      }
      let e = this.byId.get(n);
      if (!e) this.byId.set(n, (e = { stats: { calls } as EndpointStats }));
      else e.stats.calls = calls;
      if (seen) e.view = { ...seen, fns: new Set(seen.functions) };
      if (!e.view) throw new Error(`risk record of endpoint ${n} before any with its view`);
      onFacts(new RecordFacts(ex, e.stats, rec, e.view));
    }
  }
}

/** An endpoint's view as received, its function classes as a set once. */
type ReceivedView = EndpointView & { fns: ReadonlySet<FunctionClass> };
