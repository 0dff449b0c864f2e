/**
 * Runs one opened input through decoding, in a worker thread (so decoding and analysis use both
 * cores) or in this thread, with credit-based backpressure: at most MAX_IN_FLIGHT input chunks
 * are between reading and fully handled output, so memory stays bounded whatever the input size.
 */
import { Worker } from 'node:worker_threads';
import { Counters } from '../core/anomalies.js';
import type { InputIssue } from '../core/errors.js';
import type { Exchange } from '../core/exchange.js';
import type { DecodeLimits } from '../decode/types.js';
import type { OpenedInput } from '../sources/open.js';
import { decodeInput, newTally } from '../sources/decode.js';
import { exchangeToJsonl } from '../sources/jsonl/index.js';
import type { DecodeWorkerData, FromWorker, ToWorker } from './messages.js';
import type { PrescanSettings } from './prescan.js';
import type { RecordBatch } from '../analysis/risks/record.js';
import type { RemoteRiskResult, RiskHostSetup } from './risk-host.js';
import { type Consumer, handOn, Inbox } from './inbox.js';

export type { Consumer } from './inbox.js';
import { runSharded, runShardedFile, WORKER_LIMITS } from './sharded.js';
import { availableParallelism } from 'node:os';

const MAX_IN_FLIGHT = 4;

export interface RunOptions {
  limits?: Partial<DecodeLimits>;
  onIssue: (issue: InputIssue) => void;
  /** decode in worker threads (default: when running from the built package) */
  worker?: boolean;
  /** TCP/HTTP decoding threads for captures (default: the number of cores, at most 4) */
  decodeThreads?: number;
  /** scan bodies for sensitive data in the decode threads (src/pipeline/prescan.ts) */
  prescan?: PrescanSettings;
  /** raw input bytes decoded so far grew by `n`, when the input is not read by this thread */
  onBytes?: (n: number) => void;
  /**
   * Run the risk detectors in the decode thread (only where `risksBesideDecoding` says so):
   * `records` gives each handled batch's records, sent back with its credit.
   */
  risk?: { setup: RiskHostSetup; records: () => RecordBatch | undefined };
}

export interface RunTally {
  counters: Counters;
  packets: number;
  exchanges: number;
  /** what the risk detectors found in the decode thread (RunOptions.risk) */
  risk?: RemoteRiskResult;
}

/** Worker threads need the compiled .js; under a TypeScript test runner decode in-thread. */
export const workersAvailable = import.meta.url.endsWith('.js');

export async function runExchanges(input: OpenedInput, opts: RunOptions, onBatch: (batch: Exchange[]) => void | Promise<void>): Promise<RunTally> {
  if (opts.worker ?? workersAvailable) return runThreaded(input, opts, { jsonl: false, onBatch });
  const tally = newTally();
  for await (const batch of decodeInput(input.kind, input.chunks, { name: input.name, limits: opts.limits, onIssue: opts.onIssue }, tally)) {
    await onBatch(batch);
  }
  return tally;
}

/** Decode only: how many Exchanges the input holds (decoded in full, then dropped). */
export async function countExchanges(input: OpenedInput, opts: RunOptions): Promise<RunTally> {
  if (opts.worker ?? workersAvailable) return runThreaded(input, opts, { jsonl: false, count: true, onBatch: () => {} });
  const tally = newTally();
  for await (const _ of decodeInput(input.kind, input.chunks, { name: input.name, limits: opts.limits, onIssue: opts.onIssue }, tally)) {
    /* counted by the tally */
  }
  return tally;
}

/** Decode to JSONL text (the `exchanges` command): serialisation happens off the main thread too. */
export async function runJsonl(input: OpenedInput, opts: RunOptions, onText: (text: string | Uint8Array, count: number) => void | Promise<void>): Promise<RunTally> {
  if (opts.worker ?? workersAvailable) return runThreaded(input, opts, { jsonl: true, onText });
  const tally = newTally();
  for await (const batch of decodeInput(input.kind, input.chunks, { name: input.name, limits: opts.limits, onIssue: opts.onIssue }, tally)) {
    let s = '';
    for (const ex of batch) s += exchangeToJsonl(ex);
    await onText(s, batch.length);
  }
  return tally;
}


/**
 * Decode threads when not given: one per core (at most 4), less one when this thread is itself
 * busy with every Exchange (the analysis stages run here). Measured with `analyze` on the 100k
 * bench capture on 2 cores: 1 decode thread is as fast as 2 (4.5–6.5 s vs 4.8–5.9 s) and peaks
 * ~50 MB lower (189–219 MB vs 256–259 MB).
 */
