/**
 * One baseline per key (per endpoint, per client, per account) with a cap on keys and idle
 * eviction in event time, on the window's KeyedStore; the whole collection saves to JSON and
 * loads back, so a restart keeps what was learnt.
 *
 * @example
 *   const perApi = new KeyedBaselines({ maxKeys: 20_000, ttlMs: 30 * DAY,
 *     create: () => new EwmaBaseline(), revive: EwmaBaseline.fromJSON });
 *   perApi.get(endpointId, ex.ts).record(ex.ts);
 *   await store.put('baselines:abnormal-volume', perApi.toJSON());
 */
import { KeyedStore, type EvictReason } from '../window/keyed-store.js';

export interface KeyedBaselinesOptions<B> {
  maxKeys: number;
  /** idle eviction (event time); a baseline not fed for this long is dropped */
  ttlMs: number;
  create: (key: string) => B;
  /** rebuilds one baseline from its JSON; may throw (the entry is then skipped) */
  revive: (json: unknown) => B;
  onEvict?: (key: string, baseline: B, reason: EvictReason) => void;
}

export interface KeyedBaselinesJson {
  kind: 'keyed-baselines';
  v: 1;
  /** least recently touched first: [key, lastTouchMs, baseline] */
  entries: [string, number, unknown][];
}

export class KeyedBaselines<B extends { toJSON(): unknown }> {
  private readonly store: KeyedStore<string, B>;
  private readonly create: (key: string) => B;
  private readonly revive: (json: unknown) => B;

  constructor(opts: KeyedBaselinesOptions<B>) {
    this.store = new KeyedStore<string, B>({ maxKeys: opts.maxKeys, ttlMs: opts.ttlMs, onEvict: opts.onEvict });
    this.create = opts.create;
    this.revive = opts.revive;
  }

  /** The key's baseline, created if absent; touches the key at `tsMs`. */
  get(key: string, tsMs: number): B {
    return this.store.upsert(key, tsMs, this.create);
  }

  /** The key's baseline if it has one, without touching it. */
  peek(key: string): B | undefined {
    return this.store.peek(key);
  }

  get size(): number {
    return this.store.size;
  }
  get evicted(): number {
    return this.store.evicted;
  }
  advance(tsMs: number): number {
    return this.store.advance(tsMs);
  }
  *entries(): IterableIterator<[string, B]> {
    for (const [k, b] of this.store.entries()) yield [k, b];
  }

  toJSON(): KeyedBaselinesJson {
    const entries: [string, number, unknown][] = [];
    for (const [k, b, last] of this.store.entries()) entries.push([k, last, b.toJSON()]);
    return { kind: 'keyed-baselines', v: 1, entries };
  }

  /** Loads saved entries into this collection (caps and TTL apply); bad entries are skipped and counted. */
  load(data: unknown): { loaded: number; skipped: number } {
    let loaded = 0;
    let skipped = 0;
    const d = data as Partial<KeyedBaselinesJson> | null;
    if (!d || d.kind !== 'keyed-baselines' || d.v !== 1 || !Array.isArray(d.entries)) return { loaded, skipped: 1 };
    for (const e of d.entries) {
      if (!Array.isArray(e) || typeof e[0] !== 'string' || typeof e[1] !== 'number') {
        skipped++;
        continue;
      }
      try {
        this.store.set(e[0], e[1], this.revive(e[2]));
        loaded++;
      } catch {
        skipped++;
      }
    }
    return { loaded, skipped };
  }
}
