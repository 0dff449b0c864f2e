import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../core/exchange.js';
import { maskExchange } from '../../pipeline/sample-mask.js';
import { SIM_GEO_NETWORKS } from '../../sim/net.js';
import { simulate } from '../../sim/simulate.js';
import { tmp } from '../../../test/helpers/cli.js';
import { Catalog } from '../endpoints/catalog/catalog.js';
import type { EndpointStats } from '../endpoints/catalog/stats.js';
import { PATH_PII_CHECKS } from '../endpoints/templating/pii.js';
import { GeoLocator } from '../geo/locator.js';
import { IdentityResolver } from '../identity/identity.js';
import { scanExchange } from '../sensitive/exchange-scan.js';
import { RiskEngine, RiskFactsImpl } from './engine.js';
import { RecordEndpoints, RecordWriter, type RiskRecord } from './record.js';
import { RISK_DETECTORS } from './registry.js';

const KEY = Buffer.alloc(32, 3);
const settings = () => ({ geo: new GeoLocator({ networks: SIM_GEO_NETWORKS }) });
const engine = (detectors = RISK_DETECTORS) => new RiskEngine(detectors, new IdentityResolver({ key: KEY }), settings(), (ex) => maskExchange(ex));

async function traffic(): Promise<Exchange[]> {
  const out = path.join(tmp(), 'sim.jsonl');
  await simulate({ out, scenarios: RISK_DETECTORS.map((d) => d.descriptor.slug), durationMs: 12 * 3600_000, users: 120, seed: 11, startMs: Date.parse('2024-06-03T00:00:00+08:00') });
  return readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Exchange);
}

describe('risk records', () => {
  it('give every detector the same events and incidents as the facts they were made from, after a structured clone', async () => {
    const exchanges = await traffic();

    // on the facts, as the analyze loop runs them
    const direct = engine();
    const c1 = new Catalog({ pii: PATH_PII_CHECKS });
    for (const ex of exchanges) {
      const c = c1.observe(ex);
      direct.observe(ex, c, c ? scanExchange(ex, { refTime: Date.parse(ex.ts), withValues: true }) : undefined, c1.lastStatic);
    }

    // identified here, detected on copies of (exchange, record) by an engine that never saw the catalog
    const here = engine([]);
    const there = engine();
    const endpoints = new RecordEndpoints();
    const writer = new RecordWriter();
    let views = 0;
    const ids = new Set<EndpointStats>();
    const c2 = new Catalog({ pii: PATH_PII_CHECKS });
    let records = 0;
    let valuesSent = 0;
    for (const ex of exchanges) {
      const c = c2.observe(ex);
      if (c) {
        const f = new RiskFactsImpl(ex, c, scanExchange(ex, { refTime: Date.parse(ex.ts), withValues: true }));
        here.identify(f);
        ids.add(c.stats);
        const copy = structuredClone({ ex, r: writer.record(f) }) as { ex: Exchange; r: RiskRecord };
        if (copy.r.seen) views++;
        valuesSent += copy.r.response.filter((h) => 'values' in h).length;
        there.detect(endpoints.facts(copy.ex, copy.r));
        records++;
      } else if (c2.lastStatic !== undefined) {
        there.detectStatic(structuredClone(here.identifyStatic(ex, c2.lastStatic)));
      }
    }

    const a = direct.drain();
    const b = there.drain();
    expect(records).toBeGreaterThan(2_000);
    // an endpoint's view goes with its first record and again only when it changes
    expect(views).toBeGreaterThanOrEqual(ids.size);
    expect(views).toBeLessThan(records / 2);
    expect(valuesSent).toBe(0);
    // the comparison means something: most detectors fired on the scenarios
    expect(new Set(a.events.map((e) => e.slug)).size).toBeGreaterThanOrEqual(15);
    expect(b.events).toEqual(a.events);
    expect(b.incidents).toEqual(a.incidents);
    expect(there.saveState()).toEqual(direct.saveState());
  }, 120_000);
});
