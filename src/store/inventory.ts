/**
 * The inventory's rows: written inside an input's commit (finishInput), read back to restore the
 * catalog before the next input, and queried by `guanlan inventory`, `openapi` and `diff`.
 *
 * Endpoints have a stable integer id; learning a template later renames a row (same id) or folds
 * rows into another (their hourly buckets move, the rows go).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Engine, EndpointsRow } from './schema.js';
import { storableText } from './keys.js';

export interface AppWrite {
  name: string;
  hosts: string[];
  calls: number;
  staticCalls: number;
  firstSeen: string;
  lastSeen: string;
  /** JSON text */
  trie: string;
}

export interface EndpointEventWrite {
  ts: string;
  kind: 'state';
  from: string | null;
  to: string;
  detail?: string;
}

export interface EndpointWrite {
  /** row id when the endpoint was saved before */
  dbId?: number;
  app: string;
  method: string;
  operation: string;
  operationType: string | null;
  pathTemplate: string;
  pathParams: unknown;
  format: string;
  functions: unknown;
  serviceObject: string;
  serviceObjectReason: string;
  auth: string[];
  state: string;
  stateSince: string;
  calls: number;
  clients: number;
  firstSeen: string;
  lastSeen: string;
  flags: string[];
  stats: unknown;
  /** hourly deltas: [bucket, calls, errors] */
  buckets: [string, number, number][];
  events: EndpointEventWrite[];
  /** rows folded into this endpoint */
  absorbed: number[];
}

export interface InventoryWrite {
  apps: AppWrite[];
  endpoints: EndpointWrite[];
  appEvents: { app: string; ts: string; kind: string; detail: string }[];
  watermark: string;
}

const CHUNK = 200;

/** Write one input's inventory changes; returns the row id of every endpoint, in order. */
export async function writeInventory(trx: Transaction<Database>, engine: Engine, w: InventoryWrite): Promise<number[]> {
  const earliest = engine === 'postgres' ? sql.raw('least') : sql.raw('min');
  const latest = engine === 'postgres' ? sql.raw('greatest') : sql.raw('max');
  for (const a of w.apps) {
    const row = {
      name: storableText(a.name, 255),
      hosts: JSON.stringify(a.hosts),
      calls: a.calls,
      static_calls: a.staticCalls,
      first_seen: a.firstSeen,
      last_seen: a.lastSeen,
      trie: a.trie,
    };
    await trx
      .insertInto('apps')
      .values(row)
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({
          hosts: row.hosts,
          calls: row.calls,
          static_calls: row.static_calls,
          first_seen: sql<string>`${earliest}(apps.first_seen, excluded.first_seen)`,
          last_seen: sql<string>`${latest}(apps.last_seen, excluded.last_seen)`,
          trie: row.trie,
        }),
      )
      .execute();
  }

  // Rows folded into others: keep their buckets, drop the rows (their keys may be reused below).
  const moved = new Map<number, { bucket: string; calls: number; errors: number }[]>();
  for (let i = 0; i < w.endpoints.length; i++) {
    const ids = w.endpoints[i]!.absorbed;
    if (!ids.length) continue;
    const rows = await trx.selectFrom('endpoint_buckets').select(['bucket', 'calls', 'errors']).where('endpoint_id', 'in', ids).execute();
    moved.set(i, rows.map((r) => ({ bucket: r.bucket, calls: Number(r.calls), errors: Number(r.errors) })));
    await trx.updateTable('discovery_events').set({ endpoint_id: null }).where('endpoint_id', 'in', ids).execute();
    await trx.deleteFrom('endpoints').where('id', 'in', ids).execute();
  }

  const ids: number[] = [];
  for (const e of w.endpoints) {
    const row = {
      app: storableText(e.app, 255),
      method: storableText(e.method, 32),
      path_template: storableText(e.pathTemplate, 2000),
      operation: storableText(e.operation, 255),
      operation_type: e.operationType,
      path_params: JSON.stringify(e.pathParams),
      format: e.format,
      functions: JSON.stringify(e.functions),
      service_object: e.serviceObject,
      service_object_reason: e.serviceObjectReason,
      auth: JSON.stringify(e.auth),
      state: e.state,
      state_since: e.stateSince,
      calls: e.calls,
      clients: e.clients,
      first_seen: e.firstSeen,
      last_seen: e.lastSeen,
      flags: JSON.stringify(e.flags),
      stats: JSON.stringify(e.stats),
    };
    if (e.dbId !== undefined) {
      const r = await trx.updateTable('endpoints').set(row).where('id', '=', e.dbId).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) {
        ids.push(e.dbId);
        continue;
      }
    }
    const ins = await trx
      .insertInto('endpoints')
      .values(row)
      .onConflict((oc) => oc.columns(['app', 'method', 'path_template', 'operation']).doUpdateSet(row))
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(Number(ins.id));
  }

  const buckets = new Map<string, { endpoint_id: number; bucket: string; calls: number; errors: number }>();
  const addBucket = (id: number, bucket: string, calls: number, errors: number): void => {
    const k = `${id} ${bucket}`;
    const b = buckets.get(k);
    if (b) {
      b.calls += calls;
      b.errors += errors;
    } else buckets.set(k, { endpoint_id: id, bucket, calls, errors });
  };
  w.endpoints.forEach((e, i) => {
    for (const [b, c, er] of e.buckets) addBucket(ids[i]!, b, c, er);
    for (const m of moved.get(i) ?? []) addBucket(ids[i]!, m.bucket, m.calls, m.errors);
  });
  const bucketRows = [...buckets.values()];
  for (let i = 0; i < bucketRows.length; i += CHUNK) {
    await trx
      .insertInto('endpoint_buckets')
      .values(bucketRows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['endpoint_id', 'bucket']).doUpdateSet((eb) => ({
          calls: eb('endpoint_buckets.calls', '+', eb.ref('excluded.calls')),
          errors: eb('endpoint_buckets.errors', '+', eb.ref('excluded.errors')),
        })),
      )
      .execute();
  }

  const events = [
    ...w.endpoints.flatMap((e, i) =>
      e.events.map((ev) => ({ app: storableText(e.app, 255), endpoint_id: ids[i]!, ts: ev.ts, kind: ev.kind, from_state: ev.from, to_state: ev.to, detail: ev.detail ?? '' })),
    ),
    ...w.appEvents.map((ev) => ({ app: storableText(ev.app, 255), endpoint_id: null, ts: ev.ts, kind: ev.kind, from_state: null, to_state: null, detail: ev.detail })),
  ];
  for (let i = 0; i < events.length; i += CHUNK) await trx.insertInto('discovery_events').values(events.slice(i, i + CHUNK)).execute();

  if (w.watermark) {
    await trx
      .insertInto('meta')
      .values({ key: 'watermark', value: w.watermark })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql<string>`${latest}(meta.value, excluded.value)` }))
      .execute();
  }
  return ids;
}

