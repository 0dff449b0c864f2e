/**
 * A bounded queue of alerts delivered one request at a time each (webhook POSTs, syslog UDP
 * datagrams) by a few concurrent workers, with retries, dead letters and counters. The transport
 * only says what one attempt did; everything about waiting, giving up and closing lives here.
 *
 * Memory is bounded: at most `maxQueue` waiting plus `concurrency` in flight. A full queue refuses
 * new alerts (`send` → false, counted as dropped) rather than growing: the hot path never waits on
 * a slow SOC.
 */
import type { Alert } from '../core/risk.js';
import type { DeadLetterFile } from './dead-letter.js';
import { backoffDelay, sleep, type RetryOptions, type SinkStats, type SinkWarn } from './sink.js';

/** What one attempt did. `retryAfterMs` is the receiver's own request (HTTP Retry-After). */
export type AttemptResult = { ok: true } | { ok: false; permanent: boolean; error: string; retryAfterMs?: number };

/** One attempt at delivering `item`; must settle soon after `signal` aborts, and must not reject. */
export type Attempt<T> = (item: T, attempt: number, signal: AbortSignal) => Promise<AttemptResult>;

export interface DeliveryQueueOptions extends RetryOptions {
  name: string;
  maxQueue: number;
  concurrency: number;
  /** the longest Retry-After honoured (a receiver asking for an hour should not park a worker that long) */
  maxRetryAfterMs: number;
  deadLetter: DeadLetterFile | null;
  warn: SinkWarn;
  random?: () => number;
}

interface Entry<T> {
  alert: Alert;
  item: T;
}

/** A FIFO with O(1) shift (Array#shift is linear on large arrays). */
export class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(v: T): void {
    this.items.push(v);
  }
  unshift(v: T): void {
    if (this.head > 0) this.items[--this.head] = v;
    else this.items.unshift(v);
  }
  peek(): T | undefined {
    return this.items[this.head];
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const v = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return v;
  }
  drain(): T[] {
    const out = this.items.slice(this.head) as T[];
    this.items = [];
    this.head = 0;
    return out;
  }
}

export class DeliveryQueue<T> {
  private readonly queue = new Fifo<Entry<T>>();
  private running = 0;
  private deadLetterWrites = 0;
  private closed = false;
  private readonly abort = new AbortController();
  private waiters: (() => void)[] = [];
  private readonly counters = { sent: 0, retried: 0, deadLettered: 0, dropped: 0, deadLetterErrors: 0 };

  constructor(
    private readonly o: DeliveryQueueOptions,
    private readonly attempt: Attempt<T>,
  ) {}

  /** Queue an item for delivery; false (and counted as dropped) when full or closed. */
  push(alert: Alert, item: T): boolean {
    if (this.closed || this.queue.length >= this.o.maxQueue) {
      this.counters.dropped++;
      return false;
    }
    this.queue.push({ alert, item });
    this.pump();
    return true;
  }

  /** Count a refusal decided by the caller (e.g. an alert that cannot be serialised). */
  countDrop(): void {
    this.counters.dropped++;
  }

  stats(): SinkStats {
    return { ...this.counters, pending: this.queue.length + this.running };
  }

  flush(deadlineMs = 10_000): Promise<boolean> {
    if (this.idle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== onIdle);
        resolve(ok);
      };
      const onIdle = (): void => done(true);
      const timer = setTimeout(() => done(false), deadlineMs);
      this.waiters.push(onIdle);
    });
  }

  async close(deadlineMs = 10_000): Promise<boolean> {
    this.closed = true;
    const clean = await this.flush(deadlineMs);
    if (!clean) {
      // Out of time: cut retries and in-flight attempts short; nothing accepted is silently lost.
      this.abort.abort();
      for (const e of this.queue.drain()) this.deadLetter(e.alert, 0, 'sink closed before delivery');
      await this.flush(2_000);
    }
    return clean;
  }

  private idle(): boolean {
    return this.queue.length === 0 && this.running === 0 && this.deadLetterWrites === 0;
  }

  private settle(): void {
    if (!this.idle()) return;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private pump(): void {
    while (this.running < this.o.concurrency && this.queue.length > 0 && !this.abort.signal.aborted) {
      const e = this.queue.shift()!;
      this.running++;
      void this.deliver(e).finally(() => {
        this.running--;
        this.pump();
        this.settle();
      });
    }
  }

  private async deliver(e: Entry<T>): Promise<void> {
    const signal = this.abort.signal;
    let last: string;
    for (let n = 1; ; n++) {
      let r: AttemptResult;
      try {
        r = await this.attempt(e.item, n, signal);
      } catch (err) {
        r = { ok: false, permanent: false, error: String(err) };
      }
      if (r.ok) {
        this.counters.sent++;
        return;
      }
      last = r.error;
      if (signal.aborted) return this.deadLetter(e.alert, n, `sink closed before delivery (last error: ${last})`);
      if (r.permanent) return this.deadLetter(e.alert, n, last);
      if (n >= this.o.maxAttempts) return this.deadLetter(e.alert, n, `gave up after ${n} attempts: ${last}`);
      this.counters.retried++;
      const backoff = backoffDelay(n, this.o, this.o.random);
      const asked = r.retryAfterMs === undefined ? 0 : Math.min(r.retryAfterMs, this.o.maxRetryAfterMs);
      const wait = Math.max(backoff, asked);
      this.o.warn(`alert sink ${this.o.name}: attempt ${n} for ${e.alert.key} failed (${last}); retrying in ${wait} ms`);
      await sleep(wait, signal);
      if (signal.aborted) return this.deadLetter(e.alert, n, `sink closed before delivery (last error: ${last})`);
    }
  }

  private deadLetter(alert: Alert, attempts: number, error: string): void {
    this.counters.deadLettered++;
    this.o.warn(`alert sink ${this.o.name}: ${alert.key} dead-lettered: ${error}`);
    const dl = this.o.deadLetter;
    if (!dl) return;
    this.deadLetterWrites++;
    void dl.write(this.o.name, alert, attempts, error).then((problem) => {
      if (problem) {
        this.counters.deadLetterErrors++;
        this.o.warn(`alert sink ${this.o.name}: ${problem}; alert ${alert.key} lost`);
      }
      this.deadLetterWrites--;
      this.settle();
    });
  }
}
