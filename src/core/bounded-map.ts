/**
 * A map of at most `max` entries that forgets its least recently used half at once: entries are
 * set in a young generation; when it holds half the cap, the old generation is dropped (its
 * entries counted in `forgotten`) and the young one becomes old. A hit in the old generation
 * moves the entry back to the young one, so entries in use stay.
 *
 * Why not one Map that deletes its first key when full (what this replaces): V8's ordered hash
 * table leaves deleted entries as holes at the front until it rehashes, and `keys().next()` walks
 * over them, so evicting one entry per insert costs time that grows with the cap: 1.7 µs a new
 * key at 4,096 entries, 47 µs at 100,000 (the geo cache), 38 µs at 200,000 (identity's sessions,
 * once a day's logins fill them), against 0.3–0.4 µs here (`bench/bounded-map.mjs`, 2026-12-05).
 * Here a rotation drops a whole Map, and nothing is iterated.
 *
 *   const seen = new GenerationalMap<string, string>(200_000);
 *   seen.set(digest, account);
 *   seen.get(digest);   // the account, while it is among the 100,000–200,000 most recently used
 */
export class GenerationalMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly half: number;
  /** entries dropped with an old generation so far */
  forgotten = 0;

  constructor(readonly max: number) {
    if (!(Number.isInteger(max) && max >= 2)) throw new RangeError(`max must be an integer of at least 2, got ${max}`);
    this.half = max >> 1;
  }

  /** Entries held (at most `max`). */
  get size(): number {
    return this.young.size + this.old.size;
  }

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    // a miss costs two lookups; an undefined kept as a value answers the same and is not moved
    const w = this.old.get(key);
    if (w === undefined) return undefined;
    this.old.delete(key);
    this.insert(key, w);
    return w;
  }

  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  set(key: K, value: V): this {
    if (this.young.has(key)) this.young.set(key, value);
    else {
      this.old.delete(key);
      this.insert(key, value);
    }
    return this;
  }

  delete(key: K): boolean {
    return this.young.delete(key) || this.old.delete(key);
  }

  clear(): void {
    this.young = new Map();
    this.old = new Map();
  }

  private insert(key: K, value: V): void {
    if (this.young.size >= this.half) {
      this.forgotten += this.old.size;
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
