/**
 * Fan-out of alerts to the configured sinks by severity: each sink takes the alerts at or above
 * its `minSeverity`. The router never throws into the pipeline; each sink queues, retries,
 * dead-letters and counts on its own.
 *
 *   const router = createRouter(config.alerts, { warn: (m) => log.warn(m) });
 *   router.send(alert);           // → number of sinks that queued it
 *   await router.close(5_000);    // at shutdown: deliver what is queued, dead-letter the rest
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Severity } from '../core/detector.js';
import { ErrorCodes, GuanlanError } from '../core/errors.js';
import type { Alert } from '../core/risk.js';
import { DEFAULT_SYSLOG_PORT, type AlertsConfig } from './config.js';
import { meetsSeverity, type AlertSink, type SinkStats, type SinkWarn } from './sink.js';
import { createSyslogSink } from './syslog.js';
import { WebhookSink } from './webhook.js';

export { AlertsConfigSchema, type AlertsConfig } from './config.js';

export interface RoutedSink {
  sink: AlertSink;
  minSeverity: Severity;
}

export class AlertRouter {
  constructor(
    private readonly routes: RoutedSink[],
    private readonly warn: SinkWarn = () => {},
  ) {}

  /** Queue the alert on every sink whose floor it meets; returns how many took it. */
  send(alert: Alert): number {
    let n = 0;
    for (const r of this.routes) {
      try {
        if (meetsSeverity(alert.severity, r.minSeverity) && r.sink.send(alert)) n++;
      } catch (err) {
        // Sinks do not throw; this guards the pipeline against a bug in one of them.
        this.warn(`alert sink ${r.sink.name}: ${String(err)}`);
      }
    }
    return n;
  }

  /** true when every sink drained before the deadline */
  async flush(deadlineMs = 10_000): Promise<boolean> {
    const r = await Promise.all(this.routes.map((x) => x.sink.flush(deadlineMs)));
    return r.every(Boolean);
  }

  async close(deadlineMs = 10_000): Promise<boolean> {
    const r = await Promise.all(this.routes.map((x) => x.sink.close(deadlineMs)));
    return r.every(Boolean);
  }

  /** Counters per sink name. */
  stats(): Record<string, SinkStats> {
    return Object.fromEntries(this.routes.map((r) => [r.sink.name, r.sink.stats()]));
  }

  get sinks(): readonly string[] {
    return this.routes.map((r) => r.sink.name);
  }
}

export interface CreateRouterOptions {
  warn?: SinkWarn;
  /** where secretEnv is looked up; default process.env */
  env?: Record<string, string | undefined>;
  /** CEF product version; default this package's version */
  productVersion?: string;
  /** for tests: backoff jitter source */
  random?: () => number;
}

function configError(where: string, message: string): GuanlanError {
  return new GuanlanError(ErrorCodes.CONFIG_INVALID, `alerts.${where}: ${message}`);
}

function readConfigFile(where: string, path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (err) {
    throw configError(where, `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0';
  }
}

/**
 * Build the sinks of a validated `alerts:` section. Throws a GuanlanError (at start, before any
 * traffic) for what the schema cannot check: a missing secret variable, an unreadable CA file.
 */
export function createRouter(config: AlertsConfig, o: CreateRouterOptions = {}): AlertRouter {
  const env = o.env ?? process.env;
  const warn = o.warn ?? (() => {});
  const version = o.productVersion ?? packageVersion();
  const deadLetter = (name: string): string => join(config.deadLetterDir, `${name}.jsonl`);
  const random = o.random ? { random: o.random } : {};
  const routes: RoutedSink[] = [];
  config.webhooks.forEach((w, i) => {
    const secret = w.secret ?? env[w.secretEnv!];
    if (!secret) throw configError(`webhooks[${i}].secretEnv`, `environment variable ${w.secretEnv} is not set`);
    const ca = readConfigFile(`webhooks[${i}].caFile`, w.caFile);
    const sink = new WebhookSink({
      name: w.name,
      url: w.url,
      secret,
      maxAttempts: w.maxAttempts,
      baseDelayMs: w.baseDelayMs,
      maxDelayMs: w.maxDelayMs,
      timeoutMs: w.timeoutMs,
      maxQueue: w.maxQueue,
      concurrency: w.concurrency,
      deadLetterPath: deadLetter(w.name),
      warn,
      ...(ca ? { ca } : {}),
      ...random,
    });
    routes.push({ sink, minSeverity: w.minSeverity });
  });
  config.syslog.forEach((s, i) => {
    const ca = readConfigFile(`syslog[${i}].caFile`, s.caFile);
    const cert = readConfigFile(`syslog[${i}].certFile`, s.certFile);
    const key = readConfigFile(`syslog[${i}].keyFile`, s.keyFile);
    const sink = createSyslogSink({
      name: s.name,
      host: s.host,
      port: s.port ?? DEFAULT_SYSLOG_PORT[s.protocol],
      protocol: s.protocol,
      format: s.format,
      facility: s.facility,
      productVersion: version,
      maxAttempts: s.maxAttempts,
      baseDelayMs: s.baseDelayMs,
      maxDelayMs: s.maxDelayMs,
      timeoutMs: s.timeoutMs,
      maxQueue: s.maxQueue,
      deadLetterPath: deadLetter(s.name),
      warn,
      ...(s.hostname ? { hostname: s.hostname } : {}),
      ...(ca ? { ca } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
      ...random,
    });
    routes.push({ sink, minSeverity: s.minSeverity });
  });
  return new AlertRouter(routes, warn);
}
