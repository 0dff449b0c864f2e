/** Options of the syslog sinks and what the UDP and stream transports share. */
import { hostname as osHostname } from 'node:os';
import type { Alert } from '../core/risk.js';
import { DeadLetterFile } from './dead-letter.js';
import { DEFAULT_RETRY, type SinkWarn } from './sink.js';
import { formatSyslog, type SyslogFormat } from './syslog-format.js';

export type SyslogProtocol = 'udp' | 'tcp' | 'tls';

export interface SyslogSinkOptions {
  name: string;
  host: string;
  port: number;
  protocol: SyslogProtocol;
  format?: SyslogFormat;
  /** 0–23, default 20 (local4) */
  facility?: number;
  /** HOSTNAME field; default os.hostname() */
  hostname?: string;
  productVersion?: string;
  /** TLS: trusted CA certificates (PEM), client certificate and key (PEM) for mutual TLS */
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  /** TLS server name to verify when `host` is not the name in the certificate */
  servername?: string;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** connect (and TLS handshake) timeout */
  timeoutMs?: number;
  maxQueue?: number;
  /** TCP/TLS: messages written this recently are written again after a broken connection */
  replayWindowMs?: number;
  /** TCP/TLS: at most this many recent messages kept for replay */
  replayMax?: number;
  deadLetterPath?: string | null;
  warn?: SinkWarn;
  random?: () => number;
  now?: () => Date;
}

export const SYSLOG_DEFAULTS = { ...DEFAULT_RETRY, timeoutMs: 5_000, maxQueue: 10_000, replayWindowMs: 2_000, replayMax: 1_000, facility: 20, format: 'json' as SyslogFormat };


export function formatter(o: SyslogSinkOptions): (a: Alert) => string {
  const host = o.hostname ?? osHostname();
  const m = {
    format: o.format ?? SYSLOG_DEFAULTS.format,
    facility: o.facility ?? SYSLOG_DEFAULTS.facility,
    hostname: host,
    productVersion: o.productVersion ?? '0',
    ...(o.now ? { now: o.now } : {}),
  };
  return (a) => formatSyslog(a, m);
}

export function deadLetterFile(o: SyslogSinkOptions): DeadLetterFile | null {
  return o.deadLetterPath ? new DeadLetterFile(o.deadLetterPath, o.now) : null;
}

