import { describe, expect, it } from 'vitest';
import { validateExchange } from '../../src/core/exchange-schema.js';
import { headerValue } from '../../src/core/exchange.js';
import { compileSpecMatcher, pathSegments } from '../../src/analysis/endpoints/openapi/match.js';
import type { SpecOperation } from '../../src/analysis/endpoints/openapi/types.js';
import { haveCorpus } from './corpus.js';
import { type LearnedTemplate, Rng, type TruthOperation, corpusSpecs, generateSpecTraffic, samplePattern, scoreTemplates } from './spec-traffic.js';

/** The values a traffic run put into each path parameter of each operation. */
function valuesByParam(traffic: ReturnType<typeof generateSpecTraffic>): Map<SpecOperation, Map<string, Set<string>>> {
  const matcher = compileSpecMatcher(traffic.spec);
  const out = new Map<SpecOperation, Map<string, Set<string>>>();
  for (const ex of traffic.exchanges) {
    const hit = matcher.match(ex.request.method, ex.request.url);
    if (!hit) throw new Error(`no operation for ${ex.request.method} ${ex.request.url}`);
    const byName = out.get(hit.value) ?? new Map<string, Set<string>>();
    const tpl = pathSegments(hit.template);
    pathSegments(ex.request.url).forEach((seg, i) => {
      const name = /^\{(.+)\}$/.exec(tpl[i])?.[1];
      if (name) byName.set(name, (byName.get(name) ?? new Set()).add(decodeURIComponent(seg)));
    });
    out.set(hit.value, byName);
  }
  return out;
}

