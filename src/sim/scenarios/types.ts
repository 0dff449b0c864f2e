/**
 * An attack scenario: a known bad behaviour mixed into benign traffic, labelled with the risk
 * slug (DESIGN §4.3) it should trigger, its subject, window and exchanges. One scenario = one
 * file entry with this descriptor plus one line in the registry (scenarios/index.ts).
 */
import type { Header } from '../../core/exchange.js';
import { Client } from '../client.js';
import type { SimContext, Spawn, Step } from '../model.js';
import type { AppName } from '../net.js';
import type { Rng } from '../rng.js';

export type Dimension = 'account' | 'data' | 'attack';

export interface Subject {
  ip?: string;
  account?: string;
  endpoint?: { app: string; method: string; pathTemplate: string };
  /** extra context: the mobile bombed, the /24 used, … */
  note?: string;
}

export interface ScenarioRun {
  ctx: SimContext;
  /** tag of every exchange of the instance (the labels' id) */
  tag: string;
  r: Rng;
  /** µs */
  start: number;
  /** µs the behaviour should take (nominal, or compressed to fit a short window) */
  span: number;
  /** filled in by the scenario before its first exchange */
  subject: Subject;
  /** the scenario's own attacker address #i (192.0.2.128/26; no two scenarios share one) */
  attacker(i?: number): string;
  /** the scenario's own foreign address #i (198.51.100.0/24) */
  foreign(i?: number): string;
}

export interface Scenario {
  id: string;
  slug: string;
  dimension: Dimension;
  title: string;
  /** one line on the shape, for --help and the labels */
  shape: string;
  /** nominal duration, µs */
  span: number;
  /** must happen at night, Beijing time (01:00–05:00) */
  night?: boolean;
  /** how many attacker addresses it uses (default 1) */
  addresses?: number;
  run(s: ScenarioRun): Generator<Step | Spawn>;
}

export const MIN = 60e6;
export const SEC = 1e6;

/** A tool's client: its own User-Agent and headers, tagged. */
export function toolClient(s: ScenarioRun, ip: string, app: AppName, ua: string, extra: Header[] = [], t0 = s.start): Client {
  const c = new Client(s.ctx, s.r, ip, app, t0, [['user-agent', ua], ['accept-encoding', 'gzip, deflate'], ['accept', '*/*'], ['connection', 'keep-alive'], ...extra]);
  c.tag = s.tag;
  return c;
}

/** Gap between n evenly paced events over the span, µs. */
export const pace = (s: ScenarioRun, n: number): number => s.span / Math.max(1, n);
