/**
 * 0007: the leak-trace index in two tables. `trace_group` holds each (endpoint, client, account,
 * hour) once per input; `value_trace` holds (digest, group, label, count). A value row was ~100
 * bytes of repeated text (client, account tag, hour) under a six-column key; now it is a digest,
 * a group number, a label and a count, and a template learned later moves groups, not value rows.
 * The rows of 0003's table are moved over.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, engine: Engine): Promise<void> {
  const pg = engine === 'postgres';
  const key = pg ? sql`text collate "C"` : 'text';
  await db.schema.alterTable('value_trace').renameTo('value_trace_0003').execute();
  // PostgreSQL names a primary key's index after its constraint: free the name for the new table
  if (pg) await sql`alter table value_trace_0003 rename constraint value_trace_pk to value_trace_0003_pk`.execute(db);
  await db.schema.dropIndex('value_trace_client').execute();

  await db.schema
    .createTable('trace_group')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    // no foreign key: groups of endpoints folded into a template move to it
    .addColumn('endpoint_id', 'integer', (c) => c.notNull())
    .addColumn('client_ip', key, (c) => c.notNull())
    // '' when not known
    .addColumn('account', key, (c) => c.notNull().defaultTo(''))
    // hour, `2024-05-01T08`
    .addColumn('bucket', key, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trace_group_endpoint').on('trace_group').columns(['endpoint_id']).execute();
  await db.schema.createIndex('trace_group_client').on('trace_group').columns(['client_ip', 'bucket']).execute();
  await db.schema.createIndex('trace_group_account').on('trace_group').columns(['account']).execute();

  await db.schema
    .createTable('value_trace')
    .addColumn('digest', key, (c) => c.notNull())
    .addColumn('group_id', 'bigint', (c) => c.notNull())
    .addColumn('label', key, (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('value_trace_pk', ['digest', 'group_id', 'label'])
    .execute();
  await db.schema.createIndex('value_trace_group').on('value_trace').columns(['group_id']).execute();

  await sql`insert into trace_group (endpoint_id, client_ip, account, bucket)
    select distinct endpoint_id, client_ip, account, bucket from value_trace_0003`.execute(db);
  await sql`insert into value_trace (digest, group_id, label, count)
    select o.digest, g.id, o.label, o.count from value_trace_0003 o
    join trace_group g on g.endpoint_id = o.endpoint_id and g.client_ip = o.client_ip and g.account = o.account and g.bucket = o.bucket`.execute(db);
  await db.schema.dropTable('value_trace_0003').execute();
}

export async function down(db: AnyDb, engine: Engine): Promise<void> {
  const pg = engine === 'postgres';
  const key = pg ? sql`text collate "C"` : 'text';
  await db.schema.alterTable('value_trace').renameTo('value_trace_0007').execute();
  if (pg) await sql`alter table value_trace_0007 rename constraint value_trace_pk to value_trace_0007_pk`.execute(db);
  await db.schema.dropIndex('value_trace_group').execute();
  await db.schema
    .createTable('value_trace')
    .addColumn('digest', key, (c) => c.notNull())
    .addColumn('label', key, (c) => c.notNull())
    .addColumn('endpoint_id', 'integer', (c) => c.notNull())
    .addColumn('client_ip', key, (c) => c.notNull())
    .addColumn('account', key, (c) => c.notNull().defaultTo(''))
    .addColumn('bucket', key, (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('value_trace_pk', ['digest', 'endpoint_id', 'client_ip', 'account', 'bucket', 'label'])
    .execute();
  await db.schema.createIndex('value_trace_client').on('value_trace').columns(['client_ip', 'bucket']).execute();
  await sql`insert into value_trace (digest, label, endpoint_id, client_ip, account, bucket, count)
    select v.digest, v.label, g.endpoint_id, g.client_ip, g.account, g.bucket, sum(v.count) from value_trace_0007 v
    join trace_group g on g.id = v.group_id
    group by v.digest, v.label, g.endpoint_id, g.client_ip, g.account, g.bucket`.execute(db);
  await db.schema.dropTable('value_trace_0007').execute();
  await db.schema.dropTable('trace_group').execute();
}
