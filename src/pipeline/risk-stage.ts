/**
 * Risk monitoring as a pipeline stage: each exchange with discovery's endpoint and the sensitive
 * scan's hits goes through identity and the risk detectors (their state is keyed, bounded and
 * lives in this process); at the end of each input the events and incidents changed are handed
 * to the store (upserted by stable ids, so events that go on across inputs are one row).
 */
import type { GeoLocator } from '../analysis/geo/locator.js';
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

  private lastTs = '';

  constructor(config: RiskConfig, geo?: GeoLocator) {
    const identity = new IdentityResolver(config.identity);
    this.engine = new RiskEngine(
      RISK_DETECTORS,
      identity,
      {
        disabled: new Set(config.disable),
        params: riskParamsBySlug(config),
        gapMs: config.gapMinutes * 60_000,
        maxEvidence: config.evidencePerEvent,
        suppress: { allowIps: config.allow.ips, rules: config.suppress },
        geo,
      },
      (ex) => maskExchange(ex),
    );
  }

  onExchange(): void {
    // needs discovery's conclusion: the analyze loop calls observe()
  }

  /** One exchange's facts, built once by the analyze loop (RiskFactsImpl extends the weakness facts). */
  observe(f: RiskFactsImpl): void {
    this.engine.observeFacts(f);
    if (f.ex.ts > this.lastTs) this.lastTs = f.ex.ts;
  }

  /** What the detectors learnt in earlier runs (from the store); returns the slugs restored. */
  restore(states: Readonly<Record<string, unknown>>): string[] {
    return this.engine.loadState(states);
  }

  /** Events and incidents changed since the last drain, without the learnt state (a live capture's periodic write). */
  drainLive(): RiskWrite {
    return this.engine.drain();
  }

  /** Counters for the input's summary: emissions dropped by suppression rules, detector errors. */
  counters(): Record<string, number> {
    const c: Record<string, number> = {};
    for (const [slug, n] of this.engine.suppressor.dropped) c[`risks.suppressed.${slug}`] = n;
    for (const [slug, n] of this.engine.errors) c[`risks.detector_error.${slug}`] = n;
    // per input: counted afresh for the next one
    this.engine.suppressor.dropped.clear();
    this.engine.errors.clear();
    return c;
  }

  /** Events and incidents changed by this input, and the learnt state to keep. */
  endInput(_input?: InputContext): RiskWrite {
    const w: RiskWrite = this.engine.drain();
    w.state = this.engine.saveState();
    if (this.lastTs) w.stateAt = this.lastTs;
    return w;
  }
}
