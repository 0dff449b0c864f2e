/**
 * Syslog over TCP or TLS (RFC 6587 octet counting): one connection, opened on the first alert and
 * re-opened with backoff after it breaks; alerts wait in a bounded queue meanwhile. Written
 * messages are kept for `replayWindowMs` and written again after a break, since plain syslog has
 * no acknowledgements (see syslog.ts).
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Alert } from '../core/risk.js';
import type { DeadLetterFile } from './dead-letter.js';
import { Fifo } from './delivery-queue.js';
import { backoffDelay, errorText, type AlertSink, type SinkStats } from './sink.js';
import { octetFrame } from './syslog-format.js';
import { deadLetterFile, formatter, SYSLOG_DEFAULTS, type SyslogSinkOptions } from './syslog-options.js';

interface Pending {
  alert: Alert;
  frame: Buffer;
  /** failed connections or broken writes this message has been through */
  attempts: number;
  counted: boolean;
}

export class StreamSyslogSink implements AlertSink {
  readonly name: string;
  private readonly format: (a: Alert) => string;
  private readonly queue = new Fifo<Pending>();
  /** written recently on the current connection, oldest first, with the write time */
  private recent = new Fifo<{ p: Pending; at: number }>();
  private socket: net.Socket | null = null;
  private connected = false;
  private draining = false;
  /** writes whose callback has not fired yet on the current connection */
  private writes = 0;
  /** consecutive failed (or at once dropped) connections */
  private failures = 0;
  private connectedAt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private stopped = false;
  private deadLetterWrites = 0;
  private waiters: (() => void)[] = [];
  private lastError = '';
  private readonly deadLetter: DeadLetterFile | null;
  private readonly c = { sent: 0, retried: 0, deadLettered: 0, dropped: 0, deadLetterErrors: 0 };
  private readonly cfg: typeof SYSLOG_DEFAULTS;

  constructor(private readonly o: SyslogSinkOptions) {
    this.name = o.name;
    this.format = formatter(o);
    this.deadLetter = deadLetterFile(o);
    this.cfg = { ...SYSLOG_DEFAULTS };
    for (const k of Object.keys(SYSLOG_DEFAULTS) as (keyof typeof SYSLOG_DEFAULTS)[]) {
      if (o[k] !== undefined) (this.cfg as Record<string, unknown>)[k] = o[k];
    }
  }

  send(alert: Alert): boolean {
    if (this.closed || this.queue.length >= this.cfg.maxQueue) {
      this.c.dropped++;
      return false;
    }
    let frame: Buffer;
    try {
      frame = octetFrame(this.format(alert));
    } catch (err) {
      this.c.dropped++;
      this.warn(`cannot format alert: ${errorText(err)}`);
      return false;
    }
    this.queue.push({ alert, frame, attempts: 0, counted: false });
    this.pump();
    return true;
  }

  stats(): SinkStats {
    return { ...this.c, pending: this.queue.length + this.writes };
  }

