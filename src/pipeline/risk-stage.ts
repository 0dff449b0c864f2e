/**
 * Risk monitoring as a pipeline stage: each exchange with discovery's endpoint and the sensitive
 * scan's hits goes through identity and the risk detectors (their state is keyed, bounded and
 * lives in this process); at the end of each input the events and incidents changed are handed
 * to the store (upserted by stable ids, so events that go on across inputs are one row).
 *
 * Beside decoding (`beside`): identity stays here (the trace index needs its answer in order)
 * but for the device digest, and the detectors run in the decode thread on a record of each
 * exchange's facts (analysis/risks/record.ts, risk-host.ts), where the device digest is made.
 * On two cores the decode thread idles most of a run while this thread is the bottleneck; the
 * README's Performance section has the figures.
 */
import type { GeoConfig } from '../analysis/geo/config.js';
import type { GeoLocator } from '../analysis/geo/locator.js';
import type { RequestDigests } from '../analysis/identity/identity.js';
import { IdentityResolver } from '../analysis/identity/identity.js';
import { riskParamsBySlug, type RiskConfig } from '../analysis/risks/config.js';
import { RiskEngine, type RiskFactsImpl } from '../analysis/risks/engine.js';
import { RecordWriter, type RecordBatch } from '../analysis/risks/record.js';
import { RISK_DETECTORS } from '../analysis/risks/registry.js';
import type { Exchange } from '../core/exchange.js';
import type { RiskWrite } from '../store/index.js';
import type { RemoteRiskResult, RiskHostSetup } from './risk-host.js';
import { maskExchange } from './sample-mask.js';
import type { InputContext, Stage } from './stage.js';

export class RiskStage implements Stage<RiskWrite> {
  readonly name = 'risks';
  readonly engine: RiskEngine;

  private lastTs = '';
  /** detectors beside decoding for the current input: the writer of each batch's records */
  private beside: { writer: RecordWriter; result?: RemoteRiskResult } | undefined;
  /** the learnt state restored at start (for detectors that run elsewhere) */
  private restored: Readonly<Record<string, unknown>> = {};

  /**
   * `elsewhere`: what a decode thread needs besides the config to run the detectors (geo
   * settings, the installation key of the account digests); without it they always run here.
   */
  constructor(
    private readonly config: RiskConfig,
    geo?: GeoLocator,
    private readonly elsewhere?: { geo: GeoConfig; secret?: Buffer },
  ) {
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

  /**
   * The detectors of the next input run beside its decoding (risk-host.ts), set up as returned
   * (undefined: they cannot, and run here): this stage resolves identity and hands each batch's
   * records over (`takeRecords`); `acceptRemote` gets the detectors' events, incidents and state
   * at the input's end. Only for a run's only input: the detectors' windows and open events stay
   * in that decode thread.
   */
  detectBeside(): RiskHostSetup | undefined {
    const e = this.elsewhere;
    if (!e) return undefined;
    this.beside = { writer: new RecordWriter() };
    return { config: this.config, geo: e.geo, state: { ...this.restored }, identityKey: new Uint8Array(this.engine.identityKey), ...(e.secret ? { secret: new Uint8Array(e.secret) } : {}) };
  }

  /** One exchange's facts, built once by the analyze loop (RiskFactsImpl extends the weakness facts); `at`: its place in the batch. */
  observe(f: RiskFactsImpl, at = 0): void {
    if (this.beside) {
      // the device digest is made beside decoding, where the detectors read it (risk-host.ts)
      this.engine.identify(f, false);
      this.beside.writer.add(at, f);
    } else this.engine.observeFacts(f);
    if (f.ex.ts > this.lastTs) this.lastTs = f.ex.ts;
  }

  /** A static asset fetched (no endpoint), for the detectors that watch them. */
  observeStatic(ex: Exchange, app: string, digests: RequestDigests | undefined, at = 0): void {
    if (this.beside) this.beside.writer.addStatic(at, this.engine.identifyStatic(ex, app, digests, false));
    else this.engine.observeStatic(ex, app, digests);
  }

  /** This batch's records for the detectors beside decoding (none when they run here). */
  takeRecords(): RecordBatch | undefined {
    return this.beside?.writer.take();
  }

  /** What the detectors beside decoding found in this input. */
  acceptRemote(r: RemoteRiskResult): void {
    if (this.beside) this.beside.result = r;
  }

  /** What the detectors learnt in earlier runs (from the store); returns the slugs restored. */
  restore(states: Readonly<Record<string, unknown>>): string[] {
    this.restored = states;
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
    const remote = this.beside?.result?.counters;
    if (remote) for (const [k, n] of Object.entries(remote)) c[k] = (c[k] ?? 0) + n;
    return c;
  }

  /** Events and incidents changed by this input, and the learnt state to keep. */
  endInput(_input?: InputContext): RiskWrite {
    const r = this.beside?.result;
    if (this.beside && !r) throw new Error('risk detectors beside decoding: no result at the end of the input');
    const w: RiskWrite = r ? { events: r.events, incidents: r.incidents } : this.engine.drain();
    w.state = r ? r.state : this.engine.saveState();
    if (this.lastTs) w.stateAt = this.lastTs;
    return w;
  }
}
