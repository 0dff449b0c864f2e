/**
 * Alerts to a SOC over HTTP(S): one JSON POST per alert.
 *
 *   POST /hook
 *   content-type: application/json
 *   x-guanlan-timestamp: 1714550400                    (Unix seconds of this attempt)
 *   x-guanlan-signature: sha256=<hex HMAC-SHA256 of the exact body bytes with the shared secret>
 *   idempotency-key: <alert.key>                       (the same on every retry: receivers de-duplicate)
 *
 *   {"key":"…","kind":"event","severity":"high","ts":"…","summary":"…","payload":{…}}
 *
 * Verifying on the receiver: HMAC the raw body, compare in constant time with the header.
 * Retried (exponential backoff with jitter) on network errors, timeouts, 408, 429 and 5xx,
 * honouring Retry-After; any other non-2xx is permanent. Permanent failures and exhausted
 * attempts go to the sink's dead-letter file. Node's own http/https client is enough here: one
 * request per alert, keep-alive agent, no redirects followed (a redirect is a misconfiguration).
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Alert } from '../core/risk.js';
import { ErrorCodes, GuanlanError } from '../core/errors.js';
import { DeadLetterFile } from './dead-letter.js';
import { DeliveryQueue, type AttemptResult } from './delivery-queue.js';
import { DEFAULT_RETRY, errorText, type AlertSink, type SinkStats, type SinkWarn } from './sink.js';

export interface WebhookSinkOptions {
  name: string;
  url: string;
  /** HMAC-SHA256 key for x-guanlan-signature */
  secret: string;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** per attempt, connect to end of response */
  timeoutMs?: number;
  /** alerts waiting beyond those in flight */
  maxQueue?: number;
  /** parallel requests */
  concurrency?: number;
  maxRetryAfterMs?: number;
  /** extra trusted CA certificates (PEM) for https */
  ca?: string | Buffer;
  /** JSONL file for undeliverable alerts; null: only count and warn */
  deadLetterPath?: string | null;
  warn?: SinkWarn;
  random?: () => number;
  now?: () => Date;
}

interface Delivery {
  key: string;
  body: Buffer;
}

export const WEBHOOK_DEFAULTS = { ...DEFAULT_RETRY, timeoutMs: 5_000, maxQueue: 10_000, concurrency: 4, maxRetryAfterMs: 60_000 };

/** `sha256=<hex>`: the signature header value for `body`. */
export function signBody(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP-date; undefined when absent or unreadable.
 *
 *   parseRetryAfter('3') → 3000;  parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now) → ms until then (≥ 0)
 */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now.getTime());
}

/** Statuses worth another try: timeout, rate limit, server trouble. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

export class WebhookSink implements AlertSink {
  readonly name: string;
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly queue: DeliveryQueue<Delivery>;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  constructor(private readonly o: WebhookSinkOptions) {
    this.name = o.name;
    try {
      this.url = new URL(o.url);
    } catch {
      throw new GuanlanError(ErrorCodes.CONFIG_INVALID, `webhook ${o.name}: not a URL: ${o.url}`);
    }
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new GuanlanError(ErrorCodes.CONFIG_INVALID, `webhook ${o.name}: only http and https URLs: ${o.url}`);
    }
    const d = { ...WEBHOOK_DEFAULTS, ...defined(o) };
    this.timeoutMs = d.timeoutMs;
    this.now = o.now ?? (() => new Date());
    this.agent =
      this.url.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, maxSockets: d.concurrency, ...(o.ca ? { ca: o.ca } : {}) })
        : new http.Agent({ keepAlive: true, maxSockets: d.concurrency });
    this.queue = new DeliveryQueue<Delivery>(
      {
        name: o.name,
        maxAttempts: d.maxAttempts,
        baseDelayMs: d.baseDelayMs,
        maxDelayMs: d.maxDelayMs,
        maxQueue: d.maxQueue,
        concurrency: d.concurrency,
        maxRetryAfterMs: d.maxRetryAfterMs,
        deadLetter: o.deadLetterPath ? new DeadLetterFile(o.deadLetterPath, this.now) : null,
        warn: o.warn ?? (() => {}),
        ...(o.random ? { random: o.random } : {}),
      },
      (item, _n, signal) => this.post(item, signal),
    );
  }

  send(alert: Alert): boolean {
    let body: Buffer;
    try {
      // Serialised once: every retry sends the same bytes under the same signature.
      body = Buffer.from(JSON.stringify(alert), 'utf8');
    } catch (err) {
      this.queue.countDrop();
      this.o.warn?.(`alert sink ${this.name}: cannot serialise alert: ${errorText(err)}`);
      return false;
    }
    return this.queue.push(alert, { key: String(alert.key), body });
  }

  flush(deadlineMs?: number): Promise<boolean> {
    return this.queue.flush(deadlineMs);
  }

  async close(deadlineMs?: number): Promise<boolean> {
    const clean = await this.queue.close(deadlineMs);
    this.agent.destroy();
    return clean;
  }

  stats(): SinkStats {
    return this.queue.stats();
  }

  private post(d: Delivery, signal: AbortSignal): Promise<AttemptResult> {
    return new Promise<AttemptResult>((resolve) => {
      let settled = false;
      const finish = (r: AttemptResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(r);
      };
      const lib = this.url.protocol === 'https:' ? https : http;
      const req = lib.request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': String(d.body.length),
          'user-agent': 'guanlan',
          'x-guanlan-timestamp': String(Math.floor(this.now().getTime() / 1000)),
          'x-guanlan-signature': signBody(this.o.secret, d.body),
          'idempotency-key': d.key,
        },
      });
      // One deadline for the whole exchange: connect, send, headers and body.
      const timer = setTimeout(() => {
        req.destroy(new Error(`timeout after ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      const onAbort = (): void => {
        req.destroy(new Error('aborted: sink closing'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err) => finish({ ok: false, permanent: false, error: errorText(err) }));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < 200) text += chunk.slice(0, 200 - text.length);
        });
        res.on('error', (err) => finish({ ok: false, permanent: false, error: errorText(err) }));
        // A connection cut mid-response ends here without 'end' (no-op when the response completed).
        res.on('close', () => finish({ ok: false, permanent: false, error: `HTTP ${status}: response cut short` }));
        res.on('end', () => {
          if (status >= 200 && status < 300) return finish({ ok: true });
          const error = `HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}${text ? `: ${text.replace(/\s+/g, ' ').trim()}` : ''}`;
          const header = res.headers['retry-after'];
          const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(header, this.now()) : undefined;
          finish({ ok: false, permanent: !retryable(status), error, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
        });
      });
      req.end(d.body);
    });
  }
}

/** The options that were actually given (undefined does not override a default). */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
