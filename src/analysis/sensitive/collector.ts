/**
 * Aggregates occurrences into DataHits per (label, location, masked) and applies column context:
 * where a location held many number-shaped values under a neutral key but only a few of them
 * passed as cards or mobiles (a column of random trace numbers, 1 in 10 of which passes Luhn; an
 * amount column where an 11-digit value falls in a mobile range), the few are chance, not data.
 * Real columns of cards or mobiles pass throughout.
 */
import { detach } from '../../core/detach.js';
import type { LabelId } from './labels.js';
import { maskSample } from './mask.js';
import type { DataHit, MaskedForm, ScanOptions } from './types.js';

/** Below this many candidates a location has no column statistics. */
const MIN_COLUMN = 8;
/** Share of a location's number-shaped values that must carry the label, for the weak recognisers. */
const COLUMN_SHARE: Partial<Record<LabelId, number>> = { bank_card: 0.5, cn_mobile: 0.5 };

const SAMPLE_MAX = 64;

/** The hits at one location (few labels each, so a list beats another map). */
interface Slot {
  hits: DataHit[];
  candidates: number;
}

export class HitCollector {
  /** made on the first hit or candidate: most headers, cookies and queries have none */
  private slots: Map<string, Slot> | undefined;
  private readonly withValues: boolean;
  private readonly maxValues: number;
  private readonly prefix: string;

  constructor(opts: ScanOptions = {}) {
    this.withValues = opts.withValues === true;
    this.maxValues = opts.maxValues ?? 1000;
    this.prefix = opts.locationPrefix ?? '';
  }

  private slot(location: string): Slot {
    const slots = (this.slots ??= new Map());
    let s = slots.get(location);
    if (!s) slots.set(location, (s = { hits: [], candidates: 0 }));
    return s;
  }

  private loc(location: string): string {
    if (!this.prefix) return location;
    if (!location) return this.prefix;
    return location[0] === '[' ? this.prefix + location : `${this.prefix}.${location}`;
  }

  add(label: LabelId, location: string, masked: MaskedForm | undefined, value: string): void {
    const slot = this.slot(location);
    const isMasked = masked !== undefined;
    let hit: DataHit | undefined;
    for (const h of slot.hits) if (h.label === label && h.masked === isMasked) hit = h;
    if (!hit) {
      hit = { label, location: this.loc(location), masked: isMasked, count: 0, sample: masked ? detach(value.slice(0, SAMPLE_MAX)) : value ? maskSample(label, value) : '{…}' }; // '{…}': a record (transaction); maskSample's are copies already
      if (masked) {
        hit.maskPattern = masked.pattern;
        if (masked.partial) hit.partial = true;
      }
      if (this.withValues && !masked) hit.values = [];
      slot.hits.push(hit);
    } else if (masked?.partial) hit.partial = true;
    hit.count++;
    if (hit.values && hit.values.length < this.maxValues && value) hit.values.push(value);
  }

  /** A number-shaped value (7–20 digits, or a decimal) under a neutral key at `location`. */
  candidate(location: string): void {
    this.slot(location).candidates++;
  }

  /** The hits, minus clear hits of weak labels in columns where they are the exception. */
  finish(): DataHit[] {
    const out: DataHit[] = [];
    if (!this.slots) return out;
    for (const slot of this.slots.values()) {
      for (const hit of slot.hits) {
        const share = COLUMN_SHARE[hit.label];
        if (share !== undefined && !hit.masked && slot.candidates >= MIN_COLUMN) {
          let all = 0;
          for (const h of slot.hits) if (h.label === hit.label) all += h.count;
          if (all < share * slot.candidates) continue;
        }
        out.push(hit);
      }
    }
    return out;
  }
}
