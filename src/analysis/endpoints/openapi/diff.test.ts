import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusPath, haveCorpus } from '../../../../test/helpers/corpus.js';
import type { InventoryEndpoint } from '../../../core/endpoint.js';
import { diffInventory, pinnedTemplates } from './diff.js';
import { loadSpec } from './import.js';

let n = 0;
function ep(method: string, pathTemplate: string, over: Partial<InventoryEndpoint> = {}): InventoryEndpoint {
  return {
    id: `ep${String(++n).padStart(14, '0')}`,
    app: 'bank',
    host: 'bank.example',
    method,
    pathTemplate,
    pathParams: [],
    format: 'rest',
    functions: [],
    functionReasons: [],
    serviceObject: 'public',
    serviceObjectReason: '',
    auth: ['bearer'],
    state: 'active',
    counts: { calls: 3, clients: 1, status: { '200': 3 } },
    firstSeen: '2024-05-01T08:00:00.000Z',
    lastSeen: '2024-05-01T09:00:00.000Z',
    params: [],
    responseShape: {},
    requestContentTypes: [],
    responseContentTypes: [],
    examples: [],
    flags: [],
    ...over,
  };
}

const SPEC = loadSpec(
  `
openapi: 3.0.3
info: { title: Bank, version: "2.0" }
servers: [{ url: "https://bank.example/api" }]
paths:
  /v2/accounts/{accountId}:
    get:
      operationId: getAccount
      parameters: [{ name: api-version, in: query, schema: { type: string, enum: ["2023-01-01", "2024-02-01"] } }]
      responses: { "200": { description: ok, content: { application/vnd.bank.v2+json: {} } } }
  /v2/accounts/{accountId}/statements:
    get: { operationId: listStatements, deprecated: true, responses: {} }
  /v2/reports/daily:
    get: { responses: {} }
  /v2/reports/monthly:
    get: { responses: {} }
  /v2/users/login:
    post: { responses: {} }
  /v2/users/{username}:
    get: { responses: {} }
  /v2/cards:
    post: { responses: {} }
`,
  'bank.yaml',
);

describe('diffInventory', () => {
  const inventory = [
    ep('GET', '/api/v2/accounts/{accountId}'), // exact (names differ from nothing here)
    ep('GET', '/api/v2/accounts/{id}/statements'), // deprecated, still called
    ep('GET', '/api/v2/users/alice'), // concrete value under {username}
    ep('POST', '/api/v2/users/login'), // the literal wins over {username}
    ep('GET', '/api/v2/reports/{reportId}'), // coarser than the spec: stands for daily and monthly
    ep('GET', '/api/v1/accounts/{accountId}'), // older version of a documented API
    ep('DELETE', '/api/v2/cards/{cardId}'), // undocumented
    ep('GET', '/api/v2/accounts/{accountId}', { host: 'other.example' }),
    ep('GET', '/assets/app.js', { format: 'static' }),
    ep('HEAD', '/api/v2/users/{u}'), // HEAD of a documented GET
    ep('OPTIONS', '/api/v2/cards'), // CORS preflight
  ];
  const report = diffInventory(inventory, SPEC, { host: 'bank.example' });

  it('matches exact, finer and coarser templates against the full paths', () => {
    expect(report.matched.map((m) => [m.method, m.pathTemplate, m.operation.fullPath, m.fit])).toEqual([
      ['GET', '/api/v2/accounts/{accountId}', '/api/v2/accounts/{accountId}', 'exact'],
      ['GET', '/api/v2/accounts/{id}/statements', '/api/v2/accounts/{accountId}/statements', 'exact'],
      ['GET', '/api/v2/reports/{reportId}', '/api/v2/reports/daily', 'coarser'],
      ['GET', '/api/v2/users/alice', '/api/v2/users/{username}', 'finer'],
      ['POST', '/api/v2/users/login', '/api/v2/users/login', 'exact'],
      ['HEAD', '/api/v2/users/{u}', '/api/v2/users/{username}', 'exact'],
    ]);
    expect(report.matched[2].alsoCovers?.map((o) => o.path)).toEqual(['/v2/reports/monthly']);
    expect(report.matched[0]).toMatchObject({ operation: { operationId: 'getAccount', path: '/v2/accounts/{accountId}' }, calls: 3 });
  });

  it('reports shadow, zombie and orphan APIs', () => {
    expect(report.shadow.map((s) => `${s.method} ${s.pathTemplate}`)).toEqual(['DELETE /api/v2/cards/{cardId}']);
    expect(report.zombie.map((z) => [z.kind, z.pathTemplate, z.newer?.fullPath, z.reason])).toEqual([
      ['superseded', '/api/v1/accounts/{accountId}', '/api/v2/accounts/{accountId}', 'path version v1 while the spec documents v2'],
      ['deprecated', '/api/v2/accounts/{id}/statements', undefined, 'the spec marks this operation deprecated and it is still called'],
    ]);
    expect(report.orphan.map((o) => `${o.method} ${o.fullPath}`)).toEqual(['POST /api/v2/cards']);
    expect(report.ignored.map((i) => [i.method, i.pathTemplate, i.reason])).toEqual([['OPTIONS', '/api/v2/cards', 'CORS preflight on a documented path']]);
    expect(report.summary).toEqual({ endpoints: 9, operations: 7, matched: 6, shadow: 1, zombie: 2, orphan: 1, ignored: 1 });
  });

  it('finds older versions named in the query or the media type', () => {
    const r = diffInventory(
      [
        ep('GET', '/api/v2/accounts/{a}', { params: [{ name: 'api-version', in: 'query', types: ['string'], count: 3, example: '2023-01-01' }] }),
        ep('GET', '/api/v2/accounts/{b}', { responseContentTypes: ['application/vnd.bank.v1+json'] }),
        ep('GET', '/api/v2/accounts/{c}', { params: [{ name: 'api-version', in: 'query', types: ['string'], count: 3, example: '2024-02-01' }] }),
      ],
      SPEC,
    );
    expect(r.zombie.map((z) => [z.pathTemplate, z.reason])).toEqual([
      ['/api/v2/accounts/{a}', 'query api-version=2023-01-01 while the spec documents 2024-02-01'],
      ['/api/v2/accounts/{b}', 'media type application/vnd.bank.v1+json while the spec documents version 2'],
    ]);
    expect(r.matched).toHaveLength(3);
  });

  it('gives the spec operations as pinned templates', () => {
    expect(pinnedTemplates(SPEC)).toEqual([
      { method: 'GET', template: '/api/v2/accounts/{accountId}' },
      { method: 'GET', template: '/api/v2/accounts/{accountId}/statements' },
      { method: 'POST', template: '/api/v2/cards' },
      { method: 'GET', template: '/api/v2/reports/daily' },
      { method: 'GET', template: '/api/v2/reports/monthly' },
      { method: 'POST', template: '/api/v2/users/login' },
      { method: 'GET', template: '/api/v2/users/{username}' },
    ]);
  });
});

