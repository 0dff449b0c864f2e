/**
 * Sensitive-data rows: each changed endpoint's labels and grade (replaced whole, inside the
 * input's commit, after the inventory rows so endpoint ids are known), the leak-trace index
 * (digests only, as 16 bytes with a label code (migration 0008), in groups of one (endpoint,
 * client, account, hour) per input (migration 0007);
 * counts add up across inputs when read; groups of endpoints folded into a template move to it),
 * and the operator audit log. Reads for `inventory`, for restoring the stage, and for `trace`.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { InventoryWrite } from './inventory.js';
import { storableText } from './keys.js';
import type { Database } from './schema.js';
// the digests' stored length (migration 0008: the first 16 bytes of the HMAC), as the digester makes them
import { DIGEST_BYTES } from '../analysis/sensitive/value-digester.js';

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

/** Where an input's traced values went: one (endpoint, client, account, hour). */
export interface TraceGroupWrite {
  /** index into the input's InventoryWrite.endpoints */
  index: number;
  clientIp: string;
  /** as trace-digest.ts accountTag names it; null when not known */
  account: string | null;
  bucket: string;
}

/**
 * A run of value rows as parallel arrays (no object per row: a run is 8,192 rows, an input
 * hundreds of thousands), row `i` at place `i` of each.
 */
export interface TraceRun {
  /** the keyed digests as stored: DIGEST_BYTES bytes each */
  digests: Buffer;
  /** each row's group: its index in SensitiveWrite.traceGroups */
  groups: Int32Array;
  /** each row's label: its stored code (TRACE_LABEL_CODES) */
  labels: Uint8Array;
  counts: Float64Array;
}

export interface SensitiveWrite {
  endpoints: SensitiveEndpointWrite[];
  traceGroups: TraceGroupWrite[];
  /** value rows in runs; read as they are written (the stage digests each run as the one before is written) */
  trace: AsyncIterable<TraceRun>;
}

const CHUNK = 200;
/** trace rows per insert: 4 parameters each, under SQLite's 32,766 and PostgreSQL's 65,535 */
const TRACE_CHUNK = 4000;

/** A value row as PostgreSQL takes it. */
interface TraceRow {
  digest: Buffer;
  group_id: number;
  label: number;
  count: number;
}

/**
 * The stored codes of the traced labels (migration 0008): a label is its place in this list.
 * Append only; a label not here is a programming error (every label the stage traces must be).
 */
export const TRACE_LABEL_CODES: readonly string[] = ['cn_id', 'cn_mobile', 'bank_card', 'email', 'passport', 'hk_mo_permit', 'tw_permit', 'uscc', 'securities_account', 'fund_account'];
const CODE_OF = new Map(TRACE_LABEL_CODES.map((l, i) => [l, i]));

/** A traced label's stored code (TraceRun.labels). */
export function traceLabelCode(label: string): number {
  const c = CODE_OF.get(label);
  if (c === undefined) throw new Error(`trace label without a stored code: ${label}`);
  return c;
}

/** A searched digest (hex, as the digester makes it) as stored: its 16 bytes. */
const digestBytes = (hex: string): Buffer => Buffer.from(hex, 'hex');

const TRACE_UPSERT_SQL = `INSERT INTO value_trace (digest, group_id, label, count) VALUES (?, ?, ?, ?)
  ON CONFLICT (digest, group_id, label) DO UPDATE SET count = value_trace.count + excluded.count`;
const TRACE_GROUP_INSERT_SQL = 'INSERT INTO trace_group (endpoint_id, client_ip, account, bucket) VALUES (?, ?, ?, ?)';

/**
 * SQLite trace rows per sorted run: digests (the primary key's first column) are random; sorted,
 * a run's inserts walk the index in order and each page is read and written once per run instead
 * of once per row. On the 100k bench capture's 329,869 rows (replayed into a fresh table of
 * 0003's schema in alternating processes, 2026-12-03): runs of 32,768 took 0.742–0.746 of the
 * unsorted time, 65,536 0.782, 8,192 0.898, one sort of all rows 0.84–0.93. A run of rows is a
 * few MB.
 */
const SQLITE_RUN = 32_768;
/** Sort keys of a run: the digest's first 36 bits, then the row's place (15 bits), in one exact double (2^51 < 2^53). */
const SORT_KEYS = new Float64Array(SQLITE_RUN);

