/**
 * TCP/HTTP shard worker: reassembles TCP and parses HTTP for its share of the connections (see
 * sharded.ts) and posts Exchanges (or their JSONL) back. Two ways to get its segments:
 * - `file` mode (capture files): it reads the file itself and keeps the segments of its shard;
 *   parsing records and IP headers is cheap (~2 GB/s), so every worker doing it costs less than
 *   the main thread copying segments to each. It pauses when MAX_UNCREDITED batches are
 *   unanswered by the main thread (credit-based backpressure).
 * - otherwise it receives batches of segments from the main thread (stdin, live capture, gzip)
 *   and answers each with an `ack`, the main thread's credit for the next one.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Counters } from '../core/anomalies.js';
import type { Exchange } from '../core/exchange.js';
import { HttpConnection } from '../decode/http1/connection.js';
import { TcpReassembler } from '../decode/tcp/reassembler.js';
import { SegmentSource } from '../decode/segments.js';
import { DEFAULT_LIMITS, type DecodeContext, type DecodeLimits } from '../decode/types.js';
import { JsonlBuffer } from './jsonl-buffer.js';
import type { FromWorker } from './messages.js';
import { prescanner, type PrescanSettings } from './prescan.js';
import type { RecordBatch } from '../analysis/risks/record.js';
import type { RiskHost, RiskHostSetup } from './risk-host.js';
import { readSegmentBatch, shardOf } from './segment-batch.js';

export interface TcpWorkerData {
  source: string;
  limits?: Partial<DecodeLimits>;
  jsonl: boolean;
  /** decode only: count Exchanges, post nothing back */
  countOnly?: boolean;
  /** read this capture file directly and keep shard `shard` of `shards` */
  file?: { path: string; shard: number; shards: number };
  /** scan bodies for sensitive data here (object mode) */
  prescan?: PrescanSettings;
  /** file mode, one shard: run the risk detectors here on the records the main thread answers with (risk-host.ts) */
  risk?: RiskHostSetup;
}

export type ToTcpWorker =
  | { type: 'segments'; data: ArrayBuffer; length: number }
  | { type: 'recycle'; data: ArrayBuffer }
  /** a posted batch is handled; with the detectors here, its records */
  | { type: 'credit'; records?: RecordBatch }
  | { type: 'end' };

/**
 * file mode: batches posted and not yet answered by the main thread before the worker pauses.
 * Eight (of 32 Exchanges, ~1.5 MB) let the decode thread read ahead through the main thread's
 * slow batches. All stages on the bench capture, ten alternating pairs against two
 * (2026-12-04): faster in 8 (by 0.4–5.0 s), slower in 2 (by 0.2 and 2.7 s); the risk stage's
 * ratio to the weaknesses row, three rounds each: +33–43 % against +47 %.
 */
const MAX_UNCREDITED = 8;
const READ_BYTES = 1 << 20;
const SLICE_BYTES = 256 << 10;
const PROGRESS_BYTES = 8 << 20;
/** Exchanges per posted batch in object mode */
const OBJECT_BATCH = 32;

const data = workerData as TcpWorkerData;
const port = parentPort!;
const post = (m: FromWorker): void => port.postMessage(m);
/** JSONL goes back as UTF-8 bytes in a transferred buffer: no string copy, no re-encoding on write. */
const jsonlOut = new JsonlBuffer();
/** file mode: batches posted that the main thread has not answered yet */
let uncredited = 0;
let onCredit: (() => void) | null = null;
const postJsonl = (): void => {
  const count = jsonlOut.count;
  const bytes = jsonlOut.take();
  port.postMessage({ type: 'batch', jsonl: bytes, count } satisfies FromWorker, [bytes.buffer as ArrayBuffer]);
  uncredited++;
};
const counters = new Counters();
const ctx: DecodeContext = { counters, limits: { ...DEFAULT_LIMITS, ...data.limits } };
let out: Exchange[] = [];
const scan = prescanner(data.prescan, counters);
let exchanges = 0;
/**
 * Each Exchange goes where it is needed as soon as it is made: JSONL is written at once (the
 * object dies young instead of being held in a batch), counting keeps nothing.
 */
const onExchange = data.countOnly
  ? (): void => void exchanges++
  : data.jsonl
    ? (ex: Exchange): void => {
        exchanges++;
        jsonlOut.add(ex);
      }
    : (ex: Exchange): void => {
        scan?.(ex);
        // small batches: a long-lived array of Exchanges gets promoted to old space
        if (out.push(ex) >= OBJECT_BATCH) postObjects();
      };
const tcp = new TcpReassembler(ctx, (conn) => new HttpConnection(conn, ctx, { source: data.source, onExchange }));
let lastTs = 0;
let segments = 0;

/** Posts what was decoded since the last call. */
function flushOut(): void {
  if (data.jsonl) {
    if (jsonlOut.count) postJsonl();
  } else {
    postObjects();
  }
}

