import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../core/risk.js';
import { closeAll, eventAlert, track, httpReceiver, listen, LOOPBACK, readDeadLetters, tempDir, waitFor } from './test-helpers.js';
import { parseRetryAfter, signBody, WebhookSink, type WebhookSinkOptions } from './webhook.js';

const SECRET = 'test-secret-0123456789';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  alert: Alert;
  signatureValid: boolean;
  at: number;
}

/** What a careful receiver does: read the raw body, check the HMAC in constant time. */
function receive(req: http.IncomingMessage, got: Received[], answer: (r: Received) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-guanlan-signature'] ?? ''));
    const r: Received = {
      headers: req.headers,
      body: raw.toString('utf8'),
      alert: JSON.parse(raw.toString('utf8')) as Alert,
      signatureValid: given.length === expected.length && timingSafeEqual(given, expected),
      at: Date.now(),
    };
    got.push(r);
    answer(r);
  });
}

const fast = { maxAttempts: 50, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 100 };

function sink(o: Partial<WebhookSinkOptions> & { url: string }, warnings: string[] = []): WebhookSink {
  return new WebhookSink({ name: 'soc', secret: SECRET, ...fast, warn: (m) => warnings.push(m), ...o });
}

const sinks: WebhookSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close(200)));
  await closeAll();
});

