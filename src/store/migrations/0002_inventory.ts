/**
 * 0002: the API inventory. Applications (with their learned path trie), endpoints (identity,
 * conclusions and mergeable statistics), per-hour call counts, discovery events (lifecycle
 * changes, unbounded paths, merges) and a small key/value table (the event-time watermark).
 * Rows grow with the number of endpoints and hours, not with traffic.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, engine: Engine): Promise<void> {
  const pg = engine === 'postgres';
  const key = pg ? sql`text collate "C"` : 'text';

  await db.schema
    .createTable('apps')
    .addColumn('name', key, (c) => c.primaryKey())
    .addColumn('hosts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('calls', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('static_calls', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_seen', key, (c) => c.notNull())
    .addColumn('last_seen', key, (c) => c.notNull())
    .addColumn('trie', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  await db.schema
    .createTable('endpoints')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('app', key, (c) => c.notNull().references('apps.name').onDelete('cascade'))
    .addColumn('method', key, (c) => c.notNull())
    .addColumn('path_template', key, (c) => c.notNull())
    // '' when the endpoint is not an operation of a GraphQL/SOAP/RPC URL
    .addColumn('operation', key, (c) => c.notNull().defaultTo(''))
    .addColumn('operation_type', 'text')
    .addColumn('path_params', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('functions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('service_object', 'text', (c) => c.notNull())
    .addColumn('service_object_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('auth', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_since', key, (c) => c.notNull())
    .addColumn('calls', 'bigint', (c) => c.notNull())
    .addColumn('clients', 'bigint', (c) => c.notNull())
    .addColumn('first_seen', key, (c) => c.notNull())
    .addColumn('last_seen', key, (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('stats', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('endpoints_key', ['app', 'method', 'path_template', 'operation'])
    .execute();

  await db.schema
    .createTable('endpoint_buckets')
    .addColumn('endpoint_id', 'integer', (c) => c.notNull().references('endpoints.id').onDelete('cascade'))
    // hour, `2024-05-01T08`
    .addColumn('bucket', key, (c) => c.notNull())
    .addColumn('calls', 'bigint', (c) => c.notNull())
    .addColumn('errors', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('endpoint_buckets_pk', ['endpoint_id', 'bucket'])
    .execute();

  await db.schema
    .createTable('discovery_events')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('app', key, (c) => c.notNull())
    .addColumn('endpoint_id', 'integer', (c) => c.references('endpoints.id').onDelete('cascade'))
    .addColumn('ts', key, (c) => c.notNull())
    // state | unbounded | merged
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('discovery_events_endpoint').on('discovery_events').columns(['endpoint_id', 'ts']).execute();

  await db.schema
    .createTable('meta')
    .addColumn('key', key, (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['meta', 'discovery_events', 'endpoint_buckets', 'endpoints', 'apps']) await db.schema.dropTable(t).execute();
}
