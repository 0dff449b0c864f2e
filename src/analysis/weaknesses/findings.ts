/**
 * The weakness findings of one endpoint seen in the current input: per (rule, location) the
 * occurrences, first and last event time, the last measured facts and a few masked evidence
 * exchanges. Kept on the endpoint's statistics (EndpointStats.weaknesses) so that it follows the
 * endpoint when templates are learned (`merge` folds a raw path's findings into its template's);
 * drained at the end of each input: the store adds it up across inputs and owns the lifecycle.
 */
import type { Evidence } from '../../core/detector.js';

export const MAX_FINDINGS_PER_ENDPOINT = 64;

export interface FindingDelta {
  ruleId: string;
  location: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
  /** the last report's one-line detail */
  detail: string;
  data: Record<string, unknown>;
  evidence: Evidence[];
}

export class EndpointFindings {
  readonly entries = new Map<string, FindingDelta>();
  dropped = 0;
  /** after a merge into another endpoint's findings: where these went */
  forward: EndpointFindings | undefined;

  live(): EndpointFindings {
    return this.forward ? this.forward.live() : this;
  }

  /** The delta for (rule, location), created when there is room; undefined when the cap bit. */
  entry(ruleId: string, location: string, ts: string): FindingDelta | undefined {
    const key = `${ruleId}\n${location}`;
    let e = this.entries.get(key);
    if (e) return e;
    if (this.entries.size >= MAX_FINDINGS_PER_ENDPOINT) {
      this.dropped++;
      return undefined;
    }
    e = { ruleId, location, firstSeen: ts, lastSeen: ts, count: 0, detail: '', data: {}, evidence: [] };
    this.entries.set(key, e);
    return e;
  }

  merge(other: unknown, maxEvidence = 3): void {
    if (!(other instanceof EndpointFindings) || other === this) return;
    for (const o of other.entries.values()) {
      const e = this.entry(o.ruleId, o.location, o.firstSeen);
      if (!e) continue;
      if (o.firstSeen < e.firstSeen) e.firstSeen = o.firstSeen;
      if (o.lastSeen > e.lastSeen) {
        e.lastSeen = o.lastSeen;
        e.detail = o.detail;
        e.data = o.data;
      } else if (!e.detail) {
        e.detail = o.detail;
        e.data = o.data;
      }
      e.count += o.count;
      for (const ev of o.evidence) if (e.evidence.length < maxEvidence) e.evidence.push(ev);
    }
    this.dropped += other.dropped;
    other.entries.clear();
    other.forward = this;
  }

  get size(): number {
    return this.entries.size;
  }
}
