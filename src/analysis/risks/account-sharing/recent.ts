/**
 * The few distinct values (device, address, network digests) one key showed recently, each with
 * when it was last seen: exact counts over a window for the handful of values one account has,
 * at a fixed cost. When full, the value seen longest ago makes room.
 *
 *   const r = new RecentValues();
 *   r.add(dev, ts, 16);               // true when the value is new to it
 *   r.count(ts - 30 * 60_000);        // distinct values seen since then
 */
export class RecentValues {
  private readonly vals: number[] = [];
  private readonly seen: number[] = [];

  get size(): number {
    return this.vals.length;
  }

  add(v: number, tsMs: number, cap: number): boolean {
    const i = this.vals.indexOf(v);
    if (i >= 0) {
      if (tsMs > this.seen[i]!) this.seen[i] = tsMs;
      return false;
    }
    if (this.vals.length < cap) {
      this.vals.push(v);
      this.seen.push(tsMs);
      return true;
    }
    let oldest = 0;
    for (let k = 1; k < this.seen.length; k++) if (this.seen[k]! < this.seen[oldest]!) oldest = k;
    this.vals[oldest] = v;
    this.seen[oldest] = tsMs;
    return true;
  }

  /** distinct values last seen at or after `sinceMs` */
  count(sinceMs: number): number {
    let n = 0;
    for (const t of this.seen) if (t >= sinceMs) n++;
    return n;
  }
}
