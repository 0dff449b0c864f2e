/**
 * The Store: inputs, path counts and samples over one Kysely<Database>, the same code on SQLite
 * and PostgreSQL.
 *
 * Ingestion protocol (idempotent, also when the process dies mid-input):
 *   1. beginInput(meta): records the input as `running`; `alreadyIngested` when the same kind and
 *      sha256 is already `done` (the caller then skips it). A leftover `running`/`failed` row for
 *      the same content is deleted first: nothing of it was ever counted.
 *   2. the caller streams the input into an InputBatch (memory only);
 *   3. finishInput(inputId, summary, batch): ONE transaction writes the path counts, the samples and
 *      the input's status. Until it commits, the input contributes nothing.
 */
import { sql, type Kysely } from 'kysely';
import { ANOMALIES, type AnomalyName } from '../core/anomalies.js';
import { ErrorCodes, GuanlanError } from '../core/errors.js';
import { InputBatch, type InputResults, type PathCountRow, type SampleLimits, type SampleRow } from './batch.js';
import { describePgError, describeSqliteError, sqliteConnection } from './engines.js';
import { appliedVersion } from './migrate.js';
import type { Database, Engine, EndpointsRow, InputKind, InputStatus, InputsRow } from './schema.js';
import { readApps, readBuckets, readEndpoints, readEvents, readWatermark, writeInventory, type EndpointQuery, type StoredApp } from './inventory.js';
import { compactTraceStep, type TraceMerge, writeSensitive, type SensitiveWrite } from './sensitive.js';
import { writeWeaknesses, type WeaknessWrite } from './weaknesses.js';
import { writeRisks, type RiskWrite } from './risks.js';
import { insertSamples, MAX_STORED_PATHS, mergePathRows, upsertPathCounts } from './write.js';

export interface InputMeta {
  /** As named on the command line. */
  name: string;
  kind: InputKind;
  sizeBytes: number | null;
  /** Hex SHA-256 of the content; null when unknown up front (no idempotency for that input). */
  sha256: string | null;
}

export interface InputSummary {
  exchanges: number;
  packets: number;
  bytes: number;
  /** Anomaly and metric counters (Counters.toJSON()); named anomalies are stored apart from the rest. */
  counters: Record<string, number>;
  issues: number;
  /** `failed`: the input could not be processed; its summary is kept, its path counts and samples are not. */
  status: 'done' | 'failed';
}

export interface FinishResult {
  /** Distinct (host, method, path) rows upserted. */
  pathRows: number;
  /** Samples inserted (after the caps). */
  samplesStored: number;
  /** Row ids of the inventory's endpoints written, in the order given. */
  endpointIds: number[];
  /** weakness findings created, reopened and verified fixed by this input */
  weaknesses?: { created: number; reopened: number; verified: number };
}

export interface InputRecord {
  id: number;
  name: string;
  kind: InputKind;
  sizeBytes: number | null;
  sha256: string | null;
  startedAt: string;
  finishedAt: string | null;
  status: InputStatus;
  exchanges: number;
  packets: number;
  bytes: number;
  anomalies: Record<string, number>;
  issues: number;
  counters: Record<string, number>;
}

export interface PathCountQuery {
  host?: string;
  method?: string;
  /** `key` (host, method, path; the default) or `count` (most requested first). */
  order?: 'key' | 'count';
  limit?: number;
}

export interface Sample extends SampleRow {
  inputId: number;
}

export interface SampleQuery {
  host?: string;
  method?: string;
  path?: string;
  inputId?: number;
  limit?: number;
}

