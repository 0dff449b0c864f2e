/**
 * What every alert sink shares (DESIGN §1, "sinks"): the interface the router fans out to, the
 * counters an operator reads, the retry schedule and the severity order. A sink never throws into
 * the pipeline: `send` queues or counts a drop, failures are retried, then dead-lettered and
 * counted (STYLE: "never crash after start").
 */
import type { Severity } from '../core/detector.js';
import type { Alert } from '../core/risk.js';

export interface SinkStats {
  /** alerts handed to the receiver (webhook answered 2xx; syslog message written) */
  sent: number;
  /** failed attempts that were tried again */
  retried: number;
  /** alerts written to the dead-letter file (permanent failure, attempts exhausted, closed first) */
  deadLettered: number;
  /** alerts refused because the queue was full or the sink closed */
  dropped: number;
  /** dead-letter lines that could not be written either (the alert is lost; see the warnings) */
  deadLetterErrors: number;
  /** alerts waiting (queued or being retried) */
  pending: number;
}

export interface AlertSink {
  readonly name: string;
  /**
   * Queue an alert. Returns false when it was refused (queue full: backpressure, the caller may
   * slow down; or the sink is closed); the drop is counted. Never throws.
   */
  send(alert: Alert): boolean;
  /** Wait until everything queued so far is delivered or dead-lettered; false when the deadline passed first. */
  flush(deadlineMs?: number): Promise<boolean>;
  /**
   * Stop accepting, wait for queued and in-flight deliveries up to the deadline, then
   * dead-letter whatever is left and release sockets. Resolves true when nothing had to be cut off.
   */
  close(deadlineMs?: number): Promise<boolean>;
  stats(): SinkStats;
}

/** A sink's warnings (retries, dead letters); the router routes them to the log. */
export type SinkWarn = (message: string) => void;

export interface RetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Delay before attempt `attempt + 1` after `attempt` failures (1-based): exponential, capped, with
 * "equal jitter" (half fixed, half random) so a fleet of sensors does not retry in lockstep yet
 * never retries immediately.
 *
 *   backoffDelay(1, {baseDelayMs: 100, maxDelayMs: 1000}) ∈ [50, 100]
 *   backoffDelay(5, …)                                      ∈ [500, 1000]
 */
export function backoffDelay(attempt: number, o: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>, random: () => number = Math.random): number {
  const exp = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.round(exp / 2 + random() * (exp / 2));
}

const RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** `meetsSeverity('high', 'medium')` → true: the alert is at least as severe as the floor. */
export function meetsSeverity(severity: Severity, floor: Severity): boolean {
  return (RANK[severity] ?? 0) >= RANK[floor];
}

/** A promise resolving after `ms`, cut short by `signal`; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
