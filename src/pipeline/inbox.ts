import type { Worker } from 'node:worker_threads';
import type { Exchange } from '../core/exchange.js';

/** A consumer of decoded Exchanges, as objects or as JSONL bytes. */
export type Consumer =
  /** `count`: decode only, Exchanges are counted where they are made and not sent on (benchmarks) */
  | { jsonl: false; count?: boolean; onBatch: (batch: Exchange[]) => void | Promise<void> }
  /** `onText` resolves once the bytes are written out (its buffer is then reused) */
  | { jsonl: true; onText: (text: string | Uint8Array, count: number) => void | Promise<void> };

/**
 * Hands a worker's batch to the consumer; JSONL buffers go back to their worker for reuse once
 * written.
 */
export async function handOn(consumer: Consumer, m: { exchanges?: Exchange[]; jsonl?: Uint8Array; count: number }, worker: Worker): Promise<void> {
  if (!consumer.jsonl) return consumer.onBatch(m.exchanges ?? []);
  if (!m.jsonl) return;
  await consumer.onText(Buffer.from(m.jsonl.buffer, m.jsonl.byteOffset, m.jsonl.byteLength), m.count);
  worker.postMessage({ type: 'recycle', data: m.jsonl.buffer as ArrayBuffer }, [m.jsonl.buffer as ArrayBuffer]);
}

/**
 * Messages from worker threads, awaited one at a time by the thread that drives them. A worker
 * error makes the next `next()` throw (after the messages that came before it).
 */
export class Inbox<T> {
  private readonly items: T[] = [];
  private wake: (() => void) | null = null;
  private failure: Error | null = null;

  push(item: T): void {
    this.items.push(item);
    this.notify();
  }

  fail(err: Error): void {
    this.failure = err;
    this.notify();
  }

  get size(): number {
    return this.items.length;
  }

  async next(): Promise<T> {
    for (;;) {
      if (this.items.length) return this.items.shift()!;
      if (this.failure) throw this.failure;
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  private notify(): void {
    this.wake?.();
    this.wake = null;
  }
}
