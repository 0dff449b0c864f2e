/**
 * Opening the two engines behind one Kysely<Database>: a SQLite file through better-sqlite3, or
 * PostgreSQL through a pg Pool. Every way of failing to open becomes one GuanlanError line naming
 * the target (with any password hidden), never a stack trace.
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { ErrorCodes, GuanlanError } from '../core/errors.js';
import { oneLine } from './migrate.js';
import type { Database, Engine } from './schema.js';

export type Target = { engine: 'sqlite'; file: string; shown: string } | { engine: 'postgres'; url: string; shown: string };

export function parseTarget(target: string): Target {
  if (/^postgres(ql)?:\/\//i.test(target)) return { engine: 'postgres', url: target, shown: redactUrl(target) };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target);
  if (scheme) {
    throw openError(redactUrl(target), `unsupported store URL scheme '${scheme[1]}:' (use a file path or postgres://)`);
  }
  if (target === '') throw openError("''", 'empty store path');
  return { engine: 'sqlite', file: target, shown: target };
}

/** The URL with its password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1:***@');
  }
}

export function openError(shown: string, reason: string): GuanlanError {
  return new GuanlanError(ErrorCodes.STORE, `cannot open store ${shown}: ${reason}`);
}

export interface EngineOptions {
  /** Create the SQLite file when it does not exist (default true). */
  create: boolean;
  /** SQLite busy timeout / PostgreSQL connect timeout, ms. */
  timeoutMs: number;
  /** PostgreSQL pool size. */
  poolSize: number;
}

export interface OpenedEngine {
  db: Kysely<Database>;
  engine: Engine;
  /** Release this handle; the last one closes the database. */
  release(): Promise<void>;
}

export async function openEngine(t: Target, o: EngineOptions): Promise<OpenedEngine> {
  if (t.engine === 'sqlite') return openSqlite(t.file, t.shown, o);
  const db = await openPostgres(t.url, t.shown, o);
  return { db, engine: 'postgres', release: () => db.destroy() };
}

/**
 * SQLite connections of this process, one per file. better-sqlite3 is synchronous: a second
 * connection in the same process waiting for the file's write lock would block the event loop,
 * and with it the transaction it waits for, until busy_timeout. Sharing one Kysely (whose driver
 * serialises transactions) avoids that. Other processes are kept apart by SQLite's locks.
 */
const sqliteHandles = new Map<string, { db: Kysely<Database>; refs: number }>();

/** Each SQLite Kysely's own better-sqlite3 connection, for the bulk writes that reuse one prepared statement. */
const sqliteConnections = new WeakMap<Kysely<Database>, BetterSqlite3.Database>();

/**
 * The better-sqlite3 connection behind a SQLite Kysely (undefined for PostgreSQL). Kysely
 * prepares every query anew; a bulk write of 300,000 rows through it spent longer building and
 * preparing 2,000-row INSERTs than SQLite spent inserting. Inside a Kysely transaction the same
 * (single) connection is in that transaction, so statements run on it are part of it.
 */
export function sqliteConnection(db: Kysely<Database>): BetterSqlite3.Database | undefined {
  return sqliteConnections.get(db);
}

