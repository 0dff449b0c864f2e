/**
 * What the risk detectors need of one exchange beyond the exchange itself, as plain data that
 * crosses a thread boundary (structured clone): the main thread decides it (catalog, sensitive
 * scan, identity), and the detectors can then run somewhere else on (exchange, record) with the
 * same results as on the main thread's facts. With one decode thread the detectors run there
 * (pipeline/risk-host.ts; the README's Performance section has the figures).
 *
 *   const r = writer.record(f);                       // main thread, after engine.identify(f)
 *   const f2 = endpoints.facts(ex, r);                 // elsewhere, on a copy of ex and r, in order
 *   engine.detect(f2);
 *
 * Only what the detectors read travels: the response's sensitive hits without clear values
 * (those feed the trace index on the main thread only), and no web-attack hits (the receiver
 * scans its copy of the request when a detector asks).
 */
import type { AuthKind, FormatInfo, FunctionClass } from '../../core/endpoint.js';
import type { Exchange } from '../../core/exchange.js';
import type { Conclusion } from '../endpoints/catalog/catalog.js';
import type { EndpointStats } from '../endpoints/catalog/stats.js';
import type { Identity } from '../identity/identity.js';
import type { LoginOutcome } from '../identity/login.js';
import type { DataHit } from '../sensitive/types.js';
import { RiskFactsImpl } from './engine.js';

export interface RiskRecord {
  /** the endpoint, numbered by the sender (`RecordWriter`, stable for as long as it runs) */
  endpoint: number;
  /** the endpoint's call count when this exchange was counted (detectors pace per-endpoint rechecks on it) */
  calls: number;
  /** what the catalog concluded, when it differs from the last record of this endpoint's (`RecordWriter`) */
  seen?: EndpointView;
  path: string;
  query: string | undefined;
  auth: AuthKind;
  /** what the risk detectors read of the sensitive scan: the response's hits, without clear values */
  response: RecordHit[];
  identity: Identity;
  login: LoginOutcome | undefined;
}

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
 * The response's hits as the detectors need them: no clear values (those feed the trace index on
 * the main thread only; the sample is masked: cross-border tells people apart by it). Each record
 * crosses a structured clone with its batch on the main thread, the bottleneck.
 */
function recordHits(hits: readonly DataHit[]): RecordHit[] {
  const out = new Array<RecordHit>(hits.length);
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i]!;
    out[i] = h.partial === undefined ? { label: h.label, location: h.location, masked: h.masked, count: h.count, sample: h.sample } : { label: h.label, location: h.location, masked: h.masked, partial: h.partial, count: h.count, sample: h.sample };
  }
  return out;
}

/**
 * Records of facts the engine has identified (`RiskEngine.identify`), for one receiver that reads
 * them in the order they were made (`RecordEndpoints`). The endpoint's view (app, template,
 * function classes, format) goes only when it differs from the last one sent for that endpoint
 * (1,705 of the bench capture's first 20,000 records carry it): `v8.serialize` of 32 records took
 * 115 µs against 166 µs with the view in every record, and 76 against 106 µs in a second run
 * (median of 9 alternating rounds each, 2026-12-05). The web-attack hits
 * are left to the receiver, which holds the request too (the scan is a pure function of it) and
 * scans it in its own thread when a detector asks.
 */
export class RecordWriter {
  /** per endpoint: its number for the receiver and the view last sent */
  private readonly sent = new WeakMap<EndpointStats, { n: number; app: string; template: string; functions: ReadonlySet<FunctionClass>; format: FormatInfo }>();
  private next = 0;

  record(f: RiskFactsImpl): RiskRecord {
    const template = f.template();
    const functions = f.functions();
    const format = f.format;
    const last = this.sent.get(f.endpoint);
    const endpoint = last ? last.n : this.next++;
    const r: RiskRecord = { endpoint, calls: f.endpoint.calls, path: f.path, query: f.query, auth: f.auth, response: recordHits(f.responseHits), identity: f.identity, login: f.login() };
    // the function classes are one cached set per endpoint until they are classified again (facts.ts)
    if (!last || last.template !== template || last.functions !== functions || last.app !== f.app || !sameFormat(last.format, format)) {
      this.sent.set(f.endpoint, { n: endpoint, app: f.app, template, functions, format });
      r.seen = { app: f.app, template, functions: [...functions], format };
    }
    return r;
  }
}

function sameFormat(a: FormatInfo, b: FormatInfo): boolean {
  if (a === b) return true;
  if (a.format !== b.format || a.operation !== b.operation || a.reason !== b.reason) return false;
  const an = a.notes ?? [];
  const bn = b.notes ?? [];
  return an.length === bn.length && an.every((n, i) => n === bn[i]);
}

/** Facts rebuilt from a record: what the catalog concluded comes from the record and its endpoint's view, not from a catalog. */
class RecordFacts extends RiskFactsImpl {
  constructor(
    ex: Exchange,
    stats: EndpointStats,
    private readonly r: RiskRecord,
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
 * The receiving side: one stand-in per endpoint number, so detectors that keep per-endpoint
 * state by the endpoint object (page sizes, id positions) find it again. A stand-in carries only
 * the call count: risk detectors read nothing else of the catalog's statistics (record.test.ts
 * runs every detector both ways and compares what they emit).
 */
export class RecordEndpoints {
  private readonly byId = new Map<number, { stats: EndpointStats; view?: ReceivedView }>();

  facts(ex: Exchange, r: RiskRecord): RiskFactsImpl {
    let e = this.byId.get(r.endpoint);
    if (!e) this.byId.set(r.endpoint, (e = { stats: { calls: r.calls } as EndpointStats }));
    else e.stats.calls = r.calls;
    if (r.seen) e.view = { ...r.seen, fns: new Set(r.seen.functions) };
    if (!e.view) throw new Error(`risk record of endpoint ${r.endpoint} before any with its view`);
    return new RecordFacts(ex, e.stats, r, e.view);
  }
}

/** An endpoint's view as received, its function classes as a set once. */
type ReceivedView = EndpointView & { fns: ReadonlySet<FunctionClass> };
