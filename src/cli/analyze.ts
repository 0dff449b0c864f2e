/**
 * `guanlan analyze <inputs…>`: decode every input, run the analysis stages, commit each input's
 * results to the store in one transaction, and print a summary (a table, or JSON with --json).
 * An input already ingested (same kind and SHA-256) is skipped, so nothing is counted twice.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import { Counters } from '../core/anomalies.js';
import { GuanlanError, type InputIssue } from '../core/errors.js';
import type { DecodeLimits } from '../decode/types.js';
import { IngestStage, type IngestResult } from '../pipeline/ingest-stage.js';
import { runExchanges } from '../pipeline/runner.js';
import { openInput, type OpenedInput } from '../sources/open.js';
import { sourceTag } from '../sources/decode.js';
import { openStore, type Store } from '../store/index.js';
import { reportInputFailure, reportIssue } from './io.js';
import { Progress } from './progress.js';
import { renderTable } from './table.js';

export interface AnalyzeOptions {
  db: string;
  json?: boolean;
  progress?: boolean;
  maxBody?: number;
  threads?: number;
}

export interface InputSummary {
  name: string;
  kind: string | null;
  status: 'ingested' | 'duplicate' | 'failed';
  sizeBytes: number | null;
  sha256: string | null;
  exchanges: number;
  packets: number;
  issues: number;
  withoutResponse: number;
  methods: Record<string, number>;
  statusClasses: Record<string, number>;
  /** named anomalies carried on the Exchanges (reproducible from JSONL) */
  anomalies: Record<string, number>;
  /** decoder counters (captures only): packets, TCP, HTTP parser metrics */
  counters: Record<string, number>;
  firstTs: string | null;
  lastTs: string | null;
  hosts: number;
  paths: number;
}

export interface AnalyzeSummary {
  db: string;
  inputs: InputSummary[];
  totals: { inputs: number; exchanges: number; packets: number; issues: number; anomalies: Record<string, number> };
}

export function limitsFrom(opts: { maxBody?: number }): Partial<DecodeLimits> {
  return opts.maxBody ? { maxBodyBytes: opts.maxBody } : {};
}