/** with the risk detectors here: the batches posted, kept until their records come */
const awaiting: Exchange[][] = [];
/**
 * The risk detectors, loaded while decoding starts rather than before it: their modules, the geo
 * database and the restored state took ~0.12 s of this thread (the file read began at 290 ms
 * against 168 ms without them, CPU profiles of the bench capture), which the main thread spent
 * waiting for its first batch. Batches whose records come before the detectors are ready wait in
 * `early`, in order, and so do their credits: reading pauses on them as on any unanswered batch
 * (MAX_UNCREDITED), so few wait (12 on the CLI tests' simulated capture, 3 on the bench capture).
 */
let host: RiskHost | undefined;
const early: Array<[Exchange[] | undefined, RecordBatch | undefined]> = [];
const hostReady: Promise<RiskHost> | undefined =
  data.risk && data.file
    ? import('./risk-host.js').then((m) => {
        const h = (host = new m.RiskHost(data.risk!));
        for (const [batch, records] of early) detected(h, batch, records);
        early.length = 0;
        return h;
      })
    : undefined;
hostReady?.catch((err: Error) => post({ type: 'error', message: err.message, stack: err.stack }));

/** The main thread has handled one more batch (and the detectors, when here, have its records). */
function credited(): void {
  uncredited--;
  onCredit?.();
  onCredit = null;
}

/** A batch's records to the detectors, then its credit. */
function detected(h: RiskHost, batch: Exchange[] | undefined, records: RecordBatch | undefined): void {
  if (batch && records) h.detect(batch, records);
  credited();
}

function postObjects(): void {
  if (!out.length) return;
  exchanges += out.length;
  post({ type: 'batch', exchanges: out, count: out.length });
  if (hostReady) awaiting.push(out);
  out = [];
  uncredited++;
}

port.on('message', (m: ToTcpWorker) => {
  try {
    if (m.type === 'credit') {
      if (!hostReady) credited();
      else if (host) detected(host, awaiting.shift(), m.records);
      // the detectors are not loaded yet: the batch waits for them, and its credit with it
      else early.push([awaiting.shift(), m.records]);
    } else if (m.type === 'recycle') {
      jsonlOut.recycle(m.data);
    } else if (m.type === 'segments') {
      readSegmentBatch(m.data, m.length, (seg) => {
        if (seg.ts > lastTs) lastTs = seg.ts;
        tcp.push(seg);
        if (++segments % 4096 === 0) tcp.flush(lastTs);
      });
      flushOut();
      post({ type: 'ack' });
    } else {
      tcp.end(lastTs);
      flushOut();
      post({ type: 'done', counters: counters.toJSON(), packets: 0, exchanges });
    }
  } catch (err) {
    post({ type: 'error', message: (err as Error).message, stack: (err as Error).stack });
  }
});

/** File mode: this worker reads the capture and decodes the connections of its shard. */
async function readOwnShard(file: NonNullable<TcpWorkerData['file']>): Promise<void> {
  const lead = file.shard === 0; // the lead shard reports what concerns the file as a whole
  const fileCounters = new Counters();
  const source = new SegmentSource(
    { counters: fileCounters, limits: ctx.limits },
    (seg) => {
      if (shardOf(seg, file.shards) === file.shard) tcp.push(seg);
    },
    (off, message) => {
      if (lead) post({ type: 'issue', issue: { input: '', where: `byte ${off}`, message } });
    },
    (ts) => tcp.flush(ts),
  );
  // Large reads (fewer syscalls), decoded in smaller slices so output batches stay small.
  let unreported = 0;
  for await (const chunk of createReadStream(file.path, { highWaterMark: READ_BYTES })) {
    const buf = chunk as Buffer;
    for (let at = 0; at < buf.length; at += SLICE_BYTES) {
      source.push(buf.subarray(at, at + SLICE_BYTES));
      flushOut();
      // the main thread answers each batch once handled; pause while too many are unanswered
      while (uncredited >= MAX_UNCREDITED) await new Promise<void>((r) => (onCredit = r));
    }
    // progress in a few messages, not one per read: a postMessage costs ~0.1 ms here
    unreported += buf.length;
    if (lead && unreported >= PROGRESS_BYTES) {
      post({ type: 'progress', bytes: unreported });
      unreported = 0;
    }
  }
  if (lead && unreported) post({ type: 'progress', bytes: unreported });
  source.end();
  tcp.end(source.lastTs);
  flushOut();
  if (lead) counters.merge(fileCounters);
  // the detectors have every batch's records once every batch is answered (and they are loaded)
  while (hostReady && uncredited > 0) await new Promise<void>((r) => (onCredit = r));
  const detectors = hostReady ? await hostReady : undefined;
  post({ type: 'done', counters: counters.toJSON(), packets: lead ? source.packets : 0, exchanges, risk: detectors?.finish() });
}

if (data.file) {
  readOwnShard(data.file).catch((err: Error) => post({ type: 'error', message: err.message, stack: err.stack }));
}
