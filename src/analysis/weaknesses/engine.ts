/**
 * Runs the enabled weakness detectors: each exchange (with what discovery and the sensitive scan
 * concluded about it) goes to every detector with an `onExchange`; after each input every
 * endpoint of the catalog goes to those with an `onFinish`. Reports become findings on the
 * endpoint's statistics (findings.ts) with up to `maxEvidence` masked exchanges each. A detector
 * that throws on some hostile exchange is counted and skipped for that exchange; the pipeline
 * goes on.
 */
import type { Evidence } from '../../core/detector.js';
import type { Exchange } from '../../core/exchange.js';
import type { Catalog, Conclusion } from '../endpoints/catalog/catalog.js';
import { paramsOf } from '../endpoints/catalog/catalog.js';
import type { EndpointStats } from '../endpoints/catalog/stats.js';
import type { EndpointLabels } from '../sensitive/endpoint-labels.js';
import type { DataHit } from '../sensitive/types.js';
import { endpointFunctions, Facts } from './facts.js';
import { EndpointFindings } from './findings.js';
import type { DetectorContext, DetectorInstance, EndpointView, ExchangeFacts, Report, WeaknessDetector } from './types.js';

export interface EngineSettings {
  /** ids or slugs of detectors not run */
  disabled?: ReadonlySet<string>;
  /** validated params per slug (defaults for the rest) */
  params?: Readonly<Record<string, unknown>>;
  /** masked evidence exchanges kept per finding (default 3) */
  maxEvidence?: number;
  /** evidence exchanges kept per input over all findings (default 5,000): bounds memory */
  maxEvidenceTotal?: number;
  context?: DetectorContext;
}

/** Masks an exchange for storage as evidence (the pipeline passes the samples' masking). */
export type EvidenceMasker = (ex: Exchange) => unknown;

interface Running {
  detector: WeaknessDetector;
  instance: DetectorInstance;
}

export class WeaknessEngine {
  readonly running: readonly Running[];
  private readonly perExchange: Running[];
  private readonly atFinish: Running[];
  private readonly maxEvidence: number;
  private readonly maxEvidenceTotal: number;
  private evidenceKept = 0;
  /** detector slug → exceptions caught this input */
  errors = new Map<string, number>();
  /** reports this input */
  reports = 0;
  private current: Running | undefined;
  private collected: string[] | undefined;
  private readonly reporter = (r: Report): void => this.report(r);

  constructor(
    detectors: readonly WeaknessDetector[],
    settings: EngineSettings = {},
    private readonly mask: EvidenceMasker = () => undefined,
  ) {
    const disabled = settings.disabled ?? new Set<string>();
    const ctx = settings.context ?? { specs: [] };
    this.running = detectors
      .filter((d) => !disabled.has(d.descriptor.id) && !disabled.has(d.descriptor.slug))
      .map((d) => ({ detector: d, instance: d.create(d.descriptor.params.parse(settings.params?.[d.descriptor.slug] ?? {}), ctx) }));
    this.perExchange = this.running.filter((r) => r.instance.onExchange);
    this.atFinish = this.running.filter((r) => r.instance.onFinish);
    this.maxEvidence = settings.maxEvidence ?? 3;
    this.maxEvidenceTotal = settings.maxEvidenceTotal ?? 5000;
  }

  /**
   * One exchange, with the endpoint discovery counted it under and the sensitive scan's hits.
   * With `collect`, returns the rule ids reported for it (for `inspect`).
   */
  observe(ex: Exchange, c: Conclusion | undefined, hits: { request: readonly DataHit[]; response: readonly DataHit[] } | undefined, collect = false): string[] | undefined {
    if (!c || this.perExchange.length === 0) return collect ? [] : undefined;
    return this.observeFacts(new Facts(ex, c, hits), collect);
  }

