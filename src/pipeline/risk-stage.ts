/**
 * Risk monitoring as a pipeline stage: each exchange with discovery's endpoint and the sensitive
 * scan's hits goes through identity and the risk detectors (their state is keyed, bounded and
 * lives in this process); at the end of each input the events and incidents changed are handed
 * to the store (upserted by stable ids, so events that go on across inputs are one row).
 */
import { IdentityResolver } from '../analysis/identity/identity.js';
import { riskParamsBySlug, type RiskConfig } from '../analysis/risks/config.js';
import { RiskEngine, type RiskFactsImpl } from '../analysis/risks/engine.js';
import { RISK_DETECTORS } from '../analysis/risks/registry.js';
import type { RiskWrite } from '../store/index.js';
import { maskExchange } from './sample-mask.js';
import type { InputContext, Stage } from './stage.js';

export class RiskStage implements Stage<RiskWrite> {
  readonly name = 'risks';
  readonly engine: RiskEngine;

  constructor(config: RiskConfig) {
    const identity = new IdentityResolver(config.identity);
    this.engine = new RiskEngine(
      RISK_DETECTORS,
      identity,
      { disabled: new Set(config.disable), params: riskParamsBySlug(config), gapMs: config.gapMinutes * 60_000, maxEvidence: config.evidencePerEvent },
      (ex) => maskExchange(ex),
    );
  }

  onExchange(): void {
    // needs discovery's conclusion: the analyze loop calls observe()
  }

  /** One exchange's facts, built once by the analyze loop (RiskFactsImpl extends the weakness facts). */
  observe(f: RiskFactsImpl): void {
    this.engine.observeFacts(f);
  }

  endInput(_input?: InputContext): RiskWrite {
    return this.engine.drain();
  }
}