/**
 * Adds value rows, in the caller's transaction. On SQLite, one prepared single-row statement run
 * per row (on the transaction's own connection), in digest order per run (SQLITE_RUN): 330,000
 * rows of 0003's wider schema took 2.4 s against 3.6 s as 2,000-row INSERTs, before Kysely's
 * building and preparing of those, another ~1 s. PostgreSQL takes multi-row INSERTs (one round
 * trip per chunk).
 *
 * The SQLite rows wait in parallel arrays, not as an object each (with a Buffer view of its
 * digest), and are put in digest order by a native sort of numbers: 75–97 ms for 330,000 rows in
 * runs against 272–285 ms with a comparator on the hex strings (measured apart; in a CPU profile
 * of `analyze` the comparator took ~0.7 s).
 */
class TraceUpserter {
  private readonly stmt: BetterSqlite3.Statement | undefined;
  /** SQLite: rows waiting for their run, row `i` at place `i` of each */
  private n = 0;
  private readonly digests: Buffer;
  private readonly groupIds: Float64Array;
  private readonly labels: Uint8Array;
  private readonly counts: Float64Array;
  /** the digest bound to the statement (SQLite copies a bound blob) */
  private readonly bound = Buffer.alloc(DIGEST_BYTES);
  /** PostgreSQL: rows waiting for their chunk */
  private pending: TraceRow[] = [];

  constructor(
    private readonly trx: Transaction<Database>,
    sqlite: BetterSqlite3.Database | undefined,
  ) {
    this.stmt = sqlite?.prepare(TRACE_UPSERT_SQL);
    const n = this.stmt ? SQLITE_RUN : 0;
    this.digests = Buffer.alloc(n * DIGEST_BYTES);
    this.groupIds = new Float64Array(n);
    this.labels = new Uint8Array(n);
    this.counts = new Float64Array(n);
  }

  /** A run's rows whose group has a row id (`groupIds`, by group index). */
  async addRun(run: TraceRun, groupIds: readonly (number | undefined)[]): Promise<void> {
    const { digests, groups, labels, counts } = run;
    for (let i = 0; i < counts.length; i++) {
      const id = groupIds[groups[i]!];
      if (id === undefined) continue;
      if (!this.stmt) {
        this.pending.push({ digest: digests.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES), group_id: id, label: labels[i]!, count: counts[i]! });
        if (this.pending.length >= TRACE_CHUNK) await this.flush();
        continue;
      }
      const n = this.n;
      const to = this.digests;
      for (let b = 0, from = i * DIGEST_BYTES, at = n * DIGEST_BYTES; b < DIGEST_BYTES; b++) to[at + b] = digests[from + b]!;
      this.groupIds[n] = id;
      this.labels[n] = labels[i]!;
      this.counts[n] = counts[i]!;
      if (++this.n === SQLITE_RUN) this.runSqlite();
    }
  }

  /** The waiting SQLite rows, in digest order. */
  private runSqlite(): void {
    const n = this.n;
    const d = this.digests;
    const keys = SORT_KEYS.subarray(0, n);
    for (let i = 0; i < n; i++) {
      const at = i * DIGEST_BYTES;
      keys[i] = ((d[at]! * 0x1000000 + d[at + 1]! * 0x10000 + d[at + 2]! * 0x100 + d[at + 3]!) * 16 + (d[at + 4]! >>> 4)) * SQLITE_RUN + i;
    }
    keys.sort();
    const bound = this.bound;
    for (let k = 0; k < n; k++) {
      const i = keys[k]! % SQLITE_RUN;
      for (let b = 0, at = i * DIGEST_BYTES; b < DIGEST_BYTES; b++) bound[b] = d[at + b]!;
      this.stmt!.run(bound, this.groupIds[i], this.labels[i], this.counts[i]);
    }
    this.n = 0;
  }

  async flush(): Promise<void> {
    if (this.stmt) {
      if (this.n) this.runSqlite();
      return;
    }
    if (!this.pending.length) return;
    // one row per key in one statement (PostgreSQL refuses to update a row twice in one INSERT)
    const merged = new Map<string, TraceRow>();
    for (const r of this.pending) {
      const k = `${r.digest.toString('hex')} ${r.group_id} ${r.label}`;
      const m = merged.get(k);
      if (m) m.count += r.count;
      else merged.set(k, r);
    }
    this.pending = [];
    await this.trx
      .insertInto('value_trace')
      .values([...merged.values()])
      .onConflict((oc) => oc.columns(['digest', 'group_id', 'label']).doUpdateSet((eb) => ({ count: eb('value_trace.count', '+', eb.ref('excluded.count')) })))
      .execute();
  }
}

