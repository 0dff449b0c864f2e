/**
 * Sensitive-data rows: each changed endpoint's labels and grade (replaced whole, inside the
 * input's commit, after the inventory rows so endpoint ids are known), the leak-trace index
 * (digests only; counts add up across inputs; rows of endpoints folded into a template move to
 * it), and the operator audit log. Reads for `inventory`, for restoring the stage, and for `trace`.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import type { InventoryWrite } from './inventory.js';
import { storableText } from './keys.js';
import type { Database } from './schema.js';

export interface LabelRow {
  label: string;
  direction: 'request' | 'response';
  location: string;
  count: number;
  maskedCount: number;
  partial: boolean;
  maxRecords: number;
  totalRecords: number;
}

export interface SensitiveEndpointWrite {
  /** index into the input's InventoryWrite.endpoints */
  index: number;
  grade: string;
  reason: string;
  labels: LabelRow[];
}

export interface TraceWrite {
  digest: string;
  label: string;
  /** index into the input's InventoryWrite.endpoints */
  index: number;
  clientIp: string;
  account: string | null;
  bucket: string;
  count: number;
}

export interface SensitiveWrite {
  endpoints: SensitiveEndpointWrite[];
  /** read in chunks as they are written (the stage digests values as they are read) */
  trace: Iterable<TraceWrite>;
}

const CHUNK = 200;
/** trace rows per insert: 7 parameters each, under SQLite's 32,766 and PostgreSQL's 65,535 */
const TRACE_CHUNK = 2000;

type TraceRow = Database['value_trace'];

const TRACE_KEY = ['digest', 'endpoint_id', 'client_ip', 'account', 'bucket', 'label'] as const;
const SQLITE_UPSERT = `INSERT INTO value_trace (digest, label, endpoint_id, client_ip, account, bucket, count) VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (${TRACE_KEY.join(', ')}) DO UPDATE SET count = value_trace.count + excluded.count`;

/**
 * SQLite trace rows per sorted run: rows come group by group, so their digests (the index's first
 * column) are random; sorted, a run's inserts walk the primary-key index in order and each page
 * is read and written once per run instead of once per row. On the 100k bench capture's 329,869
 * rows (replayed into a fresh table in alternating processes, 2026-12-03): runs of 32,768 took
 * 0.742–0.746 of the unsorted time, 65,536 0.782, 8,192 0.898, one sort of all rows 0.84–0.93.
 * A run of rows is a few MB.
 */
const SQLITE_RUN = 32_768;
/** Sort keys of a run: the digest's first 36 bits, then the row's place (15 bits), in one exact double. */
const SORT_KEYS = new Float64Array(SQLITE_RUN);

/**
 * The run's rows in digest order, by a native sort of numbers: 75–97 ms for 330,000 rows in runs,
 * against 272–285 ms with a comparator on the hex strings (measured apart; in a CPU profile of
 * `analyze` the comparator took ~0.7 s).
 */
function byDigest(rows: TraceRow[]): TraceRow[] {
  const n = rows.length;
  const keys = SORT_KEYS.subarray(0, n);
  for (let i = 0; i < n; i++) keys[i] = (parseInt(rows[i]!.digest.slice(0, 9), 16) || 0) * SQLITE_RUN + i;
  keys.sort();
  const out = new Array<TraceRow>(n);
  for (let i = 0; i < n; i++) out[i] = rows[keys[i]! % SQLITE_RUN]!;
  return out;
}

/**
 * Adds trace rows, in the caller's transaction. On SQLite, one prepared single-row statement run
 * per row (on the transaction's own connection), in digest order per run (SQLITE_RUN): 330,000
 * rows took 2.4 s against 3.6 s as 2,000-row INSERTs, before Kysely's building and preparing of
 * those, another ~1 s. PostgreSQL takes multi-row INSERTs (one round trip per chunk).
 */
class TraceUpserter {
  private pending: TraceRow[] = [];
  private readonly stmt: BetterSqlite3.Statement | undefined;

