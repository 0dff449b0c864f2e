/**
 * The store's tables as Kysely sees them (DESIGN §5). Column names are snake_case as in SQL;
 * the Store interface (./index.ts) speaks camelCase. This file describes the latest migration:
 * when a migration changes a table, change it here in the same commit.
 *
 * Times are ISO-8601 UTC text with milliseconds (`2024-05-01T08:00:00.123Z`) on both engines, so
 * they compare as strings and read back identically. JSON columns are text.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

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

/** An application: requests grouped by Host (or server address), with aliases applied. */
export interface AppsTable {
  name: string;
  /** JSON array of hosts seen (at most 20) */
  hosts: string;
  calls: number;
  /** static assets: counted, kept out of the inventory */
  static_calls: number;
  first_seen: string;
  last_seen: string;
  /** JSON: the learned path trie (analysis/endpoints/catalog/trie-json.ts) */
  trie: string;
}

/** An endpoint: application + method + path template (+ operation for GraphQL/SOAP/RPC). */
export interface EndpointsTable {
  id: Generated<number>;
  app: string;
  method: string;
  path_template: string;
  /** '' when not an operation of a GraphQL/SOAP/RPC URL */
  operation: string;
  operation_type: string | null;
  /** JSON [{name, kind}] */
  path_params: string;
  format: string;
  /** JSON [{value, reason}] */
  functions: string;
  service_object: string;
  service_object_reason: string;
  /** JSON [kind] most frequent first */
  auth: string;
  state: string;
  state_since: string;
  calls: number;
  clients: number;
  first_seen: string;
  last_seen: string;
  /** JSON [flag] */
  flags: string;
  /** JSON: mergeable statistics (analysis/endpoints/catalog/stats.ts StoredStats) */
  stats: string;
}

export interface EndpointBucketsTable {
  endpoint_id: number;
  /** hour, `2024-05-01T08` */
  bucket: string;
  calls: number;
  errors: number;
}

export interface DiscoveryEventsTable {
  id: Generated<number>;
  app: string;
  endpoint_id: number | null;
  ts: string;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  detail: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** Labels an endpoint collects (request) and exposes (response), per location (migration 0003). */
export interface EndpointLabelsTable {
  endpoint_id: number;
  direction: string;
  label: string;
  location: string;
  /** exchanges that carried it, and of those, exchanges where it was masked */
  count: number;
  masked_count: number;
  /** 1: masked but still identifying, at least once */
  partial: number;
  max_records: number;
  total_records: number;
}

export interface EndpointGradesTable {
  endpoint_id: number;
  /** high | medium | low | none */
  grade: string;
  reason: string;
}

/**
 * The leak-trace index's value rows in digest order (migration 0009, store/trace-segments.ts):
 * per set (an input's, or several merged: migration 0010), one blob per prefix of the keyed
 * digests (HMAC-SHA-256, first 16 bytes), never values.
 */
export interface TraceSegmentTable {
  id: Generated<number>;
  /** the prefix's length in bits × 65,536 + the prefix */
  slot: number;
  /** trace_group.id that the rows' group offsets count from */
  base_group: number;
  row_count: number;
  /** SEGMENT_ROW bytes a row: digest, group offset, label code (store/sensitive.ts TRACE_LABEL_CODES), count */
  data: Uint8Array;
}

/** Where traced values went: one row per (endpoint, client, account, hour) per input. */
export interface TraceGroupTable {
  id: Generated<number>;
  endpoint_id: number;
  client_ip: string;
  /** '' when not known */
  account: string;
  bucket: string;
  /** the group's value rows (migration 0009): GROUP_ROW bytes each, digest, label code, count; null for none */
  value_rows: ColumnType<Uint8Array | null, Uint8Array | null | undefined, Uint8Array | null>;
}

/** Operator searches of the trace index: what kind, the searched value's digest, how many results. */
export interface OperatorAuditTable {
  id: Generated<number>;
  ts: string;
  command: string;
  kind: string;
  query_digest: string;
  results: number;
}

/** Weaknesses: one row per (rule, endpoint, location), with its lifecycle (migration 0004). */
export interface FindingsTable {
  id: Generated<number>;
  public_id: string;
  rule_id: string;
  slug: string;
  severity: string;
  endpoint_id: number;
  location: string;
  state: string;
  state_reason: string;
  state_since: string;
  first_seen: string;
  last_seen: string;
  count: number;
  detail: string;
  data: string;
  evidence: string;
  clean_calls: number;
  clean_first: string;
  clean_last: string;
}

export interface FindingEventsTable {
  id: Generated<number>;
  finding_id: number;
  ts: string;
  actor: string;
  from_state: string | null;
  to_state: string;
  reason: string;
}

/** Risk events (migration 0005). */
export interface RiskEventsTable {
  id: string;
  rule_id: string;
  slug: string;
  dimension: string;
  severity: string;
  subject_ip: string;
  subject_account: string;
  subject_endpoint: string;
  start: string;
  end: string;
  value: number;
  baseline: number | null;
  threshold: number;
  detail: string;
  evidence: string;
  incident_id: string;
}

export interface IncidentsTable {
  id: string;
  subject: string;
  start: string;
  end: string;
  severity: string;
  score: number;
  state: string;
  title: string;
  rules: string;
  events: string;
}

/** Learnt detector state (migration 0006): one JSON document per detector. */
export interface DetectorStateTable {
  kind: string;
  slug: string;
  state: string;
  updated: string;
}

/** Incident state changes (migration 0006). */
export interface IncidentEventsTable {
  id: Generated<number>;
  incident_id: string;
  ts: string;
  actor: string;
  from_state: string;
  to_state: string;
  note: string;
}

export interface Database {
  inputs: InputsTable;
  path_counts: PathCountsTable;
  exchange_samples: ExchangeSamplesTable;
  apps: AppsTable;
  endpoints: EndpointsTable;
  endpoint_buckets: EndpointBucketsTable;
  discovery_events: DiscoveryEventsTable;
  meta: MetaTable;
  endpoint_labels: EndpointLabelsTable;
  endpoint_grades: EndpointGradesTable;
  trace_segment: TraceSegmentTable;
  trace_group: TraceGroupTable;
  operator_audit: OperatorAuditTable;
  findings: FindingsTable;
  finding_events: FindingEventsTable;
  risk_events: RiskEventsTable;
  incidents: IncidentsTable;
  detector_state: DetectorStateTable;
  incident_events: IncidentEventsTable;
}

export type InputsRow = Selectable<InputsTable>;
export type PathCountsRow = Selectable<PathCountsTable>;
export type ExchangeSamplesRow = Selectable<ExchangeSamplesTable>;
export type AppsRow = Selectable<AppsTable>;
export type EndpointsRow = Selectable<EndpointsTable>;
export type FindingsRow = Selectable<FindingsTable>;
