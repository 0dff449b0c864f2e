/**
 * 0004: weaknesses. One row per (rule, endpoint, location) with its counts, event-time first and
 * last seen, last detail and a few masked evidence exchanges, and its lifecycle state; every
 * state change (by a user or by traffic) in finding_events. Rows grow with endpoints × rules, not
 * with traffic.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, engine: Engine): Promise<void> {
  const pg = engine === 'postgres';
  const key = pg ? sql`text collate "C"` : 'text';

  await db.schema
    .createTable('findings')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    // 16 hex, stable: what users name in `weakness set-state`
    .addColumn('public_id', key, (c) => c.notNull().unique())
    .addColumn('rule_id', key, (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    // no foreign key: findings of endpoints folded into a template move to it (store/weaknesses.ts)
    .addColumn('endpoint_id', 'integer', (c) => c.notNull())
    .addColumn('location', key, (c) => c.notNull())
    // new | confirmed | ignored | fixed | verified | reopened
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state_since', 'text', (c) => c.notNull())
    // event time
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    // JSON: the rule's measured facts
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    // JSON array of masked evidence
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('[]'))
    // traffic to the endpoint without the weakness since it was marked fixed
    .addColumn('clean_calls', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('clean_first', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('clean_last', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('findings_rule_endpoint_location', ['rule_id', 'endpoint_id', 'location'])
    .execute();
  await db.schema.createIndex('findings_endpoint').on('findings').column('endpoint_id').execute();

  await db.schema
    .createTable('finding_events')
    .addColumn('id', pg ? 'serial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('finding_id', 'integer', (c) => c.notNull().references('findings.id').onDelete('cascade'))
    // wall clock for users, event time for traffic
    .addColumn('ts', key, (c) => c.notNull())
    // a user name, or `traffic`
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('finding_events_finding').on('finding_events').column('finding_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['finding_events', 'findings']) await db.schema.dropTable(t).execute();
}
