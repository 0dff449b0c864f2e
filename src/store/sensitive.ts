/**
 * Sensitive-data rows: each changed endpoint's labels and grade (replaced whole, inside the
 * input's commit, after the inventory rows so endpoint ids are known), the leak-trace index
 * (digests only, as 16 bytes with a label code (migration 0008), in groups of one (endpoint,
 * client, account, hour) per input (migration 0007), the rows packed in digest-ordered segments and
 * in each group's blob (migration 0009, trace-segments.ts); counts add up across inputs when read;
 * groups of endpoints folded into a template move to it),
 * and the operator audit log. Reads for `inventory`, for restoring the stage, and for `trace`.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { InventoryWrite } from './inventory.js';
import { storableText } from './keys.js';
import type { Database } from './schema.js';
// the digests' stored length (migration 0008: the first 16 bytes of the HMAC), as the digester makes them
import { DIGEST_BYTES } from '../analysis/sensitive/value-digester.js';
import {
  buildGroupRows,
  buildSegments,
  chunkEnds,
  COMPACT_RANGE_BITS,
  compactionPlan,
  findInSegment,
  type FoundRow,
  type PackedRows,
  readGroupRows,
  type Segment,
  segmentBits,
  slotRange,
  slotsOf,
  unpackSegments,
} from './trace-segments.js';

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
  /** value rows in runs, in any order (the stage digests them as they are read, in two threads) */
  trace: AsyncIterable<TraceRun>;
}

const CHUNK = 200;
/** blob bytes per PostgreSQL insert of trace groups, well under its 1 GB message limit */
const PG_CHUNK_BYTES = 16 << 20;

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

const TRACE_GROUP_INSERT_SQL = 'INSERT INTO trace_group (endpoint_id, client_ip, account, bucket, value_rows) VALUES (?, ?, ?, ?, ?)';
const TRACE_SEGMENT_INSERT_SQL = 'INSERT INTO trace_segment (slot, base_group, row_count, data) VALUES (?, ?, ?, ?)';

interface GroupRow {
  endpoint_id: number;
  client_ip: string;
  account: string;
  bucket: string;
}

/**
 * The input's group rows, one per distinct (endpoint, client, account, hour): groups that came to
 * name the same endpoint (templates learned during the input) share one. `rowOf[i]`: the row of
 * group `i` (its place in `groups`), -1 when its endpoint was not written.
 */
function groupRows(groups: readonly TraceGroupWrite[], ids: readonly number[]): { rows: GroupRow[]; rowOf: Int32Array } {
  const rows: GroupRow[] = [];
  const rowOf = new Int32Array(groups.length).fill(-1);
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
  return { rows, rowOf };
}

/**
 * The input's value rows gathered from their runs (in any order), each with its group row
 * (`rowOf`); rows of groups not written are left out. `groupIds` is filled once the groups have ids.
 */
async function gatherRows(runs: AsyncIterable<TraceRun>, rowOf: Int32Array): Promise<{ rows: PackedRows; groupOf: Int32Array }> {
  const parts: TraceRun[] = [];
  let n = 0;
  for await (const run of runs) {
    parts.push(run);
    n += run.counts.length;
  }
  const rows: PackedRows = { n: 0, digests: Buffer.allocUnsafe(n * DIGEST_BYTES), groupIds: new Float64Array(n), labels: new Uint8Array(n), counts: new Float64Array(n) };
  const groupOf = new Int32Array(n);
  const to = rows.digests;
  let k = 0;
  for (const run of parts) {
    const from = run.digests;
    for (let i = 0; i < run.counts.length; i++) {
      const g = rowOf[run.groups[i]!]!;
      if (g < 0) continue;
      // a byte loop, not a view per row (hundreds of thousands of rows)
      for (let b = 0, src = i * DIGEST_BYTES, at = k * DIGEST_BYTES; b < DIGEST_BYTES; b++) to[at + b] = from[src + b]!;
      rows.labels[k] = run.labels[i]!;
      rows.counts[k] = run.counts[i]!;
      groupOf[k++] = g;
    }
  }
  rows.n = k;
  return { rows, groupOf: groupOf.subarray(0, k) };
}

