/**
 * Weakness detection as a pipeline stage. Runs after discovery and the sensitive scan on each
 * Exchange, with the endpoint discovery counted it under and the data labels found: findings
 * aggregate on the endpoint's statistics (so they follow learned templates). At the end of an
 * input the end-of-input detectors look across the catalog, and `toWrite` turns the findings and
 * the endpoints' traffic into the store's rows; the store owns the lifecycle (reopen, verify).
 */
import type { Catalog, CatalogChanges } from '../analysis/endpoints/catalog/catalog.js';
import type { EndpointStats } from '../analysis/endpoints/catalog/stats.js';
import { readSpecFile } from '../analysis/endpoints/openapi/import.js';
import type { SpecResult } from '../analysis/endpoints/openapi/types.js';
import { paramsBySlug, type WeaknessConfig } from '../analysis/weaknesses/config.js';
import { drainFindings, WeaknessEngine } from '../analysis/weaknesses/engine.js';
import type { Facts } from '../analysis/weaknesses/facts.js';
import { WEAKNESS_DETECTORS } from '../analysis/weaknesses/registry.js';
import type { FindingWrite, WeaknessWrite } from '../store/index.js';
import { maskExchange } from './sample-mask.js';
import type { InputContext, Stage } from './stage.js';

export interface WeaknessResult {
  /** reports this input (occurrences, before aggregation) */
  reports: number;
  /** detector slug → exceptions caught (the exchange was skipped for that detector) */
  errors: Record<string, number>;
}

/** Documented specs named in the config or on the command line; a bad file stops with one line. */
export function readSpecs(files: readonly string[]): SpecResult[] {
  return files.map(readSpecFile);
}

const byId = new Map(WEAKNESS_DETECTORS.map((d) => [d.descriptor.id, d.descriptor]));

export class WeaknessStage implements Stage<WeaknessResult> {
  readonly name = 'weaknesses';
  readonly engine: WeaknessEngine;

  constructor(
    private readonly config: WeaknessConfig,
    specs: readonly SpecResult[] = [],
  ) {
    this.engine = new WeaknessEngine(
      WEAKNESS_DETECTORS,
      { disabled: new Set(config.disable), params: paramsBySlug(config), maxEvidence: config.evidencePerFinding, context: { specs } },
      (ex) => maskExchange(ex),
    );
  }

  onExchange(): void {
    // needs discovery's conclusion: the analyze loop calls observe()
  }

  /** One exchange's facts (built once by the analyze loop, shared with the risk stage). */
  observe(f: Facts): void {
    this.engine.observeFacts(f);
  }

  /** After discovery's endInput (templates learned): the end-of-input detectors. */
  finish(catalog: Catalog): void {
    this.engine.finish(catalog);
  }

  endInput(_input?: InputContext): WeaknessResult {
    const r = { reports: this.engine.reports, errors: Object.fromEntries(this.engine.errors) };
    this.engine.reset();
    return r;
  }

  /** The store rows of this input: findings by endpoint, and each changed endpoint's calls (for verifying fixes). */
  toWrite(changes: CatalogChanges, catalog: Catalog, input: string): WeaknessWrite {
    const index = new Map<EndpointStats, number>();
    changes.endpoints.forEach((e, i) => index.set(e.stats, i));
    const findings: FindingWrite[] = [];
    for (const { stats, findings: f } of drainFindings(catalog)) {
      const i = index.get(stats);
      if (i === undefined && stats.dbId === undefined) continue;
      for (const d of f.entries.values()) {
        const desc = byId.get(d.ruleId);
        findings.push({
          index: i ?? -1,
          ...(i === undefined ? { endpointId: stats.dbId } : {}),
          ruleId: d.ruleId,
          slug: desc?.slug ?? d.ruleId,
          severity: desc?.severity ?? 'medium',
          location: d.location,
          firstSeen: d.firstSeen,
          lastSeen: d.lastSeen,
          count: d.count,
          detail: d.detail,
          data: d.data,
          evidence: d.evidence,
        });
      }
    }
    const activity = changes.endpoints.map((e, i) => {
      let calls = 0;
      let first = '';
      let last = '';
      for (const [hour, [n]] of e.stats.buckets) {
        calls += n;
        if (first === '' || hour < first) first = hour;
        if (hour > last) last = hour;
      }
      return { index: i, calls, first: first && `${first}:00:00.000Z`, last: last && `${last}:00:00.000Z` };
    });
    return { findings, activity, verify: this.config.verify, maxEvidence: this.config.evidencePerFinding, input };
  }
}
