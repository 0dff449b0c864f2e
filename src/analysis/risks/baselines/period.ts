/**
 * A running sum over fixed periods of event time (hours, days), for baselines that learn one value
 * per period: `add` closes every period that ended before the event's, empty ones included (as
 * zeros, at most `maxGap` of them), so quiet hours are learnt as quiet rather than skipped.
 * Events older than the open period are added to it (counted, not lost).
 */
export class PeriodSum {
  /** start of the open period (ms), NaN before the first event */
  start = NaN;
  sum = 0;

  constructor(
    readonly periodMs: number,
    /** shifts period boundaries: local midnight for days at UTC+8 is offsetMs = 8 h */
    readonly offsetMs = 0,
  ) {
    if (!(periodMs > 0)) throw new RangeError(`periodMs must be > 0, got ${periodMs}`);
  }

  startOf(tsMs: number): number {
    return Math.floor((tsMs + this.offsetMs) / this.periodMs) * this.periodMs - this.offsetMs;
  }

  /** Adds `n` at `tsMs`, first closing the periods that ended: `close(startMs, sum)` oldest first. */
  add(tsMs: number, n: number, close: (startMs: number, sum: number) => void, maxGap: number): void {
    const p = this.startOf(tsMs);
    if (Number.isNaN(this.start)) this.start = p;
    else if (p > this.start) {
      close(this.start, this.sum);
      const empty = Math.min(Math.round((p - this.start) / this.periodMs) - 1, maxGap);
      for (let i = empty; i >= 1; i--) close(p - i * this.periodMs, 0);
      this.start = p;
      this.sum = 0;
    }
    this.sum += n;
  }

  /** The running sum of the period holding `tsMs` (0 if that period has not been opened). */
  current(tsMs: number): number {
    return this.startOf(tsMs) === this.start ? this.sum : 0;
  }
}
