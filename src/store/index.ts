/**
 * The store (DESIGN §5): one schema, one query layer (Kysely), two engines.
 *
 * @example
 * const store = await openStore('./guanlan.db');               // SQLite file, created if absent
 * const store = await openStore('postgres://u@db.example/gl'); // PostgreSQL
 * const { inputId, alreadyIngested } = await store.beginInput({ name, kind: 'pcap', sizeBytes, sha256 });
 * if (!alreadyIngested) {
 *   const batch = store.createBatch();
 *   for await (const ex of exchanges) batch.addExchange(ex, (e) => JSON.stringify(mask(e)));
 *   await store.finishInput(inputId, { exchanges, packets, bytes, counters: counters.toJSON(), issues, status: 'done' }, batch);
 * }
 * await store.close();
 */
import { DEFAULT_SAMPLE_LIMITS } from './batch.js';
import { openEngine, parseTarget } from './engines.js';
import { ErrorCodes, GuanlanError } from '../core/errors.js';
import { migrateToLatest, oneLine } from './migrate.js';
import { SqlStore, type Store } from './store.js';

export interface StoreOptions {
  /** Samples kept per (host, method, path); default 5. */
  samplesPerKey?: number;
  /** Samples kept overall; default 10,000. */
  maxSamples?: number;
  /** Create a SQLite file that does not exist (default true). Read-only commands pass false. */
  create?: boolean;
  /** SQLite busy timeout and PostgreSQL connect timeout, ms (default 10,000). */
  timeoutMs?: number;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** Raw-path rows kept overall (default 100,000); beyond, new paths count under `{other}`. */
  maxStoredPaths?: number;
  /** Wall clock for inputs' started_at / finished_at (tests inject it). */
  now?: () => Date;
}

/**
 * Open (and migrate) the store at `target`: a `postgres://` or `postgresql://` URL, else a SQLite
 * file path. Throws a GuanlanError (code GL_STORE) naming the target when it cannot be opened.
 */
export async function openStore(target: string, options: StoreOptions = {}): Promise<Store> {
  const t = parseTarget(target);
  const { db, engine, release } = await openEngine(t, {
    create: options.create ?? true,
    timeoutMs: options.timeoutMs ?? 10_000,
    poolSize: options.poolSize ?? 10,
  });
  try {
    await migrateToLatest(db, engine, t.shown);
  } catch (err) {
    await release().catch(() => {});
    if (err instanceof GuanlanError) throw err;
    const e = new GuanlanError(ErrorCodes.STORE, `cannot migrate store ${t.shown}: ${oneLine(err)}`);
    e.cause = err;
    throw e;
  }
  const limits = {
    perKey: options.samplesPerKey ?? DEFAULT_SAMPLE_LIMITS.perKey,
    total: options.maxSamples ?? DEFAULT_SAMPLE_LIMITS.total,
  };
  return new SqlStore(db, engine, t.shown, limits, options.now ?? (() => new Date()), release, options.maxStoredPaths);
}

export type { Store, InputMeta, InputSummary, InputRecord, FinishResult, PathCountQuery, Sample, SampleQuery } from './store.js';
export { InputBatch, DEFAULT_SAMPLE_LIMITS, type InputResults, type PathCountRow, type SampleRow, type SampleLimits } from './batch.js';
export { rawPath } from './keys.js';
export { SCHEMA_VERSION } from './migrate.js';
export type { Database, Engine, EndpointsRow, InputKind, InputStatus } from './schema.js';
export { auditSearch, readAudit, readSensitivity, readTrace, type LabelRow, type SensitiveWrite, type StoredSensitivity, type TraceHit, type TraceGroupWrite, type TraceMerge, type TraceQuery, type TraceRun } from './sensitive.js';
export type { AppWrite, EndpointWrite, InventoryWrite, EndpointQuery, StoredApp } from './inventory.js';
export { readFindingEvents, readFindings, setFindingState, type ActivityWrite, type FindingQuery, type FindingWrite, type StoredFinding, type WeaknessWrite } from './weaknesses.js';
export { INCIDENT_STATES, readDetectorState, readIncidentHistory, readIncidents, readRiskEvents, setIncidentState, type IncidentHistoryRow, type RiskQuery, type RiskWrite } from './risks.js';