/**
 * The input's trace groups and value rows (store/trace-segments.ts, migration 0009): each group's
 * rows in a blob on its own row, then the rows in digest order as segments. On SQLite one prepared
 * statement per row of each (on the transaction's own connection); PostgreSQL takes multi-row
 * INSERTs, the groups' ids taken from their sequence first.
 */
async function writeTrace(trx: Transaction<Database>, w: SensitiveWrite, ids: readonly number[], sqlite: BetterSqlite3.Database | undefined): Promise<void> {
  const { rows: groups, rowOf } = groupRows(w.traceGroups, ids);
  const { rows, groupOf } = await gatherRows(w.trace, rowOf);
  const blobs = buildGroupRows(rows, groupOf, groups.length);
  const groupIds: number[] = [];
  if (sqlite) {
    const stmt = sqlite.prepare(TRACE_GROUP_INSERT_SQL);
    groups.forEach((r, i) => groupIds.push(Number(stmt.run(r.endpoint_id, r.client_ip, r.account, r.bucket, blobs[i]).lastInsertRowid)));
  } else {
    // ids taken from the sequence first, so each row's id is known without relying on RETURNING's order;
    // at most CHUNK groups and about PG_CHUNK_BYTES of their blobs per statement (one group's can be MBs)
    let i = 0;
    for (const to of chunkEnds(blobs.map((b) => b?.length ?? 0), CHUNK, PG_CHUNK_BYTES)) {
      const part = groups.slice(i, to);
      const seq = await sql<{ id: string | number }>`select nextval(pg_get_serial_sequence('trace_group', 'id')) as id from generate_series(1, ${part.length})`.execute(trx);
      const withIds = part.map((r, j) => ({ id: Number(seq.rows[j]!.id), ...r, value_rows: blobs[i + j] }));
      await trx.insertInto('trace_group').values(withIds).execute();
      for (const r of withIds) groupIds.push(r.id);
      i = to;
    }
  }
  for (let i = 0; i < rows.n; i++) rows.groupIds[i] = groupIds[groupOf[i]!]!;
  await insertSegments(trx, buildSegments(rows), sqlite);
}

/** Segments into `trace_segment`: a prepared statement per segment on SQLite, CHUNK (of a few KB each) per statement on PostgreSQL. */
async function insertSegments(trx: Transaction<Database>, segments: readonly Segment[], sqlite: BetterSqlite3.Database | undefined): Promise<void> {
  if (sqlite) {
    const stmt = sqlite.prepare(TRACE_SEGMENT_INSERT_SQL);
    for (const s of segments) stmt.run(s.slot, s.baseGroup, s.rows, s.data);
    return;
  }
  for (let i = 0; i < segments.length; i += CHUNK) {
    await trx
      .insertInto('trace_segment')
      .values(segments.slice(i, i + CHUNK).map((s) => ({ slot: s.slot, base_group: s.baseGroup, row_count: s.rows, data: s.data })))
      .execute();
  }
}

/** What one compaction step merged. */
export interface TraceMerge {
  /** sets merged into one */
  sets: number;
  rows: number;
}

/**
 * One step of the leak-trace index's compaction (trace-segments.ts `compactionPlan`): the sets the
 * plan names merged into one set, written in their place (its rows in digest order again, cut by
 * their new count, based on the merged sets' smallest base); undefined when no tier needs a merge.
 * The merge goes one digest range at a time (COMPACT_RANGE_BITS), reading from each set only the
 * segments under the range, so it holds ~1/256 of the rows at once whatever their number. Run
 * inside a transaction that holds the store's write lock (store.ts `compactTrace`): a search sees
 * the sets before or after, never both, and two writers never merge the same sets.
 */
