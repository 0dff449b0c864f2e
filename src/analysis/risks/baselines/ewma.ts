/**
 * A self-adjusting baseline of a per-hour rate with weekly seasonality: 168 hour-of-week slots,
 * each an exponentially weighted mean of the rate and of its absolute deviation (σ ≈ 1.25 × mean
 * absolute deviation), plus 24 hour-of-day slots that learn 7× faster and stand in while the
 * weekly slot is still warming up or after a level shift. Event time only (DESIGN §1).
 *
 * Robustness: once a slot is ready, what it learns is clipped to mean ± clip·spread, so one burst
 * (an attack at 3 am) barely moves it. A level shift (a new app release doubling traffic) is told
 * from a burst by persistence: `drift` is an exponentially weighted share (over ~`shiftRun` hours)
 * of observations more than one spread above (+1) or below (−1) the weekly expectation; when it
 * passes 1 − 1/e (about `shiftRun` hours of steady deviation, a few misses tolerated) the level is
 * taken as shifted: observations are learnt unclipped and judged against the faster hour-of-day
 * slots until the drift has fallen below half that (the weekly slots have caught up).
 *
 * Spread floors: `minSpread`, and for counts (`counts: true`, the default) the Poisson noise
 * √mean, so a flat synthetic series or a quiet hour does not give a zero spread.
 *
 * @example
 *   const b = new EwmaBaseline({ tzOffsetMinutes: 480 });
 *   b.record(ex.ts);                                  // one request; hours close by themselves
 *   const j = b.judge(ex.ts, b.current(ex.ts), { k: 4, minAbsolute: 100 });
 *   if (j.anomalous) emit({ value: j.value, baseline: j.mean, threshold: j.threshold });
 */
import { z } from 'zod';
import { ErrorCodes, GuanlanError } from '../../../core/errors.js';
import { judge, type Expectation, type JudgeOptions, type Judgement } from './judge.js';
import { PeriodSum } from './period.js';

export type Seasonality = 'hour-of-week' | 'hour-of-day' | 'none';

export interface EwmaExpectation extends Expectation {
  /** which slots the expectation comes from */
  basis: 'hour-of-week' | 'hour-of-day' | 'flat';
}

export interface EwmaBaselineOptions {
  /** default 'hour-of-week' (168 + 24 slots, ~4.6 KB); 'hour-of-day' (24) or 'none' (1) for many small keys */
  seasonality?: Seasonality;
  /** weight of the newest observation in a slot (default 0.3: a slot mostly remembers its last ~6 observations) */
  alpha?: number;
  /** observations a slot needs before it is judged (default 3: three weeks for hour-of-week slots) */
  minSamplesPerSlot?: number;
  /** observations overall before anything is judged (default 24) */
  minSamples?: number;
  /** local time of the slots (default 0 = UTC; 480 for China) */
  tzOffsetMinutes?: number;
  /** the values are counts: floor the spread at √mean (default true) */
  counts?: boolean;
  /** floor of the spread (default 1) */
  minSpread?: number;
  /** learning clips observations to mean ± clip·spread once a slot is ready (default 4; Infinity: never) */
  clip?: number;
  /** hours of steady deviation from the weekly expectation that mean a level shift (default 24) */
  shiftRun?: number;
  /** judge defaults (default k 4, minAbsolute 0) */
  k?: number;
  minAbsolute?: number;
}

const optionsSchema = z.object({
  seasonality: z.enum(['hour-of-week', 'hour-of-day', 'none']),
  alpha: z.number().gt(0).lte(1),
  minSamplesPerSlot: z.number().int().min(1),
  minSamples: z.number().int().min(0),
  tzOffsetMinutes: z.number().int().min(-24 * 60).max(24 * 60),
  counts: z.boolean(),
  minSpread: z.number().gt(0),
  clip: z.number().gt(0),
  shiftRun: z.number().int().min(1),
  k: z.number().min(0),
  minAbsolute: z.number(),
});
export type EwmaBaselineConfig = z.infer<typeof optionsSchema>;

const DEFAULTS: EwmaBaselineConfig = {
  seasonality: 'hour-of-week',
  alpha: 0.3,
  minSamplesPerSlot: 3,
  minSamples: 24,
  tzOffsetMinutes: 0,
  counts: true,
  minSpread: 1,
  clip: 4,
  shiftRun: 24,
  k: 4,
  minAbsolute: 0,
};

