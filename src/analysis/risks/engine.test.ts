/**
 * The engine's own duties, with small detectors defined here: suppression and allow-lists drop
 * emissions before they become events (and count them), learnt state goes out with saveState and
 * comes back with loadState, a throwing detector is counted and the others go on, and the
 * risks: config validates suppression rules at start.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DetectorDescriptor } from '../../core/detector.js';
import { parseConfig } from '../../pipeline/config.js';
import { IdentityResolver } from '../identity/identity.js';
import { Catalog } from '../endpoints/catalog/catalog.js';
import { RiskEngine } from './engine.js';
import { at } from './test-helpers.js';
import { defineRisk } from './types.js';

const params = z.object({}).strict();
const desc = (id: string, slug: string): DetectorDescriptor<typeof params> => ({
  id, rev: 1, slug, kind: 'risk', title: { zh: slug, en: slug }, description: { zh: '', en: '' }, remediation: { zh: '', en: '' }, severity: 'medium', owasp: ['API4:2023'], cwe: ['CWE-770'], params, appliesTo: { zh: '', en: '' },
});

/** counts requests per client and emits from the third one; learns a total it can save */
const counting = defineRisk({
  descriptor: desc('GL-R-9001', 'counting'),
  dimension: 'data',
  create: () => {
    const seen = new Map<string, number>();
    let total = 0;
    return {
      onExchange(f, emit) {
        total++;
        const n = (seen.get(f.identity.client) ?? 0) + 1;
        seen.set(f.identity.client, n);
        if (n >= 3) emit({ at: f, subject: { ip: f.identity.client, endpoint: { app: f.app, method: f.method, pathTemplate: f.template() } }, value: n, baseline: total, threshold: 3, windowStartMs: f.tsMs, detail: `${n} requests` });
      },
      save: () => ({ v: 1, total }),
      load: (s) => {
        const st = s as { v?: number; total?: number };
        if (st.v === 1 && typeof st.total === 'number') total = st.total;
      },
    };
  },
});
const throwing = defineRisk({ descriptor: desc('GL-R-9002', 'throwing'), dimension: 'data', create: () => ({ onExchange: () => { throw new Error('boom'); } }) });

function run(engine: RiskEngine, clients: string[], url = '/api/v1/users/1'): void {
  const catalog = new Catalog();
  clients.forEach((client, i) => {
    const ex = at(i * 10, { client, url });
    engine.observe(ex, catalog.observe(ex), undefined);
  });
}

describe('RiskEngine', () => {
  it('drops suppressed and allow-listed emissions and counts them; the rest become events', () => {
    const engine = new RiskEngine([counting], new IdentityResolver(), {
      suppress: { allowIps: ['10.8.0.0/16'], rules: [{ rule: 'counting', ip: '192.0.2.0/24', reason: 'pen test' }] },
    });
    run(engine, ['10.8.1.1', '10.8.1.1', '10.8.1.1', '192.0.2.5', '192.0.2.5', '192.0.2.5', '203.0.113.9', '203.0.113.9', '203.0.113.9', '203.0.113.9']);
    const { events } = engine.drain();
    expect(events.map((e) => [e.subject.ip, e.value])).toEqual([['203.0.113.9', 4]]);
    expect(Object.fromEntries(engine.suppressor.dropped)).toEqual({ counting: 2 });
  });

  it('saves learnt state by slug and loads it into a new engine; a throwing detector is counted, not fatal', () => {
    const a = new RiskEngine([counting, throwing], new IdentityResolver());
    run(a, ['203.0.113.1', '203.0.113.2', '203.0.113.3']);
    expect(a.saveState()).toEqual({ counting: { v: 1, total: 3 } });
    expect(Object.fromEntries(a.errors)).toEqual({ throwing: 3 });
    const b = new RiskEngine([counting], new IdentityResolver());
    expect(b.loadState({ counting: { v: 1, total: 3 }, 'not-running': {} })).toEqual(['counting']);
    run(b, ['203.0.113.4', '203.0.113.4', '203.0.113.4']);
    expect(b.drain().events[0]!.baseline).toBe(6);
    expect(b.saveState()).toEqual({ counting: { v: 1, total: 6 } });
  });

  it('risks: config names a bad suppression rule with its place', () => {
    const ok = parseConfig('risks:\n  allow: { ips: [10.8.0.0/16] }\n  suppress:\n    - { rule: scanner, ip: 192.0.2.10, reason: pen test, until: 2024-07-01 }\n', 'g.yaml');
    expect(ok.risks.suppress[0]).toMatchObject({ rule: 'scanner', ip: '192.0.2.10' });
    expect(() => parseConfig('risks:\n  suppress:\n    - { rule: scaner, ip: 192.0.2.10, reason: x }\n', 'g.yaml')).toThrow(/g\.yaml: line 3: risks\.suppress\.0\.rule: no risk detector "scaner"/);
    expect(() => parseConfig('risks:\n  suppress:\n    - { rule: scanner, reason: x }\n', 'g.yaml')).toThrow(/name an ip, account or endpoint/);
    expect(() => parseConfig('risks:\n  suppress:\n    - { ip: 192.0.2.10 }\n', 'g.yaml')).toThrow(/reason/);
    expect(() => parseConfig('risks:\n  allow: { ips: [10.8.0.0/33] }\n', 'g.yaml')).toThrow(/risks\.allow\.ips\.0: expected an address or CIDR/);
  });
});
