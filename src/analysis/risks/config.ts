/**
 * The `risks:` section of guanlan.yaml: which risk detectors run and their params (validated
 * against each descriptor at start), how long a quiet spell closes an event, and how clients and
 * accounts are identified.
 *
 *   risks:
 *     disable: [xss]
 *     params: { brute-force: { minFailures: 5 } }
 *     gapMinutes: 30
 *     identity: { trustedProxies: [10.0.0.0/8], accountHeaders: [x-user-id] }
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { RISK_DETECTORS } from './registry.js';
import { byName, checkDetectorSettings, paramsBySlug as bySlug } from '../detector-settings.js';

const known = byName(RISK_DETECTORS);

const Cidr = z.string().refine((s) => {
  const [a, bits] = s.split('/');
  const v = isIP(a ?? '');
  return v !== 0 && (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (v === 4 ? 32 : 128)));
}, 'expected an address or CIDR such as 10.0.0.0/8');

export const RiskConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    disable: z.array(z.string()).default([]),
    params: z.record(z.string(), z.unknown()).default({}),
    /** quiet event time after which an event or incident is closed */
    gapMinutes: z.number().positive().default(30),
    evidencePerEvent: z.number().int().min(0).max(20).default(3),
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
  .superRefine(checkDetectorSettings(known, 'risk'));

export type RiskConfig = z.infer<typeof RiskConfigSchema>;

export function riskParamsBySlug(c: RiskConfig): Record<string, unknown> {
  return bySlug(known, c.params);
}
