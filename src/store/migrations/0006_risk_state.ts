/**
 * 0006: what risk detectors learnt (baselines, per-account profiles) kept across restarts, one
 * JSON document per detector, and the history of incident state changes (who acknowledged or
 * closed an incident, when, why). Learnt state holds digests and counts, never clear values.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../schema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb, engine: Engine): Promise<void> {
  const key = engine === 'postgres' ? sql`text collate "C"` : 'text';
  await db.schema
    .createTable('detector_state')
    // 'risk' (weakness detectors keep their state on findings)
    .addColumn('kind', key, (c) => c.notNull())
    .addColumn('slug', key, (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('updated', key, (c) => c.notNull())
    .addPrimaryKeyConstraint('detector_state_pk', ['kind', 'slug'])
    .execute();
  await db.schema
    .createTable('incident_events')
    .addColumn('id', engine === 'postgres' ? 'serial' : 'integer', (c) => (engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('incident_id', key, (c) => c.notNull())
    .addColumn('ts', key, (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('incident_events_incident').on('incident_events').column('incident_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of ['incident_events', 'detector_state']) await db.schema.dropTable(t).execute();
}