  flush(deadlineMs = 10_000): Promise<boolean> {
    if (this.idle()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onIdle = (): void => done(true);
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== onIdle);
        resolve(ok);
      };
      const timer = setTimeout(() => done(false), deadlineMs);
      this.waiters.push(onIdle);
    });
  }

  async close(deadlineMs = 10_000): Promise<boolean> {
    const started = Date.now();
    this.closed = true;
    const clean = await this.flush(deadlineMs);
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const s = this.socket;
    if (s && clean && this.connected) {
      // A graceful end: the receiver closes its side once it has read everything we wrote.
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          s.destroy();
          resolve();
        }, Math.max(100, deadlineMs - (Date.now() - started)));
        s.once('close', () => {
          clearTimeout(t);
          resolve();
        });
        s.end();
      });
    } else if (s) {
      // Out of time: messages still in the socket's buffer may never leave it; dead-letter them too.
      for (const r of this.recent.drain()) if (!r.p.counted) this.queue.unshift(r.p);
      s.destroy();
    }
    this.socket = null;
    for (const p of this.queue.drain()) this.toDeadLetter(p, `sink closed before delivery${this.lastError ? ` (last error: ${this.lastError})` : ''}`);
    if (this.deadLetterWrites > 0) await this.flush(2_000);
    return clean;
  }

  private warn(m: string): void {
    this.o.warn?.(`alert sink ${this.name}: ${m}`);
  }

  private idle(): boolean {
    return this.queue.length === 0 && this.writes === 0 && this.deadLetterWrites === 0;
  }

  private settle(): void {
    if (!this.idle()) return;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private pump(): void {
    if (this.stopped) return;
    if (!this.connected) return this.connect();
    const s = this.socket!;
    while (this.queue.length > 0 && !this.draining) {
      const p = this.queue.shift()!;
      const now = Date.now();
      this.remember(p, now);
      this.writes++;
      const ok = s.write(p.frame, (err) => {
        if (s !== this.socket) return; // an old connection's leftovers; already accounted for
        this.writes--;
        if (!err && !p.counted) {
          p.counted = true;
          this.c.sent++;
        }
        this.settle();
      });
      if (!ok) {
        this.draining = true;
        s.once('drain', () => {
          if (s !== this.socket) return;
          this.draining = false;
          this.pump();
        });
      }
    }
  }

  /** Keep a written message for replay; forget those older than the window or beyond the cap. */
  private remember(p: Pending, now: number): void {
    this.recent.push({ p, at: now });
    for (let r = this.recent.peek(); r && (now - r.at > this.cfg.replayWindowMs || this.recent.length > this.cfg.replayMax); r = this.recent.peek()) this.recent.shift();
  }

  private connect(): void {
    if (this.socket || this.reconnectTimer || this.stopped) return;
    const o = this.o;
    const s =
      o.protocol === 'tls'
        ? tls.connect({
            host: o.host,
            port: o.port,
            ...(o.ca ? { ca: o.ca } : {}),
            ...(o.cert ? { cert: o.cert } : {}),
            ...(o.key ? { key: o.key } : {}),
            ...(o.servername ? { servername: o.servername } : net.isIP(o.host) ? {} : { servername: o.host }),
          })
        : net.connect({ host: o.host, port: o.port });
    this.socket = s;
    const timer = setTimeout(() => s.destroy(new Error(`connect timeout after ${this.cfg.timeoutMs} ms`)), this.cfg.timeoutMs);
    s.once(o.protocol === 'tls' ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      if (s !== this.socket) return;
      s.setKeepAlive(true, 30_000);
      s.setNoDelay(true);
      this.connected = true;
      this.connectedAt = Date.now();
      this.pump();
    });
    s.on('data', () => {}); // a syslog receiver says nothing; read and ignore whatever it sends
    s.on('error', (err) => {
      this.lastError = errorText(err);
    });
    s.on('close', () => {
      clearTimeout(timer);
      if (s === this.socket) this.onClose();
    });
  }

  private onClose(): void {
    const wasConnected = this.connected;
    const replay = this.recent.drain().map((r) => r.p);
    const error = this.lastError || 'connection closed by receiver';
    this.socket = null;
    this.connected = false;
    this.draining = false;
    this.writes = 0;
    if (this.stopped) return this.settle();
    if (wasConnected) {
      // The receiver may not have read these: write them again, in order, ahead of the rest.
      const again = this.charge(replay, error);
      for (let i = again.length - 1; i >= 0; i--) this.queue.unshift(again[i]!);
      if (replay.length) this.warn(`connection lost (${error}); ${again.length} recent message(s) will be written again`);
      // A connection that lived a while was healthy; one dropped at once counts as a failure.
      this.failures = Date.now() - this.connectedAt > this.cfg.replayWindowMs ? 0 : this.failures + 1;
    } else {
      this.failures++;
      for (const p of this.charge(this.queue.drain(), error)) this.queue.push(p);
      this.warn(`cannot connect to ${this.o.host}:${this.o.port} (${error})`);
    }
    this.lastError = error;
    if (this.queue.length > 0) {
      const wait = backoffDelay(this.failures + 1, this.cfg, this.o.random);
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        this.pump();
      }, wait);
    }
    this.settle();
  }

  /** One more failed attempt for each message: those left to retry are returned, the rest dead-lettered. */
  private charge(ps: Pending[], error: string): Pending[] {
    const again: Pending[] = [];
    for (const p of ps) {
      p.attempts++;
      if (p.attempts >= this.cfg.maxAttempts) this.toDeadLetter(p, `gave up after ${p.attempts} attempts: ${error}`);
      else {
        this.c.retried++;
        again.push(p);
      }
    }
    return again;
  }

  private toDeadLetter(p: Pending, error: string): void {
    this.c.deadLettered++;
    this.warn(`${p.alert.key} dead-lettered: ${error}`);
    const dl = this.deadLetter;
    if (!dl) return;
    this.deadLetterWrites++;
    void dl.write(this.name, p.alert, p.attempts, error).then((problem) => {
      if (problem) {
        this.c.deadLetterErrors++;
        this.warn(`${problem}; alert ${p.alert.key} lost`);
      }
      this.deadLetterWrites--;
      this.settle();
    });
  }
}