/**
 * A row for each group, with its endpoint; by place in `groups` (undefined when its endpoint was
 * not written). Groups that came to name the same endpoint (templates learned during the input)
 * share one row.
 */
async function insertGroups(trx: Transaction<Database>, groups: readonly TraceGroupWrite[], ids: readonly number[], sqlite: BetterSqlite3.Database | undefined): Promise<(number | undefined)[]> {
  const rows: { endpoint_id: number; client_ip: string; account: string; bucket: string }[] = [];
  /** place in `rows` of each group, by place in `groups` */
  const rowOf: number[] = new Array(groups.length).fill(-1);
  const seen = new Map<string, number>();
  groups.forEach((g, i) => {
    const endpoint = ids[g.index];
    if (endpoint === undefined) return;
    const row = { endpoint_id: endpoint, client_ip: storableText(g.clientIp, 64), account: storableText(g.account ?? '', 255), bucket: g.bucket };
    const k = `${endpoint}\u0000${row.client_ip}\u0000${row.account}\u0000${row.bucket}`;
    let r = seen.get(k);
    if (r === undefined) seen.set(k, (r = rows.push(row) - 1));
    rowOf[i] = r;
  });
  const rowIds: number[] = [];
  if (sqlite) {
    const stmt = sqlite.prepare(TRACE_GROUP_INSERT_SQL);
    for (const r of rows) rowIds.push(Number(stmt.run(r.endpoint_id, r.client_ip, r.account, r.bucket).lastInsertRowid));
  } else {
    // ids taken from the sequence first, so each row's id is known without relying on RETURNING's order
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      const seq = await sql<{ id: string | number }>`select nextval(pg_get_serial_sequence('trace_group', 'id')) as id from generate_series(1, ${part.length})`.execute(trx);
      const withIds = part.map((r, j) => ({ id: Number(seq.rows[j]!.id), ...r }));
      await trx.insertInto('trace_group').values(withIds).execute();
      for (const r of withIds) rowIds.push(r.id);
    }
  }
  return rowOf.map((r) => (r < 0 ? undefined : rowIds[r]));
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
  // groups of endpoints folded into others follow them
  for (let i = 0; i < (inv?.endpoints.length ?? 0); i++) {
    const gone = inv!.endpoints[i]!.absorbed;
    if (!gone.length || ids[i] === undefined) continue;
    await trx.updateTable('trace_group').set({ endpoint_id: ids[i]! }).where('endpoint_id', 'in', gone).execute();
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
  const groupIds = await insertGroups(trx, w.traceGroups, ids, sqlite);
  const upsert = new TraceUpserter(trx, sqlite);
  for await (const run of w.trace) await upsert.addRun(run, groupIds);
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

/**
 * Trace rows matching a query, with their endpoints: one per (value, endpoint, client, account,
 * hour, label), counts summed over the inputs that wrote them; at most `limit`, newest hour
 * first.
 */
export async function readTrace(db: Kysely<Database>, q: TraceQuery, limit = 10_000): Promise<TraceHit[]> {
  let query = db
    .selectFrom('value_trace as t')
    .innerJoin('trace_group as g', 'g.id', 't.group_id')
    .innerJoin('endpoints as e', 'e.id', 'g.endpoint_id')
    .select((eb) => ['t.label', 'g.endpoint_id', 'e.app', 'e.method', 'e.path_template', 'e.operation', 'g.client_ip', 'g.account', 'g.bucket', eb.fn.sum<number | string>('t.count').as('count')]);
  if ('digests' in q) query = query.where('t.digest', 'in', q.digests.length ? q.digests.map(digestBytes) : [Buffer.alloc(0)]);
  else if ('clientIp' in q) query = query.where('g.client_ip', '=', q.clientIp);
  else if ('endpointId' in q) query = query.where('g.endpoint_id', '=', q.endpointId);
  else if ('account' in q) query = query.where('g.account', '=', q.account);
  else query = query.where('t.label', '=', CODE_OF.get(q.label) ?? -1);
  const rows = await query
    .groupBy(['t.digest', 't.label', 'g.endpoint_id', 'e.app', 'e.method', 'e.path_template', 'e.operation', 'g.client_ip', 'g.account', 'g.bucket'])
    .orderBy('g.bucket', 'desc')
    .orderBy('e.app')
    .orderBy('e.path_template')
    .orderBy('g.client_ip')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    label: TRACE_LABEL_CODES[Number(r.label)] ?? `label ${r.label}`,
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
