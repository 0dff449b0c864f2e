/**
 * 0003: sensitive data. Per endpoint, the labels it collects and exposes (with counts) and its
 * grade; the leak-trace index, which holds keyed digests of values, never values; and the
 * operator audit log of trace searches (which holds the searched digest, not the searched value).
 * Rows grow with endpoints × labels, and with distinct (value, endpoint, client, hour) capped per
 * input, not with traffic.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, engine: Engine): Promise<void> {
  const pg = engine === 'postgres';
  const key = pg ? sql`text collate "C"` : 'text';

  await db.schema
    .createTable('endpoint_labels')
    .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('endpoints.id').onDelete('cascade'))
    // request | response
    .addColumn('direction', key, (c) => c.notNull())
    .addColumn('label', key, (c) => c.notNull())
    .addColumn('location', key, (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('masked_count', 'bigint', (c) => c.notNull())
    .addColumn('partial', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_records', 'bigint', (c) => c.notNull())
    .addColumn('total_records', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('endpoint_labels_pk', ['endpoint_id', 'direction', 'label', 'location'])
    .execute();

  await db.schema
    .createTable('endpoint_grades')
    .addColumn('endpoint_id', 'integer', (c) => c.primaryKey().references('endpoints.id').onDelete('cascade'))
    // high | medium | low | none
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  // no foreign key: rows of endpoints folded into a template are moved to it (store/sensitive.ts)
  await db.schema
    .createTable('value_trace')
    .addColumn('digest', key, (c) => c.notNull())
    .addColumn('label', key, (c) => c.notNull())
    .addColumn('endpoint_id', 'integer', (c) => c.notNull())
    .addColumn('client_ip', key, (c) => c.notNull())
    // '' when not known
    .addColumn('account', key, (c) => c.notNull().defaultTo(''))
    // hour, `2024-05-01T08`
    .addColumn('bucket', key, (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('value_trace_pk', ['digest', 'endpoint_id', 'client_ip', 'account', 'bucket', 'label'])
    .execute();
  await db.schema.createIndex('value_trace_client').on('value_trace').columns(['client_ip', 'bucket']).execute();

  await db.schema
    .createTable('operator_audit')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    // wall clock
    .addColumn('ts', key, (c) => c.notNull())
    .addColumn('command', 'text', (c) => c.notNull())
    // value | ip | api | label
    .addColumn('kind', 'text', (c) => c.notNull())
    // keyed digest of what was searched (never the searched value itself)
    .addColumn('query_digest', 'text', (c) => c.notNull())
    .addColumn('results', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['operator_audit', 'value_trace', 'endpoint_grades', 'endpoint_labels']) await db.schema.dropTable(t).execute();
}