const HOUR = 3_600_000;
/** σ of a normal distribution over its mean absolute deviation, √(π/2) */
const MAD_TO_SIGMA = 1.2533;
/** |drift| that declares a level shift: reached after shiftRun hours of steady deviation */
const SHIFT_ENTER = 1 - 1 / Math.E;
/** Infinity does not survive JSON */
const NO_CLIP = 1e308;

/** The levels of slots, fastest-adapting last: [offset, size] */
function levels(s: Seasonality): [number, number][] {
  if (s === 'hour-of-week') return [[0, 168], [168, 24]];
  if (s === 'hour-of-day') return [[0, 24]];
  return [[0, 1]];
}

const jsonSchema = z.object({
  kind: z.literal('ewma'),
  v: z.literal(1),
  options: optionsSchema,
  n: z.number().int().min(0),
  drift: z.number().min(-1).max(1),
  shifted: z.boolean(),
  count: z.array(z.number().int().min(0)),
  mean: z.array(z.number()),
  dev: z.array(z.number().min(0)),
  period: z.object({ start: z.number(), sum: z.number() }).nullable(),
});
export type EwmaBaselineJson = z.infer<typeof jsonSchema>;

export class EwmaBaseline {
  readonly options: Readonly<EwmaBaselineConfig>;
  /** observations so far */
  private n = 0;
  /** EW share of recent observations above (+) or below (−) the weekly expectation by more than one spread */
  private drift = 0;
  /** a level shift is being learnt */
  private shifted = false;
  private readonly cnt: number[];
  private readonly mean: number[];
  private readonly dev: number[];
  private readonly levels: [number, number][];
  private readonly hours: PeriodSum;

  constructor(opts: EwmaBaselineOptions = {}) {
    const o = { ...DEFAULTS, ...opts };
    if (o.clip === Infinity) o.clip = NO_CLIP;
    const parsed = optionsSchema.safeParse(o);
    if (!parsed.success) throw new GuanlanError(ErrorCodes.CONFIG_INVALID, `EwmaBaseline options: ${parsed.error.message}`);
    this.options = Object.freeze(parsed.data);
    this.levels = levels(this.options.seasonality);
    const slots = this.levels.reduce((a, [, size]) => a + size, 0);
    this.cnt = new Array<number>(slots).fill(0);
    this.mean = new Array<number>(slots).fill(0);
    this.dev = new Array<number>(slots).fill(0);
    this.hours = new PeriodSum(HOUR, this.options.tzOffsetMinutes * 60_000);
  }

  get samples(): number {
    return this.n;
  }

  /** Adds `n` events at `tsMs` to the open hour; each hour that ends is observed (quiet hours as 0). */
  record(tsMs: number, n = 1): void {
    this.hours.add(tsMs, n, (start, sum) => this.observe(start, sum), 168);
  }

  /** Events recorded so far in the hour holding `tsMs`: the value to judge while the hour runs. */
  current(tsMs: number): number {
    return this.hours.current(tsMs);
  }

  /** Learns one per-hour value for the hour holding `tsMs`. */
  observe(tsMs: number, value: number): void {
    if (!Number.isFinite(value)) return;
    const slots = this.slots(tsMs);
    const primary = slots[0]!;
    if (this.slotReady(primary)) {
      const m = this.mean[primary]!;
      const sp = this.spreadOf(primary);
      const side = value > m + sp ? 1 : value < m - sp ? -1 : 0;
      this.drift += (side - this.drift) / this.options.shiftRun;
      const d = Math.abs(this.drift);
      if (d >= SHIFT_ENTER) this.shifted = true;
      else if (d < SHIFT_ENTER / 2) this.shifted = false;
    }
    for (const s of slots) this.learn(s, value, this.shifted);
    this.n++;
  }

  /** What is normal for the hour holding `tsMs`. */
  expected(tsMs: number): EwmaExpectation {
    const slots = this.slots(tsMs);
    // after a level shift, the fastest level that is ready; else the most seasonal one
    const order = this.shifted ? [...slots].reverse() : slots;
    const overall = this.n >= this.options.minSamples;
    for (const s of order) if (overall && this.slotReady(s)) return this.expectation(s, true);
    return this.expectation(slots[0]!, false);
  }

