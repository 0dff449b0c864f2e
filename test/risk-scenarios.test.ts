/**
 * Risk detection against the simulator's labelled scenarios (issue 5 acceptance, for the
 * detectors that exist so far): each injected scenario whose slug has a detector is detected
 * with the right subject, and benign traffic alone raises few incidents.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../src/core/exchange.js';
import { GeoLocator } from '../src/analysis/geo/locator.js';
import { analyzeRisks, type AnalyzeRiskOptions } from '../src/analysis/risks/run.js';
import { SIM_GEO_NETWORKS } from '../src/sim/net.js';
import { RISK_DETECTORS } from '../src/analysis/risks/registry.js';
import type { LabelsFile } from '../src/sim/labels.js';
import { simulate } from '../src/sim/simulate.js';
import { tmp } from './helpers/cli.js';

async function run(scenarios: string[], users: number): Promise<{ exchanges: Exchange[]; labels: LabelsFile }> {
  const dir = tmp();
  const out = path.join(dir, 'sim.jsonl');
  const s = await simulate({ out, scenarios, durationMs: 24 * 3600_000, users, seed: 7, startMs: Date.parse('2024-06-03T00:00:00+08:00') });
  const exchanges = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Exchange);
  return { exchanges, labels: JSON.parse(readFileSync(s.labels, 'utf8')) as LabelsFile };
}

const covered = RISK_DETECTORS.map((d) => d.descriptor.slug);
/** what analyze does with `geo.networks` set to the simulator's address convention */
const settings = (): AnalyzeRiskOptions => ({ sensitive: true, geo: new GeoLocator({ networks: SIM_GEO_NETWORKS }) });

describe('risk detectors on simulated bank traffic', () => {
  it('detects every injected scenario it has a detector for, with the right subject', async () => {
    const { exchanges, labels } = await run(covered, 300);
    const { events } = analyzeRisks(exchanges, settings());
    const missed: string[] = [];
    for (const l of labels.scenarios.filter((x) => covered.includes(x.slug))) {
      const ids = new Set(l.exchangeIds);
      const hit = events.find(
        (e) =>
          e.slug === l.slug &&
          (l.subject.ip === undefined || e.subject.ip === l.subject.ip) &&
          e.evidence.some((ev) => ids.has(ev.exchangeId)),
      );
      if (!hit) missed.push(`${l.slug} (${JSON.stringify(l.subject)})`);
    }
    expect(missed).toEqual([]);
    expect(labels.scenarios.filter((x) => covered.includes(x.slug)).length).toBe(covered.length);
  }, 60_000);

  it('raises few incidents on benign traffic alone', async () => {
    const { exchanges, labels } = await run([], 300);
    expect(labels.scenarios).toEqual([]);
    const { events, incidents } = analyzeRisks(exchanges, settings());
    expect(incidents.length, events.map((e) => `${e.slug} ${JSON.stringify(e.subject)}: ${e.detail}`).join('\n')).toBeLessThanOrEqual(2);
  }, 60_000);
});