export interface Store {
  readonly engine: Engine;
  /** The target as given, password hidden. */
  readonly target: string;
  /** The query layer, for later features' own queries. */
  readonly db: Kysely<Database>;
  readonly sampleLimits: SampleLimits;
  /** Number of the last migration applied. */
  schemaVersion(): Promise<number>;
  beginInput(meta: InputMeta): Promise<{ inputId: number; alreadyIngested: boolean }>;
  /** An empty batch with this store's sample caps. */
  createBatch(): InputBatch;
  /** The single commit point of an input. Throws a GuanlanError if the input is not `running` (finished, or taken over by another process). */
  finishInput(inputId: number, summary: InputSummary, results?: InputResults & { sensitive?: SensitiveWrite; weaknesses?: WeaknessWrite; risks?: RiskWrite }): Promise<FinishResult>;
  /** Risk events, incidents and learnt state outside an input's commit (a live capture writes them as it goes). */
  writeRisks(w: RiskWrite): Promise<void>;
  /**
   * Merge the leak-trace index's small segment sets (one per input) until no size tier needs it
   * (trace-segments.ts `compactionPlan`), or `maxMerges` merges were made; one merge per
   * transaction. What was merged, in order.
   */
  compactTrace(maxMerges?: number): Promise<TraceMerge[]>;
  listInputs(): Promise<InputRecord[]>;
  pathCounts(query?: PathCountQuery): Promise<PathCountRow[]>;
  samples(query?: SampleQuery): Promise<Sample[]>;
  /** Applications with their learned tries. */
  apps(): Promise<StoredApp[]>;
  /** Endpoint rows, ordered by app, template, method. */
  endpoints(query?: EndpointQuery): Promise<EndpointsRow[]>;
  /** Latest event time ingested ('' when none). */
  watermark(): Promise<string>;
  discoveryEvents(endpointId?: number): ReturnType<typeof readEvents>;
  endpointBuckets(endpointId: number): ReturnType<typeof readBuckets>;
  close(): Promise<void>;
}

/** Serialises finishInput across PostgreSQL sessions: exact caps, no upsert deadlocks. Any constant; 'guln'. */
const FINISH_LOCK = 0x67756c6e;

export class SqlStore implements Store {
  private closed = false;

  constructor(
    readonly db: Kysely<Database>,
    readonly engine: Engine,
    readonly target: string,
    readonly sampleLimits: SampleLimits,
    private readonly now: () => Date,
    private readonly release: () => Promise<void>,
    private readonly maxStoredPaths = MAX_STORED_PATHS,
  ) {}

  schemaVersion(): Promise<number> {
    return this.guard('read the schema version', () => appliedVersion(this.db));
  }

  beginInput(meta: InputMeta): Promise<{ inputId: number; alreadyIngested: boolean }> {
    return this.guard(`begin input ${meta.name}`, async () => {
      // Two attempts: a concurrent beginInput of the same content can win the insert in between.
      for (let attempt = 0; ; attempt++) {
        const r = await this.db.transaction().execute(async (trx) => {
          const { sha256, kind } = meta;
          if (sha256 !== null) {
            // A write first, so SQLite takes its write lock (and waits for it) at the start.
            await trx.deleteFrom('inputs').where('kind', '=', kind).where('sha256', '=', sha256).where('status', '<>', 'done').execute();
            const done = await trx.selectFrom('inputs').select('id').where('kind', '=', kind).where('sha256', '=', sha256).executeTakeFirst();
            if (done) return { inputId: done.id, alreadyIngested: true };
          }
          const row = await trx
            .insertInto('inputs')
            .values({
              name: meta.name,
              kind,
              size_bytes: meta.sizeBytes,
              sha256,
              started_at: this.now().toISOString(),
              status: 'running',
              exchanges: 0,
              packets: 0,
              bytes: 0,
              anomalies: '{}',
              issues: 0,
              counters: '{}',
            })
            .onConflict((oc) => oc.columns(['kind', 'sha256']).doNothing())
            .returning('id')
            .executeTakeFirst();
          return row ? { inputId: row.id, alreadyIngested: false } : undefined;
        });
        if (r) return r;
        if (attempt >= 1) throw new GuanlanError(ErrorCodes.STORE, `store ${this.target}: input ${meta.name} is being ingested by another process`);
      }
    });
  }

