/**
 * 0001: inputs, path counts and exchange samples. Never edit a migration once released; add the
 * next one (NNNN_name.ts) and one line in ../migrate.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../schema.js';

// Migrations run against whatever schema existed at their time, so they are typed loosely on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, engine: Engine): Promise<void> {
  const pg = engine === 'postgres';
  // Byte order for keys and times on PostgreSQL, as on SQLite: the same sort on both engines
  // whatever the database's locale, and cheaper comparisons.
  const key = pg ? sql`text collate "C"` : 'text';

  await db.schema
    .createTable('inputs')
    // SQLite AUTOINCREMENT and PostgreSQL serial both never reuse an id, even after a retried
    // input's old row is deleted.
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'done', 'failed')`))
    .addColumn('exchanges', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('packets', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('anomalies', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('issues', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('counters', 'text', (c) => c.notNull().defaultTo('{}'))
    .addUniqueConstraint('inputs_kind_sha256', ['kind', 'sha256'])
    .execute();

  await db.schema
    .createTable('path_counts')
    .addColumn('host', key, (c) => c.notNull())
    .addColumn('method', key, (c) => c.notNull())
    .addColumn('path', key, (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('first_seen', key, (c) => c.notNull())
    .addColumn('last_seen', key, (c) => c.notNull())
    .addPrimaryKeyConstraint('path_counts_pk', ['host', 'method', 'path'])
    .execute();

  await db.schema
    .createTable('exchange_samples')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('input_id', 'integer', (c) => c.notNull().references('inputs.id').onDelete('cascade'))
    .addColumn('ts', key, (c) => c.notNull())
    .addColumn('host', key, (c) => c.notNull())
    .addColumn('method', key, (c) => c.notNull())
    .addColumn('path', key, (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('exchange_json', 'text', (c) => c.notNull())
    .execute();
  // The per-key cap counts by this index; reads by endpoint use it too.
  await db.schema.createIndex('exchange_samples_key').on('exchange_samples').columns(['host', 'method', 'path']).execute();
  await db.schema.createIndex('exchange_samples_input').on('exchange_samples').column('input_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('exchange_samples').execute();
  await db.schema.dropTable('path_counts').execute();
  await db.schema.dropTable('inputs').execute();
}
