/**
 * The risk detectors in a decode thread (RiskStage.detectBeside): the decode thread keeps each
 * batch of Exchanges it posted until the main thread answers with the batch's records (identity,
 * endpoint, hits: analysis/risks/record.ts), then runs the detectors on them; at the end of the
 * input it hands back the events, incidents, learnt state and counters. The detectors give the
 * same results on records as on the main thread's facts (record.test.ts), and the main thread
 * answers batches in the order they were posted, so the detectors see the exchanges in the same
 * order as they would there.
 */
import { geoLocatorFrom, type GeoConfig } from '../analysis/geo/config.js';
import { setProfileSecret } from '../analysis/risks/account-profile/digest.js';
import type { RiskConfig } from '../analysis/risks/config.js';
import { IdentityResolver } from '../analysis/identity/identity.js';
import { RecordReader, type RecordBatch } from '../analysis/risks/record.js';
import type { Exchange } from '../core/exchange.js';
import type { Incident, RiskEvent } from '../core/risk.js';
import { RiskStage } from './risk-stage.js';

/** What a decode thread needs to run the detectors (structured clone). */
export interface RiskHostSetup {
  config: RiskConfig;
  geo: GeoConfig;
  /** learnt state restored from the store, by detector slug */
  state: Record<string, unknown>;
  /** the installation key (account digests in saved profiles) */
  secret?: Uint8Array;
  /** the key of identity's digests: the device digests are made here, with the main thread's key */
  identityKey: Uint8Array;
}

export interface RemoteRiskResult {
  events: RiskEvent[];
  incidents: Incident[];
  state: Record<string, unknown>;
  counters: Record<string, number>;
}

export class RiskHost {
  private readonly stage: RiskStage;
  private readonly records: RecordReader;

  constructor(setup: RiskHostSetup) {
    // The device digests are made here, not on the main thread (the bottleneck, where they took
    // ~0.4 s of 100,000 exchanges, 2026-12-05): only the detectors read them.
    const devices = new IdentityResolver({ key: Buffer.from(setup.identityKey) });
    this.records = new RecordReader((ex) => devices.deviceDigest(ex));
    setProfileSecret(setup.secret ? Buffer.from(setup.secret) : undefined);
    // the main thread warned about the geo database already
    this.stage = new RiskStage(setup.config, geoLocatorFrom(setup.geo, { warn: () => {} }));
    this.stage.restore(setup.state);
  }

  /** The detectors over one posted batch, given its records. */
  detect(batch: readonly Exchange[], records: RecordBatch): void {
    const engine = this.stage.engine;
    this.records.read(
      batch,
      records,
      (f) => engine.detect(f),
      (s) => engine.detectStatic(s),
    );
  }

  /** The input's events, incidents, learnt state and counters. */
  finish(): RemoteRiskResult {
    const w = this.stage.endInput();
    return { events: w.events, incidents: w.incidents, state: w.state ?? {}, counters: this.stage.counters() };
  }
}
