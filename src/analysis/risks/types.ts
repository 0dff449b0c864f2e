/**
 * What a risk detector is and what it is given (DESIGN §4.3). Like a weakness detector it is a
 * folder `risks/<slug>/{descriptor.ts, detect.ts, detect.test.ts}` with a declarative descriptor
 * (kind 'risk', id `GL-R-nnnn`) and one line in `risks/registry.ts`. It sees each exchange with
 * the facts the weakness detectors see plus who is behind it (identity) and, on demand, the
 * web-attack hits and the login verdict; it keeps its own keyed, bounded state on event time
 * (window/, baselines/) and emits events that name subject, window, value, baseline, threshold.
 */
import type { z } from 'zod';
import type { DetectorDescriptor } from '../../core/detector.js';
import type { RiskDimension, RiskSubject } from '../../core/risk.js';
import type { GeoInfo } from '../geo/types.js';
import type { Identity } from '../identity/identity.js';
import type { LoginOutcome } from '../identity/login.js';
import type { ExchangeFacts } from '../weaknesses/types.js';
import type { AttackHit } from './attacks/index.js';

export interface RiskFacts extends ExchangeFacts {
  /** event time, ms since the epoch */
  readonly tsMs: number;
  readonly identity: Identity;
  /** web-attack hits of the request (computed once, on first ask) */
  attacks(): readonly AttackHit[];
  /** the verdict when the endpoint is a login, else undefined */
  login(): LoginOutcome | undefined;
  /** where the client address is (country, ASN, internal), from configured networks and the offline database */
  geo(): GeoInfo;
  /** countries counted as domestic (geo `home`, default CN) */
  readonly homeCountries: ReadonlySet<string>;
}

export interface RiskEmit {
  /** the exchange that shows it (kept as masked evidence) */
  at: RiskFacts;
  subject: RiskSubject;
  /** what was measured in the window, and what is normal and what would have been allowed */
  value: number;
  baseline: number | null;
  threshold: number;
  /** window start (ms); the end is the exchange's time */
  windowStartMs: number;
  /** one line, masked */
  detail: string;
}

export type RiskEmitter = (e: RiskEmit) => void;

/** A static asset fetched (script, style, image, font): no endpoint, but telling of browsers vs. bots. */
export interface StaticFetch {
  readonly tsMs: number;
  readonly app: string;
  readonly path: string;
  readonly identity: Identity;
}

export interface RiskInstance {
  onExchange(f: RiskFacts, emit: RiskEmitter): void;
  /** static assets (no endpoint, no facts): only for detectors that care (crawler) */
  onStatic?(s: StaticFetch): void;
  /**
   * Learnt state worth keeping across restarts (baselines, profiles; not short windows), as
   * plain JSON. The store keeps it per detector slug; `load` gets it back at the next start.
   * Use the versioned `toJSON`/`fromJSON` of baselines/ and reject what you do not recognise.
   */
  save?(): unknown;
  /** Restore what `save` returned (possibly from an older run); ignore what does not parse. */
  load?(state: unknown): void;
}

export interface RiskDetector<S extends z.ZodType = z.ZodType> {
  readonly descriptor: DetectorDescriptor<S>;
  readonly dimension: RiskDimension;
  create(params: z.infer<S>): RiskInstance;
}

export function defineRisk<S extends z.ZodType>(d: RiskDetector<S>): RiskDetector<S> {
  return d;
}
