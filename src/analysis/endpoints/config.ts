/**
 * Discovery settings (the `discovery:` section of guanlan.yaml), validated once at start.
 *
 * ```yaml
 * discovery:
 *   apps:
 *     aliases: { "10.0.0.5:8080": core-banking, "*.m.bank.example": mobile-banking }
 *   words: [sfzh, zjhm]                 # extra words that stay literal, everywhere
 *   appWords: { mobile-banking: [hce] } # per application
 *   pins: ["/api/v1/customers/{custNo}", "core-banking /ecif/{cifNo}/accounts"]
 *   neverMerge: ["/api/v1/products/*"]
 *   params: [{ pattern: "^ORD\\d{10}$", name: orderNo }]
 *   serviceObject: { internalPrefixes: [/inner/], partnerPrefixes: [/openapi/] }
 *   lifecycle: { newDays: 7, inactiveDays: 30 }
 * ```
 */
import { z } from 'zod';
import { DEFAULT_TRIE_LIMITS } from './templating/trie.js';

const regex = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

/** `[app ]/path/{param}/…` */
const template = z.string().regex(/^(\S+\s+)?\/\S*$/, 'expected "/path/{param}" or "<app> /path/{param}"');

export const DiscoveryConfigSchema = z
  .object({
    apps: z
      .object({
        /** host (exact, or `*.suffix`) → application name; several hosts may share one name (a merge) */
        aliases: z.record(z.string(), z.string().min(1)).default({}),
      })
      .strict()
      .default({ aliases: {} }),
    words: z.array(z.string().min(1)).default([]),
    appWords: z.record(z.string(), z.array(z.string().min(1))).default({}),
    pins: z.array(template).default([]),
    neverMerge: z.array(template).default([]),
    params: z.array(z.object({ pattern: regex, name: z.string().optional() }).strict()).default([]),
    /** operator knowledge for the public / partner / internal label */
    serviceObject: z
      .object({
        internalPrefixes: z.array(z.string().startsWith('/')).default([]),
        partnerPrefixes: z.array(z.string().startsWith('/')).default([]),
        partnerMaxClients: z.number().int().positive().default(20),
      })
      .strict()
      .default({ internalPrefixes: [], partnerPrefixes: [], partnerMaxClients: 20 }),
    lifecycle: z
      .object({
        newDays: z.number().positive().default(7),
        inactiveDays: z.number().positive().default(30),
      })
      .strict()
      .default({ newDays: 7, inactiveDays: 30 }),
    limits: z
      .object({
        maxChildren: z.number().int().min(8).default(DEFAULT_TRIE_LIMITS.maxChildren),
        maxNodes: z.number().int().min(100).default(DEFAULT_TRIE_LIMITS.maxNodes),
        maxKeysPerNode: z.number().int().min(4).default(DEFAULT_TRIE_LIMITS.maxKeysPerNode),
        genericMin: z.number().int().min(2).default(DEFAULT_TRIE_LIMITS.genericMin),
        maxApps: z.number().int().min(1).default(5000),
      })
      .strict()
      .default({ ...DEFAULT_TRIE_LIMITS, maxApps: 5000 }),
  })
  .strict();

export type DiscoveryConfig = z.infer<typeof DiscoveryConfigSchema>;

export const DEFAULT_DISCOVERY: DiscoveryConfig = DiscoveryConfigSchema.parse({});

/** Split `"<app> /path"` into its parts; app undefined means every application. */
export function parseTemplateRule(rule: string): { app?: string; path: string } {
  const m = /^(\S+)\s+(\/\S*)$/.exec(rule.trim());
  return m ? { app: m[1], path: m[2]! } : { path: rule.trim() };
}
