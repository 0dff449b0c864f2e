/**
 * The store's tables as Kysely sees them (DESIGN §5). Column names are snake_case as in SQL;
 * the Store interface (./index.ts) speaks camelCase. This file describes the latest migration:
 * when a migration changes a table, change it here in the same commit.
 *
 * Times are ISO-8601 UTC text with milliseconds (`2024-05-01T08:00:00.123Z`) on both engines, so
 * they compare as strings and read back identically. JSON columns are text.
 */
import type { Generated, Selectable } from 'kysely';

export type Engine = 'sqlite' | 'postgres';

export type InputKind = 'pcap' | 'pcapng' | 'har' | 'jsonl';
export type InputStatus = 'running' | 'done' | 'failed';

/** One ingested input (a file, or stdin). `(kind, sha256)` is unique: the idempotency key. */
export interface InputsTable {
  id: Generated<number>;
  /** As named on the command line (`-` for stdin). */
  name: string;
  kind: InputKind;
  size_bytes: number | null;
  /** Hex SHA-256 of the input's bytes; null when it cannot be known up front (then no idempotency). */
  sha256: string | null;
  /** Wall-clock time of beginInput / finishInput. */
  started_at: string;
  finished_at: string | null;
  status: InputStatus;
  exchanges: number;
  packets: number;
  bytes: number;
  /** JSON object: named decode anomalies (src/core/anomalies.ts) → count. */
  anomalies: string;
  /** Number of input issues reported (InputIssue). */
  issues: number;
  /** JSON object: every other counter (metrics) → count. */
  counters: string;
}

/** Requests per (host, method, raw path without query), summed over every done input. */
export interface PathCountsTable {
  host: string;
  method: string;
  path: string;
  count: number;
  /** Event time of the first / last request seen. */
  first_seen: string;
  last_seen: string;
}

/** A bounded set of masked example exchanges: at most N per (host, method, path), M overall. */
export interface ExchangeSamplesTable {
  /** The Exchange id. */
  id: string;
  input_id: number;
  ts: string;
  host: string;
  method: string;
  path: string;
  url: string;
  /** Response status; null when no response was seen. */
  status: number | null;
  /** The masked Exchange as JSON, produced by the caller. */
  exchange_json: string;
}

export interface Database {
  inputs: InputsTable;
  path_counts: PathCountsTable;
  exchange_samples: ExchangeSamplesTable;
}

export type InputsRow = Selectable<InputsTable>;
export type PathCountsRow = Selectable<PathCountsTable>;
export type ExchangeSamplesRow = Selectable<ExchangeSamplesTable>;
