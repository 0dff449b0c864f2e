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

const known = new Map(WEAKNESS_DETECTORS.flatMap((d) => [[d.descriptor.slug, d] as const, [d.descriptor.id, d] as const]));

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
  .superRefine((c, ctx) => {
    c.disable.forEach((d, i) => {
      if (!known.has(d)) ctx.addIssue({ code: 'custom', path: ['disable', i], message: `no weakness detector ${JSON.stringify(d)} (see guanlan detectors)` });
    });
    for (const [slug, value] of Object.entries(c.params)) {
      const det = known.get(slug);
      if (!det) {
        ctx.addIssue({ code: 'custom', path: ['params', slug], message: `no weakness detector ${JSON.stringify(slug)} (see guanlan detectors)` });
        continue;
      }
      const r = det.descriptor.params.safeParse(value ?? {});
      if (!r.success) {
        const i = r.error.issues[0]!;
        ctx.addIssue({ code: 'custom', path: ['params', slug, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message });
      }
    }
  });

export type WeaknessConfig = z.infer<typeof WeaknessConfigSchema>;

/** Params by slug (ids in the config resolved to slugs). */
export function paramsBySlug(c: WeaknessConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.params)) out[known.get(k)?.descriptor.slug ?? k] = v;
  return out;
}
