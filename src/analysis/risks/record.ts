/**
 * What the risk detectors need of one exchange beyond the exchange itself, as plain data that
 * crosses a thread boundary (structured clone): the main thread decides it (catalog, sensitive
 * scan, identity), and the detectors can then run somewhere else on (exchange, record) with the
 * same results as on the main thread's facts. The README's Performance section says why the
 * detectors would move: on two cores they slow everything the main thread does.
 *
 *   const r = toRiskRecord(f, endpointId);            // main thread, after engine.identify(f)
 *   const f2 = endpoints.facts(ex, r);                 // elsewhere, on a copy of ex and r
 *   engine.detect(f2);
 *
 * Sensitive hits travel without their clear values (those feed the trace index on the main
 * thread only).
 */
import type { AuthKind, FormatInfo, FunctionClass } from '../../core/endpoint.js';
import type { Exchange } from '../../core/exchange.js';
import type { Conclusion } from '../endpoints/catalog/catalog.js';
import type { EndpointStats } from '../endpoints/catalog/stats.js';
import type { Identity } from '../identity/identity.js';
import type { LoginOutcome } from '../identity/login.js';
import type { DataHit } from '../sensitive/types.js';
import type { AttackHit } from './attacks/index.js';
import { RiskFactsImpl } from './engine.js';

export interface RiskRecord {
  /** the endpoint, numbered by the sender (stable for as long as the sender runs) */
  endpoint: number;
  /** the endpoint's call count when this exchange was counted (detectors pace per-endpoint rechecks on it) */
  calls: number;
  app: string;
  template: string;
  functions: FunctionClass[];
  format: FormatInfo;
  path: string;
  query: string | undefined;
  auth: AuthKind;
  request: DataHit[];
  response: DataHit[];
  /** the request's web-attack hits; without them the receiver finds them itself when a detector asks */
  attacks?: AttackHit[];
  identity: Identity;
  login: LoginOutcome | undefined;
}

function withoutValues(hits: readonly DataHit[]): DataHit[] {
  return hits.map((h) => {
    if (h.values === undefined) return h;
    const { values: _, ...rest } = h;
    return rest;
  });
}

/**
 * The record of facts the engine has identified (`RiskEngine.identify`). `withAttacks` false: the
 * web-attack hits are left to the receiver, which holds the request too (the scan is a pure
 * function of it) and then scans it in its own thread.
 */
export function toRiskRecord(f: RiskFactsImpl, endpoint: number, withAttacks = true): RiskRecord {
  const r: RiskRecord = {
    endpoint,
    calls: f.endpoint.calls,
    app: f.app,
    template: f.template(),
    functions: [...f.functions()],
    format: f.format,
    path: f.path,
    query: f.query,
    auth: f.auth,
    request: withoutValues(f.requestHits),
    response: withoutValues(f.responseHits),
    identity: f.identity,
    login: f.login(),
  };
  if (withAttacks) r.attacks = [...f.attacks()];
  return r;
}

/** Facts rebuilt from a record: what the catalog concluded comes from the record, not from a catalog. */
class RecordFacts extends RiskFactsImpl {
  private readonly fns: ReadonlySet<FunctionClass>;

  constructor(
    ex: Exchange,
    stats: EndpointStats,
    private readonly r: RiskRecord,
  ) {
    // Only the fields Facts reads; the catalog's app and path node stay with the sender, so the
    // template and function classes are answered from the record (below).
    const c = { app: { name: r.app }, node: undefined, stats, format: r.format, path: r.path, query: r.query, auth: r.auth } as unknown as Conclusion;
    super(ex, c, { request: r.request, response: r.response });
    this.fns = new Set(r.functions);
    this.identity = r.identity;
    if (r.attacks) this.presetAttacks(r.attacks);
  }

  override template(): string {
    return this.r.template;
  }

  override functions(): ReadonlySet<FunctionClass> {
    return this.fns;
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
  private readonly byId = new Map<number, EndpointStats>();

  facts(ex: Exchange, r: RiskRecord): RiskFactsImpl {
    let stats = this.byId.get(r.endpoint);
    if (!stats) this.byId.set(r.endpoint, (stats = { calls: r.calls } as EndpointStats));
    else stats.calls = r.calls;
    return new RecordFacts(ex, stats, r);
  }
}
