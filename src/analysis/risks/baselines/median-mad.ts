/**
 * A robust baseline over the last `size` values (a ring): median and median absolute deviation
 * (σ ≈ 1.4826 × MAD). Suits per-account or per-client measures with one value per period, such
 * as sensitive records fetched per day: up to half the window can be outliers without moving it.
 * `record` sums events into periods (default one day) and observes each period as it ends, quiet
 * periods as 0.
 *
 * @example
 *   const perDay = new MedianMadBaseline({ size: 30, minSamples: 7, counts: true });
 *   perDay.record(ex.ts, recordsInResponse);
 *   const j = perDay.judge(perDay.current(ex.ts), { k: 5, minAbsolute: 1000 });
 */
import { z } from 'zod';
import { ErrorCodes, GuanlanError } from '../../../core/errors.js';
import { judge, type Expectation, type JudgeOptions, type Judgement } from './judge.js';
import { PeriodSum } from './period.js';

export interface MedianMadBaselineOptions {
  /** values kept (default 30) */
  size?: number;
  /** values needed before judging (default 7) */
  minSamples?: number;
  /** floor of the spread (default 1) */
  minSpread?: number;
  /** the values are counts: floor the spread at √median (default false) */
  counts?: boolean;
  /** period of `record` (default one day) */
  periodMs?: number;
  /** local time of period boundaries (default 0 = UTC; 480 for China) */
  tzOffsetMinutes?: number;
  /** judge defaults (default k 4, minAbsolute 0) */
  k?: number;
  minAbsolute?: number;
}

const optionsSchema = z.object({
  size: z.number().int().min(1).max(10_000),
  minSamples: z.number().int().min(1),
  minSpread: z.number().gt(0),
  counts: z.boolean(),
  periodMs: z.number().gt(0),
  tzOffsetMinutes: z.number().int().min(-24 * 60).max(24 * 60),
  k: z.number().min(0),
  minAbsolute: z.number(),
});
export type MedianMadBaselineConfig = z.infer<typeof optionsSchema>;

const DEFAULTS: MedianMadBaselineConfig = {
  size: 30,
  minSamples: 7,
  minSpread: 1,
  counts: false,
  periodMs: 86_400_000,
  tzOffsetMinutes: 0,
  k: 4,
  minAbsolute: 0,
};

const MAD_TO_SIGMA = 1.4826;
/** options objects `MedianMadBaseline.options` checked (frozen, so they stay valid) */
const CHECKED = new WeakSet<object>();

const jsonSchema = z.object({
  kind: z.literal('median-mad'),
  v: z.literal(1),
  options: optionsSchema,
  n: z.number().int().min(0),
  /** oldest first */
  values: z.array(z.number()),
  period: z.object({ start: z.number(), sum: z.number() }).nullable(),
});
export type MedianMadBaselineJson = z.infer<typeof jsonSchema>;

export class MedianMadBaseline {
  readonly options: Readonly<MedianMadBaselineConfig>;
  private n = 0;
  private ring: number[] = [];
  /** where the next value goes once the ring is full */
  private next = 0;
  private cached: Expectation | undefined;
  private readonly periods: PeriodSum;

  /**
   * `opts` checked once, for the many baselines a detector makes from them (one per key): a
   * baseline made from the answer skips the check. Per baseline, the check was ~0.09 s of a CPU
   * profile of `analyze` on the bench capture (sensitive-volume makes one per client and label).
   */
  static options(opts: MedianMadBaselineOptions = {}): Readonly<MedianMadBaselineConfig> {
    const parsed = optionsSchema.safeParse({ ...DEFAULTS, ...opts });
    if (!parsed.success) throw new GuanlanError(ErrorCodes.CONFIG_INVALID, `MedianMadBaseline options: ${parsed.error.message}`);
    if (parsed.data.minSamples > parsed.data.size) {
      throw new GuanlanError(ErrorCodes.CONFIG_INVALID, 'MedianMadBaseline options: minSamples exceeds size');
    }
    const checked = Object.freeze(parsed.data);
    CHECKED.add(checked);
    return checked;
  }

  constructor(opts: MedianMadBaselineOptions = {}) {
    this.options = CHECKED.has(opts) ? (opts as Readonly<MedianMadBaselineConfig>) : MedianMadBaseline.options(opts);
    this.periods = new PeriodSum(this.options.periodMs, this.options.tzOffsetMinutes * 60_000);
  }

  get samples(): number {
    return this.n;
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    if (this.ring.length < this.options.size) this.ring.push(value);
    else {
      this.ring[this.next] = value;
      this.next = (this.next + 1) % this.options.size;
    }
    this.n++;
    this.cached = undefined;
  }

  /** Adds `n` at `tsMs` to the open period; each period that ends is observed (quiet ones as 0). */
  record(tsMs: number, n = 1): void {
    this.periods.add(tsMs, n, (_start, sum) => this.observe(sum), this.options.size);
  }

  /** The running sum of the period holding `tsMs`. */
  current(tsMs: number): number {
    return this.periods.current(tsMs);
  }

  expected(): Expectation {
    if (this.cached) return this.cached;
    const o = this.options;
    const sorted = Float64Array.from(this.ring).sort();
    const med = median(sorted);
    const devs = sorted.map((x) => Math.abs(x - med)).sort();
    const spread = Math.max(MAD_TO_SIGMA * median(devs), o.minSpread, o.counts ? Math.sqrt(Math.max(med, 0)) : 0);
    this.cached = { mean: med, spread, ready: this.ring.length >= o.minSamples, samples: this.ring.length };
    return this.cached;
  }

  score(value: number): number {
    return this.judge(value).score;
  }

  judge(value: number, opts: JudgeOptions = {}): Judgement {
    return judge(this.expected(), value, opts.k ?? this.options.k, opts.minAbsolute ?? this.options.minAbsolute);
  }

  isAnomalous(value: number, opts: JudgeOptions = {}): boolean {
    return this.judge(value, opts).anomalous;
  }

  toJSON(): MedianMadBaselineJson {
    const p = this.periods;
    return {
      kind: 'median-mad',
      v: 1,
      options: { ...this.options },
      n: this.n,
      values: [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)],
      period: Number.isNaN(p.start) ? null : { start: p.start, sum: p.sum },
    };
  }

  /** Rebuilds a baseline saved by `toJSON`; throws GuanlanError (GL_STORE) on anything else. */
  static fromJSON(data: unknown): MedianMadBaseline {
    const r = jsonSchema.safeParse(data);
    if (!r.success) throw new GuanlanError(ErrorCodes.STORE, `not a median/MAD baseline (v1): ${r.error.message}`);
    const j = r.data;
    const b = new MedianMadBaseline(j.options);
    b.ring = j.values.slice(-b.options.size);
    b.n = j.n;
    if (j.period) {
      b.periods.start = j.period.start;
      b.periods.sum = j.period.sum;
    }
    return b;
  }
}

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const h = n >> 1;
  return n % 2 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}
