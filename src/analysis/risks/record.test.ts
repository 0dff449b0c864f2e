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
import { RecordReader, RecordWriter, type RecordBatch } from './record.js';
import { RISK_DETECTORS } from './registry.js';

const KEY = Buffer.alloc(32, 3);
const settings = () => ({ geo: new GeoLocator({ networks: SIM_GEO_NETWORKS }) });
const engine = (detectors = RISK_DETECTORS) => new RiskEngine(detectors, new IdentityResolver({ key: KEY }), settings(), (ex) => maskExchange(ex));

async function traffic(): Promise<Exchange[]> {
  const out = path.join(tmp(), 'sim.jsonl');
  await simulate({ out, scenarios: RISK_DETECTORS.map((d) => d.descriptor.slug), durationMs: 12 * 3600_000, users: 120, seed: 11, startMs: Date.parse('2024-06-03T00:00:00+08:00') });
  return readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Exchange);
}

/**
 * The detectors on records, as risk-host.ts runs them: identified here without device digests,
 * the batch and its records structured-cloned, read there with the device digests made from the
 * exchanges (with the same key).
 */
function throughRecords(exchanges: Exchange[], maxKinds?: number) {
  const here = engine([]);
  const there = engine();
  const devices = new IdentityResolver({ key: KEY });
  const reader = new RecordReader((ex) => devices.deviceDigest(ex));
  const writer = new RecordWriter(maxKinds);
  // what the main thread's resolve would have said of each exchange's device
  const check = new IdentityResolver({ key: KEY });
  const ids = new Set<EndpointStats>();
  const c = new Catalog({ pii: PATH_PII_CHECKS });
  let records = 0;
  let hits = 0;
  let batches = 0;
  let devicesSeen = 0;
  // in batches of 32, as the analyze loop posts them
  for (let start = 0; start < exchanges.length; start += 32) {
    const batch = exchanges.slice(start, start + 32);
    for (let at = 0; at < batch.length; at++) {
      const ex = batch[at]!;
      const k = c.observe(ex);
      if (k) {
        const f = new RiskFactsImpl(ex, k, scanExchange(ex, { refTime: Date.parse(ex.ts), withValues: true }));
        here.identify(f, false);
        ids.add(k.stats);
        writer.add(at, f);
      } else if (c.lastStatic !== undefined) writer.addStatic(at, here.identifyStatic(ex, c.lastStatic, undefined, false));
    }
    const copy = structuredClone({ batch, records: writer.take() }) as { batch: Exchange[]; records: RecordBatch };
    batches++;
    reader.read(
      copy.batch,
      copy.records,
      (f) => {
        records++;
        if (f.responseHits.some((h) => 'values' in h)) throw new Error('clear values sent');
        hits += f.responseHits.length;
        if (f.identity.device !== check.resolve(f.ex).device) throw new Error(`device digest of ${f.ex.id} differs`);
        if (f.identity.device) devicesSeen++;
        there.detect(f);
      },
      (s) => there.detectStatic(s),
    );
  }
  return { drained: there.drain(), state: there.saveState(), records, hits, batches, devicesSeen, views: writer.viewsSent, endpoints: ids.size };
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
    const a = direct.drain();
    // the comparison means something: most detectors fired on the scenarios
    expect(new Set(a.events.map((e) => e.slug)).size).toBeGreaterThanOrEqual(15);

    // hit kinds numbered, and (past a cap of 3) sent in full with every hit
    for (const maxKinds of [undefined, 3]) {
      const r = throughRecords(exchanges, maxKinds);
      expect(r.records).toBeGreaterThan(2_000);
      expect(r.batches).toBeGreaterThan(50);
      expect(r.hits).toBeGreaterThan(r.records);
      expect(r.devicesSeen).toBeGreaterThan(r.records / 2);
      // an endpoint's view goes with its first record and again only when it changes
      expect(r.views).toBeGreaterThanOrEqual(r.endpoints);
      expect(r.views).toBeLessThan(r.records / 2);
      expect(r.drained.events).toEqual(a.events);
      expect(r.drained.incidents).toEqual(a.incidents);
      expect(r.state).toEqual(direct.saveState());
    }
  }, 120_000);
});
