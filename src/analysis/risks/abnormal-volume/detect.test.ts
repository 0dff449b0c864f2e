import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../../core/exchange.js';
import { Catalog } from '../../endpoints/catalog/catalog.js';
import { PATH_PII_CHECKS } from '../../endpoints/templating/pii.js';
import { IdentityResolver } from '../../identity/identity.js';
import { RiskEngine } from '../engine.js';
import { at, events, missed, simulated } from '../test-helpers.js';
import { abnormalVolumeRisk } from './detect.js';

const URL = '/api/v1/transactions?pageNo=1&pageSize=';

/** A page of `rows` transaction rows (~200 bytes each, no personal data). */
function page(sec: number, rows: number, client: string): Exchange {
  const list = Array.from({ length: rows }, (_, i) => ({ txnNo: `2024${String(sec * 1000 + i).padStart(12, '0')}`, txnTime: '2024-06-01 10:00:00', summary: '消费', direction: 'D', currency: 'CNY', channel: 'POS', memo: 'x'.repeat(80) }));
  return at(sec, { url: `${URL}${rows}`, client, response: { body: { code: '000000', msg: '交易成功', data: { pageSize: rows, list } } } });
}

/** `n` ordinary 20-row pages from different clients, one every 30 s from `start`. */
const usual = (start: number, n: number): Exchange[] => Array.from({ length: n }, (_, i) => page(start + i * 30, 20, `203.0.113.${i % 200}`));
/** the same with one row a page (~250 bytes) */
const tiny = (start: number, n: number): Exchange[] => Array.from({ length: n }, (_, i) => page(start + i * 30, 1, `203.0.113.${i % 200}`));
/** `n` pages of `rows` rows to one client, one every `gap` s from `start`. */
const pulls = (start: number, n: number, rows = 1000, gap = 60, client = '198.51.100.9'): Exchange[] => Array.from({ length: n }, (_, i) => page(start + i * gap, rows, client));

describe('abnormal-volume', () => {
  it('raises one event when one client gets three pages ~50x the endpoint median within the hour, subject endpoint and client', () => {
    const ev = events(abnormalVolumeRisk, [...usual(0, 40), ...pulls(1500, 5)]);
    expect(ev).toHaveLength(1);
    const e = ev[0]!;
    expect(e).toMatchObject({ slug: 'abnormal-volume', subject: { ip: '198.51.100.9', endpoint: { method: 'GET', pathTemplate: '/api/v1/transactions' } } });
    expect(e.evidence).toHaveLength(3);
    expect(e.value).toBeGreaterThan(150_000);
    expect(e.baseline).toBeGreaterThan(3000);
    expect(e.baseline).toBeLessThan(6000);
    // threshold = max(median + 10σ, 10 × median, 64 KiB): the 64 KiB floor here
    expect(e.threshold).toBe(65_536);
    expect(e.detail).toMatch(/^5 responses above 64\.0 KB in 3600 s \(endpoint median \d\.\d KB\), 1\.0 MB in all; latest \d+\.\d KB$/);
  });

  it.each([
    ['a single outsized response', [...usual(0, 40), ...pulls(1500, 1)]],
    ['two outsized responses', [...usual(0, 40), ...pulls(1500, 2)]],
    ['three outsized responses more than an hour apart', [...usual(0, 40), ...pulls(1500, 3, 1000, 2000)]],
    ['three outsized responses to three different clients', [...usual(0, 40), ...pulls(1500, 1, 1000, 60, 'a'), ...pulls(1560, 1, 1000, 60, 'b'), ...pulls(1620, 1, 1000, 60, 'c')]],
    ['outsized responses while the endpoint is warming up (under 30 responses)', [...usual(0, 20), ...pulls(700, 5)]],
    ['an endpoint whose responses are all large', [...pulls(0, 40, 1000, 30, 'a'), ...pulls(1500, 5)]],
    ['5x the median (below minRatio 10)', [...pulls(0, 40, 200, 30, 'a'), ...pulls(1500, 5, 1000)]],
    ['60x the median but below minBytes', [...tiny(0, 40), ...pulls(1500, 5, 60)]],
    ['error answers', [...usual(0, 40), ...pulls(1500, 5).map((x) => ({ ...x, response: { ...x.response!, status: 500 } }))]],
  ])('stays quiet for %s', (_name, exchanges) => {
    expect(events(abnormalVolumeRisk, exchanges)).toEqual([]);
  });

  it('honours its params: minResponses, minBytes', () => {
    expect(events(abnormalVolumeRisk, [...usual(0, 40), ...pulls(1500, 1)], { minResponses: 1 })).toHaveLength(1);
    const small = [...tiny(0, 40), ...pulls(1500, 5, 60)];
    expect(events(abnormalVolumeRisk, small, { minBytes: 4096 })).toHaveLength(1);
  });

  it('keeps its endpoint baselines across a restart (save, new instance, load)', () => {
    const catalog = new Catalog({ pii: PATH_PII_CHECKS });
    const engine = () => new RiskEngine([abnormalVolumeRisk], new IdentityResolver(), {});
    const run = (e: RiskEngine, xs: Exchange[]) => xs.forEach((x) => e.observe(x, catalog.observe(x), undefined));
    const first = engine();
    run(first, usual(0, 40));
    const saved = JSON.parse(JSON.stringify(first.saveState())) as Record<string, unknown>;
    expect(Object.keys(saved)).toEqual(['abnormal-volume']);

    const restarted = engine();
    expect(restarted.loadState(saved)).toEqual(['abnormal-volume']);
    run(restarted, pulls(1500, 3));
    const ev = restarted.drain().events;
    expect(ev).toHaveLength(1);
    expect(ev[0]!.baseline).toBeGreaterThan(3000);

    // without the saved state the new instance is still warming up
    const cold = engine();
    run(cold, pulls(1500, 3));
    expect(cold.drain().events).toEqual([]);
    // what it does not recognise is ignored
    expect(() => engine().loadState({ 'abnormal-volume': { kind: 'something-else' } })).not.toThrow();
  });

  it('finds the simulated scenario (transactions at pageSize=1000) with its client', async () => {
    const { events: ev, labels } = await simulated(abnormalVolumeRisk, ['abnormal-volume']);
    expect(missed(ev, labels, 'abnormal-volume')).toEqual([]);
    expect(ev.filter((e) => e.slug === 'abnormal-volume')).toHaveLength(1);
  }, 120_000);

  it('stays quiet on benign simulated traffic (two seeds)', async () => {
    expect((await simulated(abnormalVolumeRisk, [])).events).toEqual([]);
    expect((await simulated(abnormalVolumeRisk, [], { seed: 11 })).events).toEqual([]);
  }, 120_000);
});
