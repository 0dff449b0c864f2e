/**
 * 0005: risk events and incidents. Ids are stable (rule, subject, start), so an event that goes
 * on in the next input updates its row. Subjects are stored as shown (accounts with digit runs
 * masked); evidence is masked exchanges. Rows grow with events, which are de-duplicated per rule
 * and subject while they last, not with traffic.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, engine: Engine): Promise<void> {
  const key = engine === 'postgres' ? sql`text collate "C"` : 'text';
  await db.schema
    .createTable('risk_events')
    .addColumn('id', key, (c) => c.primaryKey())
    .addColumn('rule_id', key, (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('dimension', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('subject_ip', key, (c) => c.notNull().defaultTo(''))
    .addColumn('subject_account', key, (c) => c.notNull().defaultTo(''))
    // JSON {app, method, pathTemplate} or ''
    .addColumn('subject_endpoint', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('start', key, (c) => c.notNull())
    .addColumn('end', key, (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('baseline', 'double precision')
    .addColumn('threshold', 'double precision', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('incident_id', key, (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('risk_events_start').on('risk_events').column('start').execute();
  await db.schema
    .createTable('incidents')
    .addColumn('id', key, (c) => c.primaryKey())
    // JSON RiskSubject
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('start', key, (c) => c.notNull())
    .addColumn('end', key, (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    // JSON arrays
    .addColumn('rules', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('events', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['incidents', 'risk_events']) await db.schema.dropTable(t).execute();
}
