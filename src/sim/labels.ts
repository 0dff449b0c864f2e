/**
 * The ground truth of a simulated run: which exchanges belong to which injected scenario.
 * Written as FILE.labels.json beside the traffic; evaluation tools compare `guanlan risks`
 * with it (every label names the risk slug it should raise, its subject and window).
 *
 *   { "version": 1, "seed": 1, "start": "…", "end": "…", "addressPlan": {…},
 *     "scenarios": [ { "id": "brute-force", "slug": "brute-force", "dimension": "account",
 *       "subject": { "account": "13912345678", "ip": "192.0.2.140" },
 *       "start": "…", "end": "…", "exchanges": 52, "exchangeIds": ["…", …] } ] }
 */
import type { Dimension, Subject } from './scenarios/types.js';

export interface ScenarioLabel {
  id: string;
  scenario: string;
  slug: string;
  dimension: Dimension;
  title: string;
  shape: string;
  subject: Subject;
  /** event time of the first and last labelled exchange */
  start: string;
  end: string;
  exchanges: number;
  exchangeIds: string[];
}

export interface SkippedScenario {
  id: string;
  reason: string;
}

export interface LabelsFile {
  version: 1;
  generator: string;
  seed: number;
  start: string;
  end: string;
  users: number;
  output: string;
  format: 'jsonl' | 'pcap';
  exchanges: number;
  addressPlan: Record<string, unknown>;
  scenarios: ScenarioLabel[];
  skipped: SkippedScenario[];
}

/** Collects exchange ids per scenario instance as the run streams. */
export class LabelCollector {
  private readonly byTag = new Map<string, { ids: string[]; first: string; last: string }>();

  record(tag: string, id: string, ts: string): void {
    let e = this.byTag.get(tag);
    if (!e) this.byTag.set(tag, (e = { ids: [], first: ts, last: ts }));
    e.ids.push(id);
    if (ts < e.first) e.first = ts;
    if (ts > e.last) e.last = ts;
  }

  get(tag: string): { ids: string[]; first: string; last: string } | undefined {
    return this.byTag.get(tag);
  }
}