describe('webhook sink', () => {
  it('POSTs the alert as JSON with a verifiable HMAC, a timestamp and the idempotency key', async () => {
    const got: Received[] = [];
    const rx = await httpReceiver((req, res) => receive(req, got, () => res.writeHead(204).end()));
    const s = sink({ url: rx.url });
    sinks.push(s);
    const sent = [1, 2, 3].map((i) => eventAlert(i));
    for (const a of sent) expect(s.send(a)).toBe(true);
    expect(await s.flush(3_000)).toBe(true);

    expect(got.map((g) => g.alert).sort((a, b) => a.key.localeCompare(b.key))).toEqual(sent);
    const nowS = Date.now() / 1000;
    for (const g of got) {
      expect(g.signatureValid).toBe(true);
      expect(g.headers['content-type']).toBe('application/json');
      expect(g.headers['idempotency-key']).toBe(g.alert.key);
      expect(Math.abs(Number(g.headers['x-guanlan-timestamp']) - nowS)).toBeLessThan(60);
      expect(g.headers['x-guanlan-signature']).toBe(signBody(SECRET, g.body));
    }
    expect(s.stats()).toMatchObject({ sent: 3, retried: 0, deadLettered: 0, dropped: 0, pending: 0 });
  });

  it('rides out 503s, a refused connection and a hanging receiver, and loses nothing', async () => {
    const got: Received[] = [];
    const okKeys: string[] = [];
    let phase: '503' | 'down' | 'hang' | 'ok' = '503';
    let n503 = 0;
    let hung = 0;
    const hanging: http.ServerResponse[] = [];
    const handler: http.RequestListener = (req, res) =>
      receive(req, got, (r) => {
        if (phase === '503') {
          n503++;
          res.writeHead(503).end('busy');
          if (n503 === 3) {
            // Go away entirely: connections refused until we listen again on the same port.
            phase = 'down';
            res.on('finish', () => {
              rx.server.closeAllConnections();
              rx.server.close();
            });
          }
        } else if (phase === 'hang') {
          // Read the request, never answer: the sender times out and retries.
          hanging.push(res);
          if (++hung === 2) phase = 'ok';
        } else {
          okKeys.push(r.alert.key);
          res.writeHead(200).end();
        }
      });
    const rx = await httpReceiver(handler);
    const second = http.createServer(handler);
    track(second);

    const warnings: string[] = [];
    const onWarn = (m: string): void => {
      warnings.push(m);
      // Back on the same port once the sender has met the refused connection.
      if (phase === 'down' && m.includes('ECONNREFUSED')) {
        phase = 'hang';
        void listen(second, rx.port);
      }
    };
    const s = new WebhookSink({ name: 'soc', secret: SECRET, ...fast, url: rx.url, concurrency: 2, warn: onWarn });
    sinks.push(s);
    const sent = Array.from({ length: 10 }, (_, i) => eventAlert(i));
    for (const a of sent) s.send(a);
    expect(await s.flush(8_000)).toBe(true);

    const sentKeys = new Set(sent.map((a) => a.key));
    // Every alert arrived at least once and answered 2xx; no stranger arrived.
    expect(new Set(okKeys)).toEqual(sentKeys);
    for (const g of got) {
      expect(sentKeys.has(g.alert.key)).toBe(true);
      expect(g.headers['idempotency-key']).toBe(g.alert.key);
      expect(g.signatureValid).toBe(true);
      // A duplicate is a retry of the same alert: identical body.
      expect(g.alert).toEqual(sent.find((a) => a.key === g.alert.key));
    }
    expect(got.length).toBeGreaterThan(sent.length);
    const joined = warnings.join('\n');
    expect(joined).toContain('HTTP 503');
    expect(joined).toContain('ECONNREFUSED');
    expect(joined).toContain('timeout after 100 ms');
    const st = s.stats();
    expect(st).toMatchObject({ sent: 10, deadLettered: 0, dropped: 0, pending: 0 });
    expect(st.retried).toBeGreaterThanOrEqual(got.length - sent.length);
    for (const r of hanging) r.destroy();
  });

  it('waits as long as Retry-After asks (up to its cap) after a 429', async () => {
    const got: Received[] = [];
    const rx = await httpReceiver((req, res) =>
      receive(req, got, () => {
        if (got.length === 1) res.writeHead(429, { 'retry-after': '1' }).end();
        else res.writeHead(200).end();
      }),
    );
    const s = sink({ url: rx.url, maxRetryAfterMs: 300, maxDelayMs: 10 });
    sinks.push(s);
    s.send(eventAlert(1));
    expect(await s.flush(3_000)).toBe(true);
    expect(got).toHaveLength(2);
    // the backoff alone would be ≤ 10 ms
    expect(got[1]!.at - got[0]!.at).toBeGreaterThanOrEqual(280);
    expect(s.stats()).toMatchObject({ sent: 1, retried: 1 });
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2024-05-01T08:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 01 May 2024 08:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 01 May 2024 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('dead-letters a permanent 400 at once and goes on with the others', async () => {
    const got: Received[] = [];
    const rx = await httpReceiver((req, res) => receive(req, got, (r) => res.writeHead(r.alert.key.endsWith(':2') ? 400 : 200).end(r.alert.key.endsWith(':2') ? 'schema mismatch' : '')));
    const dir = tempDir();
    const dl = join(dir, 'soc.jsonl');
    const s = sink({ url: rx.url, deadLetterPath: dl });
    sinks.push(s);
    const sent = [1, 2, 3].map((i) => eventAlert(i));
    for (const a of sent) s.send(a);
    expect(await s.flush(3_000)).toBe(true);
    expect(got.filter((g) => g.alert.key === sent[1]!.key)).toHaveLength(1);
    const lines = readDeadLetters(dl);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ sink: 'soc', attempts: 1, alert: sent[1] });
    expect(lines[0]!.error).toContain('HTTP 400');
    expect(lines[0]!.error).toContain('schema mismatch');
    expect(s.stats()).toMatchObject({ sent: 2, deadLettered: 1, retried: 0 });
  });

  it('dead-letters an alert when its attempts run out', async () => {
    const got: Received[] = [];
    const rx = await httpReceiver((req, res) => receive(req, got, () => res.writeHead(500).end()));
    const dl = join(tempDir(), 'soc.jsonl');
    const s = sink({ url: rx.url, maxAttempts: 3, deadLetterPath: dl });
    sinks.push(s);
    s.send(eventAlert(7));
    expect(await s.flush(3_000)).toBe(true);
    expect(got).toHaveLength(3);
    const lines = readDeadLetters(dl);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.attempts).toBe(3);
    expect(lines[0]!.error).toMatch(/gave up after 3 attempts: HTTP 500/);
    expect(s.stats()).toMatchObject({ sent: 0, retried: 2, deadLettered: 1 });
  });

  it('bounds its queue (drops are counted) and dead-letters what is left when closed past the deadline', async () => {
    const got: Received[] = [];
    const rx = await httpReceiver((req) => receive(req, got, () => {})); // never answers
    const dl = join(tempDir(), 'soc.jsonl');
    const s = sink({ url: rx.url, concurrency: 1, maxQueue: 2, timeoutMs: 10_000, deadLetterPath: dl });
    const accepted = [1, 2, 3, 4, 5].map((i) => s.send(eventAlert(i)));
    expect(accepted).toEqual([true, true, true, false, false]);
    expect(s.stats()).toMatchObject({ dropped: 2, pending: 3 });
    await waitFor(() => got.length === 1, 2_000, 'first request');
    const t0 = Date.now();
    expect(await s.close(100)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(s.send(eventAlert(6))).toBe(false);
    const lines = readDeadLetters(dl);
    expect(lines.map((l) => l.alert.key).sort()).toEqual([1, 2, 3].map((i) => eventAlert(i).key).sort());
    for (const l of lines) expect(l.error).toContain('sink closed before delivery');
    expect(s.stats()).toMatchObject({ sent: 0, deadLettered: 3, dropped: 3, pending: 0 });
  });

  it('never throws into the caller, even for an alert that cannot be serialised', async () => {
    const s = sink({ url: `http://${LOOPBACK}:9/hook` });
    sinks.push(s);
    const bad = { ...eventAlert(1), payload: { ...eventAlert(1).payload, value: 10n as unknown as number } };
    expect(s.send(bad)).toBe(false);
    expect(s.stats().dropped).toBe(1);
  });
});
