/**
 * A small least-recently-used map bounded both by entry count and by the total length of its
 * string keys, so caching by query text cannot grow past a known size whatever clients send.
 * A Map keeps insertion order, so the first key is always the least recently used one.
 *
 *   const cache = new BoundedLru<Summary>({ maxEntries: 256, maxKeyChars: 2_000_000 });
 *   cache.get(text) ?? cache.set(text, summarize(text));
 */
export interface LruLimits {
  maxEntries: number;
  /** Sum of key lengths kept; a single key longer than this is not cached. */
  maxKeyChars: number;
}

export class BoundedLru<V> {
  private readonly map = new Map<string, V>();
  private keyChars = 0;

  constructor(private readonly limits: LruLimits) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    // Move to the most recent end; cheap for a Map and keeps eviction order right.
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: string, value: V): V {
    if (key.length > this.limits.maxKeyChars) return value;
    if (this.map.delete(key)) this.keyChars -= key.length;
    this.map.set(key, value);
    this.keyChars += key.length;
    while (this.map.size > this.limits.maxEntries || this.keyChars > this.limits.maxKeyChars) {
      const oldest = this.map.keys().next().value as string;
      this.map.delete(oldest);
      this.keyChars -= oldest.length;
    }
    return value;
  }

  clear(): void {
    this.map.clear();
    this.keyChars = 0;
  }
}
