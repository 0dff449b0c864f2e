/**
 * The `sensitive:` section of guanlan.yaml: what the sensitive-data stage scans, which labels it
 * reports, which keys it trusts not to hold personal data, how endpoints are graded, and how much
 * of the leak-trace index one input may add. Validated at start with the rest of the config.
 *
 *   sensitive:
 *     disable: [ip, geo]            # labels not reported
 *     allowKeys: [orderId, traceNo] # numbers under these keys are never cards or mobiles
 *     grading:
 *       rules:                      # replaces the default rules (grade.ts) when given
 *         - { grade: high, direction: response, labels: [cn_id], clear: true, why: 'ID numbers out' }
 */
import { z } from 'zod';
import { type GradeRule, DEFAULT_GRADE_RULES } from './grade.js';
import { LABEL_IDS, type LabelId } from './labels.js';
import { normaliseKey } from './keys.js';

const Label = z.enum(LABEL_IDS);

export const GradeRuleSchema = z
  .object({
    grade: z.enum(['high', 'medium', 'low']),
    why: z.string().min(1),
    direction: z.enum(['request', 'response']).optional(),
    labels: z.array(Label).optional(),
    categories: z.array(z.enum(['C3', 'C2', 'C1'])).optional(),
    clear: z.boolean().optional(),
    minRecords: z.number().int().positive().optional(),
    minLabels: z.number().int().positive().optional(),
  })
  .strict();

export const SensitiveConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** labels not reported (false-positive control) */
    disable: z.array(Label).default([]),
    /** key names under which values are never cards or mobiles (`orderId` passing Luhn) */
    allowKeys: z.array(z.string().min(1).max(100)).default([]),
    /** bodies longer than this are scanned as text up to this many characters, not parsed */
    maxBodyBytes: z.number().int().positive().max(16 << 20).default(256 * 1024),
    grading: z
      .object({ rules: z.array(GradeRuleSchema).min(1).optional() })
      .strict()
      .default({}),
    trace: z
      .object({
        enabled: z.boolean().default(true),
        /** trace rows one input may add (after de-duplication) */
        maxRowsPerInput: z.number().int().positive().default(1_000_000),
      })
      .strict()
      .default({ enabled: true, maxRowsPerInput: 1_000_000 }),
  })
  .strict();

export type SensitiveConfigInput = z.input<typeof SensitiveConfigSchema>;
export type SensitiveConfig = z.infer<typeof SensitiveConfigSchema>;

/** The settings the stage uses, derived once. */
export interface SensitiveSettings {
  disabled: ReadonlySet<LabelId>;
  allowKeys: ReadonlySet<string>;
  maxBodyBytes: number;
  rules: readonly GradeRule[];
  trace: boolean;
  maxTraceRows: number;
}

export function sensitiveSettings(c: SensitiveConfig = SensitiveConfigSchema.parse({})): SensitiveSettings {
  return {
    disabled: new Set(c.disable),
    allowKeys: new Set(c.allowKeys.map(normaliseKey)),
    maxBodyBytes: c.maxBodyBytes,
    rules: c.grading.rules ?? DEFAULT_GRADE_RULES,
    trace: c.trace.enabled,
    maxTraceRows: c.trace.maxRowsPerInput,
  };
}