describe.skipIf(!haveCorpus)('diffInventory against corpus specs', () => {
  it('VAmPI: learned templates, concrete paths and the shadow debug route', () => {
    const vampi = loadSpec(readFileSync(corpusPath('openapi', 'vampi/openapi3.yml'), 'utf8'), 'vampi/openapi3.yml');
    const r = diffInventory(
      [ep('GET', '/users/v1/{username}'), ep('GET', '/users/v1/name1'), ep('POST', '/users/v1/login'), ep('GET', '/users/v1/_debug'), ep('GET', '/users/v2/{username}/export')],
      vampi,
    );
    expect(r.matched.map((m) => [m.pathTemplate, m.operation.path, m.fit])).toEqual([
      ['/users/v1/_debug', '/users/v1/_debug', 'exact'],
      ['/users/v1/login', '/users/v1/login', 'exact'],
      ['/users/v1/name1', '/users/v1/{username}', 'finer'],
      ['/users/v1/{username}', '/users/v1/{username}', 'exact'],
    ]);
    expect(r.shadow.map((s) => s.pathTemplate)).toEqual(['/users/v2/{username}/export']);
    expect(r.orphan).toHaveLength(14 - 3);
  });

  it('crAPI: the old login-with-token version still called is a zombie', () => {
    const crapi = loadSpec(readFileSync(corpusPath('openapi', 'owasp-crapi/crapi-openapi-spec.json'), 'utf8'), 'crapi');
    const r = diffInventory([ep('POST', '/identity/api/auth/v2.7/user/login-with-token'), ep('POST', '/identity/api/auth/v2/check-otp')], crapi);
    expect(r.zombie.map((z) => [z.pathTemplate, z.newer?.path])).toEqual([
      ['/identity/api/auth/v2.7/user/login-with-token', '/identity/api/auth/v4.0/user/login-with-token'],
      ['/identity/api/auth/v2/check-otp', '/identity/api/auth/v3/check-otp'],
    ]);
    // Documented, so matched as well: the spec itself still lists the old versions.
    expect(r.matched).toHaveLength(2);
    expect(r.shadow).toEqual([]);
  });

  it('Open Banking: an old API version under the base path is a zombie, not a shadow', () => {
    const ob = loadSpec(readFileSync(corpusPath('openapi', 'openbanking-uk/account-info-openapi.yaml'), 'utf8'), 'aisp');
    const r = diffInventory([ep('GET', '/open-banking/v3.1/aisp/accounts/{AccountId}/balances'), ep('GET', '/open-banking/v4.0/aisp/accounts/22289/balances')], ob);
    expect(r.zombie.map((z) => [z.pathTemplate, z.newer?.fullPath])).toEqual([['/open-banking/v3.1/aisp/accounts/{AccountId}/balances', '/open-banking/v4.0/aisp/accounts/{AccountId}/balances']]);
    expect(r.matched.map((m) => m.fit)).toEqual(['finer']);
    expect(r.shadow).toEqual([]);
  });
});
