/**
 * Per-account profiles learnt over days (devices and networks of logins, active hours), keyed by
 * `accountKey` digests, capped and idle-evicted on the window's KeyedStore, and saved as one
 * versioned JSON document so a restart keeps what was learnt. Each detector gives the codec of
 * its own profile; an entry its codec does not recognise is skipped and counted, never trusted.
 *
 *   const profiles = new ProfileStore({ maxKeys: 300_000, ttlMs: 90 * DAY, kind: 'login-profiles', v: 1, encode, decode });
 *   profiles.upsert(accountKey(acct, app), f.tsMs, () => emptyProfile()).n++;
 *   state = profiles.toJSON();   // { kind: 'login-profiles', v: 1, entries: [[key, lastTouchMs, encoded], …] }
 *   fresh.load(state);           // → { loaded, skipped }
 */
import { KeyedStore } from '../window/keyed-store.js';

export interface ProfileStoreOptions<P> {
  maxKeys: number;
  ttlMs: number;
  /** names the saved form; a document of another kind or version is not loaded */
  kind: string;
  v: number;
  encode: (p: P) => unknown;
  /** the profile, or undefined when the saved entry is not one */
  decode: (x: unknown) => P | undefined;
}

export interface ProfileStoreJson {
  kind: string;
  v: number;
  /** least recently touched first: [key, lastTouchMs, encoded profile] */
  entries: [number, number, unknown][];
}

export class ProfileStore<P> {
  private readonly store: KeyedStore<number, P>;

  constructor(private readonly o: ProfileStoreOptions<P>) {
    this.store = new KeyedStore<number, P>({ maxKeys: o.maxKeys, ttlMs: o.ttlMs });
  }

  get size(): number {
    return this.store.size;
  }

  get evicted(): number {
    return this.store.evicted;
  }

  /** The key's profile, touched at `tsMs`; undefined when it has none. */
  get(key: number, tsMs: number): P | undefined {
    return this.store.get(key, tsMs);
  }

  upsert(key: number, tsMs: number, create: () => P): P {
    return this.store.upsert(key, tsMs, create);
  }

  peek(key: number): P | undefined {
    return this.store.peek(key);
  }

  toJSON(): ProfileStoreJson {
    const entries: [number, number, unknown][] = [];
    for (const [k, p, last] of this.store.entries()) entries.push([k, last, this.o.encode(p)]);
    return { kind: this.o.kind, v: this.o.v, entries };
  }

  /** Adds saved entries (caps and TTL apply); a document of another kind or version loads nothing. */
  load(data: unknown): { loaded: number; skipped: number } {
    const d = data as Partial<ProfileStoreJson> | null;
    if (!d || typeof d !== 'object' || d.kind !== this.o.kind || d.v !== this.o.v || !Array.isArray(d.entries)) return { loaded: 0, skipped: 1 };
    let loaded = 0;
    let skipped = 0;
    for (const e of d.entries) {
      const p = Array.isArray(e) && Number.isSafeInteger(e[0]) && Number.isFinite(e[1]) ? this.o.decode(e[2]) : undefined;
      if (p === undefined) {
        skipped++;
        continue;
      }
      this.store.set(e[0] as number, e[1] as number, p);
      loaded++;
    }
    return { loaded, skipped };
  }
}

/** An array of small non-negative integers, at most `max` long, or undefined. */
export function smallInts(x: unknown, max: number): number[] | undefined {
  if (!Array.isArray(x) || x.length > max) return undefined;
  for (const n of x) if (!Number.isInteger(n) || (n as number) < 0 || (n as number) >= 2 ** 31) return undefined;
  return x as number[];
}