/** An application as read back: its trie parsed. */
export type StoredApp = Omit<AppWrite, 'trie'> & { trie: unknown };

function parse<T>(s: string, fallback: T): T {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

export async function readApps(db: Kysely<Database>): Promise<StoredApp[]> {
  const rows = await db.selectFrom('apps').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    name: r.name,
    hosts: parse<string[]>(r.hosts, []),
    calls: Number(r.calls),
    staticCalls: Number(r.static_calls),
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    trie: parse<unknown>(r.trie, {}),
  }));
}

export interface EndpointQuery {
  app?: string;
  host?: string;
  method?: string;
  limit?: number;
}

export async function readEndpoints(db: Kysely<Database>, q: EndpointQuery = {}): Promise<EndpointsRow[]> {
  let query = db.selectFrom('endpoints').selectAll();
  if (q.app !== undefined) query = query.where('app', '=', q.app);
  if (q.method !== undefined) query = query.where('method', '=', q.method);
  if (q.host !== undefined) {
    const h = q.host.toLowerCase();
    query = query.where((eb) => eb.or([eb('app', '=', h), eb('app', 'in', eb.selectFrom('apps').select('name').where('hosts', 'like', `%${JSON.stringify(h).slice(1, -1)}%`))]));
  }
  query = query.orderBy('app').orderBy('path_template').orderBy('method').orderBy('operation');
  if (q.limit !== undefined) query = query.limit(q.limit);
  return query.execute();
}

export async function readWatermark(db: Kysely<Database>): Promise<string> {
  const r = await db.selectFrom('meta').select('value').where('key', '=', 'watermark').executeTakeFirst();
  return r?.value ?? '';
}

export async function readEvents(db: Kysely<Database>, endpointId?: number): Promise<{ app: string; endpointId: number | null; ts: string; kind: string; from: string | null; to: string | null; detail: string }[]> {
  let q = db.selectFrom('discovery_events').selectAll();
  if (endpointId !== undefined) q = q.where('endpoint_id', '=', endpointId);
  const rows = await q.orderBy('ts').orderBy('id').execute();
  return rows.map((r) => ({ app: r.app, endpointId: r.endpoint_id === null ? null : Number(r.endpoint_id), ts: r.ts, kind: r.kind, from: r.from_state, to: r.to_state, detail: r.detail }));
}

export async function readBuckets(db: Kysely<Database>, endpointId: number): Promise<{ bucket: string; calls: number; errors: number }[]> {
  const rows = await db.selectFrom('endpoint_buckets').select(['bucket', 'calls', 'errors']).where('endpoint_id', '=', endpointId).orderBy('bucket').execute();
  return rows.map((r) => ({ bucket: r.bucket, calls: Number(r.calls), errors: Number(r.errors) }));
}
