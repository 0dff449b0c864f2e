/**
 * Decode worker: receives an input's bytes from the main thread, decodes them into Exchanges and
 * posts them back in batches, one reply per input chunk (the main thread's credit for the next
 * chunk), so memory between the threads stays bounded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Exchange } from '../core/exchange.js';
import { decodeInput, newTally } from '../sources/decode.js';
import { JsonlBuffer } from './jsonl-buffer.js';
import type { DecodeWorkerData, FromWorker, ToWorker } from './messages.js';
import { prescanner } from './prescan.js';

const data = workerData as DecodeWorkerData;
const port = parentPort!;
const post = (m: FromWorker): void => port.postMessage(m);
/** JSONL goes back as UTF-8 bytes in a transferred buffer: no string copy, no re-encoding on write. */
const jsonlOut = new JsonlBuffer();
const postJsonl = (batch: Exchange[]): void => {
  for (const ex of batch) jsonlOut.add(ex);
  const count = jsonlOut.count;
  const bytes = jsonlOut.take();
  port.postMessage({ type: 'batch', jsonl: bytes, count } satisfies FromWorker, [bytes.buffer as ArrayBuffer]);
};

/** Input chunks as an async iterable fed by messages; `taken` counts chunks handed to the decoder. */
const queue: Array<Buffer | null> = [];
let wake: (() => void) | null = null;
let taken = 0;
port.on('message', (m: ToWorker) => {
  if (m.type === 'recycle') {
    jsonlOut.recycle(m.data);
    return;
  }
  queue.push(m.type === 'chunk' ? Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength) : null);
  wake?.();
  wake = null;
});
async function* chunks(): AsyncGenerator<Buffer> {
  for (;;) {
    // Asked for the next chunk: the previous one is fully decoded and its batches are posted.
    if (taken > 0) post({ type: 'ack' });
    while (queue.length === 0) await new Promise<void>((r) => (wake = r));
    const c = queue.shift()!;
    if (c === null) return;
    taken++;
    yield c;
  }
}

async function run(): Promise<void> {
  const tally = newTally();
  const scan = data.jsonl ? undefined : prescanner(data.prescan, tally.counters);
  const gen = decodeInput(data.kind, chunks(), { name: data.name, limits: data.limits, onIssue: (issue) => post({ type: 'issue', issue }) }, tally);
  for await (const batch of gen) {
    if (data.jsonl) {
      postJsonl(batch);
    } else {
      if (scan) for (const ex of batch) scan(ex);
      post({ type: 'batch', exchanges: batch, count: batch.length });
    }
  }
  post({ type: 'done', counters: tally.counters.toJSON(), packets: tally.packets, exchanges: tally.exchanges });
}

run().catch((err: Error) => post({ type: 'error', message: err.message, stack: err.stack }));
