import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { InventoryEndpoint } from '../../../core/endpoint.js';
import { renderOpenApi, toOpenApi } from './export.js';

function endpoint(over: Partial<InventoryEndpoint> & Pick<InventoryEndpoint, 'method' | 'pathTemplate'>): InventoryEndpoint {
  return {
    id: `${over.method} ${over.pathTemplate}`.replace(/\W+/g, '').slice(0, 16).padEnd(16, '0'),
    app: 'bank.example',
    host: 'bank.example',
    pathParams: [],
    format: 'rest',
    functions: [],
    functionReasons: [],
    serviceObject: 'public',
    serviceObjectReason: 'internet clients',
    auth: ['bearer'],
    state: 'active',
    counts: { calls: 10, clients: 2, status: { '200': 10 } },
    firstSeen: '2024-05-01T08:00:00.000Z',
    lastSeen: '2024-05-02T09:30:00.000Z',
    params: [],
    responseShape: {},
    requestContentTypes: [],
    responseContentTypes: ['application/json'],
    examples: [],
    flags: [],
    ...over,
  };
}

const INVENTORY: InventoryEndpoint[] = [
  endpoint({
    method: 'GET',
    pathTemplate: '/api/v1/accounts/{accountId}/transactions/{txId}',
    pathParams: [
      { name: 'accountId', kind: 'integer' },
      { name: 'txId', kind: 'uuid' },
    ],
    functions: ['query'],
    functionReasons: [{ value: 'query', reason: 'GET of one object' }],
    params: [
      { name: 'from', in: 'query', types: ['string'], count: 4, example: '2024-05-01' },
      { name: 'page', in: 'query', types: ['integer'], count: 3, example: '2' },
    ],
    responseShape: { 'data.amount': ['number'], 'data.tags[]': ['string'], 'data.items[].id': ['integer'], 'data.items[].memo': ['string', 'null'], code: ['integer'] },
    examples: ['/api/v1/accounts/10023/transactions/3f2b8c1e-7d4a-4e5b-9c6f-1a2b3c4d5e6f?from=2024-05-01'],
    counts: { calls: 7, clients: 3, status: { '200': 6, '404': 1 } },
    latencyMs: { p50: 12, p90: 40, p99: 90, max: 120 },
  }),
  endpoint({
    method: 'POST',
    pathTemplate: '/api/v1/login',
    auth: ['none', 'basic'],
    functions: ['login'],
    params: [
      { name: 'user.mobile', in: 'body', types: ['string'], count: 5, example: '138****5678' },
      { name: 'user.password', in: 'body', types: ['string'], count: 5, example: '******' },
      { name: 'devices[].id', in: 'body', types: ['string'], count: 2 },
    ],
    requestContentTypes: ['application/json; charset=utf-8'],
    responseShape: { token: ['string'] },
    counts: { calls: 5, clients: 5, status: { '200': 4, '401': 1 } },
  }),
  endpoint({ method: 'POST', pathTemplate: '/graphql', format: 'graphql', operation: { type: 'query', name: 'GetCards' }, auth: ['jwt'], counts: { calls: 3, clients: 1, status: { '200': 3 } } }),
  endpoint({ method: 'POST', pathTemplate: '/graphql', format: 'graphql', operation: { type: 'mutation', name: 'Transfer' }, auth: ['jwt'], counts: { calls: 9, clients: 1, status: { '200': 9 } } }),
  endpoint({ method: 'GET', pathTemplate: '/static/app.js', format: 'static' }),
  endpoint({ method: 'PUT', pathTemplate: '/admin/users/{id}', host: 'ops.bank.example:8080', app: 'ops', auth: ['api-key', 'cookie'], params: [{ name: 'role', in: 'form', types: ['string'], count: 1 }] }),
];