  createBatch(): InputBatch {
    return new InputBatch(this.sampleLimits);
  }

  finishInput(inputId: number, summary: InputSummary, results?: InputResults & { sensitive?: SensitiveWrite; weaknesses?: WeaknessWrite; risks?: RiskWrite }): Promise<FinishResult> {
    return this.guard(`finish input #${inputId}`, () =>
      this.db.transaction().execute(async (trx) => {
        if (this.engine === 'postgres') await sql`select pg_advisory_xact_lock(${FINISH_LOCK})`.execute(trx);
        const { anomalies, counters } = splitCounters(summary.counters);
        const upd = await trx
          .updateTable('inputs')
          .set({
            status: summary.status,
            finished_at: this.now().toISOString(),
            exchanges: summary.exchanges,
            packets: summary.packets,
            bytes: summary.bytes,
            anomalies: JSON.stringify(anomalies),
            issues: summary.issues,
            counters: JSON.stringify(counters),
          })
          .where('id', '=', inputId)
          .where('status', '=', 'running')
          .executeTakeFirst();
        if (Number(upd.numUpdatedRows) !== 1) {
          throw new GuanlanError(
            ErrorCodes.STORE,
            `store ${this.target}: input #${inputId} is not running (already finished, or taken over by another run); nothing written`,
          );
        }
        if (summary.status !== 'done' || !results) return { pathRows: 0, samplesStored: 0, endpointIds: [] };
        const pathRows = await upsertPathCounts(trx, this.engine, mergePathRows(results.pathCounts), this.maxStoredPaths);
        const samplesStored = await insertSamples(trx, inputId, results.samples, this.sampleLimits);
        const endpointIds = results.inventory ? await writeInventory(trx, this.engine, results.inventory) : [];
        if (results.sensitive) await writeSensitive(trx, results.sensitive, endpointIds, results.inventory, sqliteConnection(this.db));
        const weaknesses = results.weaknesses ? await writeWeaknesses(trx, results.weaknesses, endpointIds, results.inventory) : undefined;
        if (results.risks) await writeRisks(trx, results.risks, sqliteConnection(this.db));
        return { pathRows, samplesStored, endpointIds, ...(weaknesses ? { weaknesses } : {}) };
      }),
    );
  }

  writeRisks(w: RiskWrite): Promise<void> {
    return this.guard('write risk events', () => this.db.transaction().execute((trx) => writeRisks(trx, w, sqliteConnection(this.db))));
  }

  compactTrace(maxMerges = Infinity): Promise<TraceMerge[]> {
    return this.guard('compact the leak-trace index', async () => {
      const done: TraceMerge[] = [];
      // each merge leaves fewer sets, so this ends
      while (done.length < maxMerges) {
        const merged = await this.db.transaction().execute(async (trx) => {
          if (this.engine === 'postgres') await sql`select pg_advisory_xact_lock(${FINISH_LOCK})`.execute(trx);
          // a write first, so SQLite takes its write lock (and waits for it) before the sets are read
          else await trx.deleteFrom('trace_segment').where('base_group', '=', -1).execute();
          return compactTraceStep(trx, sqliteConnection(this.db));
        });
        if (!merged) break;
        done.push(merged);
      }
      return done;
    });
  }

  listInputs(): Promise<InputRecord[]> {
    return this.guard('list inputs', async () => {
      const rows = await this.db.selectFrom('inputs').selectAll().orderBy('id').execute();
      return rows.map(toInputRecord);
    });
  }

  pathCounts(q: PathCountQuery = {}): Promise<PathCountRow[]> {
    return this.guard('read path counts', async () => {
      let query = this.db.selectFrom('path_counts').selectAll();
      if (q.host !== undefined) query = query.where('host', '=', q.host);
      if (q.method !== undefined) query = query.where('method', '=', q.method);
      if (q.order === 'count') query = query.orderBy('count', 'desc');
      query = query.orderBy('host').orderBy('method').orderBy('path');
      if (q.limit !== undefined) query = query.limit(q.limit);
      const rows = await query.execute();
      return rows.map((r) => ({ host: r.host, method: r.method, path: r.path, count: Number(r.count), firstSeen: r.first_seen, lastSeen: r.last_seen }));
    });
  }

