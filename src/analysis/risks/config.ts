/**
 * The `risks:` section of guanlan.yaml: which risk detectors run and their params (validated
 * against each descriptor at start), how long a quiet spell closes an event, and how clients and
 * accounts are identified.
 *
 *   risks:
 *     disable: [xss]
 *     params: { brute-force: { minFailures: 5 } }
 *     gapMinutes: 30
 *     allow: { ips: [10.8.0.0/16] }           # never the subject of an event
 *     suppress: [{ rule: scanner, ip: 192.0.2.10, reason: pen test, until: 2024-07-01 }]
 *     identity: { trustedProxies: [10.0.0.0/8], accountHeaders: [x-user-id] }
 */
import { isCidr } from '../../core/cidr.js';
import { z } from 'zod';
import { RISK_DETECTORS } from './registry.js';
import { byName, checkDetectorSettings, paramsBySlug as bySlug } from '../detector-settings.js';

const known = byName(RISK_DETECTORS);

const Cidr = z.string().refine(isCidr, 'expected an address or CIDR such as 10.0.0.0/8');

export const RiskConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    disable: z.array(z.string()).default([]),
    params: z.record(z.string(), z.unknown()).default({}),
    /** quiet event time after which an event or incident is closed */
    gapMinutes: z.number().positive().default(30),
    evidencePerEvent: z.number().int().min(0).max(20).default(3),
    /** clients that are never the subject of an event (the bank's scanners, probes) */
    allow: z.object({ ips: z.array(Cidr).default([]) }).strict().default({ ips: [] }),
    /** known and accepted behaviour: drop one rule's (or every rule's) events for a client, account or endpoint */
    suppress: z
      .array(
        z
          .object({
            rule: z.string().min(1).optional(),
            ip: Cidr.optional(),
            account: z.string().min(1).optional(),
            endpoint: z.string().startsWith('/', 'a path template such as /api/v1/users/*').optional(),
            reason: z.string().min(1, 'say why (it is shown in the audit trail)'),
            until: z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'expected an ISO date such as 2024-07-01').optional(),
          })
          .strict()
          .refine((r) => r.ip !== undefined || r.account !== undefined || r.endpoint !== undefined, 'name an ip, account or endpoint (use disable: to turn a rule off everywhere)'),
      )
      .default([]),
    identity: z
      .object({
        trustedProxies: z.array(Cidr).default([]),
        accountHeaders: z.array(z.string().min(1)).default([]),
        jwtClaims: z.array(z.string().min(1)).optional(),
      })
      .strict()
      .default({ trustedProxies: [], accountHeaders: [] }),
  })
  .strict()
  .superRefine(checkDetectorSettings(known, 'risk'))
  .superRefine((c, ctx) => {
    c.suppress.forEach((r, i) => {
      if (r.rule !== undefined && !known.has(r.rule)) ctx.addIssue({ code: 'custom', path: ['suppress', i, 'rule'], message: `no risk detector ${JSON.stringify(r.rule)} (see guanlan detectors)` });
    });
  });

export type RiskConfig = z.infer<typeof RiskConfigSchema>;

export function riskParamsBySlug(c: RiskConfig): Record<string, unknown> {
  return bySlug(known, c.params);
}