  constructor(
    private readonly trx: Transaction<Database>,
    sqlite: BetterSqlite3.Database | undefined,
  ) {
    this.stmt = sqlite?.prepare(SQLITE_UPSERT);
  }

  /** A promise only when a chunk is due (no promise per row on the synchronous path). */
  add(r: TraceRow): Promise<void> | undefined {
    this.pending.push(r);
    if (this.stmt) {
      if (this.pending.length >= SQLITE_RUN) this.runSqlite();
      return undefined;
    }
    return this.pending.length >= TRACE_CHUNK ? this.flush() : undefined;
  }

  private runSqlite(): void {
    const rows = byDigest(this.pending);
    this.pending = [];
    for (const r of rows) this.stmt!.run(r.digest, r.label, r.endpoint_id, r.client_ip, r.account, r.bucket, r.count);
  }

  async flush(): Promise<void> {
    if (!this.pending.length) return;
    if (this.stmt) return this.runSqlite();
    const rows = this.pending;
    this.pending = [];
    await this.trx
      .insertInto('value_trace')
      .values(rows)
      .onConflict((oc) => oc.columns([...TRACE_KEY]).doUpdateSet((eb) => ({ count: eb('value_trace.count', '+', eb.ref('excluded.count')) })))
      .execute();
  }
}

/** Write one input's sensitive results; `ids` are the endpoint row ids writeInventory returned. */
export async function writeSensitive(
  trx: Transaction<Database>,
  w: SensitiveWrite,
  ids: readonly number[],
  inv: InventoryWrite | undefined,
  /** the transaction's connection when the store is SQLite (engines.ts sqliteConnection) */
  sqlite?: BetterSqlite3.Database,
): Promise<void> {
  const upsert = new TraceUpserter(trx, sqlite);
  // trace rows of endpoints folded into others follow them
  for (let i = 0; i < (inv?.endpoints.length ?? 0); i++) {
    const gone = inv!.endpoints[i]!.absorbed;
    if (!gone.length || ids[i] === undefined) continue;
    const rows = await trx.selectFrom('value_trace').selectAll().where('endpoint_id', 'in', gone).execute();
    await trx.deleteFrom('value_trace').where('endpoint_id', 'in', gone).execute();
    const merged = new Map<string, TraceRow>();
    for (const r of rows) {
      const row = { ...r, endpoint_id: ids[i]!, count: Number(r.count) };
      const k = `${row.digest} ${row.client_ip} ${row.account} ${row.bucket} ${row.label}`;
      const m = merged.get(k);
      if (m) m.count += row.count;
      else merged.set(k, row);
    }
    for (const r of merged.values()) await upsert.add(r);
    await upsert.flush();
  }
  for (const e of w.endpoints) {
    const id = ids[e.index];
    if (id === undefined) continue;
    await trx.deleteFrom('endpoint_labels').where('endpoint_id', '=', id).execute();
    const rows = e.labels.map((l) => ({
      endpoint_id: id,
      direction: l.direction,
      label: l.label,
      location: storableText(l.location, 500),
      count: l.count,
      masked_count: l.maskedCount,
      partial: l.partial ? 1 : 0,
      max_records: l.maxRecords,
      total_records: l.totalRecords,
    }));
    // two long locations cut to the same text: keep one
    const unique = [...new Map(rows.map((r) => [`${r.direction} ${r.label} ${r.location}`, r])).values()];
    for (let i = 0; i < unique.length; i += CHUNK) await trx.insertInto('endpoint_labels').values(unique.slice(i, i + CHUNK)).execute();
    await trx
      .insertInto('endpoint_grades')
      .values({ endpoint_id: id, grade: e.grade, reason: e.reason })
      .onConflict((oc) => oc.column('endpoint_id').doUpdateSet({ grade: e.grade, reason: e.reason }))
      .execute();
  }
  for (const t of w.trace) {
    const id = ids[t.index];
    if (id === undefined) continue;
    const due = upsert.add({ digest: t.digest, label: t.label, endpoint_id: id, client_ip: storableText(t.clientIp, 64), account: storableText(t.account ?? '', 255), bucket: t.bucket, count: t.count });
    if (due) await due;
  }
  await upsert.flush();
}

