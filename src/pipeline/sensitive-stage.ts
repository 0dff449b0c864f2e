/**
 * Sensitive data as a pipeline stage. Runs after discovery on each Exchange and is handed the
 * endpoint statistics discovery counted it under: the labels found are aggregated ON those
 * statistics (EndpointStats.sensitive), so they follow the endpoint when templates are learned
 * and grow with endpoints, not with traffic. Identifying values in responses also feed the
 * leak-trace index as keyed digests, de-duplicated per (digest, endpoint, client, account, hour)
 * and capped per input (trace-rows.ts). At the end of an input, `toWrite` turns the changed
 * endpoints' aggregates and the input's trace groups and rows into the store's rows (written in
 * the input's commit).
 */
import type { Exchange } from '../core/exchange.js';
import type { Catalog, CatalogChanges } from '../analysis/endpoints/catalog/catalog.js';
import type { EndpointStats } from '../analysis/endpoints/catalog/stats.js';
import { sensitiveSettings, type SensitiveSettings } from '../analysis/sensitive/config.js';
import { EndpointLabels, type LabelStat } from '../analysis/sensitive/endpoint-labels.js';
import { scanExchange, type ExchangeHits, type ScanCounters } from '../analysis/sensitive/exchange-scan.js';
import { accountTag, traceLabelIndex, ValueDigester } from '../analysis/sensitive/trace-digest.js';
import { readSensitivity, type SensitiveWrite, type Store, type TraceGroupWrite } from '../store/index.js';
import type { InputContext, Stage } from './stage.js';
import { takePrescanned, type PrescanSettings } from './prescan.js';
import { GenerationalMap } from '../core/bounded-map.js';
import { DigestPool, MIN_WORKER_VALUES } from './digest-pool.js';
import { TraceRows } from './trace-rows.js';

/** accounts whose trace tag is kept (`SensitiveStage.tagOf`) */
const MAX_TAGS = 16_384;

export interface SensitiveResult {
  /** exchanges with at least one hit */
  exchangesWithData: number;
  hits: number;
  traceRows: number;
  /** trace rows not kept: the per-input cap was reached */
  traceDropped: number;
  counters: ScanCounters;
}

/** A group of this input's trace rows: one (endpoint, client, account, hour). */
interface TraceGroup {
  agg: EndpointLabels;
  clientIp: string;
  /** as stored (trace-digest.ts accountTag: masked, with a short keyed digest), null when not known */
  account: string | null;
  bucket: string;
}

export class SensitiveStage implements Stage<SensitiveResult> {
  readonly name = 'sensitive';
  readonly settings: SensitiveSettings;
  private readonly digester: ValueDigester | undefined;
  /** this input's trace groups by (endpoint, client, hour, account) → number, from 0 */
  private groupIds = new Map<string, number>();
  /** account → its stored tag (`tagOf`) */
  private readonly tags = new GenerationalMap<string, string>(MAX_TAGS);
  private groups: TraceGroup[] = [];
  /** this input's rows: each clear value (memory only) once per group, with its count and label */
  private readonly rows: TraceRows | undefined;
  /** digests rows in a worker while this thread digests others at the commit (digest-pool.ts) */
  private readonly pool: DigestPool | undefined;
  private readonly ids = new WeakMap<EndpointLabels, number>();
  private nextId = 1;
  private result: SensitiveResult = fresh();

  /** `secret`: the installation key; without it no trace index is kept. */
  constructor(settings: SensitiveSettings = sensitiveSettings(), secret?: Buffer) {
    this.settings = settings;
    this.digester = secret && settings.trace ? new ValueDigester(secret) : undefined;
    if (this.digester) {
      this.rows = new TraceRows(this.digester, settings.maxTraceRows);
      this.pool = new DigestPool(this.digester);
    }
  }

  /** How decode threads should scan for this stage. */
  prescanSettings(): PrescanSettings {
    const s = this.settings;
    return { disabled: [...s.disabled], allowKeys: [...s.allowKeys], maxBodyBytes: s.maxBodyBytes, withValues: this.digester !== undefined };
  }

  onExchange(ex: Exchange): void {
    this.observe(ex, undefined);
  }

  /**
   * Scan one exchange; aggregate on `stats` (the endpoint discovery counted it under). The
   * response's identifying values wait on the hits for `index`, which the caller runs once the
   * risk stage has said whose request it was.
   */
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
    return hits;
  }

  /**
   * Add the response's identifying values (the clear values `observe` left on the hits, cleared
   * here) to the leak-trace index under (endpoint, client, account, hour). `who`: the client and
   * account the risk stage resolved (identity.ts: the client behind a trusted proxy, the account
   * a token was issued to), when it runs; else the peer address and no account. Accounts are
   * stored as `accountTag` names them: digit runs masked, with a short keyed digest.
   */
  index(ex: Exchange, stats: EndpointStats | undefined, hits: ExchangeHits, who?: { client: string; account?: string }): void {
    const agg = stats?.sensitive as EndpointLabels | undefined;
    if (!this.digester || !agg) {
      for (const h of hits.response) h.values = undefined;
      return;
    }
    let id = this.ids.get(agg);
    if (id === undefined) this.ids.set(agg, (id = this.nextId++));
    let group = -1;
    for (const h of hits.response) {
      const values = h.values;
      if (!values) continue;
      h.values = undefined; // clear values go no further than this (cleared, not deleted: prescan.ts `take` says why)
      const label = traceLabelIndex(h.label);
      if (label < 0) continue;
      if (group < 0) {
        const bucket = ex.ts.slice(0, 13);
        const ip = who?.client || ex.client.ip;
        const account = who?.account;
        const where = account === undefined ? `${id}\u0000${ip}\u0000${bucket}` : `${id}\u0000${ip}\u0000${bucket}\u0000${account}`;
        let g = this.groupIds.get(where);
        if (g === undefined) {
          g = this.groups.length;
          const tag = account === undefined ? null : this.tagOf(account);
          this.groupIds.set(where, g);
          this.groups.push({ agg, clientIp: ip, account: tag, bucket });
        }
        group = g;
      }
      this.rows!.addAll(group, label, values);
    }
  }

  /**
   * An account as the trace index stores it (accountTag), once per account: its groups are one
   * per endpoint and hour (14,286 groups of 4,445 accounts on the bench capture, where the tags
   * took 146 ms made per group, 2026-12-05). Bounded: the least recently used half forgotten when full.
   */
  private tagOf(account: string): string {
    let t = this.tags.get(account);
    if (t === undefined) this.tags.set(account, (t = accountTag(this.digester!, account)));
    return t;
  }

  endInput(_input?: InputContext): SensitiveResult {
    const r = this.result;
    if (this.rows) {
      const t = this.rows.endInput();
      // the rows' digests are computed in a worker as well as here at the commit (toWrite): start it now
      if (t.rows >= MIN_WORKER_VALUES) this.pool?.warm();
      r.traceRows = t.rows;
      r.traceDropped += t.dropped;
    }
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
    // groups whose endpoint was folded into a template count under the template's (agg.live())
    const traceGroups: TraceGroupWrite[] = this.groups.map((g) => ({ index: index.get(g.agg.live()) ?? -1, clientIp: g.clientIp, account: g.account, bucket: g.bucket }));
    this.groupIds = new Map();
    this.groups = [];
    return { endpoints, traceGroups, trace: this.rows?.drain(this.pool) ?? noRuns() };
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

/** An empty stream of runs (no trace index kept). */
async function* noRuns(): AsyncGenerator<never> {}
