/**
 * Per-key event counts over a sliding window of event time: a ring of `buckets` sub-buckets of
 * `windowMs / buckets` each, so adding is O(1) and a key costs a fixed `buckets` numbers whatever
 * its rate. The window at time t is the `buckets` sub-buckets ending with t's: an event is counted
 * from its timestamp until the end of its sub-bucket plus `windowMs - step`, i.e. for between
 * `windowMs - step` and `windowMs` ms (finer buckets, tighter edge). Events older than the ring
 * (out of order by more than the window) are dropped and counted in `late`.
 *
 * @example
 *   // failed logins per client IP over 5 minutes, in 10 s steps
 *   const fails = new SlidingCounter({ windowMs: 300_000, buckets: 30, maxKeys: 100_000 });
 *   fails.add(ex.clientIp, ex.ts);
 *   if (fails.count(ex.clientIp, ex.ts) >= params.attempts) …
 */
import { KeyedStore, type EvictReason } from './keyed-store.js';

export interface SlidingCounterOptions {
  windowMs: number;
  /** sub-buckets per window; windowMs must divide evenly (default 12) */
  buckets?: number;
  maxKeys: number;
  /** idle eviction; default windowMs (an idle key has nothing left to count) */
  ttlMs?: number;
  onEvict?: (key: string, reason: EvictReason) => void;
}

/**
 * One key's counts over a sliding window: `counts[i % B]` holds absolute sub-bucket i (of
 * `stepMs`) for i in (head - B, head]. What SlidingCounter keeps per key; a detector that counts
 * several windows for the same key keeps several rings on one keyed entry (one lookup, not one
 * per window).
 */
export class WindowRing {
  head: number;
  total = 0;
  readonly counts: number[];
  constructor(
    readonly stepMs: number,
    buckets: number,
    tsMs: number,
  ) {
    this.counts = new Array<number>(buckets).fill(0);
    this.head = Math.floor(tsMs / stepMs);
  }

  /** Adds `n` at `tsMs`; false (nothing counted) when `tsMs` is older than the ring. */
  add(tsMs: number, n = 1): boolean {
    const i = Math.floor(tsMs / this.stepMs);
    const B = this.counts.length;
    if (i > this.head) {
      if (i - this.head >= B) {
        this.counts.fill(0);
        this.total = 0;
      } else {
        for (let j = this.head + 1; j <= i; j++) {
          this.total -= this.counts[j % B]!;
          this.counts[j % B] = 0;
        }
      }
      this.head = i;
    } else if (i <= this.head - B) return false;
    this.counts[i % B]! += n;
    this.total += n;
    return true;
  }

  /** The count in the window ending at `tsMs`. */
  count(tsMs: number): number {
    const i = Math.floor(tsMs / this.stepMs);
    const B = this.counts.length;
    if (i >= this.head) {
      if (i - this.head >= B) return 0;
      let c = this.total;
      // sub-buckets that have left the window since head: (head - B, i - B]
      for (let j = this.head - B + 1; j <= i - B; j++) c -= this.counts[((j % B) + B) % B]!;
      return c;
    }
    // a query in the past of this key: its window (i - B, i] cut to the part the ring still holds
    let c = 0;
    for (let j = this.head - B + 1; j <= i; j++) c += this.counts[((j % B) + B) % B]!;
    return c;
  }
}

export class SlidingCounter {
  readonly windowMs: number;
  readonly buckets: number;
  readonly stepMs: number;
  /** events dropped because they were older than the window of their key */
  late = 0;
  private readonly store: KeyedStore<string, WindowRing>;

  constructor(opts: SlidingCounterOptions) {
    const b = opts.buckets ?? 12;
    if (!(Number.isInteger(b) && b > 0 && b <= 3600)) throw new RangeError(`buckets must be an integer in 1..3600, got ${b}`);
    if (!(opts.windowMs > 0 && opts.windowMs % b === 0)) throw new RangeError(`windowMs (${opts.windowMs}) must be > 0 and a multiple of buckets (${b})`);
    this.windowMs = opts.windowMs;
    this.buckets = b;
    this.stepMs = opts.windowMs / b;
    const onEvict = opts.onEvict;
    this.store = new KeyedStore<string, WindowRing>({
      maxKeys: opts.maxKeys,
      ttlMs: opts.ttlMs ?? opts.windowMs,
      onEvict: onEvict && ((k, _v, r) => onEvict(k, r)),
    });
  }

  /** a key's ring, made at its first event (one function for all keys, not a closure per add) */
  private readonly fresh = (_k: string, tsMs: number): WindowRing => new WindowRing(this.stepMs, this.buckets, tsMs);

  /** Adds `n` events for `key` at event time `tsMs`; false when dropped as late. */
  add(key: string, tsMs: number, n = 1): boolean {
    const r = this.store.upsert(key, tsMs, this.fresh);
    if (r.add(tsMs, n)) return true;
    this.late++;
    return false;
  }

  /** Events for `key` in the window ending at `tsMs` (0 for unknown or evicted keys). Does not touch the key. */
  count(key: string, tsMs: number): number {
    return this.store.peek(key)?.count(tsMs) ?? 0;
  }

  get size(): number {
    return this.store.size;
  }
  get evicted(): number {
    return this.store.evicted;
  }
  get evictedByCap(): number {
    return this.store.evictedByCap;
  }
  get evictedByTtl(): number {
    return this.store.evictedByTtl;
  }
  /** drops idle keys up to `tsMs` without adding (e.g. on a periodic tick of event time) */
  advance(tsMs: number): number {
    return this.store.advance(tsMs);
  }
  keys(): IterableIterator<string> {
    return mapKeys(this.store.entries());
  }
}

function* mapKeys<K>(it: IterableIterator<[K, unknown, number]>): IterableIterator<K> {
  for (const [k] of it) yield k;
}