describe.skipIf(!haveCorpus)('generateSpecTraffic over corpus/openapi', () => {
  const specs = haveCorpus ? corpusSpecs() : [];

  it('covers all 473 operations of the 16 specs, every path parameter with 6 distinct values', () => {
    expect(specs).toHaveLength(16);
    let operations = 0;
    for (const s of specs) {
      const traffic = generateSpecTraffic(s.file, { seed: 1 });
      expect(traffic.truth, s.file).toHaveLength(s.operationCount);
      const seen = valuesByParam(traffic);
      for (const op of traffic.spec.operations) {
        expect(seen.get(op), `${s.file} ${op.method} ${op.path}`).toBeDefined();
        for (const p of op.pathParams) expect(seen.get(op)?.get(p.name)?.size, `${s.file} ${op.method} ${op.path} {${p.name}}`).toBe(6);
      }
      expect(traffic.exchanges).toHaveLength(s.operationCount * 6);
      operations += traffic.truth.length;
    }
    expect(operations).toBe(473);
  });

  it('emits valid Exchanges with the base path, host, auth and JSON bodies', () => {
    const { exchanges, truth } = generateSpecTraffic('openbanking-uk/payment-initiation-openapi.yaml', { seed: 3, callsPerOperation: 2 });
    expect(exchanges).toHaveLength(41 * 2);
    for (const ex of exchanges) {
      const v = validateExchange(JSON.parse(JSON.stringify(ex)));
      expect(v.ok, v.ok ? '' : v.error).toBe(true);
      expect(ex.request.url.startsWith('/open-banking/v4.0/pisp/')).toBe(true);
      expect(headerValue(ex.request.headers, 'host')).toBe('api.openbanking-uk.example.com');
      expect(headerValue(ex.request.headers, 'authorization')).toMatch(/^Bearer eyJ/);
      if (ex.request.method === 'POST') {
        expect(headerValue(ex.request.headers, 'content-type')).toMatch(/^application\/json\b/);
        expect(() => JSON.parse(ex.request.body ?? '')).not.toThrow();
      }
      if (ex.response?.body) expect(() => JSON.parse(ex.response?.body ?? '')).not.toThrow();
    }
    expect(truth[0]).toEqual({ method: 'POST', path: '/open-banking/v4.0/pisp/domestic-payment-consents', operationId: 'CreateDomesticPaymentConsents' });
    expect(new Set(exchanges.map((e) => e.ts)).size).toBe(exchanges.length); // event time moves on
  });

  it('is deterministic per seed', () => {
    const a = generateSpecTraffic('vampi/openapi3.yml', { seed: 9 });
    const b = generateSpecTraffic('vampi/openapi3.yml', { seed: 9 });
    const c = generateSpecTraffic('vampi/openapi3.yml', { seed: 10 });
    expect(JSON.stringify(a.exchanges)).toBe(JSON.stringify(b.exchanges));
    expect(a.exchanges.map((e) => e.request.url)).not.toEqual(c.exchanges.map((e) => e.request.url));
  });

  it('chooses values of the kinds real systems use', () => {
    const values = (file: string, method: string, path: string, param: string): string[] => {
      const t = generateSpecTraffic(file, { seed: 1 });
      const op = t.spec.operations.find((o) => o.method === method && o.path === path);
      return [...(valuesByParam(t).get(op as SpecOperation)?.get(param) ?? [])];
    };
    for (const v of values('adyen/BalancePlatformService-v2.json', 'GET', '/balanceAccounts/{id}', 'id')) expect(v).toMatch(/^BA[0-9A-Z]{23}$/);
    for (const v of values('adyen/ManagementService-v3.json', 'GET', '/merchants/{merchantId}', 'merchantId')) expect(v).toMatch(/^MC[0-9A-Z]{15}$/);
    for (const v of values('adyen/CheckoutService-v72.json', 'POST', '/payments/{paymentPspReference}/refunds', 'paymentPspReference')) expect(v).toMatch(/^[0-9A-Z]{16}$/);
    for (const v of values('openbanking-uk/account-info-openapi.yaml', 'GET', '/account-access-consents/{ConsentId}', 'ConsentId')) expect(v).toMatch(/^urn-alphabank-intent-\d{5}$/);
    for (const v of values('openbanking-uk/account-info-openapi.yaml', 'GET', '/accounts/{AccountId}', 'AccountId')) expect(v).toMatch(/^\d{8}$|^[0-9a-f-]{36}$/);
    for (const v of values('owasp-crapi/crapi-openapi-spec.json', 'GET', '/identity/api/v2/vehicle/{vehicleId}/location', 'vehicleId')) expect(v).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const v of values('owasp-crapi/crapi-openapi-spec.json', 'GET', '/workshop/api/shop/orders/{order_id}', 'order_id')) expect(v).toMatch(/^[1-9]\d{3,11}$/);
    for (const v of values('owasp-crapi/crapi-openapi-spec.json', 'GET', '/community/api/v2/community/posts/{postId}', 'postId')) expect(v).toMatch(/^[A-Za-z0-9]{22}$/);
    for (const v of values('vampi/openapi3.yml', 'GET', '/users/v1/{username}', 'username')) expect(v).toMatch(/^[a-z]+(\.[a-z]+|\d+)?$/);
    for (const v of values('vampi/openapi3.yml', 'GET', '/books/v1/{book_title}', 'book_title')) expect(v).toMatch(/^(bookTitle\d+|[A-Za-z _-]+)$/);
    const words = generateSpecTraffic('adyen/ManagementService-v3.json', { seed: 1, wordLikeIds: true });
    const merchant = words.spec.operations.find((o) => o.method === 'GET' && o.path === '/merchants/{merchantId}') as SpecOperation;
    for (const v of valuesByParam(words).get(merchant)?.get('merchantId') ?? []) expect(v).toMatch(/^[A-Z][A-Za-z]+$/);
    // One pool per collection: sub-resources see the same accounts as the account itself.
    expect(values('openbanking-uk/account-info-openapi.yaml', 'GET', '/accounts/{AccountId}/balances', 'AccountId').sort()).toEqual(
      values('openbanking-uk/account-info-openapi.yaml', 'GET', '/accounts/{AccountId}', 'AccountId').sort(),
    );
  });
});

