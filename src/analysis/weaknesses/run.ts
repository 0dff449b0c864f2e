/**
 * Weakness analysis of a list of exchanges in memory, through the real stages (the endpoint
 * catalog, the sensitive-data scan, the detectors), with no store: what each detector's table
 * tests and the end-to-end case harness run. `analyze` runs the same pieces in its pipeline.
 *
 *   const found = analyzeWeaknesses([ex1, ex2], { detectors: [plaintextCredentials] });
 *   found[0]  // { ruleId: 'GL-W-0003', slug: 'plaintext-credentials', pathTemplate: '/login', location: 'body.password', … }
 */
import type { Exchange } from '../../core/exchange.js';
import { Catalog } from '../endpoints/catalog/catalog.js';
import type { DiscoveryConfig } from '../endpoints/config.js';
import { PATH_PII_CHECKS } from '../endpoints/templating/pii.js';
import { scanExchange } from '../sensitive/exchange-scan.js';
import { EndpointLabels } from '../sensitive/endpoint-labels.js';
import { drainFindings, WeaknessEngine, type EngineSettings } from './engine.js';
import type { FindingDelta } from './findings.js';
import { WEAKNESS_DETECTORS } from './registry.js';
import type { WeaknessDetector } from './types.js';

export interface FoundWeakness extends FindingDelta {
  slug: string;
  app: string;
  method: string;
  pathTemplate: string;
  operation?: string;
}

export interface AnalyzeWeaknessOptions extends EngineSettings {
  /** default: every registered detector */
  detectors?: readonly WeaknessDetector[];
  discovery?: DiscoveryConfig;
  /** run the sensitive-data scan (default true) */
  sensitive?: boolean;
}

export function analyzeWeaknesses(exchanges: Iterable<Exchange>, o: AnalyzeWeaknessOptions = {}): FoundWeakness[] {
  const detectors = o.detectors ?? WEAKNESS_DETECTORS;
  const catalog = new Catalog({ config: o.discovery, pii: PATH_PII_CHECKS });
  const engine = new WeaknessEngine(detectors, o);
  for (const ex of exchanges) {
    const c = catalog.observe(ex);
    const hits = o.sensitive === false ? undefined : scanExchange(ex, { refTime: Date.parse(ex.ts) });
    if (c && hits) {
      let agg = c.stats.sensitive as EndpointLabels | undefined;
      if (!agg) c.stats.sensitive = agg = new EndpointLabels();
      agg.add('request', hits.request);
      agg.add('response', hits.response);
    }
    engine.observe(ex, c, hits);
  }
  const changes = catalog.finish();
  engine.finish(catalog);
  const templates = new Map(changes.endpoints.map((e) => [e.stats, e]));
  const slugs = new Map(detectors.map((d) => [d.descriptor.id, d.descriptor.slug]));
  const out: FoundWeakness[] = [];
  for (const { stats, findings } of drainFindings(catalog)) {
    const e = templates.get(stats);
    for (const f of findings.entries.values()) {
      out.push({ ...f, slug: slugs.get(f.ruleId) ?? f.ruleId, app: e?.app ?? '', method: stats.method, pathTemplate: e?.pathTemplate ?? '', ...(stats.operation ? { operation: stats.operation.name } : {}) });
    }
  }
  return out.sort((a, b) => (a.ruleId + a.pathTemplate + a.method + a.location < b.ruleId + b.pathTemplate + b.method + b.location ? -1 : 1));
}
