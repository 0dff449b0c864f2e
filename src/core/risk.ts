/**
 * The vocabulary of risk monitoring (DESIGN §4.3): what someone is doing to the APIs now, judged
 * against learned baselines. A risk detector emits RiskEvents (subject, window, measured value,
 * baseline, threshold, evidence); related events fold into Incidents with a score; alerts carry
 * events or incidents to the SOC (webhook, syslog) with an idempotency key. Risk detectors carry
 * the same DetectorDescriptor as weaknesses (kind 'risk', ids `GL-R-nnnn`). Imports nothing else
 * of ours but the detector vocabulary.
 */
import type { Evidence, Severity } from './detector.js';

/** The three dimensions of DESIGN §4.3. */
export type RiskDimension = 'account' | 'data' | 'attack';

/** Who or what the event is about; at least one part is set. */
export interface RiskSubject {
  ip?: string;
  account?: string;
  endpoint?: { id?: string; app: string; method: string; pathTemplate: string };
}

/** One risk event as `guanlan risks --json` prints it. */
export interface RiskEvent {
  /** stable for the same rule, subject and window: the de-duplication and idempotency key */
  id: string;
  ruleId: string;
  slug: string;
  title: string;
  dimension: RiskDimension;
  severity: Severity;
  subject: RiskSubject;
  /** the window, event time */
  start: string;
  end: string;
  /** what was measured in the window (attempts, records, distinct accounts…) */
  value: number;
  /** what is normal for this subject (null when the rule is a fixed policy, e.g. an attack signature) */
  baseline: number | null;
  threshold: number;
  /** one line, masked */
  detail: string;
  evidence: Evidence[];
  incidentId?: string;
}

export type IncidentState = 'open' | 'acknowledged' | 'closed';

/** Related events (same subject, overlapping time) folded together, with a risk score. */
export interface Incident {
  id: string;
  subject: RiskSubject;
  start: string;
  end: string;
  severity: Severity;
  /** 0–100 */
  score: number;
  state: IncidentState;
  rules: string[];
  events: string[];
  title: string;
}

/** What goes to the SOC: one event or one incident, with the key receivers de-duplicate on. */
export interface Alert {
  /** idempotency key: the same alert sent twice carries the same key */
  key: string;
  kind: 'event' | 'incident';
  severity: Severity;
  /** event time of the alert's subject matter */
  ts: string;
  /** one line for people (syslog MSG, webhook summary) */
  summary: string;
  payload: RiskEvent | Incident;
}