describe('samplePattern', () => {
  it.each([
    '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} \\d{2}:\\d{2}:\\d{2} (GMT|UTC)$',
    '^[A-Z]{2}[0-9]{2}[A-Z0-9]{4,30}$',
    '^C[0-9]{8}$',
    '^(?:[a-f0-9]{8}-){1}[a-f0-9]{4}\\.json?$',
  ])('%s', (pattern) => {
    const r = new Rng(1);
    for (let i = 0; i < 20; i++) expect(samplePattern(pattern, r)).toMatch(new RegExp(pattern));
  });

  it('gives up on what it does not know', () => {
    expect(samplePattern('^[^a]+$', new Rng(1))).toBeUndefined();
    expect(samplePattern('(a', new Rng(1))).toBeUndefined();
  });
});

describe('scoreTemplates', () => {
  const A: TruthOperation = { method: 'GET', path: '/shop/orders/{orderId}', operationId: 'getOrder' };
  const B: TruthOperation = { method: 'GET', path: '/shop/orders/all', operationId: 'listOrders' };
  const C: TruthOperation = { method: 'GET', path: '/shop/items/{itemId}', operationId: 'getItem' };
  const D: TruthOperation = { method: 'POST', path: '/shop/orders', operationId: 'createOrder' };

  it('scores an over-merge and an under-merge', () => {
    const learned: LearnedTemplate[] = [
      { method: 'GET', template: '/shop/orders/{id}' }, // A (renamed parameter: still A) — and B merged into it
      { method: 'GET', template: '/shop/items/123' }, // C split into its values
      { method: 'GET', template: '/shop/items/456' },
      { method: 'GET', template: '/shop/items/789' },
      { method: 'POST', template: '/shop/orders/' }, // D (trailing slash ignored)
      { method: 'post', template: '/shop/orders' }, // the same again
    ];
    const s = scoreTemplates(learned, [A, B, C, D]);
    expect(s.truePositives).toBe(2);
    expect(s.learned).toBe(5);
    expect(s.truth).toBe(4);
    expect(s.precision).toBeCloseTo(2 / 5);
    expect(s.recall).toBeCloseTo(2 / 4);
    expect(s.f1).toBeCloseTo((2 * 0.4 * 0.5) / 0.9);
    expect(s.merged).toEqual([{ learned: learned[0], operations: [A, B] }]);
    expect(s.missing).toEqual([B, C]);
    expect(s.extra.map((l) => l.template)).toEqual(['/shop/items/123', '/shop/items/456', '/shop/items/789']);
  });

  it('does not call a literal learned beside a parameter a merge', () => {
    const s = scoreTemplates(
      [
        { method: 'GET', template: '/shop/orders/{x}' },
        { method: 'GET', template: '/shop/orders/all' },
      ],
      [A, B],
    );
    expect(s).toMatchObject({ precision: 1, recall: 1, f1: 1, merged: [], missing: [], extra: [] });
  });

  it.skipIf(!haveCorpus)('gives 1.0 for the spec itself and catches a collapse of everything', () => {
    const { truth } = generateSpecTraffic('vampi/openapi3.yml');
    const perfect = scoreTemplates(
      truth.map((t) => ({ method: t.method, template: t.path })),
      truth,
    );
    expect(perfect).toMatchObject({ precision: 1, recall: 1, f1: 1, merged: [] });
    const collapsed = scoreTemplates(
      [
        { method: 'GET', template: '/users/v1/{a}' },
        { method: 'GET', template: '/{a}' },
      ],
      truth,
    );
    // GET /users/v1/_debug and /users/v1/{username} land on one learned template, as do GET /createdb and /me.
    expect(collapsed.merged.map((m) => m.operations.map((o) => o.path).join(' + '))).toEqual(['/users/v1/_debug + /users/v1/{username}', '/createdb + /me']);
  });
});
