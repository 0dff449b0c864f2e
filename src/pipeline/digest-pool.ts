/**
 * Keyed digests of many values (the leak-trace index's rows at the end of an input) computed in a
 * worker thread while the main thread digests others (`TraceRows.drain`). At the end of an input
 * the decode threads are done and a core is free: on the bench capture's ~330,000 rows the HMACs
 * took ~0.8 s of the main thread's ~2 s end-of-input write (CPU profile, 2026-12-04); since the
 * rows are written as segments (store/trace-segments.ts) the digests are most of what is left.
 * Under a TypeScript test runner (no compiled worker) and for few values the digests are computed
 * in-thread.
 *
 *   const pool = new DigestPool(digester);
 *   const d = await pool.digest(packValues(['13812345678']));   // digester.digestAll(['13812345678']): 16 bytes
 *   pool.close();
 */
import { Worker } from 'node:worker_threads';
import type { PackedValues, ValueDigester } from '../analysis/sensitive/value-digester.js';
import { workersAvailable } from './runner.js';

export interface DigestWorkerData {
  secret: Uint8Array;
}
export interface DigestRequest {
  id: number;
  values: PackedValues;
}
export interface DigestReply {
  id: number;
  /** DIGEST_BYTES per value, in order (ValueDigester.digestAll) */
  digests: Uint8Array;
}

/** Below this many values a request is digested in-thread (a worker takes ~30–50 ms to start). */
export const MIN_WORKER_VALUES = 4096;

export class DigestPool {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, { values: PackedValues; resolve: (d: Buffer) => void }>();
  /** why the worker stopped answering, when it did */
  failed: Error | undefined;

  constructor(
    private readonly digester: ValueDigester,
    /** false: always in-thread */
    private readonly threaded = workersAvailable,
  ) {}

  /**
   * The digests of `values`, in order, packed (DIGEST_BYTES each). Handed to the worker, the
   * values' arrays are copied (and kept here, for this thread to digest should the worker fail):
   * give arrays of their own, as a view would send its whole buffer.
   */
  digest(values: PackedValues): Promise<Buffer> {
    if (!this.threaded || values.starts.length - 1 < MIN_WORKER_VALUES || this.failed) return Promise.resolve(this.inThread(values));
    const w = this.start();
    const id = this.nextId++;
    return new Promise<Buffer>((resolve) => {
      this.waiting.set(id, { values, resolve });
      // held while it owes answers (the process must not end under an awaited digest), not when idle
      if (this.waiting.size === 1) w.ref();
      w.postMessage({ id, values } satisfies DigestRequest);
    });
  }

  private inThread(values: PackedValues): Buffer {
    return this.digester.digestPacked(values);
  }

  /** Starts the worker ahead of the requests a caller knows will come (it takes tens of ms to start). */
  warm(): void {
    if (this.threaded && !this.failed) this.start();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const data: DigestWorkerData = { secret: new Uint8Array(this.digester.secret) };
    const w = new Worker(new URL('./digest-worker.js', import.meta.url), { workerData: data });
    w.unref();
    w.on('message', (m: DigestReply) => {
      const p = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) w.unref();
      p?.resolve(Buffer.from(m.digests.buffer, m.digests.byteOffset, m.digests.byteLength));
    });
    // a worker that fails leaves its requests, and all later ones, to this thread: nothing is lost
    const fail = (err: Error): void => {
      if (this.worker !== w) return; // a closed worker's exit
      this.failed = err;
      this.worker = undefined;
      this.settle();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`digest worker exited (code ${code}) with ${this.waiting.size} requests unanswered`)));
    return (this.worker = w);
  }

  /** Requests still waiting for a worker, answered here. */
  private settle(): void {
    const left = [...this.waiting.values()];
    this.waiting.clear();
    for (const p of left) p.resolve(this.inThread(p.values));
  }

  /** Stops the worker (started again by the next request); what it had not answered is answered here. */
  close(): void {
    const w = this.worker;
    this.worker = undefined;
    this.settle();
    if (w) void w.terminate();
  }
}
