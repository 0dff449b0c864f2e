/**
 * Sensitive data as a pipeline stage. Runs after discovery on each Exchange and is handed the
 * endpoint statistics discovery counted it under: the labels found are aggregated ON those
 * statistics (EndpointStats.sensitive), so they follow the endpoint when templates are learned
 * and grow with endpoints, not with traffic. Identifying values in responses also feed the
 * leak-trace index as keyed digests, de-duplicated per (digest, endpoint, client, hour) and
 * capped per input. At the end of an input, `toWrite` turns the changed endpoints' aggregates
 * and the input's trace rows into the store's rows (written in the input's commit).
 */
import type { Exchange } from '../core/exchange.js';
import type { Catalog, CatalogChanges } from '../analysis/endpoints/catalog/catalog.js';
import type { EndpointStats } from '../analysis/endpoints/catalog/stats.js';
import { sensitiveSettings, type SensitiveSettings } from '../analysis/sensitive/config.js';
import { EndpointLabels, type LabelStat } from '../analysis/sensitive/endpoint-labels.js';
import { scanExchange, type ExchangeHits, type ScanCounters } from '../analysis/sensitive/exchange-scan.js';
import type { LabelId } from '../analysis/sensitive/labels.js';
import { isTraced, ValueDigester } from '../analysis/sensitive/trace-digest.js';
import { readSensitivity, type SensitiveWrite, type Store, type TraceWrite } from '../store/index.js';
import type { InputContext, Stage } from './stage.js';
import { takePrescanned, type PrescanSettings } from './prescan.js';

export interface SensitiveResult {
  /** exchanges with at least one hit */
  exchangesWithData: number;
  hits: number;
  traceRows: number;
  /** trace rows not kept: the per-input cap was reached */
  traceDropped: number;
  counters: ScanCounters;
}

interface PendingTrace {
  digest: string;
  label: LabelId;
  agg: EndpointLabels;
  clientIp: string;
  bucket: string;
  count: number;
}

export class SensitiveStage implements Stage<SensitiveResult> {
  readonly name = 'sensitive';
  readonly settings: SensitiveSettings;
  private readonly digester: ValueDigester | undefined;
  private readonly trace = new Map<string, PendingTrace>();
  private readonly ids = new WeakMap<EndpointLabels, number>();
  private nextId = 1;
  private result: SensitiveResult = fresh();

  /** `secret`: the installation key; without it no trace index is kept. */
  constructor(settings: SensitiveSettings = sensitiveSettings(), secret?: Buffer) {
    this.settings = settings;
    this.digester = secret && settings.trace ? new ValueDigester(secret) : undefined;
  }

  /** How decode threads should scan for this stage. */
  prescanSettings(): PrescanSettings {
    const s = this.settings;
    return { disabled: [...s.disabled], allowKeys: [...s.allowKeys], maxBodyBytes: s.maxBodyBytes, withValues: this.digester !== undefined };
  }

  onExchange(ex: Exchange): void {
    this.observe(ex, undefined);
  }

  /** Scan one exchange; aggregate on `stats` (the endpoint discovery counted it under). */
  observe(ex: Exchange, stats: EndpointStats | undefined): ExchangeHits {
    const s = this.settings;
    // scanned in the decode thread when the runner could (prescan.ts), else here
    const hits =
      takePrescanned(ex) ??
      scanExchange(ex, { refTime: Date.parse(ex.ts), disabled: s.disabled, allowKeys: s.allowKeys, maxBodyBytes: s.maxBodyBytes, withValues: this.digester !== undefined && stats !== undefined }, this.result.counters);
    const n = hits.request.length + hits.response.length;
    if (n === 0) return hits;
    this.result.exchangesWithData++;
    this.result.hits += n;
    if (!stats) return hits;
    let agg = stats.sensitive as EndpointLabels | undefined;
    if (!agg) stats.sensitive = agg = new EndpointLabels();
    agg.add('request', hits.request);
    agg.add('response', hits.response);
    if (this.digester) this.index(ex, agg, hits);
    return hits;
  }

  private index(ex: Exchange, agg: EndpointLabels, hits: ExchangeHits): void {
    const bucket = ex.ts.slice(0, 13);
    const ip = ex.client.ip;
    let id = this.ids.get(agg);
    if (id === undefined) this.ids.set(agg, (id = this.nextId++));
    const suffix = `\u0000${id}\u0000${ip}\u0000${bucket}`;
    for (const h of hits.response) {
      if (!h.values || !isTraced(h.label)) continue;
      for (const v of h.values) {
        // keyed by value (memory only): a value already counted here costs no HMAC
        const k = v + suffix;
        const t = this.trace.get(k);
        if (t) t.count++;
        else if (this.trace.size < this.settings.maxTraceRows) this.trace.set(k, { digest: this.digester!.digest(v), label: h.label, agg, clientIp: ip, bucket, count: 1 });
        else this.result.traceDropped++;
      }
      delete h.values; // clear values go no further than this
    }
  }

  endInput(_input?: InputContext): SensitiveResult {
    const r = this.result;
    r.traceRows = this.trace.size;
    this.result = fresh();
    return r;
  }

  /**
   * The store rows for the endpoints discovery reports changed (their labels, replaced whole,
   * and grade) and this input's trace rows, by index into `changes.endpoints`. Clears the trace.
   */
  toWrite(changes: CatalogChanges): SensitiveWrite {
    const index = new Map<EndpointLabels, number>();
    const endpoints: SensitiveWrite['endpoints'] = [];
    changes.endpoints.forEach((e, i) => {
      const agg = e.stats.sensitive as EndpointLabels | undefined;
      if (!agg) return;
      index.set(agg, i);
      const g = agg.grade(this.settings.rules);
      endpoints.push({ index: i, grade: g.grade, reason: g.why, labels: agg.summary() });
    });
    const merged = new Map<string, TraceWrite>();
    for (const t of this.trace.values()) {
      const i = index.get(t.agg.live());
      if (i === undefined) continue;
      const k = `${t.digest} ${i} ${t.clientIp} ${t.bucket} ${t.label}`;
      const m = merged.get(k);
      if (m) m.count += t.count;
      else merged.set(k, { digest: t.digest, label: t.label, index: i, clientIp: t.clientIp, account: null, bucket: t.bucket, count: t.count });
    }
    this.trace.clear();
    return { endpoints, trace: [...merged.values()] };
  }
}

function fresh(): SensitiveResult {
  return { exchangesWithData: 0, hits: 0, traceRows: 0, traceDropped: 0, counters: { skipped: 0, truncated: 0, failed: 0 } };
}

/** Put the stored labels back on the restored catalog's endpoints, so the next input adds to them. */
export async function restoreSensitive(store: Store, catalog: Catalog): Promise<void> {
  const stored = await readSensitivity(store.db);
  if (stored.size === 0) return;
  for (const app of catalog.apps.values()) {
    for (const [node] of app.trie.entries()) {
      for (const stats of node.endpoints?.values() ?? []) {
        const s = stats.dbId === undefined ? undefined : stored.get(stats.dbId);
        if (!s || s.labels.length === 0) continue;
        const agg = new EndpointLabels();
        for (const l of s.labels) agg.addStat(l as LabelStat);
        stats.sensitive = agg;
      }
    }
  }
}
