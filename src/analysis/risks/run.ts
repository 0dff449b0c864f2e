/**
 * Risk analysis of exchanges in memory, through the real stages (catalog, sensitive scan,
 * identity, risk detectors), no store: what table tests and the simulator acceptance run.
 * `analyze` runs the same pieces in its pipeline.
 *
 *   const { events, incidents } = analyzeRisks(exchanges);
 */
import type { Exchange } from '../../core/exchange.js';
import type { Incident, RiskEvent } from '../../core/risk.js';
import { Catalog } from '../endpoints/catalog/catalog.js';
import { PATH_PII_CHECKS } from '../endpoints/templating/pii.js';
import { IdentityResolver, type IdentityOptions } from '../identity/identity.js';
import { scanExchange } from '../sensitive/exchange-scan.js';
import { RiskEngine, type RiskEngineSettings } from './engine.js';
import { RISK_DETECTORS } from './registry.js';
import type { RiskDetector } from './types.js';

export interface AnalyzeRiskOptions extends RiskEngineSettings {
  detectors?: readonly RiskDetector[];
  identity?: IdentityOptions;
  /** run the sensitive-data scan (default false: most risk detectors do not need it) */
  sensitive?: boolean;
}

export function analyzeRisks(exchanges: Iterable<Exchange>, o: AnalyzeRiskOptions = {}): { events: RiskEvent[]; incidents: Incident[] } {
  const catalog = new Catalog({ pii: PATH_PII_CHECKS });
  const engine = new RiskEngine(o.detectors ?? RISK_DETECTORS, new IdentityResolver(o.identity), o);
  for (const ex of exchanges) {
    const c = catalog.observe(ex);
    engine.observe(ex, c, c && o.sensitive ? scanExchange(ex, { refTime: Date.parse(ex.ts) }) : undefined, catalog.lastStatic);
  }
  return engine.drain();
}
