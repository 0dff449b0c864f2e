/**
 * What one endpoint exposes and collects: per (direction, label, location) the exchanges that
 * carried it, clear and masked, the most and total occurrences per message. Kept on the
 * endpoint's statistics (EndpointStats.sensitive) so that it follows the endpoint when templates
 * are learned: `merge` folds the aggregate of a raw path into its template's. Bounded: at most
 * MAX_ENTRIES entries per endpoint, further ones are counted in `dropped`.
 *
 *   const agg = new EndpointLabels();
 *   agg.add('response', scanJson(body));
 *   agg.summary()  // [{ label: 'cn_id', direction: 'response', location: 'data.idNo', count: 1, … }]
 */
import { gradeOf, type Grade, type GradeInput, type GradeRule } from './grade.js';
import type { LabelId } from './labels.js';
import type { DataHit } from './types.js';

export const MAX_ENTRIES = 64;

export type Direction = 'request' | 'response';

/** One (direction, label, location) of an endpoint, as stored and as `inventory --json` shows it. */
export interface LabelStat {
  label: LabelId;
  direction: Direction;
  location: string;
  /** exchanges that carried it */
  count: number;
  /** of those, exchanges where it was masked (all occurrences) */
  maskedCount: number;
  /** masked but still identifying, at least once */
  partial: boolean;
  /** most occurrences in one message (records per response) */
  maxRecords: number;
  totalRecords: number;
}

/** Hits of one message merged by scanning the others (few per message); above this many, by a map. */
const SCAN_MERGE_MAX = 32;

export class EndpointLabels {
  /** in the order first seen (grading reads them in that order) */
  private readonly entries: LabelStat[] = [];
  /** by direction, then location: the entries there (a location carries few labels) */
  private readonly index = { request: new Map<string, LabelStat[]>(), response: new Map<string, LabelStat[]>() };
  dropped = 0;
  /** after a merge into another endpoint's aggregate: where this one's counts went */
  forward: EndpointLabels | undefined;

  /** The aggregate that holds this one's counts now (after template merges). */
  live(): EndpointLabels {
    return this.forward ? this.forward.live() : this;
  }

  /**
   * One message's hits. Clear and masked hits at one location count once, as not masked. The
   * collector gives one hit per (label, location, masked), so a message's few hits are merged by
   * looking at each other (no key strings built per hit), many by a map.
   */
  add(direction: Direction, hits: readonly DataHit[]): void {
    const n = hits.length;
    if (n > SCAN_MERGE_MAX) return this.addMany(direction, hits);
    outer: for (let i = 0; i < n; i++) {
      const h = hits[i]!;
      for (let j = 0; j < i; j++) if (hits[j]!.label === h.label && hits[j]!.location === h.location) continue outer;
      let masked = h.masked;
      let partial = h.partial === true;
      let total = h.count;
      for (let j = i + 1; j < n; j++) {
        const o = hits[j]!;
        if (o.label !== h.label || o.location !== h.location) continue;
        masked &&= o.masked;
        partial ||= o.partial === true;
        total += o.count;
      }
      this.addStat({ label: h.label, direction, location: h.location, count: 1, maskedCount: masked ? 1 : 0, partial, maxRecords: total, totalRecords: total });
    }
  }

  private addMany(direction: Direction, hits: readonly DataHit[]): void {
    const msg = new Map<string, LabelStat>();
    for (const h of hits) {
      const key = `${h.label} ${h.location}`;
      const m = msg.get(key);
      if (m) {
        if (!h.masked) m.maskedCount = 0;
        m.partial ||= h.partial === true;
        m.maxRecords += h.count;
        m.totalRecords += h.count;
      } else {
        msg.set(key, { label: h.label, direction, location: h.location, count: 1, maskedCount: h.masked ? 1 : 0, partial: h.partial === true, maxRecords: h.count, totalRecords: h.count });
      }
    }
    for (const m of msg.values()) this.addStat(m);
  }

  addStat(s: LabelStat): void {
    const at = this.index[s.direction];
    let list = at.get(s.location);
    const e = list?.find((x) => x.label === s.label);
    if (e) {
      e.count += s.count;
      e.maskedCount += s.maskedCount;
      e.partial ||= s.partial;
      e.maxRecords = Math.max(e.maxRecords, s.maxRecords);
      e.totalRecords += s.totalRecords;
    } else if (this.entries.length < MAX_ENTRIES) {
      const copy = { ...s };
      this.entries.push(copy);
      if (!list) at.set(s.location, (list = []));
      list.push(copy);
    } else this.dropped++;
  }

  merge(other: unknown): void {
    if (!(other instanceof EndpointLabels) || other === this) return;
    for (const s of other.entries) this.addStat(s);
    this.dropped += other.dropped;
    other.forward = this;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Ordered by direction, label, location. */
  summary(): LabelStat[] {
    return [...this.entries].sort((a, b) => (a.direction + a.label + a.location < b.direction + b.label + b.location ? -1 : 1));
  }

  grade(rules?: readonly GradeRule[]): { grade: Grade; why: string } {
    return gradeOf(gradeInputs(this.entries), rules);
  }
}

/** Per (label, direction): clear exchanges and most records, over every location. */
export function gradeInputs(stats: Iterable<LabelStat>): GradeInput[] {
  const by = new Map<string, GradeInput>();
  for (const s of stats) {
    const k = `${s.direction} ${s.label}`;
    let g = by.get(k);
    if (!g) by.set(k, (g = { label: s.label, direction: s.direction, clear: 0, maxRecords: 0 }));
    g.clear += s.count - s.maskedCount + (s.partial ? 1 : 0);
    g.maxRecords = Math.max(g.maxRecords, s.maxRecords);
  }
  return [...by.values()];
}
