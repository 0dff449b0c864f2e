/**
 * Settings shared by the weakness and risk sections of guanlan.yaml: `disable` (slugs or ids) and
 * `params` (per detector, validated against the detector's own zod schema at start, so a typo
 * stops Guanlan with one line naming the setting).
 */
import type { z } from 'zod';
import type { DetectorDescriptor } from '../core/detector.js';

type Known = ReadonlyMap<string, { descriptor: DetectorDescriptor }>;

/** Slug and id → detector, for a registry. */
export function byName(detectors: readonly { descriptor: DetectorDescriptor }[]): Known {
  return new Map(detectors.flatMap((d) => [[d.descriptor.slug, d] as const, [d.descriptor.id, d] as const]));
}

/** A zod superRefine checking `disable` and `params` against the registry. */
export function checkDetectorSettings(known: Known, kind: string) {
  return (c: { disable: string[]; params: Record<string, unknown> }, ctx: z.core.$RefinementCtx): void => {
    const unknown = (d: string): string => `no ${kind} detector ${JSON.stringify(d)} (see guanlan detectors)`;
    c.disable.forEach((d, i) => {
      if (!known.has(d)) ctx.addIssue({ code: 'custom', path: ['disable', i], message: unknown(d) });
    });
    for (const [slug, value] of Object.entries(c.params)) {
      const det = known.get(slug);
      if (!det) {
        ctx.addIssue({ code: 'custom', path: ['params', slug], message: unknown(slug) });
        continue;
      }
      const r = det.descriptor.params.safeParse(value ?? {});
      if (!r.success) {
        const i = r.error.issues[0]!;
        ctx.addIssue({ code: 'custom', path: ['params', slug, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message });
      }
    }
  };
}

/** Params keyed by slug (ids in the config resolved to slugs). */
export function paramsBySlug(known: Known, params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) out[known.get(k)?.descriptor.slug ?? k] = v;
  return out;
}
