/**
 * What a weakness detector is and what it is given. A detector is a folder
 * (`weaknesses/<slug>/{descriptor.ts, detect.ts, detect.test.ts}`) whose `detect.ts` exports a
 * WeaknessDetector: its descriptor and a factory that, given the validated params, makes an
 * instance with per-exchange and/or end-of-input hooks. Instances keep their own bounded state;
 * they report through the Reporter, which aggregates findings on the endpoint (so they follow it
 * when templates are learned) and keeps a few masked evidence exchanges.
 */
import type { z } from 'zod';
import type { DetectorDescriptor } from '../../core/detector.js';
import type { AuthKind, FormatInfo, FunctionClass, PathParam } from '../../core/endpoint.js';
import type { Exchange } from '../../core/exchange.js';
import type { EndpointStats } from '../endpoints/catalog/stats.js';
import type { SpecResult } from '../endpoints/openapi/types.js';
import type { LabelStat } from '../sensitive/endpoint-labels.js';
import type { DataHit } from '../sensitive/types.js';

/** Everything a detector may ask about one exchange; the costly parts are computed on first use and shared by all detectors. */
export interface ExchangeFacts {
  readonly ex: Exchange;
  readonly app: string;
  readonly method: string;
  /** the endpoint's statistics: the identity of the endpoint for per-endpoint state */
  readonly endpoint: EndpointStats;
  readonly format: FormatInfo;
  /** response status, -1 without a response */
  readonly status: number;
  /** path of the request target, without the query */
  readonly path: string;
  /** the raw query string, undefined without one */
  readonly query: string | undefined;
  /** data labels the sensitive stage found in the request and the response ([] when it did not run) */
  readonly requestHits: readonly DataHit[];
  readonly responseHits: readonly DataHit[];
  /** the credential kind the request carried (`none` for none) */
  readonly auth: AuthKind;
  /** the endpoint's path template as learned so far */
  template(): string;
  /** the endpoint's function classes as concluded so far (login, verification-send, export…) */
  functions(): ReadonlySet<FunctionClass>;
  /** query parameters, decoded, in order */
  queryParams(): readonly [string, string][];
  /** form (urlencoded) or multipart fields of the request body */
  formParams(): readonly [string, string][];
  /** the request body parsed as JSON (undefined when not JSON or too large) */
  requestJson(): unknown;
  /** the response body parsed as JSON (undefined when not JSON or too large) */
  responseJson(): unknown;
  /** UTF-8 bodies ('' when absent or binary) */
  requestText(): string;
  responseText(): string;
  requestHeader(name: string): string | undefined;
  responseHeader(name: string): string | undefined;
}

/** One endpoint as end-of-input detectors see it (every endpoint of the catalog, not only this input's). */
export interface EndpointView {
  readonly app: string;
  readonly method: string;
  readonly operation?: string;
  readonly pathTemplate: string;
  readonly pathParams: readonly PathParam[];
  readonly stats: EndpointStats;
  /** data labels seen on it (request and response), as the inventory shows them */
  readonly labels: readonly LabelStat[];
  functions(): ReadonlySet<FunctionClass>;
}

export interface Report {
  /** the exchange that shows it (kept as masked evidence), or the endpoint for end-of-input findings */
  at: ExchangeFacts | EndpointView;
  /** `body.password`, `query.pageSize`, `header.authorization`; '' for the endpoint as a whole */
  location?: string;
  /** what shows it, in one line, masked: never a clear personal value or secret */
  detail: string;
  /** measured facts for the finding's `detail` (the last report's are kept) */
  data?: Record<string, unknown>;
}

export type Reporter = (r: Report) => void;

export interface DetectorInstance {
  /** the hot path: cheap tests first, return early */
  onExchange?(f: ExchangeFacts, report: Reporter): void;
  /** after each input, over every endpoint of the catalog */
  onFinish?(endpoints: readonly EndpointView[], report: Reporter): void;
}

export interface DetectorContext {
  /** documented specs, when given (`analyze --spec`, `weaknesses.specs` in guanlan.yaml) */
  readonly specs: readonly SpecResult[];
}

export interface WeaknessDetector<S extends z.ZodType = z.ZodType> {
  readonly descriptor: DetectorDescriptor<S>;
  create(params: z.infer<S>, ctx: DetectorContext): DetectorInstance;
}

/** Helper so each detector's file keeps its params typed. */
export function defineDetector<S extends z.ZodType>(d: WeaknessDetector<S>): WeaknessDetector<S> {
  return d;
}