function sqliteKey(file: string): string | undefined {
  if (file === ':memory:' || file === '') return undefined;
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

function openSqlite(file: string, shown: string, o: EngineOptions): OpenedEngine {
  const key = sqliteKey(file);
  let handle = key === undefined ? undefined : sqliteHandles.get(key);
  if (handle === undefined) {
    handle = { db: connectSqlite(file, shown, o), refs: 0 };
    // The file exists now: key it by its real path, as the next open will.
    const k = sqliteKey(file);
    if (k !== undefined) sqliteHandles.set(k, handle);
  }
  handle.refs++;
  const h = handle;
  let released = false;
  return {
    db: h.db,
    engine: 'sqlite',
    release: async () => {
      if (released) return;
      released = true;
      if (--h.refs > 0) return;
      for (const [k, v] of sqliteHandles) if (v === h) sqliteHandles.delete(k);
      await h.db.destroy();
    },
  };
}

function connectSqlite(file: string, shown: string, o: EngineOptions): Kysely<Database> {
  if (file !== ':memory:') {
    let isDir: boolean | undefined;
    try {
      isDir = statSync(file).isDirectory();
    } catch {
      /* absent: better-sqlite3 creates it, or says why it cannot */
    }
    if (isDir) throw openError(shown, 'is a directory');
    if (isDir === undefined && !o.create) throw openError(shown, 'no such file');
  }
  let conn: BetterSqlite3.Database | undefined;
  try {
    conn = new BetterSqlite3(file, { timeout: o.timeoutMs, fileMustExist: !o.create });
    // The page size of a database made now (an existing one keeps its own). 16 KB rather than
    // SQLite's 4 KB, chosen (2026-12-05) when an input's commit wrote hundreds of thousands of
    // leak-trace rows into random places of one index (migration 0008): bench capture, up to
    // sensitive data, three runs each, the commit took 1.16–1.22 s against 1.23–1.34 s, with every
    // stage 1.46–1.48 s against 1.59–1.65 s (64 KB: 1.07–1.12 and 1.32–1.34 s, but an empty store
    // of 3 MB and every small transaction writing 64 KB pages). Since 0009 those rows are blobs
    // (store/trace-segments.ts), written in order; the page size was not measured again. SQLite
    // ignores it for a database that has tables, and it must come before the journal mode, which
    // writes a new database's header.
    conn.pragma('page_size = 16384');
    // The first real read; a file that is not SQLite fails here (test: "names a file that is not SQLite").
    conn.pragma('journal_mode = WAL');
    conn.pragma('synchronous = NORMAL');
    conn.pragma(`busy_timeout = ${Math.trunc(o.timeoutMs)}`);
    conn.pragma('foreign_keys = ON');
  } catch (err) {
    conn?.close();
    throw openError(shown, describeSqliteError(err));
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) });
  sqliteConnections.set(db, conn);
  return db;
}

export function describeSqliteError(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  switch (code) {
    case 'SQLITE_NOTADB':
      return 'not a SQLite database file';
    case 'SQLITE_CANTOPEN':
      return 'unable to open the database file (missing folder, or no permission?)';
    case 'SQLITE_CORRUPT':
      return 'the database file is corrupt';
    case 'SQLITE_READONLY':
      return 'the database file is read-only';
    case 'SQLITE_BUSY':
      return 'the database is locked by another process';
    case 'SQLITE_FULL':
      return 'the disk is full';
  }
  const msg = oneLine(err);
  if (/directory does not exist/i.test(msg)) return 'its folder does not exist';
  if (/does not exist/i.test(msg)) return 'no such file';
  return msg;
}

/** int8 (counts, sums) as JS numbers, exact up to 2^53, for this pool only (pg's global parsers stay untouched). */
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary' ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

async function openPostgres(url: string, shown: string, o: EngineOptions): Promise<Kysely<Database>> {
  let pool: pg.Pool;
  try {
    pool = new pg.Pool({
      connectionString: url,
      max: o.poolSize,
      connectionTimeoutMillis: o.timeoutMs,
      application_name: 'guanlan',
      types: pgTypes,
    });
  } catch (err) {
    throw openError(shown, describePgError(err));
  }
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw openError(shown, describePgError(err));
  }
  return db;
}

export function describePgError(err: unknown): string {
  const e = err as { code?: unknown; errors?: unknown[] };
  switch (e.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is PostgreSQL running there?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'ECONNRESET':
      return 'connection reset by the server';
    case '28P01':
      return 'password authentication failed';
    case '28000':
      return `access rejected: ${oneLine(err)}`;
  }
  // Node's happy-eyeballs connect reports an AggregateError with an empty message.
  if (Array.isArray(e.errors) && e.errors.length > 0 && !(err instanceof Error && err.message)) return describePgError(e.errors[0]);
  if (err instanceof Error && /timeout/i.test(err.message)) return 'connection timed out';
  return oneLine(err);
}
