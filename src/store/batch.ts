/**
 * What one input contributes to the store, gathered in memory while it streams and written in one
 * transaction by `Store.finishInput`. Holding it until the end is what makes ingestion idempotent:
 * a process killed mid-input leaves nothing counted.
 *
 * Memory is bounded by the number of distinct (host, method, path) keys, plus at most
 * `perKey` samples per key and `total` samples overall.
 */
import { exchangeHost, type Exchange } from '../core/exchange.js';
import type { InventoryWrite } from './inventory.js';
import { canonicalTime, keyString, rawPath, storedKey } from './keys.js';

export interface PathCountRow {
  host: string;
  method: string;
  /** Raw path without query (see rawPath). */
  path: string;
  count: number;
  /** Event times, ISO-8601 UTC. */
  firstSeen: string;
  lastSeen: string;
}

export interface SampleRow {
  /** The Exchange id. */
  id: string;
  ts: string;
  host: string;
  method: string;
  path: string;
  url: string;
  status: number | null;
  /** The masked Exchange as JSON. The store never masks: the caller does, before this point. */
  exchangeJson: string;
}

/** What finishInput writes. Plain arrays are fine; InputBatch builds them. */
export interface InputResults {
  readonly pathCounts: readonly PathCountRow[];
  readonly samples: readonly SampleRow[];
  /** the inventory's changes (apps, endpoints, buckets, events), written in the same commit */
  inventory?: InventoryWrite;
}

export interface SampleLimits {
  /** Samples kept per (host, method, path), over all inputs. */
  perKey: number;
  /** Samples kept overall. */
  total: number;
}

export const DEFAULT_SAMPLE_LIMITS: SampleLimits = { perKey: 5, total: 10_000 };

/**
 * Distinct (host, method, path) keys one input may hold in memory. Beyond it (a scanner's flood of
 * unique paths), further new paths of a host and method are counted under the path `{other}`.
 */
export const MAX_PATHS_PER_INPUT = 50_000;
export const OVERFLOW_PATH = '{other}';

/**
 * @example
 * const batch = store.createBatch();
 * for await (const ex of source) batch.addExchange(ex, (e) => JSON.stringify(mask(e)));
 * await store.finishInput(inputId, summary, batch);
 */
export class InputBatch implements InputResults {
  private readonly paths = new Map<string, PathCountRow>();
  private readonly samplesPerKey = new Map<string, number>();
  private readonly kept: SampleRow[] = [];

  /** requests counted under OVERFLOW_PATH because the key cap was reached */
  overflowed = 0;
  inventory?: InventoryWrite;

  constructor(
    readonly limits: SampleLimits = DEFAULT_SAMPLE_LIMITS,
    private readonly maxPaths = MAX_PATHS_PER_INPUT,
  ) {}

  /**
   * Count the exchange under its host, method and raw path, and keep it as a sample while this
   * input's caps allow. `toJson` (the masking) runs only for a kept sample; `maskText` masks the
   * path and URL the store keeps in clear columns. Returns whether it was kept.
   */
  addExchange(ex: Exchange, toJson: (ex: Exchange) => string, maskText: (s: string) => string = (s) => s): boolean {
    const host = exchangeHost(ex);
    const path = maskText(rawPath(ex.request.url));
    const key = this.count(host, ex.request.method, path, ex.ts);
    if (!this.wantsSample(key)) return false;
    this.keep(key, {
      id: ex.id,
      ts: ex.ts,
      host,
      method: ex.request.method,
      path,
      url: maskText(ex.request.url),
      status: ex.response?.status ?? null,
      exchangeJson: toJson(ex),
    });
    return true;
  }

  /** Count one request; returns the key to pass to wantsSample/keep. */
  count(host: string, method: string, path: string, ts: string): string {
    let k = storedKey(host, method, path);
    let key = keyString(k);
    if (this.paths.size >= this.maxPaths && !this.paths.has(key)) {
      this.overflowed++;
      k = storedKey(host, method, OVERFLOW_PATH);
      key = keyString(k);
    }
    const t = canonicalTime(ts);
    const row = this.paths.get(key);
    if (row === undefined) {
      this.paths.set(key, { host: k.host, method: k.method, path: k.path, count: 1, firstSeen: t, lastSeen: t });
    } else {
      row.count++;
      if (t < row.firstSeen) row.firstSeen = t;
      if (t > row.lastSeen) row.lastSeen = t;
    }
    return key;
  }

  wantsSample(key: string): boolean {
    return this.kept.length < this.limits.total && (this.samplesPerKey.get(key) ?? 0) < this.limits.perKey;
  }

  keep(key: string, sample: SampleRow): void {
    this.samplesPerKey.set(key, (this.samplesPerKey.get(key) ?? 0) + 1);
    this.kept.push(sample);
  }

  get pathCounts(): PathCountRow[] {
    return [...this.paths.values()];
  }

  get samples(): SampleRow[] {
    return this.kept;
  }

  get distinctPaths(): number {
    return this.paths.size;
  }
}