  /** The same, with facts already built (shared with the risk detectors: bodies parsed once for both). */
  observeFacts(facts: Facts, collect = false): string[] | undefined {
    if (this.perExchange.length === 0) return collect ? [] : undefined;
    this.collected = collect ? [] : undefined;
    for (const r of this.perExchange) {
      this.current = r;
      try {
        r.instance.onExchange!(facts, this.reporter);
      } catch {
        this.errors.set(r.detector.descriptor.slug, (this.errors.get(r.detector.descriptor.slug) ?? 0) + 1);
      }
    }
    this.current = undefined;
    const out = this.collected;
    this.collected = undefined;
    return out;
  }

  /** End of input: the end-of-input detectors over every endpoint of the catalog. */
  finish(catalog: Catalog): void {
    if (this.atFinish.length === 0) return;
    const views = endpointViews(catalog);
    for (const r of this.atFinish) {
      this.current = r;
      try {
        r.instance.onFinish!(views, this.reporter);
      } catch {
        this.errors.set(r.detector.descriptor.slug, (this.errors.get(r.detector.descriptor.slug) ?? 0) + 1);
      }
    }
    this.current = undefined;
  }

  /** Start the next input: evidence budget and counters reset. */
  reset(): void {
    this.evidenceKept = 0;
    this.reports = 0;
    this.errors = new Map();
  }

  private report(r: Report): void {
    const d = this.current?.detector.descriptor;
    if (!d) return;
    this.reports++;
    this.collected?.push(d.id);
    const isExchange = 'ex' in r.at;
    const stats = isExchange ? (r.at as ExchangeFacts).endpoint : (r.at as EndpointView).stats;
    const ts = isExchange ? (r.at as ExchangeFacts).ex.ts : stats.lastSeen;
    let agg = stats.weaknesses as EndpointFindings | undefined;
    // a detector may report on an endpoint that was folded into a template since: follow it
    if (!agg) stats.weaknesses = agg = new EndpointFindings();
    else agg = agg.live();
    const e = agg.entry(d.id, r.location ?? '', ts);
    if (!e) return;
    e.count++;
    if (ts < e.firstSeen) e.firstSeen = ts;
    if (ts >= e.lastSeen || !e.detail) {
      e.lastSeen = ts > e.lastSeen ? ts : e.lastSeen;
      e.detail = r.detail;
      e.data = r.data ?? {};
    }
    if (isExchange && e.evidence.length < this.maxEvidence && this.evidenceKept < this.maxEvidenceTotal) {
      const ex = (r.at as ExchangeFacts).ex;
      const ev: Evidence = { exchangeId: ex.id, ts: ex.ts, clientIp: ex.client.ip, detail: r.detail };
      const masked = this.mask(ex);
      if (masked !== undefined) ev.exchange = masked;
      e.evidence.push(ev);
      this.evidenceKept++;
    }
  }
}

/** Every endpoint of the catalog as end-of-input detectors see it. */
export function endpointViews(catalog: Catalog): EndpointView[] {
  const out: EndpointView[] = [];
  for (const app of catalog.apps.values()) {
    for (const [node, template] of app.trie.entries()) {
      const pathParams = paramsOf(node, template);
      for (const stats of node.endpoints!.values()) {
        const labels = (stats.sensitive as EndpointLabels | undefined)?.summary() ?? [];
        out.push({
          app: app.name,
          method: stats.method,
          ...(stats.operation ? { operation: stats.operation.name } : {}),
          pathTemplate: template,
          pathParams,
          stats,
          labels,
          functions: () => endpointFunctions(stats, template),
        });
      }
    }
  }
  return out;
}

/** Endpoints whose findings this input are not empty, each with its deltas; the deltas are cleared. */
export function drainFindings(catalog: Catalog): { stats: EndpointStats; findings: EndpointFindings }[] {
  const out: { stats: EndpointStats; findings: EndpointFindings }[] = [];
  for (const app of catalog.apps.values()) {
    for (const [node] of app.trie.entries()) {
      for (const stats of node.endpoints!.values()) {
        const f = stats.weaknesses as EndpointFindings | undefined;
        if (!f || f.size === 0) continue;
        const copy = new EndpointFindings();
        for (const [k, v] of f.entries) copy.entries.set(k, v);
        f.entries.clear();
        out.push({ stats, findings: copy });
      }
    }
  }
  return out;
}
