/** Syslog over UDP (RFC 5426): one datagram per alert; a send error is retried, an oversized datagram is permanent. */
import dgram from 'node:dgram';
import net from 'node:net';
import type { Alert } from '../core/risk.js';
import { DeliveryQueue, type AttemptResult } from './delivery-queue.js';
import { errorText, type AlertSink, type SinkStats } from './sink.js';
import { deadLetterFile, formatter, SYSLOG_DEFAULTS, type SyslogSinkOptions } from './syslog-options.js';

export class UdpSyslogSink implements AlertSink {
  readonly name: string;
  private socket: dgram.Socket | null = null;
  private readonly queue: DeliveryQueue<Buffer>;
  private readonly format: (a: Alert) => string;

  constructor(private readonly o: SyslogSinkOptions) {
    this.name = o.name;
    this.format = formatter(o);
    this.queue = new DeliveryQueue<Buffer>(
      {
        name: o.name,
        maxAttempts: o.maxAttempts ?? SYSLOG_DEFAULTS.maxAttempts,
        baseDelayMs: o.baseDelayMs ?? SYSLOG_DEFAULTS.baseDelayMs,
        maxDelayMs: o.maxDelayMs ?? SYSLOG_DEFAULTS.maxDelayMs,
        maxQueue: o.maxQueue ?? SYSLOG_DEFAULTS.maxQueue,
        // one at a time keeps datagrams in alert order
        concurrency: 1,
        maxRetryAfterMs: 0,
        deadLetter: deadLetterFile(o),
        warn: o.warn ?? (() => {}),
        ...(o.random ? { random: o.random } : {}),
      },
      (msg) => this.sendDatagram(msg),
    );
  }

  send(alert: Alert): boolean {
    let msg: Buffer;
    try {
      msg = Buffer.from(this.format(alert), 'utf8');
    } catch (err) {
      this.queue.countDrop();
      this.o.warn?.(`alert sink ${this.name}: cannot format alert: ${errorText(err)}`);
      return false;
    }
    return this.queue.push(alert, msg);
  }

  flush(deadlineMs?: number): Promise<boolean> {
    return this.queue.flush(deadlineMs);
  }

  async close(deadlineMs?: number): Promise<boolean> {
    const clean = await this.queue.close(deadlineMs);
    this.socket?.close();
    this.socket = null;
    return clean;
  }

  stats(): SinkStats {
    return this.queue.stats();
  }

  private sendDatagram(msg: Buffer): Promise<AttemptResult> {
    if (!this.socket) {
      const s = dgram.createSocket(net.isIPv6(this.o.host) ? 'udp6' : 'udp4');
      // Asynchronous socket errors (e.g. ICMP port unreachable on some systems) must not crash us.
      s.on('error', (err) => this.o.warn?.(`alert sink ${this.name}: udp socket: ${errorText(err)}`));
      s.unref();
      this.socket = s;
    }
    const s = this.socket;
    return new Promise((resolve) => {
      try {
        s.send(msg, this.o.port, this.o.host, (err) => {
          if (!err) return resolve({ ok: true });
          const code = (err as NodeJS.ErrnoException).code;
          resolve({ ok: false, permanent: code === 'EMSGSIZE', error: errorText(err) });
        });
      } catch (err) {
        resolve({ ok: false, permanent: false, error: errorText(err) });
      }
    });
  }
}

