/**
 * The `alerts:` section of guanlan.yaml: where alerts go and from which severity up. Validated at
 * start with the rest of the config; secrets may come from the environment so the file can be
 * committed.
 *
 *   alerts:
 *     webhooks:
 *       - { name: soc, url: https://soc.example/hook, secretEnv: GUANLAN_WEBHOOK_SECRET, minSeverity: medium }
 *     syslog:
 *       - { name: siem, host: 10.0.0.9, port: 6514, protocol: tls, format: cef, minSeverity: high, caFile: /etc/guanlan/siem-ca.pem }
 *     deadLetterDir: ./guanlan-dead-letter     # <dir>/<sink name>.jsonl
 */
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../core/detector.js';

const SeveritySchema = z.enum(SEVERITIES as [Severity, ...Severity[]]);

/** A sink name is also its dead-letter file name. */
const SinkName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, . _ - (at most 64), starting with a letter or digit');

const retry = {
  maxAttempts: z.number().int().min(1).max(100).default(6),
  baseDelayMs: z.number().int().min(1).default(500),
  maxDelayMs: z.number().int().min(1).default(30_000),
  timeoutMs: z.number().int().min(1).default(5_000),
  /** alerts waiting for this sink; beyond it new alerts are dropped and counted */
  maxQueue: z.number().int().min(1).max(1_000_000).default(10_000),
};

export const WebhookConfigSchema = z
  .object({
    name: SinkName,
    url: z.string().refine((u) => {
      try {
        const p = new URL(u).protocol;
        return p === 'http:' || p === 'https:';
      } catch {
        return false;
      }
    }, 'an http:// or https:// URL'),
    /** HMAC key, inline… */
    secret: z.string().min(16, 'at least 16 characters').optional(),
    /** …or the name of the environment variable holding it */
    secretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').optional(),
    minSeverity: SeveritySchema.default('medium'),
    concurrency: z.number().int().min(1).max(64).default(4),
    /** extra trusted CA (PEM) for an https URL */
    caFile: z.string().min(1).optional(),
    ...retry,
  })
  .strict()
  .superRefine((w, ctx) => {
    if ((w.secret === undefined) === (w.secretEnv === undefined)) ctx.addIssue({ code: 'custom', path: ['secret'], message: 'give exactly one of secret and secretEnv' });
  });

export const SyslogConfigSchema = z
  .object({
    name: SinkName,
    host: z.string().min(1),
    /** default 514 (udp), 601 (tcp), 6514 (tls) */
    port: z.number().int().min(1).max(65_535).optional(),
    protocol: z.enum(['udp', 'tcp', 'tls']).default('tcp'),
    format: z.enum(['json', 'cef']).default('json'),
    /** 0–23; 20 is local4 */
    facility: z.number().int().min(0).max(23).default(20),
    minSeverity: SeveritySchema.default('high'),
    /** HOSTNAME in the messages; default the machine's name */
    hostname: z.string().min(1).optional(),
    /** TLS: trusted CA (PEM); client certificate and key (PEM) for mutual TLS */
    caFile: z.string().min(1).optional(),
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    ...retry,
  })
  .strict()
  .superRefine((s, ctx) => {
    for (const k of ['caFile', 'certFile', 'keyFile'] as const) {
      if (s[k] !== undefined && s.protocol !== 'tls') ctx.addIssue({ code: 'custom', path: [k], message: `${k} needs protocol: tls` });
    }
    if ((s.certFile === undefined) !== (s.keyFile === undefined)) ctx.addIssue({ code: 'custom', path: ['certFile'], message: 'give both certFile and keyFile, or neither' });
  });

export const AlertsConfigSchema = z
  .object({
    webhooks: z.array(WebhookConfigSchema).default([]),
    syslog: z.array(SyslogConfigSchema).default([]),
    deadLetterDir: z.string().min(1).default('./guanlan-dead-letter'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    const check = (section: 'webhooks' | 'syslog', i: number, name: string): void => {
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: [section, i, 'name'], message: `sink name ${JSON.stringify(name)} used twice` });
      seen.add(name);
    };
    c.webhooks.forEach((w, i) => check('webhooks', i, w.name));
    c.syslog.forEach((s, i) => check('syslog', i, s.name));
  });

export type AlertsConfig = z.infer<typeof AlertsConfigSchema>;
export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;
export type SyslogConfig = z.infer<typeof SyslogConfigSchema>;

export const DEFAULT_SYSLOG_PORT = { udp: 514, tcp: 601, tls: 6514 } as const;
