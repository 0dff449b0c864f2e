/**
 * Per-key state with a hard cap on the number of keys and idle (TTL) eviction, all in event time
 * (DESIGN §1): the caller passes the exchange's timestamp, the store never reads the wall clock.
 *
 * Keys sit in a Map for lookup and in a doubly linked list in least-recently-touched order (a
 * touch moves the key to the tail), so both evictions take the list's head: each key is evicted at
 * most once per insertion, O(1) amortised. (Re-inserting into the Map to keep its order would be
 * shorter, but V8 leaves deleted entries as holes at the front of the table until it rehashes, and
 * every "take the first entry" then walks over them: quadratic under a flood of new keys.) The store's "now" is the watermark, the largest timestamp seen; a key expires
 * when `lastTouch + ttlMs <= watermark`. Out-of-order timestamps never move a key's last touch
 * backwards. A key that was touched late with an old timestamp may sit behind fresher keys; it is
 * still expired when read, and swept once it reaches the front.
 *
 * @example
 *   const perIp = new KeyedStore<string, { n: number }>({ maxKeys: 100_000, ttlMs: 600_000 });
 *   perIp.upsert(ex.clientIp, ex.ts, () => ({ n: 0 })).n++;
 */

export type EvictReason = 'cap' | 'ttl';

export interface KeyedStoreOptions<K, V> {
  /** most keys held; inserting one more evicts the least recently touched */
  maxKeys: number;
  /** idle time after which a key is dropped (event time); Infinity keeps keys until the cap */
  ttlMs: number;
  /** told of every eviction (not of `delete`), e.g. to flush a baseline before it goes */
  onEvict?: (key: K, value: V, reason: EvictReason) => void;
}

class Slot<K, V> {
  prev: Slot<K, V> | undefined = undefined;
  next: Slot<K, V> | undefined = undefined;
  constructor(
    readonly key: K,
    public value: V,
    public last: number,
  ) {}
}

export class KeyedStore<K, V> {
  readonly maxKeys: number;
  readonly ttlMs: number;
  private readonly onEvict: ((key: K, value: V, reason: EvictReason) => void) | undefined;
  private readonly map = new Map<K, Slot<K, V>>();
  /** least recently touched */
  private head: Slot<K, V> | undefined;
  /** most recently touched */
  private tail: Slot<K, V> | undefined;
  private wm = -Infinity;
  /** keys dropped because the store was full */
  evictedByCap = 0;
  /** keys dropped because they were idle for ttlMs */
  evictedByTtl = 0;

  constructor(opts: KeyedStoreOptions<K, V>) {
    if (!(Number.isInteger(opts.maxKeys) && opts.maxKeys > 0)) throw new RangeError(`maxKeys must be a positive integer, got ${opts.maxKeys}`);
    if (!(opts.ttlMs > 0)) throw new RangeError(`ttlMs must be > 0, got ${opts.ttlMs}`);
    this.maxKeys = opts.maxKeys;
    this.ttlMs = opts.ttlMs;
    this.onEvict = opts.onEvict;
  }

  get size(): number {
    return this.map.size;
  }

  /** all evictions so far (cap and TTL) */
  get evicted(): number {
    return this.evictedByCap + this.evictedByTtl;
  }

  /** the largest event time seen (ms), -Infinity before the first */
  get watermark(): number {
    return this.wm;
  }

  /** Moves the watermark to `tsMs` (if later) and drops keys idle since `tsMs - ttlMs`; returns how many went. */
  advance(tsMs: number): number {
    if (!(tsMs > this.wm)) return 0;
    this.wm = tsMs;
    let n = 0;
    while (this.head && this.expired(this.head)) {
      this.drop(this.head, 'ttl');
      n++;
    }
    return n;
  }

  /** The value, touching the key at `tsMs`; undefined when absent or expired. */
  get(key: K, tsMs: number): V | undefined {
    this.advance(tsMs);
    const s = this.live(key);
    if (!s) return undefined;
    this.touch(s, tsMs);
    return s.value;
  }

  /** The value without touching the key (reads for reports, not for traffic); undefined when absent or expired. */
  peek(key: K): V | undefined {
    const s = this.map.get(key);
    return s && !this.expired(s) ? s.value : undefined;
  }

  has(key: K): boolean {
    return this.peek(key) !== undefined;
  }

  /**
   * The value for `key`, created by `create(key, tsMs)` if absent or expired; touches the key at
   * `tsMs`. `create` gets the key and time so that callers can pass one function made once, not a
   * closure made per call (the hot paths of the risk detectors call this on every exchange).
   */
  upsert(key: K, tsMs: number, create: (key: K, tsMs: number) => V): V {
    this.advance(tsMs);
    const s = this.live(key);
    if (s) {
      this.touch(s, tsMs);
      return s.value;
    }
    const value = create(key, tsMs);
    this.insert(key, value, tsMs);
    return value;
  }

  /** Sets the value and touches the key at `tsMs` (also how a persisted store is reloaded, oldest first). */
  set(key: K, tsMs: number, value: V): void {
    this.advance(tsMs);
    const s = this.map.get(key);
    if (s) {
      s.value = value;
      this.touch(s, tsMs);
    } else this.insert(key, value, tsMs);
  }

  /** Removes a key without counting an eviction. */
  delete(key: K): boolean {
    const s = this.map.get(key);
    if (!s) return false;
    this.unlink(s);
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.head = this.tail = undefined;
  }

  /** Last touch (event time) of a live key. */
  lastTouch(key: K): number | undefined {
    const s = this.map.get(key);
    return s && !this.expired(s) ? s.last : undefined;
  }

  /** Live entries, least recently touched first: `[key, value, lastTouchMs]`. Do not change the store while iterating. */
  *entries(): IterableIterator<[K, V, number]> {
    for (let s = this.head; s; s = s.next) if (!this.expired(s)) yield [s.key, s.value, s.last];
  }

  private expired(s: Slot<K, V>): boolean {
    return s.last + this.ttlMs <= this.wm;
  }

  private live(key: K): Slot<K, V> | undefined {
    const s = this.map.get(key);
    if (s && this.expired(s)) {
      this.drop(s, 'ttl');
      return undefined;
    }
    return s;
  }

  private touch(s: Slot<K, V>, tsMs: number): void {
    if (tsMs > s.last) s.last = tsMs;
    if (s === this.tail) return;
    this.unlink(s);
    this.append(s);
  }

  private insert(key: K, value: V, tsMs: number): void {
    while (this.head && this.map.size >= this.maxKeys) this.drop(this.head, this.expired(this.head) ? 'ttl' : 'cap');
    const s = new Slot(key, value, tsMs);
    this.map.set(key, s);
    this.append(s);
  }

  private append(s: Slot<K, V>): void {
    s.prev = this.tail;
    s.next = undefined;
    if (this.tail) this.tail.next = s;
    else this.head = s;
    this.tail = s;
  }

  private unlink(s: Slot<K, V>): void {
    if (s.prev) s.prev.next = s.next;
    else this.head = s.next;
    if (s.next) s.next.prev = s.prev;
    else this.tail = s.prev;
    s.prev = s.next = undefined;
  }

  private drop(s: Slot<K, V>, reason: EvictReason): void {
    this.unlink(s);
    this.map.delete(s.key);
    if (reason === 'cap') this.evictedByCap++;
    else this.evictedByTtl++;
    this.onEvict?.(s.key, s.value, reason);
  }
}
