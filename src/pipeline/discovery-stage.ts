/**
 * API asset discovery as a pipeline stage: feeds the endpoint catalog, and at the end of each
 * input turns what changed into the store's inventory rows (written in the input's commit).
 * Also the way back: restoring the catalog from the store before the first input, and reading
 * stored rows as InventoryEndpoints for `inventory`, `openapi` and `diff`.
 */
import { createHash } from 'node:crypto';
import type { ApiOperation, InventoryEndpoint, LifecycleState, PathParam } from '../core/endpoint.js';
import type { Exchange } from '../core/exchange.js';
import { Catalog, type CatalogChanges, type CatalogOptions } from '../analysis/endpoints/catalog/catalog.js';
import { EndpointStats, type StoredStats } from '../analysis/endpoints/catalog/stats.js';
import { conclude } from '../analysis/endpoints/conclude.js';
import type { EndpointsRow, InventoryWrite, Store } from '../store/index.js';
import type { InputContext, Stage } from './stage.js';

export interface DiscoveryResult {
  changes: CatalogChanges;
  write: InventoryWrite;
  /** endpoints counted in this input (new or updated) */
  endpoints: number;
}

export class DiscoveryStage implements Stage<DiscoveryResult> {
  readonly name = 'discovery';
  readonly catalog: Catalog;

  constructor(opts: CatalogOptions | Catalog = {}) {
    this.catalog = opts instanceof Catalog ? opts : new Catalog(opts);
  }

  onExchange(ex: Exchange): void {
    this.catalog.observe(ex);
  }

  endInput(_input?: InputContext): DiscoveryResult {
    const changes = this.catalog.finish();
    const write = toWrite(this.catalog, changes);
    return {
      changes,
      write,
      endpoints: changes.endpoints.length,
    };
  }

  /** The store committed `r`; `ids` are the endpoint row ids it returned. */
  saved(r: DiscoveryResult, ids: readonly number[]): void {
    r.changes.endpoints.forEach((e, i) => {
      if (ids[i] !== undefined) e.stats.dbId = ids[i];
    });
    this.catalog.saved(r.changes);
  }
}

function toWrite(catalog: Catalog, changes: CatalogChanges): InventoryWrite {
  return {
    apps: changes.apps.map((a) => ({
      name: a.name,
      hosts: [...a.hosts],
      calls: a.calls,
      staticCalls: a.staticCalls,
      firstSeen: a.firstSeen,
      lastSeen: a.lastSeen,
      trie: JSON.stringify(catalog.trieJson(a)),
    })),
    endpoints: changes.endpoints.map((e) => {
      const c = conclude(e, catalog.config.serviceObject);
      const s = e.stats;
      return {
        dbId: s.dbId,
        app: e.app,
        method: e.method,
        operation: e.operation?.name ?? '',
        operationType: e.operation?.type ?? null,
        pathTemplate: e.pathTemplate,
        pathParams: e.pathParams,
        format: c.format,
        functions: c.functionReasons,
        serviceObject: c.serviceObject,
        serviceObjectReason: c.serviceObjectReason,
        auth: c.auth,
        state: s.state,
        stateSince: s.stateSince,
        calls: s.calls,
        clients: c.counts.clients,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        flags: c.flags,
        stats: s.toJSON(),
        buckets: [...s.buckets].map(([b, [n, err]]) => [b, n, err] as [string, number, number]),
        events: s.events.map((ev) => ({ ts: ev.ts, kind: 'state' as const, from: ev.from, to: ev.to })),
        absorbed: s.absorbed,
      };
    }),
    appEvents: changes.apps.flatMap((a) => a.events.map((ev) => ({ app: a.name, ts: ev.ts, kind: ev.kind, detail: `${ev.at}: ${ev.detail}` }))),
    watermark: changes.watermark,
  };
}

function parse<T>(s: string, fallback: T): T {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

function rowOperation(r: EndpointsRow): ApiOperation | undefined {
  if (!r.operation) return undefined;
  return r.operation_type ? { type: r.operation_type, name: r.operation } : { name: r.operation };
}

function statsOf(r: EndpointsRow): EndpointStats {
  return EndpointStats.fromStored(
    r.method,
    rowOperation(r),
    { dbId: Number(r.id), calls: Number(r.calls), firstSeen: r.first_seen, lastSeen: r.last_seen, state: r.state as LifecycleState, stateSince: r.state_since },
    parse<Partial<StoredStats>>(r.stats, {}),
  );
}

/** Load the stored inventory into a catalog, so the next input updates it. */
export async function restoreCatalog(store: Store, catalog: Catalog): Promise<void> {
  const apps = await store.apps();
  const rows = await store.endpoints();
  const byApp = new Map<string, EndpointsRow[]>();
  for (const r of rows) {
    const list = byApp.get(r.app);
    if (list) list.push(r);
    else byApp.set(r.app, [r]);
  }
  for (const a of apps) {
    catalog.restoreApp(a.name, a, (byApp.get(a.name) ?? []).map((r) => ({ template: r.path_template, stats: statsOf(r) })));
  }
  const wm = await store.watermark();
  if (wm > catalog.watermark) catalog.watermark = wm;
}

/** Stable public id of an endpoint: 16 hex of sha256(app, method, template, operation). */
export function endpointId(app: string, method: string, template: string, operation = ''): string {
  return createHash('sha256').update(`${app}\n${method}\n${template}\n${operation}`).digest('hex').slice(0, 16);
}

/** A stored row as the inventory's JSON shape (conclusions recomputed from its statistics). */
export function rowToInventory(r: EndpointsRow, hosts: readonly string[]): InventoryEndpoint {
  const c = conclude({ app: r.app, method: r.method, operation: rowOperation(r), pathTemplate: r.path_template, pathParams: parse<PathParam[]>(r.path_params, []), stats: statsOf(r) });
  // the service object was decided at write time with the operator's hints (guanlan.yaml)
  c.serviceObject = r.service_object as InventoryEndpoint['serviceObject'];
  c.serviceObjectReason = r.service_object_reason;
  return { id: endpointId(r.app, r.method, r.path_template, r.operation), host: hosts[0] ?? r.app, ...c, counts: { ...c.counts, clients: Number(r.clients) } };
}