async function hashFile(name: string): Promise<string | null> {
  if (name === '-') return null;
  try {
    const st = await fsp.stat(name);
    if (!st.isFile()) return null;
  } catch {
    return null; // openInput reports it
  }
  const h = createHash('sha256');
  for await (const c of createReadStream(name, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('hex');
}

/** Ingests one opened input; shared by `analyze` and `capture`. */
export async function ingestOpened(
  store: Store,
  input: OpenedInput,
  opts: { limits: Partial<DecodeLimits>; threads?: number; onBytes?: (n: number) => void; onIssue: (i: InputIssue) => void; onExchanges?: (n: number) => void; begun?: { inputId: number; alreadyIngested: boolean }; sha256?: string },
): Promise<InputSummary> {
  const stage = new IngestStage();
  const ctx = { name: input.name, kind: input.kind, source: sourceTag(input.kind, input.name) };
  let issues = 0;
  const tally = await runExchanges(input, { limits: opts.limits, decodeThreads: opts.threads, onBytes: opts.onBytes, onIssue: (i) => (issues++, opts.onIssue(i)) }, (batch) => {
    for (const ex of batch) stage.onExchange(ex);
    opts.onExchanges?.(batch.length);
  });
  const result = stage.endInput(ctx);
  const sha256 = opts.sha256 ?? input.sha256();
  // Inputs hashed up front were registered before decoding; streams (stdin, live) only now.
  const size = input.file ? (input.sizeBytes ?? input.bytesRead()) : input.bytesRead();
  const begin = opts.begun ?? (await store.beginInput({ name: input.name, kind: input.kind, sizeBytes: size, sha256: input.live ? null : sha256 }));
  const summary = toSummary(input, size, result, tally.counters, tally.packets, issues, sha256, begin.alreadyIngested ? 'duplicate' : 'ingested');
  if (!begin.alreadyIngested) {
    const counters = { ...tally.counters.toJSON(), ...result.notes };
    await store.finishInput(begin.inputId, { exchanges: result.exchanges, packets: tally.packets, bytes: size, counters, issues, status: 'done' }, result.batch);
  }
  return summary;
}

function toSummary(input: OpenedInput, size: number, r: IngestResult, counters: Counters, packets: number, issues: number, sha256: string, status: InputSummary['status']): InputSummary {
  return {
    name: input.name,
    kind: input.kind,
    status,
    sizeBytes: size,
    sha256,
    exchanges: r.exchanges,
    packets,
    issues,
    withoutResponse: r.withoutResponse,
    methods: r.methods,
    statusClasses: r.statusClasses,
    anomalies: r.notes,
    counters: counters.toJSON(),
    firstTs: r.firstTs ?? null,
    lastTs: r.lastTs ?? null,
    hosts: new Set(r.batch.pathCounts.map((p) => p.host)).size,
    paths: r.batch.distinctPaths,
  };
}

function emptySummary(name: string, status: InputSummary['status'], extra: Partial<InputSummary> = {}): InputSummary {
  return {
    name, kind: null, status, sizeBytes: null, sha256: null, exchanges: 0, packets: 0, issues: 1, withoutResponse: 0,
    methods: {}, statusClasses: {}, anomalies: {}, counters: {}, firstTs: null, lastTs: null, hosts: 0, paths: 0, ...extra,
  };
}

export async function analyzeCommand(inputs: string[], opts: AnalyzeOptions): Promise<number> {
  if (inputs.filter((i) => i === '-').length > 1) throw new GuanlanError('GL_USAGE', 'stdin (-) can be named only once');
  const store = await openStore(opts.db);
  const summaries: InputSummary[] = [];
  try {
    for (const name of inputs) {
      // A file already ingested is recognised (by kind and SHA-256) before decoding it again;
      // hashed once up front, so the stream is not hashed a second time.
      const preSha = await hashFile(name);
      let input: OpenedInput;
      try {
        input = await openInput(name, { hash: preSha === null });
      } catch (err) {
        reportInputFailure(name, err);
        summaries.push(emptySummary(name, 'failed'));
        continue;
      }
      const begun = preSha ? await store.beginInput({ name, kind: input.kind, sizeBytes: input.sizeBytes ?? null, sha256: preSha }) : undefined;
      if (begun?.alreadyIngested) {
        input.close();
        summaries.push(emptySummary(name, 'duplicate', { issues: 0, sha256: preSha, kind: input.kind, sizeBytes: input.sizeBytes ?? null }));
        continue;
      }
      let exchanges = 0;
      let workerBytes = 0;
      const progress = new Progress(
        () => ({ label: name, bytes: Math.max(input.bytesRead(), workerBytes), totalBytes: input.sizeBytes, exchanges }),
        process.stderr,
        opts.progress !== false && Boolean(process.stderr.isTTY) && !opts.json,
      );
      try {
        summaries.push(await ingestOpened(store, input, { limits: limitsFrom(opts), threads: opts.threads, onIssue: reportIssue, onExchanges: (n) => (exchanges += n), onBytes: (n) => (workerBytes += n), begun, sha256: preSha ?? undefined }));
      } catch (err) {
        progress.stop();
        reportInputFailure(name, err);
        if (begun) await store.finishInput(begun.inputId, { exchanges: 0, packets: 0, bytes: workerBytes || input.bytesRead(), counters: {}, issues: 1, status: 'failed' }).catch(() => {});
        summaries.push(emptySummary(name, 'failed', { kind: input.kind }));
        continue;
      }
      progress.stop();
    }
  } finally {
    await store.close();
  }
  const summary = totals(opts.db, summaries);
  if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else process.stdout.write(`${renderSummary(summary)}\n`);
  return summaries.some((s) => s.issues > 0 || s.status === 'failed') ? 1 : 0;
}

export function totals(db: string, inputs: InputSummary[]): AnalyzeSummary {
  const anomalies = new Counters();
  for (const s of inputs) anomalies.merge(s.anomalies);
  return {
    db,
    inputs,
    totals: {
      inputs: inputs.length,
      exchanges: inputs.reduce((a, s) => a + s.exchanges, 0),
      packets: inputs.reduce((a, s) => a + s.packets, 0),
      issues: inputs.reduce((a, s) => a + s.issues, 0),
      anomalies: anomalies.toJSON(),
    },
  };
}

export function renderSummary(s: AnalyzeSummary): string {
  const rows = s.inputs.map((i) => [
    i.name,
    i.kind ?? '-',
    i.status,
    i.packets,
    i.exchanges,
    i.withoutResponse,
    i.hosts,
    i.paths,
    Object.values(i.anomalies).reduce((a, b) => a + b, 0),
    i.issues,
  ]);
  const out = [renderTable(['input', 'type', 'status', 'packets', 'exchanges', 'no response', 'hosts', 'paths', 'anomalies', 'errors'], rows, ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'])];
  const an = Object.entries(s.totals.anomalies).sort((a, b) => b[1] - a[1]);
  if (an.length) {
    out.push('', renderTable(['anomaly', 'exchanges'], an.slice(0, 12), ['l', 'r']));
    if (an.length > 12) out.push(`… and ${an.length - 12} more (--json lists all)`);
  }
  const dup = s.inputs.filter((i) => i.status === 'duplicate').length;
  out.push('', `${s.totals.exchanges.toLocaleString('en-US')} exchanges from ${s.totals.inputs} input(s) stored in ${s.db}${dup ? ` (${dup} already ingested, skipped)` : ''}.`);
  return out.join('\n');
}
