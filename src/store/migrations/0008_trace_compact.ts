/**
 * 0008: the leak-trace index's rows in fewer bytes. `value_trace.digest` (32 hex characters of
 * the keyed digest) becomes the 16 bytes themselves (BLOB / bytea) and `label` (the label's name)
 * a small integer code (store/sensitive.ts TRACE_LABEL_CODES, append only). The rows are the
 * largest table of a store that traces (one per value, endpoint, client, account and hour); on
 * the bench capture's ~330,000 rows, replayed apart into both forms of the table (2026-12-04), the
 * file took 24.5 against 40.9 MB and the upserts 1.50–1.58 against 1.71–1.77 s. Existing rows are
 * converted (down converts them back).
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Engine } from '../schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The codes as this migration writes them; store/sensitive.ts TRACE_LABEL_CODES starts with these. */
const CODES = ['cn_id', 'cn_mobile', 'bank_card', 'email', 'passport', 'hk_mo_permit', 'tw_permit', 'uscc', 'securities_account', 'fund_account'];

const toCode = sql.raw(`case label ${CODES.map((l, i) => `when '${l}' then ${i}`).join(' ')} end`);
const toName = sql.raw(`case label ${CODES.map((l, i) => `when ${i} then '${l}'`).join(' ')} end`);

async function renameOld(db: AnyDb, pg: boolean, suffix: string): Promise<void> {
  await db.schema.alterTable('value_trace').renameTo(`value_trace_${suffix}`).execute();
  // PostgreSQL names a primary key's index after its constraint: free the name for the new table
  if (pg) await sql.raw(`alter table value_trace_${suffix} rename constraint value_trace_pk to value_trace_${suffix}_pk`).execute(db);
  await db.schema.dropIndex('value_trace_group').execute();
}

/** `value_trace` with its key and group index, the digest and label columns of the given types. */
async function createTrace(db: AnyDb, digest: RawBuilder<unknown>, label: RawBuilder<unknown>): Promise<void> {
  await sql`create table value_trace (digest ${digest} not null, group_id bigint not null, label ${label} not null, count bigint not null,
    constraint value_trace_pk primary key (digest, group_id, label))`.execute(db);
  await db.schema.createIndex('value_trace_group').on('value_trace').columns(['group_id']).execute();
}

export async function up(db: AnyDb, engine: Engine): Promise<void> {
  const pg = engine === 'postgres';
  await renameOld(db, pg, '0007');
  await createTrace(db, pg ? sql`bytea` : sql`blob`, sql`integer`);
  const digest = pg ? sql`decode(digest, 'hex')` : sql`unhex(digest)`;
  await sql`insert into value_trace (digest, group_id, label, count)
    select ${digest}, group_id, ${toCode}, count from value_trace_0007 where ${toCode} is not null`.execute(db);
  await db.schema.dropTable('value_trace_0007').execute();
}

export async function down(db: AnyDb, engine: Engine): Promise<void> {
  const pg = engine === 'postgres';
  // 0007's table: both as text
  const text = pg ? sql`text collate "C"` : sql`text`;
  await renameOld(db, pg, '0008');
  await createTrace(db, text, text);
  const digest = pg ? sql`encode(digest, 'hex')` : sql`lower(hex(digest))`;
  await sql`insert into value_trace (digest, group_id, label, count)
    select ${digest}, group_id, ${toName}, count from value_trace_0008 where ${toName} is not null`.execute(db);
  await db.schema.dropTable('value_trace_0008').execute();
}
