/**
 * Capture decoding on several cores. The main thread parses capture records and the link/IP
 * layers (cheap, and where IP fragments are reassembled), and fans the TCP segments out to worker
 * threads by connection (a symmetric hash of the 4-tuple, so a connection's state lives in one
 * worker). Workers reassemble TCP and parse HTTP — the expensive part — and post Exchanges back.
 *
 * Backpressure is credit-based: each worker has at most MAX_IN_FLIGHT batches not yet acked, and
 * a worker acks a batch only after posting its Exchanges, which the main thread hands to the
 * consumer (awaited) before it reads more input. Memory is bounded whatever the capture size.
 * Exchanges are in order within a connection; across connections they interleave.
 */
import { Worker } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import { Counters } from '../core/anomalies.js';
import { SegmentSource } from '../decode/segments.js';
import { DEFAULT_LIMITS, type DecodeContext } from '../decode/types.js';
import { sourceTag } from '../sources/decode.js';
import type { OpenedInput } from '../sources/open.js';
import { handOn, Inbox } from './inbox.js';
import type { FromWorker } from './messages.js';
import type { Consumer } from './inbox.js';
import type { RunOptions, RunTally } from './runner.js';
import { SegmentBatchWriter, shardOf } from './segment-batch.js';
import type { TcpWorkerData, ToTcpWorker } from './tcp-worker.js';

const BATCH_BYTES = 256 << 10;
const MAX_IN_FLIGHT = 4;
/** how often a live capture's gathered segments go to the decode threads */
const LIVE_BEAT_MS = 250;
/**
 * A smaller young generation per worker: V8's default lets each isolate's nursery grow to ~48 MB
 * before it collects, which over three threads alone would take most of the 256 MB RSS budget.
 * 16 MB keeps scavenges cheap while bounding the three isolates together. Under the CLI this is
 * a ceiling only: bin/guanlan.js caps every worker's semi-space at 1 MB (process-wide flag, see
 * there), so a decode thread scavenges ~2,100 times on the bench capture (~4 s of its time)
 * instead of ~240 (~0.8 s); `bench/decode-only.mjs` runs without that flag.
 */
export const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

interface Shard {
  worker: Worker;
  writer: SegmentBatchWriter;
  inFlight: number;
  done: boolean;
}

export async function runSharded(input: OpenedInput, opts: RunOptions, consumer: Consumer, shardCount: number): Promise<RunTally> {
  const counters = new Counters();
  const ctx: DecodeContext = { counters, limits: { ...DEFAULT_LIMITS, ...opts.limits } };
  const wd: TcpWorkerData = { source: sourceTag(input.kind, input.name), limits: opts.limits, jsonl: consumer.jsonl, countOnly: !consumer.jsonl && consumer.count === true, prescan: opts.prescan };
  const inbox = new Inbox<{ shard: Shard; m: FromWorker }>();
  const shards: Shard[] = [];
  for (let i = 0; i < shardCount; i++) {
    const worker = new Worker(new URL('./tcp-worker.js', import.meta.url), { workerData: wd, resourceLimits: WORKER_LIMITS });
    const shard: Shard = { worker, writer: new SegmentBatchWriter(BATCH_BYTES), inFlight: 0, done: false };
    worker.on('message', (m: FromWorker) => inbox.push({ shard, m }));
    worker.on('error', (err) => inbox.fail(err));
    shards.push(shard);
  }
  const send = (s: Shard): void => {
    if (s.writer.count === 0) return;
    const { data, length } = s.writer.take();
    s.worker.postMessage({ type: 'segments', data, length } satisfies ToTcpWorker, [data]);
    s.inFlight++;
  };

  const source = new SegmentSource(
    ctx,
    (seg) => {
      const s = shards[shardOf(seg, shardCount)];
      if (!s.writer.fits(seg)) send(s);
      s.writer.add(seg);
    },
    (off, message) => opts.onIssue({ input: input.name, where: `byte ${off}`, message }),
  );

  /** Waits for one worker message and handles it. */
  const handleNext = async (): Promise<void> => {
    const { shard, m } = await inbox.next();
    switch (m.type) {
      case 'ack':
        shard.inFlight--;
        break;
      case 'batch':
        await handOn(consumer, m, shard.worker);
        break;
      case 'issue':
        opts.onIssue(m.issue);
        break;
      case 'error':
        throw Object.assign(new Error(m.message), { stack: m.stack });
      case 'done':
        counters.merge(m.counters);
        exchanges += m.exchanges;
        shard.done = true;
        break;
    }
  };
  let exchanges = 0;
  // A live capture may be quiet for long: what it has is sent on a beat, not when 128 KiB have
  // gathered, so its exchanges (and risk events) come within a second of the packets.
  const beat = input.live
    ? setInterval(() => {
        for (const s of shards) if (s.inFlight < MAX_IN_FLIGHT) send(s);
      }, LIVE_BEAT_MS)
    : undefined;

  try {
    for await (const chunk of input.chunks) {
      source.push(chunk);
      for (const s of shards) if (s.writer.size >= BATCH_BYTES / 2) send(s);
      while (shards.some((s) => s.inFlight >= MAX_IN_FLIGHT) || inbox.size) await handleNext();
    }
    source.end();
    for (const s of shards) {
      send(s);
      s.worker.postMessage({ type: 'end' } satisfies ToTcpWorker);
    }
    while (shards.some((s) => !s.done)) await handleNext();
    return { counters, packets: source.packets, exchanges };
  } finally {
    if (beat) clearInterval(beat);
    await Promise.all(shards.map((s) => s.worker.terminate()));
  }
}

