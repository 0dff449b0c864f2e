/**
 * The `weaknesses:` section of guanlan.yaml: which detectors run, their parameters (each
 * validated against its descriptor's schema at start, so a typo in a threshold stops Guanlan
 * with one line naming the setting), how much evidence a finding keeps, when a fixed weakness
 * counts as verified fixed, and documented specs for the zombie/shadow detectors.
 *
 *   weaknesses:
 *     disable: [cleartext-sensitive-transport]     # slugs or GL-W ids
 *     params:
 *       enumerable-id: { minDistinctIds: 10 }
 *     verify: { minCalls: 20, minHours: 24 }      # traffic without the weakness needed after "fixed"
 *     specs: [docs/openapi.yaml]
 */
import { z } from 'zod';
import { WEAKNESS_DETECTORS } from './registry.js';
import { byName, checkDetectorSettings, paramsBySlug as bySlug } from '../detector-settings.js';

const known = byName(WEAKNESS_DETECTORS);

export const WeaknessConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** detectors not run: slugs or ids */
    disable: z.array(z.string()).default([]),
    /** per detector slug: its params (see `guanlan detectors`) */
    params: z.record(z.string(), z.unknown()).default({}),
    /** masked evidence exchanges kept per finding */
    evidencePerFinding: z.number().int().min(0).max(20).default(3),
    /** a finding marked fixed is verified fixed after this much traffic to its endpoint without it */
    verify: z
      .object({
        minCalls: z.number().int().min(0).default(20),
        minHours: z.number().min(0).default(24),
      })
      .strict()
      .default({ minCalls: 20, minHours: 24 }),
    /** documented OpenAPI/Swagger specs (zombie and shadow APIs) */
    specs: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .superRefine(checkDetectorSettings(known, 'weakness'));

export type WeaknessConfig = z.infer<typeof WeaknessConfigSchema>;

/** Params by slug (ids in the config resolved to slugs). */
export function paramsBySlug(c: WeaknessConfig): Record<string, unknown> {
  return bySlug(known, c.params);
}
