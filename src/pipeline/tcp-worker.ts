/**
 * TCP/HTTP shard worker: receives batches of TCP segments of its share of the connections
 * (see sharded.ts), reassembles them and parses HTTP, and posts Exchanges (or their JSONL) back.
 * One `ack` per input batch is the main thread's credit for the next one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Counters } from '../core/anomalies.js';
import type { Exchange } from '../core/exchange.js';
import { HttpConnection } from '../decode/http1/connection.js';
import { TcpReassembler } from '../decode/tcp/reassembler.js';
import { DEFAULT_LIMITS, type DecodeContext, type DecodeLimits } from '../decode/types.js';
import { JsonlBuffer } from './jsonl-buffer.js';
import type { FromWorker } from './messages.js';
import { readSegmentBatch } from './segment-batch.js';

export interface TcpWorkerData {
  source: string;
  limits?: Partial<DecodeLimits>;
  jsonl: boolean;
  /** decode only: count Exchanges, post nothing back */
  countOnly?: boolean;
}

export type ToTcpWorker = { type: 'segments'; data: ArrayBuffer; length: number } | { type: 'recycle'; data: ArrayBuffer } | { type: 'end' };

const data = workerData as TcpWorkerData;
const port = parentPort!;
const post = (m: FromWorker): void => port.postMessage(m);
/** JSONL goes back as UTF-8 bytes in a transferred buffer: no string copy, no re-encoding on write. */
const jsonlOut = new JsonlBuffer();
const postJsonl = (): void => {
  const count = jsonlOut.count;
  const bytes = jsonlOut.take();
  port.postMessage({ type: 'batch', jsonl: bytes, count } satisfies FromWorker, [bytes.buffer as ArrayBuffer]);
};
const counters = new Counters();
const ctx: DecodeContext = { counters, limits: { ...DEFAULT_LIMITS, ...data.limits } };
let out: Exchange[] = [];
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
    : (ex: Exchange): void => void out.push(ex);
const tcp = new TcpReassembler(ctx, (conn) => new HttpConnection(conn, ctx, { source: data.source, onExchange }));
let lastTs = 0;
let segments = 0;

function flushOut(): void {
  if (data.jsonl) {
    if (jsonlOut.count) postJsonl();
  } else if (out.length) {
    exchanges += out.length;
    post({ type: 'batch', exchanges: out, count: out.length });
    out = [];
  }
}

port.on('message', (m: ToTcpWorker) => {
  try {
    if (m.type === 'recycle') {
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