/**
 * Capture files: every worker reads the file itself and keeps its shard (see tcp-worker.ts), so
 * the main thread only hands Exchanges on. Same results and the same backpressure contract as
 * runSharded, without the main thread touching packets.
 */
export async function runShardedFile(input: OpenedInput, opts: RunOptions, consumer: Consumer, shardCount: number): Promise<RunTally> {
  input.close(); // the workers read the file themselves
  const counters = new Counters();
  const inbox = new Inbox<{ worker: Worker; m: FromWorker }>();
  const workers: Worker[] = [];
  // the risk detectors in the decode thread (one shard only: they need every exchange)
  const risk = shardCount === 1 ? opts.risk : undefined;
  // A decode thread that runs the detectors keeps their state and its batches until their
  // records come: with bin/guanlan.js's 1 MB semi-space it peaked at 636 MB RSS and took 33.0 s
  // of CPU in one run (31.8 s at 16); at 16, bounded by the worker's own resourceLimits, runs
  // peaked at 464–510 MB (two of about twenty at 655–658 MB). The flag is process-wide and read
  // when a thread starts; this is the run's only input, and only the digest worker starts after it.
  if (risk) setFlagsFromString(`--max-semi-space-size=${WORKER_LIMITS.maxYoungGenerationSizeMb}`);
  for (let shard = 0; shard < shardCount; shard++) {
    const wd: TcpWorkerData = {
      source: sourceTag(input.kind, input.name),
      limits: opts.limits,
      jsonl: consumer.jsonl,
      countOnly: !consumer.jsonl && consumer.count === true,
      file: { path: input.name, shard, shards: shardCount },
      prescan: opts.prescan,
      ...(risk ? { risk: risk.setup } : {}),
    };
    const worker = new Worker(new URL('./tcp-worker.js', import.meta.url), { workerData: wd, resourceLimits: WORKER_LIMITS });
    worker.on('message', (m: FromWorker) => inbox.push({ worker, m }));
    worker.on('error', (err) => inbox.fail(err));
    workers.push(worker);
  }
  let packets = 0;
  let exchanges = 0;
  let done = 0;
  let found: RunTally['risk'];
  try {
    while (done < shardCount) {
      const { worker, m } = await inbox.next();
      switch (m.type) {
        case 'batch':
          await handOn(consumer, m, worker);
          worker.postMessage({ type: 'credit', ...(risk ? { records: risk.records() } : {}) } satisfies ToTcpWorker);
          break;
        case 'progress':
          opts.onBytes?.(m.bytes);
          break;
        case 'issue':
          opts.onIssue({ ...m.issue, input: input.name });
          break;
        case 'error':
          throw Object.assign(new Error(m.message), { stack: m.stack });
        case 'done':
          counters.merge(m.counters);
          packets += m.packets;
          exchanges += m.exchanges;
          if (m.risk) found = m.risk;
          done++;
          break;
        default:
          break;
      }
    }
    return { counters, packets, exchanges, ...(found ? { risk: found } : {}) };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