describe('toOpenApi', () => {
  const doc = toOpenApi(INVENTORY, { title: 'Bank' }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('is an OpenAPI 3.1 document with servers from the hosts seen', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Bank', version: 'observed-2024-05-02' });
    expect(doc.servers).toEqual([{ url: 'https://bank.example' }, { url: 'http://ops.bank.example:8080' }]);
    expect(Object.keys(doc.paths)).toEqual(['/admin/users/{id}', '/api/v1/accounts/{accountId}/transactions/{txId}', '/api/v1/login', '/graphql']);
  });

  it('types path parameters from the segment kinds, with masked examples', () => {
    const op = doc.paths['/api/v1/accounts/{accountId}/transactions/{txId}'].get;
    expect(op.parameters.slice(0, 2)).toEqual([
      { name: 'accountId', in: 'path', required: true, schema: { type: 'integer' }, example: '10023' },
      { name: 'txId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, example: '3f2b8c1e-7d4a-4e5b-9c6f-1a2b3c4d5e6f' },
    ]);
    expect(op.parameters[2]).toEqual({ name: 'from', in: 'query', schema: { type: 'string' }, example: '2024-05-01', 'x-guanlan': { count: 4 } });
  });

  it('builds nested response schemas from the JSON shape', () => {
    const op = doc.paths['/api/v1/accounts/{accountId}/transactions/{txId}'].get;
    expect(Object.keys(op.responses)).toEqual(['200', '404']);
    expect(op.responses['404']).toEqual({ description: 'seen 1 time(s)' });
    expect(op.responses['200'].content['application/json'].schema).toEqual({
      type: 'object',
      properties: {
        code: { type: 'integer' },
        data: {
          type: 'object',
          properties: {
            amount: { type: 'number' },
            items: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, memo: { type: ['string', 'null'] } } } },
            tags: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    });
  });

  it('builds request bodies from JSON paths and form fields', () => {
    const login = doc.paths['/api/v1/login'].post;
    expect(login.requestBody.content['application/json'].schema).toEqual({
      type: 'object',
      properties: {
        devices: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } },
        user: { type: 'object', properties: { mobile: { type: 'string', examples: ['138****5678'] }, password: { type: 'string', examples: ['******'] } } },
      },
    });
    const admin = doc.paths['/admin/users/{id}'].put;
    expect(admin.requestBody.content['application/x-www-form-urlencoded'].schema).toEqual({ type: 'object', properties: { role: { type: 'string' } } });
    expect(admin.servers).toEqual([{ url: 'http://ops.bank.example:8080' }]);
  });

  it('declares the security schemes seen and marks optional auth', () => {
    expect(doc.components.securitySchemes).toEqual({
      apiKeyAuth: expect.objectContaining({ type: 'apiKey', in: 'header' }),
      basicAuth: { type: 'http', scheme: 'basic' },
      bearerAuth: { type: 'http', scheme: 'bearer' },
      cookieAuth: expect.objectContaining({ type: 'apiKey', in: 'cookie' }),
      jwtAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
    });
    expect(doc.paths['/api/v1/login'].post.security).toEqual([{ basicAuth: [] }, {}]);
    expect(doc.paths['/admin/users/{id}'].put.security).toEqual([{ apiKeyAuth: [] }, { cookieAuth: [] }]);
  });

  it('keeps what Guanlan concluded in x-guanlan, and every RPC operation behind one URL', () => {
    const tx = doc.paths['/api/v1/accounts/{accountId}/transactions/{txId}'].get['x-guanlan'];
    expect(tx).toMatchObject({ format: 'rest', functions: ['query'], serviceObject: 'public', state: 'active', counts: { calls: 7 }, firstSeen: '2024-05-01T08:00:00.000Z', latencyMs: { p50: 12 } });
    const gql = doc.paths['/graphql'].post;
    expect(gql.summary).toBe('Transfer'); // the most-called operation leads
    expect(gql['x-guanlan'].endpoints.map((e: { operation: { name: string } }) => e.operation.name)).toEqual(['Transfer', 'GetCards']);
  });

  it('leaves static assets out and can keep to one host', () => {
    expect(JSON.stringify(doc)).not.toContain('/static/app.js');
    const ops = toOpenApi(INVENTORY, { host: 'OPS.bank.example' }) as { paths: object; servers: unknown; info: { title: string } };
    expect(Object.keys(ops.paths)).toEqual(['/admin/users/{id}']);
    expect(ops.info.title).toBe('OPS.bank.example (discovered)');
  });

  it('gives the same bytes whatever the input order, and YAML that reads back the same', () => {
    const again = toOpenApi([...INVENTORY].reverse(), { title: 'Bank' });
    expect(renderOpenApi(again, 'json')).toBe(renderOpenApi(doc, 'json'));
    const yaml = renderOpenApi(doc, 'yaml');
    expect(yaml).not.toMatch(/[&*]a\d/); // no anchors or aliases
    expect(parse(yaml)).toEqual(JSON.parse(renderOpenApi(doc, 'json')));
  });

  it('drops a masked example that its type cannot hold', () => {
    const d = toOpenApi([endpoint({ method: 'GET', pathTemplate: '/cards/{cardNo}', pathParams: [{ name: 'cardNo', kind: 'integer' }], examples: ['/cards/6222****1234'] })]) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(d.paths['/cards/{cardNo}'].get.parameters[0]).toEqual({ name: 'cardNo', in: 'path', required: true, schema: { type: 'integer' } });
  });

  it('gives unique operation ids and unique path parameter names', () => {
    const d = toOpenApi([endpoint({ method: 'GET', pathTemplate: '/a/{id}/b/{id}' }), endpoint({ method: 'GET', pathTemplate: 'a-b' })]) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(Object.keys(d.paths)).toEqual(['/a-b', '/a/{id}/b/{id2}']);
    expect(d.paths['/a/{id}/b/{id2}'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'id2']);
    expect(d.paths['/a/{id}/b/{id2}'].get.operationId).toBe('getAByIdBById2');
  });
});
