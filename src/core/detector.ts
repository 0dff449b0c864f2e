/**
 * The vocabulary of detectors (DESIGN §4.2–4.3): the declarative descriptor every weakness and
 * risk detector carries beside its logic, severities, the OWASP API Security Top 10 (2023) ids,
 * and the weakness finding with its lifecycle, as `guanlan weaknesses --json` prints it.
 * Imports nothing else of ours.
 */
import type { z } from 'zod';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Text in both console languages. */
export interface Localized {
  zh: string;
  en: string;
}

/** OWASP API Security Top 10 — 2023. */
export const OWASP_API_2023 = {
  'API1:2023': 'Broken Object Level Authorization',
  'API2:2023': 'Broken Authentication',
  'API3:2023': 'Broken Object Property Level Authorization',
  'API4:2023': 'Unrestricted Resource Consumption',
  'API5:2023': 'Broken Function Level Authorization',
  'API6:2023': 'Unrestricted Access to Sensitive Business Flows',
  'API7:2023': 'Server Side Request Forgery',
  'API8:2023': 'Security Misconfiguration',
  'API9:2023': 'Improper Inventory Management',
  'API10:2023': 'Unsafe Consumption of APIs',
} as const;
export type OwaspApiId = keyof typeof OWASP_API_2023;

/**
 * A detector's descriptor: what it finds, how bad, where it maps, how to fix it, its tunable
 * parameters (a zod object whose every field has a default). Permanent ids come from ranges and
 * are never reused (`GL-W-0001…` weaknesses, `GL-R-0001…` risks); `rev` goes up when the logic
 * changes what it reports.
 *
 *   { id: 'GL-W-0003', rev: 1, slug: 'plaintext-credentials', kind: 'weakness', severity: 'high',
 *     owasp: ['API2:2023'], cwe: ['CWE-319', 'CWE-523'], params: z.object({ … }), … }
 */
export interface DetectorDescriptor<P extends z.ZodType = z.ZodType> {
  id: string;
  rev: number;
  slug: string;
  kind: 'weakness' | 'risk';
  title: Localized;
  description: Localized;
  remediation: Localized;
  severity: Severity;
  owasp: readonly OwaspApiId[];
  /** `CWE-639` */
  cwe: readonly string[];
  references?: readonly string[];
  params: P;
  /** which exchanges (or endpoints) it looks at, in a sentence */
  appliesTo: Localized;
}

/** Weakness lifecycle: set by users (confirmed, ignored, fixed, new) or by traffic (verified, reopened). */
export type FindingState = 'new' | 'confirmed' | 'ignored' | 'fixed' | 'verified' | 'reopened';
export const FINDING_STATES: readonly FindingState[] = ['new', 'confirmed', 'ignored', 'fixed', 'verified', 'reopened'];
/** the states a user may set (the others follow from traffic) */
export const USER_STATES: readonly FindingState[] = ['new', 'confirmed', 'ignored', 'fixed'];

/** One piece of evidence: an exchange that showed the weakness, masked. */
export interface Evidence {
  exchangeId: string;
  ts: string;
  clientIp: string;
  /** what in this exchange shows it, masked (`password sent in clear in body field "password"`) */
  detail: string;
  /** the exchange, masked as stored samples are (JSON of an Exchange) */
  exchange?: unknown;
}

/** A weakness as `guanlan weaknesses --json` prints it (DESIGN §3.2, §4.2). */
export interface Finding {
  id: string;
  ruleId: string;
  slug: string;
  title: string;
  severity: Severity;
  owasp: string[];
  cwe: string[];
  app: string;
  endpoint: { id: string; method: string; pathTemplate: string; operation?: string } | null;
  /** parameter, field or header where it shows (`body.password`, `query.pageSize`); '' for the endpoint as a whole */
  location: string;
  state: FindingState;
  stateReason: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
  /** rule-specific facts (measured values, thresholds) */
  detail: Record<string, unknown>;
  evidence: Evidence[];
}

export interface FindingStateChange {
  /** wall clock for users' changes, event time for traffic's */
  ts: string;
  actor: string;
  from: FindingState | null;
  to: FindingState;
  reason: string;
}
