/**
 * The two store engines for contract tests: SQLite (a temp file per test) and PostgreSQL (a fresh
 * database per run, a fresh schema per test). PostgreSQL comes from GUANLAN_TEST_PG (a server URL;
 * its database, if any, is where the test database is created from), else
 * postgresql://postgres@127.0.0.1:5432. When it cannot be reached the PostgreSQL suite is skipped,
 * and its title says why.
 *
 *   forEachEngine((name, fresh) => describe(`x on ${name}`, () => { it('…', async () => openStore(await fresh())) }));
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';

export type Fresh = () => Promise<string>;

export const PG_BASE = process.env.GUANLAN_TEST_PG || 'postgresql://postgres@127.0.0.1:5432/postgres';

export function withDatabase(base: string, database: string, schema?: string): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  if (schema) u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** The admin URL: GUANLAN_TEST_PG's database if it names one, else `postgres`. */
export const pgAdmin = (() => {
  const u = new URL(PG_BASE);
  return u.pathname.length > 1 ? u.toString() : withDatabase(PG_BASE, 'postgres');
})();

export async function pgReachable(): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: pgAdmin, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return undefined;
  } catch (err) {
    return `PostgreSQL unreachable at ${PG_BASE.replace(/:[^:@/]*@/, ':***@')} (${(err as Error).message || (err as { code?: string }).code}); set GUANLAN_TEST_PG`;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Run `suite` once per engine (inside its own describe), with a factory of fresh targets. */
export async function forEachEngine(suite: (name: string, fresh: Fresh) => void): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'guanlan-engine-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let seq = 0;
  describe('SQLite', () => suite('SQLite', async () => path.join(dir, `t${++seq}.db`)));

  const skip = await pgReachable();
  if (skip) {
    console.warn(`PostgreSQL suite skipped: ${skip}`);
    describe.skip(`PostgreSQL (skipped: ${skip})`, () => {
      it('needs PostgreSQL', () => {});
    });
    return;
  }
  const database = `guanlan_test_${randomBytes(6).toString('hex')}`;
  let schemas = 0;
  describe('PostgreSQL', () => {
    beforeAll(async () => {
      const c = new pg.Client({ connectionString: pgAdmin });
      await c.connect();
      // A linguistic default collation where the server has ICU, so that byte-order sorting is really tested.
      await c.query(`create database ${database} template template0 locale_provider icu icu_locale 'en'`).catch(() => c.query(`create database ${database}`));
      await c.end();
    });
    afterAll(async () => {
      const c = new pg.Client({ connectionString: pgAdmin });
      await c.connect();
      await c.query(`drop database if exists ${database} with (force)`);
      await c.end();
    });
    suite('PostgreSQL', async () => {
      // A schema per test: isolation without a CREATE DATABASE each time; also proves stores can share a database.
      const schema = `t${++schemas}`;
      const c = new pg.Client({ connectionString: withDatabase(PG_BASE, database) });
      await c.connect();
      await c.query(`create schema ${schema}`);
      await c.end();
      return withDatabase(PG_BASE, database, schema);
    });
  });
}