export interface StoredSensitivity {
  grade: string;
  reason: string;
  labels: LabelRow[];
}

/** Labels and grade of every endpoint that has any, by endpoint row id. */
export async function readSensitivity(db: Kysely<Database>): Promise<Map<number, StoredSensitivity>> {
  const out = new Map<number, StoredSensitivity>();
  const get = (id: number): StoredSensitivity => {
    let s = out.get(id);
    if (!s) out.set(id, (s = { grade: 'none', reason: '', labels: [] }));
    return s;
  };
  for (const g of await db.selectFrom('endpoint_grades').selectAll().execute()) Object.assign(get(Number(g.endpoint_id)), { grade: g.grade, reason: g.reason });
  const rows = await db.selectFrom('endpoint_labels').selectAll().orderBy('endpoint_id').orderBy('direction').orderBy('label').orderBy('location').execute();
  for (const r of rows) {
    get(Number(r.endpoint_id)).labels.push({
      label: r.label,
      direction: r.direction === 'request' ? 'request' : 'response',
      location: r.location,
      count: Number(r.count),
      maskedCount: Number(r.masked_count),
      partial: Number(r.partial) === 1,
      maxRecords: Number(r.max_records),
      totalRecords: Number(r.total_records),
    });
  }
  return out;
}

export interface TraceHit {
  label: string;
  endpointId: number;
  app: string;
  method: string;
  pathTemplate: string;
  operation: string;
  clientIp: string;
  account: string | null;
  bucket: string;
  count: number;
}

export type TraceQuery = { digests: string[] } | { clientIp: string } | { endpointId: number } | { label: string } | { account: string };

/** Trace rows matching a query, with their endpoints; at most `limit`, newest hour first. */
export async function readTrace(db: Kysely<Database>, q: TraceQuery, limit = 10_000): Promise<TraceHit[]> {
  let query = db
    .selectFrom('value_trace as t')
    .innerJoin('endpoints as e', 'e.id', 't.endpoint_id')
    .select(['t.label', 't.endpoint_id', 'e.app', 'e.method', 'e.path_template', 'e.operation', 't.client_ip', 't.account', 't.bucket', 't.count']);
  if ('digests' in q) query = query.where('t.digest', 'in', q.digests.length ? q.digests : ['']);
  else if ('clientIp' in q) query = query.where('t.client_ip', '=', q.clientIp);
  else if ('endpointId' in q) query = query.where('t.endpoint_id', '=', q.endpointId);
  else if ('account' in q) query = query.where('t.account', '=', q.account);
  else query = query.where('t.label', '=', q.label);
  const rows = await query.orderBy('t.bucket', 'desc').orderBy('e.app').orderBy('e.path_template').orderBy('t.client_ip').limit(limit).execute();
  return rows.map((r) => ({
    label: r.label,
    endpointId: Number(r.endpoint_id),
    app: r.app,
    method: r.method,
    pathTemplate: r.path_template,
    operation: r.operation,
    clientIp: r.client_ip,
    account: r.account === '' ? null : r.account,
    bucket: r.bucket,
    count: Number(r.count),
  }));
}

export async function auditSearch(db: Kysely<Database>, row: { ts: string; command: string; kind: string; queryDigest: string; results: number }): Promise<void> {
  await db.insertInto('operator_audit').values({ ts: row.ts, command: row.command, kind: row.kind, query_digest: row.queryDigest, results: row.results }).execute();
}

export async function readAudit(db: Kysely<Database>): Promise<{ ts: string; command: string; kind: string; queryDigest: string; results: number }[]> {
  const rows = await db.selectFrom('operator_audit').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ ts: r.ts, command: r.command, kind: r.kind, queryDigest: r.query_digest, results: Number(r.results) }));
}