export async function compactTraceStep(trx: Transaction<Database>, sqlite: BetterSqlite3.Database | undefined): Promise<TraceMerge | undefined> {
  // the sets, their sizes and cuts (a set's segments all have its `bits`) from the index of 0010, no blob read
  const stored = await trx
    .selectFrom('trace_segment')
    .select(['base_group', (eb) => eb.fn.sum<number | string>('row_count').as('rows'), (eb) => eb.fn.min<number | string>('slot').as('slot')])
    .groupBy('base_group')
    .execute();
  const sets = stored.map((s) => ({ base: Number(s.base_group), rows: Number(s.rows), bits: Math.floor(Number(s.slot) / 65_536) }));
  const plan = compactionPlan(sets);
  if (!plan) return undefined;
  const picked = new Set(plan);
  const chosen = sets.filter((s) => picked.has(s.base));
  const total = chosen.reduce((n, s) => n + s.rows, 0);
  const bits = segmentBits(total);
  const base = Math.min(...plan);
  // the merged set's segments are written beside the old ones, which are then deleted by id
  const top = Number((await trx.selectFrom('trace_segment').select((eb) => eb.fn.max<number | string>('id').as('m')).executeTakeFirst())?.m ?? 0);
  const byBits = new Map<number, number[]>();
  for (const s of chosen) {
    const bases = byBits.get(s.bits);
    if (bases) bases.push(s.base);
    else byBits.set(s.bits, [s.base]);
  }
  const rangeBits = Math.min(bits, COMPACT_RANGE_BITS);
  // a set cut coarser than the ranges has one segment over several of them: read once, kept for those
  const coarse = new Map<number, { slot: number; parts: { baseGroup: number; data: Uint8Array }[] }>();
  let written = 0;
  for (let prefix = 0; prefix < 2 ** rangeBits; prefix++) {
    const parts: { baseGroup: number; data: Uint8Array }[] = [];
    for (const [setBits, bases] of byBits) {
      const [from, to] = slotRange(setBits, rangeBits, prefix);
      if (setBits < rangeBits && coarse.get(setBits)?.slot === from) {
        parts.push(...coarse.get(setBits)!.parts);
        continue;
      }
      const read = (
        await trx.selectFrom('trace_segment').select(['base_group', 'data']).where('base_group', 'in', bases).where('slot', '>=', from).where('slot', '<', to).where('id', '<=', top).execute()
      ).map((r) => ({ baseGroup: Number(r.base_group), data: r.data }));
      if (setBits < rangeBits) coarse.set(setBits, { slot: from, parts: read });
      parts.push(...read);
    }
    const rows = unpackSegments(parts, { bits: rangeBits, prefix });
    written += rows.n;
    await insertSegments(trx, buildSegments(rows, bits, base), sqlite);
  }
  if (written !== total) throw new Error(`trace compaction: ${written} rows read for ${total} in the sets' counts`);
  await trx.deleteFrom('trace_segment').where('base_group', 'in', plan).where('id', '<=', top).execute();
  return { sets: plan.length, rows: total };
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
  await writeTrace(trx, w, ids, sqlite);
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

/** A group's place, as the trace reads it. */
interface GroupSeen {
  id: number | string;
  endpoint_id: number | string;
  app: string;
  method: string;
  path_template: string;
  operation: string;
  client_ip: string;
  account: string;
  bucket: string;
}

/** groups read per query of a group search (each with its blob of rows) */
const GROUP_PAGE = 100;

/** The order trace hits are shown in: newest hour first, then app, path and client. */
function groupOrder(a: GroupSeen, b: GroupSeen): number {
  const by = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return (
    by(b.bucket, a.bucket) ||
    by(a.app, b.app) ||
    by(a.path_template, b.path_template) ||
    by(a.client_ip, b.client_ip) ||
    Number(a.endpoint_id) - Number(b.endpoint_id) ||
    by(a.account, b.account)
  );
}

/**
 * Hits from groups in `groupOrder`, each with its found rows: rows of equal (value, label) under
 * groups of one (endpoint, client, account, hour) (written by different inputs) are one hit, their
 * counts summed. Stops at `limit` hits, at the end of a place.
 */
class HitFolder {
  readonly hits: TraceHit[] = [];
  private place: GroupSeen | undefined;
  private open = new Map<string, TraceHit>();

  constructor(private readonly limit: number) {}

  add(g: GroupSeen, rows: readonly FoundRow[]): void {
    if (this.place && groupOrder(this.place, g) !== 0) this.close();
    this.place = g;
    for (const r of rows) {
      const k = `${r.digest} ${r.label}`;
      const h = this.open.get(k);
      if (h) h.count += r.count;
      else {
        this.open.set(k, {
          label: TRACE_LABEL_CODES[r.label] ?? `label ${r.label}`,
          endpointId: Number(g.endpoint_id),
          app: g.app,
          method: g.method,
          pathTemplate: g.path_template,
          operation: g.operation,
          clientIp: g.client_ip,
          account: g.account === '' ? null : g.account,
          bucket: g.bucket,
          count: r.count,
        });
      }
    }
  }

  /** The place's hits are complete. */
  close(): void {
    for (const h of this.open.values()) if (this.hits.length < this.limit) this.hits.push(h);
    this.open.clear();
    this.place = undefined;
  }

  /** Whether a place can still add hits. */
  get wantsMore(): boolean {
    return this.hits.length < this.limit;
  }
}

/**
 * Trace rows matching a query, with their endpoints: one per (value, endpoint, client, account,
 * hour, label), counts summed over the inputs that wrote them; at most `limit`, newest hour
 * first. A value is looked up in the segments its digest's prefixes name (one per stored set that
 * holds it, binary-searched); a client, endpoint or account through its groups and their blobs;
 * a label reads every group's blob.
 */
export async function readTrace(db: Kysely<Database>, q: TraceQuery, limit = 10_000): Promise<TraceHit[]> {
  const groups = () =>
    db
      .selectFrom('trace_group as g')
      .innerJoin('endpoints as e', 'e.id', 'g.endpoint_id')
      .select(['g.id', 'g.endpoint_id', 'e.app', 'e.method', 'e.path_template', 'e.operation', 'g.client_ip', 'g.account', 'g.bucket']);
  const fold = new HitFolder(limit);
  if ('digests' in q) {
    const digests = q.digests.map(digestBytes).filter((d) => d.length === DIGEST_BYTES);
    const slots = [...new Set(digests.flatMap((d) => slotsOf(d)))];
    const found = new Map<number, FoundRow[]>();
    for (let i = 0; i < slots.length; i += CHUNK) {
      for (const s of await db.selectFrom('trace_segment').select(['base_group', 'data']).where('slot', 'in', slots.slice(i, i + CHUNK)).execute()) {
        for (const d of digests) {
          for (const r of findInSegment(s.data, Number(s.base_group), d)) {
            const list = found.get(r.groupId);
            if (list) list.push(r);
            else found.set(r.groupId, [r]);
          }
        }
      }
    }
    const ids = [...found.keys()];
    const seen: GroupSeen[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) seen.push(...(await groups().where('g.id', 'in', ids.slice(i, i + CHUNK)).execute()));
    for (const g of seen.sort(groupOrder)) fold.add(g, found.get(Number(g.id))!);
    fold.close();
    return fold.hits;
  }
  const code = 'label' in q ? (CODE_OF.get(q.label) ?? -1) : undefined;
  for (let offset = 0; fold.wantsMore; offset += GROUP_PAGE) {
    let page = groups().select('g.value_rows').where('g.value_rows', 'is not', null);
    if ('clientIp' in q) page = page.where('g.client_ip', '=', q.clientIp);
    else if ('endpointId' in q) page = page.where('g.endpoint_id', '=', q.endpointId);
    else if ('account' in q) page = page.where('g.account', '=', q.account);
    const rows = await page
      .orderBy('g.bucket', 'desc')
      .orderBy('e.app')
      .orderBy('e.path_template')
      .orderBy('g.client_ip')
      .orderBy('g.endpoint_id')
      .orderBy('g.account')
      .orderBy('g.id')
      .limit(GROUP_PAGE)
      .offset(offset)
      .execute();
    for (const g of rows) {
      let found = readGroupRows(g.value_rows!, Number(g.id));
      if (code !== undefined) found = found.filter((r) => r.label === code);
      if (!found.length) continue;
      if (!fold.wantsMore) break;
      fold.add(g, found);
    }
    if (rows.length < GROUP_PAGE) break;
  }
  fold.close();
  return fold.hits;
}

export async function auditSearch(db: Kysely<Database>, row: { ts: string; command: string; kind: string; queryDigest: string; results: number }): Promise<void> {
  await db.insertInto('operator_audit').values({ ts: row.ts, command: row.command, kind: row.kind, query_digest: row.queryDigest, results: row.results }).execute();
}

export async function readAudit(db: Kysely<Database>): Promise<{ ts: string; command: string; kind: string; queryDigest: string; results: number }[]> {
  const rows = await db.selectFrom('operator_audit').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ ts: r.ts, command: r.command, kind: r.kind, queryDigest: r.query_digest, results: Number(r.results) }));
}
