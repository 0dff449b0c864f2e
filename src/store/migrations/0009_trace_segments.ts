/**
 * 0009: the leak-trace index's value rows as packed blobs (store/trace-segments.ts) instead of a
 * B-tree row each: `trace_segment` holds them in digest order, one blob per digest prefix and
 * input, and `trace_group.value_rows` holds each group's own. `value_trace` (0008) is converted
 * and dropped; down rebuilds it from the groups' blobs. Both directions go in bounded steps
 * (groups by id range, rows by key), so a large store converts without holding its index.
 */
import { type Kysely, sql } from 'kysely';
import { DIGEST_BYTES } from '../../analysis/sensitive/value-digester.js';
import type { Engine } from '../schema.js';
import { buildGroupRows, buildSegments, type PackedRows, readGroupRows, segmentBits, slotOf } from '../trace-segments.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** groups converted per step */
const GROUP_STEP = 2000;
/** value rows read per step */
const ROW_STEP = 20_000;

interface OldRow {
  digest: Uint8Array;
  group_id: number | string;
  label: number | string;
  count: number | string;
}

function packed(rows: OldRow[]): PackedRows {
  const n = rows.length;
  const r: PackedRows = { n, digests: Buffer.alloc(n * DIGEST_BYTES), groupIds: new Float64Array(n), labels: new Uint8Array(n), counts: new Float64Array(n) };
  rows.forEach((o, i) => {
    r.digests.set(o.digest, i * DIGEST_BYTES);
    r.groupIds[i] = Number(o.group_id);
    r.labels[i] = Number(o.label);
    r.counts[i] = Number(o.count);
  });
  return r;
}

async function maxGroup(db: AnyDb): Promise<number> {
  const r = await sql<{ m: number | string | null }>`select max(id) as m from trace_group`.execute(db);
  return Number(r.rows[0]?.m ?? 0);
}

export async function up(db: AnyDb, engine: Engine): Promise<void> {
  const blob = engine === 'postgres' ? sql`bytea` : sql`blob`;
  await sql`alter table trace_group add column value_rows ${blob}`.execute(db);
  await sql`create table trace_segment (id ${engine === 'postgres' ? sql`bigserial primary key` : sql`integer primary key autoincrement`},
    slot integer not null, base_group bigint not null, row_count integer not null, data ${blob} not null)`.execute(db);
  await db.schema.createIndex('trace_segment_slot').on('trace_segment').column('slot').execute();

  // each group's rows into its blob
  const top = await maxGroup(db);
  for (let from = 0; from <= top; from += GROUP_STEP) {
    const rows = (await db.selectFrom('value_trace').select(['digest', 'group_id', 'label', 'count']).where('group_id', '>=', from).where('group_id', '<', from + GROUP_STEP).execute()) as OldRow[];
    if (!rows.length) continue;
    const ids = [...new Set(rows.map((r) => Number(r.group_id)))];
    const place = new Map(ids.map((id, i) => [id, i]));
    const blobs = buildGroupRows(packed(rows), Int32Array.from(rows, (r) => place.get(Number(r.group_id))!), ids.length);
    for (let i = 0; i < ids.length; i++) await db.updateTable('trace_group').set({ value_rows: blobs[i] }).where('id', '=', ids[i]).execute();
  }

  // every row in digest order into segments, as one input of that many rows
  const total = Number((await sql<{ n: number | string }>`select count(*) as n from value_trace`.execute(db)).rows[0]?.n ?? 0);
  const bits = segmentBits(total);
  let slotRows: OldRow[] = [];
  const emit = async (): Promise<void> => {
    if (!slotRows.length) return;
    const r = packed(slotRows);
    for (const s of buildSegments(r, bits)) {
      await db.insertInto('trace_segment').values({ slot: s.slot, base_group: s.baseGroup, row_count: s.rows, data: s.data }).execute();
    }
    slotRows = [];
  };
  let after: OldRow | undefined;
  for (;;) {
    let q = db.selectFrom('value_trace').select(['digest', 'group_id', 'label', 'count']).orderBy('digest').orderBy('group_id').orderBy('label').limit(ROW_STEP);
    if (after) {
      const a = after;
      q = q.where(sql<boolean>`(digest, group_id, label) > (${Buffer.from(a.digest)}, ${Number(a.group_id)}, ${Number(a.label)})`);
    }
    const rows = (await q.execute()) as OldRow[];
    for (const r of rows) {
      const d = Buffer.from(r.digest);
      if (slotRows.length && slotOf(d, 0, bits) !== slotOf(slotRows[0]!.digest, 0, bits)) await emit();
      slotRows.push({ ...r, digest: d });
    }
    if (rows.length < ROW_STEP) break;
    after = rows[rows.length - 1];
  }
  await emit();
  await db.schema.dropIndex('value_trace_group').execute();
  await db.schema.dropTable('value_trace').execute();
}

export async function down(db: AnyDb, engine: Engine): Promise<void> {
  const pg = engine === 'postgres';
  await sql`create table value_trace (digest ${pg ? sql`bytea` : sql`blob`} not null, group_id bigint not null, label integer not null, count bigint not null,
    constraint value_trace_pk primary key (digest, group_id, label))`.execute(db);
  await db.schema.createIndex('value_trace_group').on('value_trace').columns(['group_id']).execute();
  const top = await maxGroup(db);
  for (let from = 0; from <= top; from += GROUP_STEP) {
    const groups = await db.selectFrom('trace_group').select(['id', 'value_rows']).where('id', '>=', from).where('id', '<', from + GROUP_STEP).where('value_rows', 'is not', null).execute();
    for (const g of groups) {
      // a row twice in a group (groups merged at a commit) is one row of 0008, its counts summed
      const rows = new Map<string, { digest: Buffer; group_id: number; label: number; count: number }>();
      for (const r of readGroupRows(g.value_rows as Uint8Array, Number(g.id))) {
        const k = `${r.digest} ${r.label}`;
        const m = rows.get(k);
        if (m) m.count += r.count;
        else rows.set(k, { digest: Buffer.from(r.digest, 'hex'), group_id: r.groupId, label: r.label, count: r.count });
      }
      const all = [...rows.values()];
      for (let i = 0; i < all.length; i += 1000) await db.insertInto('value_trace').values(all.slice(i, i + 1000)).execute();
    }
  }
  await db.schema.dropTable('trace_segment').execute();
  await sql`alter table trace_group drop column value_rows`.execute(db);
}