export function defaultDecodeThreads(consumer: Consumer): number {
  const cores = availableParallelism();
  const stagesHere = !consumer.jsonl && consumer.count !== true;
  return Math.min(4, Math.max(1, stagesHere ? cores - 1 : cores));
}

/**
 * Who scans bodies. With one decode thread (two cores) the main thread scans them all: on the
 * 100k bench capture, half-and-half cost ~25 % more CPU in all and was slower end to end
 * (interleaved runs: 18.2–19.0 s vs 15.0–17.5 s), and a split that followed whichever side was
 * idle was slower still (19.1–21.5 s vs 14.2–18.3 s). The worker, which already allocates most,
 * spends the extra in GC (+1.8 s for 50k scans, against +0.4 s on the main thread). Timed per
 * thread in one run (2026-12-03), a body scanned in the worker cost ~22 % more than on the main
 * thread, and the main thread's own scans went from 94 to 126 µs per Exchange while the worker
 * scanned too: two busy threads on these two virtual cores do far less than twice the work. With
 * more decode threads each takes threads/(threads+1) of the Exchanges (not measured here).
 */
function sharedPrescan(opts: RunOptions, threads: number): RunOptions {
  return opts.prescan ? { ...opts, prescan: { ...opts.prescan, share: opts.prescan.share ?? (threads <= 1 ? 0 : threads / (threads + 1)) } } : opts;
}

/**
 * Whether the risk detectors can run in the decode thread for this input: a capture file read by
 * one decode thread (two cores), which then idles most of the run while this thread, with every
 * stage on, is the bottleneck. With more decode threads a client's exchanges are spread over
 * them (the detectors need them all in one place) and there are cores to spare anyway.
 */
export function risksBesideDecoding(input: OpenedInput, opts: Pick<RunOptions, 'worker' | 'decodeThreads'>): boolean {
  if (!(opts.worker ?? workersAvailable) || input.live || !input.file) return false;
  if (input.kind !== 'pcap' && input.kind !== 'pcapng') return false;
  return (opts.decodeThreads ?? defaultDecodeThreads({ jsonl: false, onBatch: () => {} })) === 1;
}

function runThreaded(input: OpenedInput, optsIn: RunOptions, consumer: Consumer): Promise<RunTally> {
  const opts = sharedPrescan(optsIn, input.kind === 'pcap' || input.kind === 'pcapng' ? (optsIn.decodeThreads ?? defaultDecodeThreads(consumer)) : 1);
  if (input.kind === 'pcap' || input.kind === 'pcapng') {
    const threads = opts.decodeThreads ?? defaultDecodeThreads(consumer);
    // A plain file can be read by every worker; stdin, live capture and gzip go through this thread.
    if (input.file) return runShardedFile(input, opts, consumer, threads);
    return runSharded(input, opts, consumer, threads);
  }
  return runInWorker(input, opts, consumer);
}

async function runInWorker(input: OpenedInput, opts: RunOptions, consumer: Consumer): Promise<RunTally> {
  const data: DecodeWorkerData = { name: input.name, kind: input.kind, limits: opts.limits, jsonl: consumer.jsonl, prescan: opts.prescan };
  const worker = new Worker(new URL('./decode-worker.js', import.meta.url), { workerData: data, resourceLimits: WORKER_LIMITS });
  const inbox = new Inbox<FromWorker>();
  worker.on('message', (m: FromWorker) => inbox.push(m));
  worker.on('error', (err) => inbox.fail(err));
  const send = (m: ToWorker, transfer?: ArrayBuffer[]): void => worker.postMessage(m, transfer);

  const it = input.chunks[Symbol.asyncIterator]();
  let inFlight = 0;
  let ended = false;
  try {
    for (;;) {
      while (!ended && inFlight < MAX_IN_FLIGHT) {
        const r = await it.next();
        if (r.done) {
          send({ type: 'end' });
          ended = true;
          break;
        }
        // Copy into a buffer of our own so it can be transferred without touching a shared pool.
        const own = new Uint8Array(r.value.length);
        own.set(r.value);
        send({ type: 'chunk', data: own }, [own.buffer]);
        inFlight++;
      }
      const m = await inbox.next();
      switch (m.type) {
        case 'ack':
          inFlight--;
          break;
        case 'batch':
          await handOn(consumer, m, worker);
          break;
        case 'issue':
          opts.onIssue(m.issue);
          break;
        case 'error':
          throw Object.assign(new Error(m.message), { stack: m.stack });
        case 'done': {
          const counters = new Counters();
          counters.merge(m.counters);
          return { counters, packets: m.packets, exchanges: m.exchanges };
        }
      }
    }
  } finally {
    await worker.terminate();
  }
}