  /** (value − mean) / spread for the hour holding `tsMs`; 0 during warm-up. */
  score(tsMs: number, value: number): number {
    return this.judge(tsMs, value).score;
  }

  judge(tsMs: number, value: number, opts: JudgeOptions = {}): EwmaExpectation & Judgement {
    return judge(this.expected(tsMs), value, opts.k ?? this.options.k, opts.minAbsolute ?? this.options.minAbsolute);
  }

  /** value > max(mean + k·spread, minAbsolute), once warmed up */
  isAnomalous(tsMs: number, value: number, opts: JudgeOptions = {}): boolean {
    return this.judge(tsMs, value, opts).anomalous;
  }

  toJSON(): EwmaBaselineJson {
    const p = this.hours;
    return {
      kind: 'ewma',
      v: 1,
      options: { ...this.options },
      n: this.n,
      drift: this.drift,
      shifted: this.shifted,
      count: [...this.cnt],
      mean: [...this.mean],
      dev: [...this.dev],
      period: Number.isNaN(p.start) ? null : { start: p.start, sum: p.sum },
    };
  }

  /** Rebuilds a baseline saved by `toJSON`; throws GuanlanError (GL_STORE) on anything else. */
  static fromJSON(data: unknown): EwmaBaseline {
    const r = jsonSchema.safeParse(data);
    if (!r.success) throw new GuanlanError(ErrorCodes.STORE, `not an EWMA baseline (v1): ${r.error.message}`);
    const j = r.data;
    const b = new EwmaBaseline(j.options);
    const size = b.cnt.length;
    if (j.count.length !== size || j.mean.length !== size || j.dev.length !== size) {
      throw new GuanlanError(ErrorCodes.STORE, `EWMA baseline: ${size} slots expected for ${j.options.seasonality}`);
    }
    b.n = j.n;
    b.drift = j.drift;
    b.shifted = j.shifted;
    for (let i = 0; i < size; i++) {
      b.cnt[i] = j.count[i]!;
      b.mean[i] = j.mean[i]!;
      b.dev[i] = j.dev[i]!;
    }
    if (j.period) {
      b.hours.start = j.period.start;
      b.hours.sum = j.period.sum;
    }
    return b;
  }

  /** The slot of each level for `tsMs`, most seasonal first. */
  private slots(tsMs: number): number[] {
    const h = Math.floor((tsMs + this.options.tzOffsetMinutes * 60_000) / HOUR);
    const hod = ((h % 24) + 24) % 24;
    // 1970-01-01 was a Thursday: day 0 + 3 puts Monday at 0
    const dow = (((Math.floor(h / 24) + 3) % 7) + 7) % 7;
    return this.levels.map(([off, size]) => off + (size === 168 ? dow * 24 + hod : size === 24 ? hod : 0));
  }

  private slotReady(s: number): boolean {
    return this.cnt[s]! >= this.options.minSamplesPerSlot;
  }

  private spreadOf(s: number): number {
    const m = this.mean[s]!;
    const o = this.options;
    return Math.max(MAD_TO_SIGMA * this.dev[s]!, o.minSpread, o.counts ? Math.sqrt(Math.max(m, 0)) : 0);
  }

  private expectation(s: number, ready: boolean): EwmaExpectation {
    const size = this.levels.find(([off, n]) => s >= off && s < off + n)![1];
    const basis = size === 168 ? 'hour-of-week' : size === 24 ? 'hour-of-day' : 'flat';
    return { mean: this.mean[s]!, spread: this.spreadOf(s), ready, samples: this.cnt[s]!, basis };
  }

  private learn(s: number, value: number, unclipped: boolean): void {
    const n = this.cnt[s]!;
    const m = this.mean[s]!;
    let x = value;
    if (!unclipped && this.slotReady(s)) {
      const lim = this.options.clip * this.spreadOf(s);
      x = Math.min(Math.max(x, m - lim), m + lim);
    }
    if (n === 0) {
      this.mean[s] = x;
      this.dev[s] = 0;
    } else {
      // plain averages while young, exponential weights after
      const a = Math.max(this.options.alpha, 1 / (n + 1));
      const ad = Math.max(this.options.alpha, 1 / n);
      this.dev[s] = this.dev[s]! + ad * (Math.abs(x - m) - this.dev[s]!);
      this.mean[s] = m + a * (x - m);
    }
    this.cnt[s] = n + 1;
  }
}
