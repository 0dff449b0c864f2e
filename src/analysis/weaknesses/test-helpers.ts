/**
 * Table-test helpers for weakness detectors: build exchanges with only what a case is about, and
 * run one detector (only that one) through the real catalog and sensitive scan.
 *
 *   const found = findings(plaintextCredentials, [login({ username: 'a', password: 'hunter2' })]);
 */
import type { Exchange, Header } from '../../core/exchange.js';
import { analyzeWeaknesses, type FoundWeakness } from './run.js';
import type { WeaknessDetector } from './types.js';

export interface Side {
  headers?: Header[];
  /** an object is sent as JSON (content-type set) */
  body?: string | object;
}

export interface ExchangeSpec {
  method?: string;
  url?: string;
  host?: string;
  client?: string;
  /** event time; default: 2024-05-01T08:00:00Z plus `seq` seconds */
  ts?: string;
  request?: Side;
  /** status and response; `response: null` for an exchange without one */
  status?: number;
  response?: Side | null;
  id?: string;
}

let seq = 0;

function message(side: Side | undefined): { headers: Header[]; body?: string; bodyEncoding?: 'utf8' } {
  const headers: Header[] = [...(side?.headers ?? [])];
  if (side?.body === undefined) return { headers };
  const json = typeof side.body !== 'string';
  if (json && !headers.some(([n]) => n === 'content-type')) headers.push(['content-type', 'application/json']);
  return { headers, body: json ? JSON.stringify(side.body) : (side.body as string), bodyEncoding: 'utf8' };
}

/** One exchange; unspecified parts are plain defaults (GET / on bank.example, 200, no bodies). */
export function ex(s: ExchangeSpec = {}): Exchange {
  const n = seq++;
  const req = message(s.request);
  if (!req.headers.some(([h]) => h === 'host')) req.headers.unshift(['host', s.host ?? 'bank.example']);
  const out: Exchange = {
    v: 1,
    id: s.id ?? `t${n}`,
    ts: s.ts ?? new Date(Date.UTC(2024, 4, 1, 8) + n * 1000).toISOString(),
    client: { ip: s.client ?? '203.0.113.7', port: 40000 + (n % 20000) },
    server: { ip: '10.0.0.5', port: 443 },
    request: { method: s.method ?? 'GET', url: s.url ?? '/', httpVersion: '1.1', ...req },
    source: 'test:weaknesses',
  };
  if (s.response !== null) out.response = { status: s.status ?? 200, httpVersion: '1.1', ...message(s.response ?? undefined) };
  return out;
}

/** Findings of one detector (only that one runs) over the exchanges. */
export function findings(detector: WeaknessDetector, exchanges: Iterable<Exchange>, params?: Record<string, unknown>): FoundWeakness[] {
  return analyzeWeaknesses(exchanges, { detectors: [detector], params: params ? { [detector.descriptor.slug]: params } : {} });
}

/** `METHOD template location` of each finding, sorted: what most table tests compare. */
export function where(found: readonly FoundWeakness[]): string[] {
  return found.map((f) => `${f.method} ${f.pathTemplate}${f.location ? ` ${f.location}` : ''}`).sort();
}
