/**
 * Versioned migrations, run on open. The list is explicit (no directory scan), so it works the
 * same from src/ under vitest and from dist/ after tsc. Names are `NNNN_name`; the schema version
 * is the number of the last one applied.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { GuanlanError, ErrorCodes } from '../core/errors.js';
import type { Database, Engine } from './schema.js';
import * as m0001 from './migrations/0001_initial.js';
import * as m0002 from './migrations/0002_inventory.js';
import * as m0003 from './migrations/0003_sensitive.js';
import * as m0004 from './migrations/0004_weaknesses.js';
import * as m0005 from './migrations/0005_risks.js';
import * as m0006 from './migrations/0006_risk_state.js';
import * as m0007 from './migrations/0007_trace_groups.js';
import * as m0008 from './migrations/0008_trace_compact.js';
import * as m0009 from './migrations/0009_trace_segments.js';
import * as m0010 from './migrations/0010_trace_segment_sets.js';

interface EngineMigration {
  up(db: Kysely<never>, engine: Engine): Promise<void>;
  down?(db: Kysely<never>, engine: Engine): Promise<void>;
}

/** Sorted; append only. */
const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: EngineMigration]> = [
  ['0001_initial', m0001],
  ['0002_inventory', m0002],
  ['0003_sensitive', m0003],
  ['0004_weaknesses', m0004],
  ['0005_risks', m0005],
  ['0006_risk_state', m0006],
  ['0007_trace_groups', m0007],
  ['0008_trace_compact', m0008],
  ['0009_trace_segments', m0009],
  ['0010_trace_segment_sets', m0010],
];

export const MIGRATION_TABLE = 'guanlan_migration';
const LOCK_TABLE = 'guanlan_migration_lock';

/** The schema version this code writes: the number of its last migration. */
export const SCHEMA_VERSION = versionOf(MIGRATIONS[MIGRATIONS.length - 1][0]);

function versionOf(name: string): number {
  return Number.parseInt(name.slice(0, 4), 10);
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly engine: Engine) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of MIGRATIONS) {
      const { down } = m;
      out[name] = {
        up: (db) => m.up(db as Kysely<never>, this.engine),
        ...(down ? { down: (db) => down(db as Kysely<never>, this.engine) } : {}),
      };
    }
    return out;
  }
}

async function migrator(db: Kysely<Database>, engine: Engine, shown: string): Promise<Migrator> {
  // On PostgreSQL, Kysely looks for its table across every schema of the database unless told
  // which one; name the schema our tables go to (the first of search_path), so that several
  // Guanlan stores can share a database, one schema each.
  let migrationTableSchema: string | undefined;
  if (engine === 'postgres') {
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema ?? undefined;
    if (migrationTableSchema === undefined) {
      throw new GuanlanError(ErrorCodes.STORE, `cannot migrate store ${shown}: no existing schema in search_path`);
    }
  }
  return new Migrator({
    db,
    provider: new StaticProvider(engine),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: LOCK_TABLE,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
}

/** Bring the schema to SCHEMA_VERSION. `shown` names the store in errors. */
export async function migrateToLatest(db: Kysely<Database>, engine: Engine, shown: string): Promise<void> {
  const m = await migrator(db, engine, shown);
  let { error } = await m.migrateToLatest();
  // Kysely takes no lock for SQLite migrations: two processes opening a new file at once can both
  // start migration 0001, and the later one fails (its transaction rolls back whole). Once the
  // other has committed, running again finds nothing to do.
  for (let attempt = 1; error !== undefined && engine === 'sqlite' && attempt <= 5 && !/corrupted migrations/.test(oneLine(error)); attempt++) {
    await new Promise((r) => setTimeout(r, 20 * attempt));
    ({ error } = await m.migrateToLatest());
  }
  if (error === undefined) return;
  const applied = await appliedVersion(db).catch(() => undefined);
  if (applied !== undefined && applied > SCHEMA_VERSION) {
    throw new GuanlanError(
      ErrorCodes.STORE,
      `store ${shown} has schema version ${applied}, newer than this Guanlan understands (${SCHEMA_VERSION}); upgrade Guanlan`,
    );
  }
  const e = new GuanlanError(ErrorCodes.STORE, `cannot migrate store ${shown}: ${oneLine(error)}`);
  e.cause = error;
  throw e;
}

/** Bring the schema up or down to the migration named (tests of a migration's way back and forth). */
export async function migrateTo(db: Kysely<Database>, engine: Engine, shown: string, name: string): Promise<void> {
  const { error } = await (await migrator(db, engine, shown)).migrateTo(name);
  if (error !== undefined) throw new GuanlanError(ErrorCodes.STORE, `cannot migrate store ${shown} to ${name}: ${oneLine(error)}`);
}

/** Highest migration number recorded in the store (0 when none). */
export async function appliedVersion(db: Kysely<Database>): Promise<number> {
  // The migration table is Kysely's, not part of Database; reach it untyped.
  const rows = await (db as unknown as Kysely<Record<string, { name: string }>>)
    .selectFrom(MIGRATION_TABLE)
    .select('name')
    .execute();
  return rows.reduce((max, r) => Math.max(max, versionOf(r.name) || 0), 0);
}

export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/\s+/g, ' ').trim() || (err instanceof Error ? err.name : 'unknown error');
}
