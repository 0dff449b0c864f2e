/** Table-test helpers for risk detectors: exchanges at given event times, one detector at a time. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Exchange } from '../../core/exchange.js';
import type { LabelsFile } from '../../sim/labels.js';
import { SIM_GEO_NETWORKS } from '../../sim/net.js';
import { simulate } from '../../sim/simulate.js';
import { GeoLocator } from '../geo/locator.js';
import type { RiskEvent } from '../../core/risk.js';
import { ex, type ExchangeSpec } from '../weaknesses/test-helpers.js';
import { analyzeRisks } from './run.js';
import type { RiskDetector } from './types.js';

export const T0 = Date.UTC(2024, 5, 3, 2, 0, 0);

/** An exchange `sec` seconds after T0 (the injected clock: event time only). */
export function at(sec: number, s: ExchangeSpec): Exchange {
  return ex({ ...s, ts: new Date(T0 + sec * 1000).toISOString() });
}

export function events(detector: RiskDetector, exchanges: Iterable<Exchange>, params?: Record<string, unknown>): RiskEvent[] {
  return analyzeRisks(exchanges, { detectors: [detector], params: params ? { [detector.descriptor.slug]: params } : {} }).events;
}

/** A password login answered like a bank back end: success with a token, or 密码错误. */
export function loginAttempt(sec: number, account: string, ok: boolean, client = '198.51.100.7'): Exchange {
  return at(sec, {
    method: 'POST',
    url: '/api/v1/auth/login',
    client,
    request: { body: { loginName: account, password: 'x-Encrypted==' } },
    response: { body: ok ? { code: '0000', msg: '登录成功', data: { token: `tok-${account}-${sec}` } } : { code: 'E1001', msg: '用户名或密码错误' } },
  });
}

/**
 * One detector over simulated bank traffic (src/sim): `scenarios` injected into `users` benign
 * customers over `hours` from Monday 2024-06-03 00:00 Beijing time, through the real catalog,
 * sensitive scan and identity, with the simulator's address convention as geo networks.
 * Returns the detector's events and the labels the simulator wrote, so a detect.test.ts can
 * check "the scenario is found with its subject" and "benign traffic stays quiet".
 */
export async function simulated(
  detector: RiskDetector | readonly RiskDetector[],
  scenarios: string[],
  o: { users?: number; hours?: number; seed?: number; params?: Record<string, unknown> } = {},
): Promise<{ events: RiskEvent[]; labels: LabelsFile; exchanges: Exchange[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gl-sim-'));
  try {
    const out = path.join(dir, 'sim.jsonl');
    const s = await simulate({ out, scenarios, durationMs: (o.hours ?? 24) * 3600_000, users: o.users ?? 300, seed: o.seed ?? 7, startMs: Date.parse('2024-06-03T00:00:00+08:00') });
    const exchanges = readFileSync(out, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Exchange);
    const labels = JSON.parse(readFileSync(s.labels, 'utf8')) as LabelsFile;
    const detectors = Array.isArray(detector) ? (detector as readonly RiskDetector[]) : [detector as RiskDetector];
    const { events } = analyzeRisks(exchanges, { detectors, sensitive: true, geo: new GeoLocator({ networks: SIM_GEO_NETWORKS }), params: o.params ?? {} });
    return { events, labels, exchanges };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The labelled scenarios of `slug` that no event of that slug covers (same ip/account when the label names one, an evidence exchange of the scenario). */
export function missed(events: readonly RiskEvent[], labels: LabelsFile, slug: string): string[] {
  const out: string[] = [];
  for (const l of labels.scenarios.filter((x) => x.slug === slug)) {
    const ids = new Set(l.exchangeIds);
    const hit = events.find(
      (e) =>
        e.slug === slug &&
        (l.subject.ip === undefined || e.subject.ip === undefined || e.subject.ip === l.subject.ip) &&
        e.evidence.some((ev) => ids.has(ev.exchangeId)),
    );
    if (!hit) out.push(`${slug} ${JSON.stringify(l.subject)}`);
  }
  return out;
}
