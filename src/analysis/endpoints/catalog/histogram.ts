/**
 * Latency percentiles from a sparse log-bucket histogram: bucket i holds values in
 * (0.01 ms × 1.05^(i-1), 0.01 ms × 1.05^i], so any percentile is within 5 % of the true value,
 * memory is at most a few hundred numbers whatever the traffic, and two histograms merge by
 * adding counts (endpoints merge when templates are learned).
 */
const BASE = 0.01;
const LOG_GROWTH = Math.log(1.05);

export class LogHistogram {
  readonly bins = new Map<number, number>();
  count = 0;
  max = 0;

  add(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) return;
    const i = ms <= BASE ? 0 : Math.ceil(Math.log(ms / BASE) / LOG_GROWTH);
    this.bins.set(i, (this.bins.get(i) ?? 0) + 1);
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  merge(o: LogHistogram): void {
    for (const [i, n] of o.bins) this.bins.set(i, (this.bins.get(i) ?? 0) + n);
    this.count += o.count;
    if (o.max > this.max) this.max = o.max;
  }

  /** q in [0, 1]; the upper edge of the bucket holding the q-th value (capped at the max seen) */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    const keys = [...this.bins.keys()].sort((a, b) => a - b);
    let seen = 0;
    for (const i of keys) {
      seen += this.bins.get(i)!;
      if (seen >= rank) return Math.min(this.max, i === 0 ? BASE : BASE * Math.exp(i * LOG_GROWTH));
    }
    return this.max;
  }

  toJSON(): { b: [number, number][]; max: number } {
    return { b: [...this.bins], max: this.max };
  }

  static from(j: { b?: [number, number][]; max?: number } | undefined): LogHistogram {
    const h = new LogHistogram();
    if (!j?.b) return h;
    for (const [i, n] of j.b) {
      h.bins.set(i, n);
      h.count += n;
    }
    h.max = j.max ?? 0;
    return h;
  }
}