  samples(q: SampleQuery = {}): Promise<Sample[]> {
    return this.guard('read samples', async () => {
      let query = this.db.selectFrom('exchange_samples').selectAll();
      if (q.host !== undefined) query = query.where('host', '=', q.host);
      if (q.method !== undefined) query = query.where('method', '=', q.method);
      if (q.path !== undefined) query = query.where('path', '=', q.path);
      if (q.inputId !== undefined) query = query.where('input_id', '=', q.inputId);
      query = query.orderBy('ts').orderBy('id');
      if (q.limit !== undefined) query = query.limit(q.limit);
      const rows = await query.execute();
      return rows.map((r) => ({
        id: r.id,
        inputId: Number(r.input_id),
        ts: r.ts,
        host: r.host,
        method: r.method,
        path: r.path,
        url: r.url,
        status: r.status === null ? null : Number(r.status),
        exchangeJson: r.exchange_json,
      }));
    });
  }

  apps(): Promise<StoredApp[]> {
    return this.guard('read applications', () => readApps(this.db));
  }

  endpoints(q: EndpointQuery = {}): Promise<EndpointsRow[]> {
    return this.guard('read endpoints', () => readEndpoints(this.db, q));
  }

  watermark(): Promise<string> {
    return this.guard('read the watermark', () => readWatermark(this.db));
  }

  discoveryEvents(endpointId?: number): ReturnType<typeof readEvents> {
    return this.guard('read discovery events', () => readEvents(this.db, endpointId));
  }

  endpointBuckets(endpointId: number): ReturnType<typeof readBuckets> {
    return this.guard('read endpoint buckets', () => readBuckets(this.db, endpointId));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.release();
  }

  /**
   * Environmental failures (connection lost, disk full, database locked) become one GuanlanError
   * line; anything else is a bug and keeps its stack.
   */
  private async guard<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof GuanlanError || !isEnvironmental(err)) throw err;
      const reason = this.engine === 'postgres' ? describePgError(err) : describeSqliteError(err);
      const e = new GuanlanError(ErrorCodes.STORE, `store ${this.target}: cannot ${doing}: ${reason}`);
      e.cause = err;
      throw e;
    }
  }
}

function isEnvironmental(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return err instanceof Error && /Connection terminated|timeout exceeded when trying to connect/i.test(err.message);
  // SQLite result codes; Node socket errors; PostgreSQL classes 08 (connection), 53 (resources), 57 (operator), 58 (system).
  return (
    /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CORRUPT|NOTADB|CANTOPEN|PERM)/.test(code) ||
    /^E[A-Z]+$/.test(code) ||
    /^(08|53|57|58)/.test(code)
  );
}

function splitCounters(all: Record<string, number>): { anomalies: Record<string, number>; counters: Record<string, number> } {
  const anomalies: Record<string, number> = {};
  const counters: Record<string, number> = {};
  for (const k of Object.keys(all).sort()) {
    if (ANOMALIES.has(k as AnomalyName)) anomalies[k] = all[k];
    else counters[k] = all[k];
  }
  return { anomalies, counters };
}

function parseCounts(json: string): Record<string, number> {
  try {
    const v: unknown = JSON.parse(json);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, number>) : {};
  } catch {
    return {};
  }
}

function toInputRecord(r: InputsRow): InputRecord {
  return {
    id: Number(r.id),
    name: r.name,
    kind: r.kind,
    sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
    sha256: r.sha256,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    exchanges: Number(r.exchanges),
    packets: Number(r.packets),
    bytes: Number(r.bytes),
    anomalies: parseCounts(r.anomalies),
    issues: Number(r.issues),
    counters: parseCounts(r.counters),
  };
}
