import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadSpec } from './import.js';

/** Swagger 2.0, written for these tests: basePath, every parameter location, a self-referencing definition. */
const SWAGGER = `
swagger: "2.0"
info: { title: Branch API, version: "1.4" }
host: api.bank.example
basePath: /branch/v1/
consumes: [application/json]
produces: [application/json]
parameters:
  BranchId: { name: branchId, in: path, required: true, type: integer, format: int64, x-example: 1024 }
paths:
  /branches/{branchId}:
    parameters:
      - $ref: '#/parameters/BranchId'
    get:
      operationId: getBranch
      tags: [branches]
      parameters:
        - { name: lang, in: query, type: string, enum: [en, zh] }
        - { name: X-Request-Id, in: header, type: string, required: true }
      responses:
        "200": { description: ok, schema: { $ref: '#/definitions/Branch' } }
    put:
      deprecated: true
      parameters:
        - { name: body, in: body, schema: { $ref: '#/definitions/Branch' } }
      responses:
        "204": { description: updated }
  /branches/{branchId}/login:
    post:
      consumes: [application/x-www-form-urlencoded]
      parameters:
        - { name: user, in: formData, type: string, x-example: teller1 }
        - { name: pin, in: formData, type: string }
      responses:
        "201": { description: created, examples: { application/json: { token: abc } } }
definitions:
  Branch:
    type: object
    required: [id]
    properties:
      id: { type: integer, readOnly: true }
      name: { type: string, example: Central }
      opened: { type: string, format: date }
      parent: { $ref: '#/definitions/Branch' }
      children: { type: array, items: { $ref: '#/definitions/Branch' } }
`;

/** OpenAPI 3.1: server variables, type lists, `examples`, component $refs, a cycle through two schemas. */
const OPENAPI_31 = {
  openapi: '3.1.0',
  info: { title: 'Cards', version: '2' },
  servers: [{ url: 'https://{env}.cards.example/api/{ver}/', variables: { env: { default: 'live' }, ver: { default: 'v2', enum: ['v2', 'v3'] } } }, { url: '/internal/cards' }],
  paths: {
    '/cards/{cardId}': {
      parameters: [{ name: 'cardId', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        parameters: [
          { $ref: '#/components/parameters/CardId' },
          { name: 'fields', in: 'query', schema: { type: ['string', 'null'], examples: ['pan,expiry'] } },
        ],
        responses: { '2XX': { $ref: '#/components/responses/Card' }, '404': { description: 'none' } },
      },
      patch: {
        requestBody: { $ref: '#/components/requestBodies/CardPatch' },
        responses: { '200': { description: 'ok' } },
      },
    },
    '/cards/{cardId}/statements/{month}.pdf': {
      get: { responses: { '200': { description: 'pdf', content: { 'application/pdf': {} } } } },
    },
  },
  components: {
    parameters: { CardId: { name: 'cardId', in: 'path', required: true, schema: { type: 'string', pattern: '^C[0-9]{8}$' } } },
    responses: { Card: { description: 'card', content: { 'application/vnd.cards.v2+json': { schema: { $ref: '#/components/schemas/Card' } } } } },
    requestBodies: { CardPatch: { content: { 'application/json': { examples: { one: { value: { blocked: true } } } } } } },
    schemas: {
      Card: { type: 'object', properties: { id: { type: 'string' }, owner: { $ref: '#/components/schemas/Owner' }, limit: { type: ['integer', 'null'] } } },
      Owner: { type: 'object', properties: { name: { type: 'string' }, cards: { type: 'array', items: { $ref: '#/components/schemas/Card' } } } },
    },
  },
};

describe('loadSpec: Swagger 2.0', () => {
  const spec = loadSpec(SWAGGER, 'branch.yaml');

  it('reads title, version, base path and host', () => {
    expect(spec.error).toBeUndefined();
    expect(spec.warnings).toEqual([]);
    expect(spec).toMatchObject({ dialect: 'swagger-2.0', title: 'Branch API', version: '1.4', basePaths: ['/branch/v1'], hosts: ['api.bank.example'] });
    expect(spec.operations.map((o) => `${o.method} ${o.fullPaths[0]}`)).toEqual([
      'GET /branch/v1/branches/{branchId}',
      'PUT /branch/v1/branches/{branchId}',
      'POST /branch/v1/branches/{branchId}/login',
    ]);
  });

  it('merges path-level parameters and keeps every location', () => {
    const get = spec.operations[0];
    expect(get.pathParams).toEqual([{ name: 'branchId', required: true, schema: { type: 'integer', format: 'int64', example: 1024 } }]);
    expect(get.queryParams).toEqual([{ name: 'lang', required: false, schema: { type: 'string', enum: ['en', 'zh'] } }]);
    expect(get.headerParams).toEqual([{ name: 'x-request-id', required: true, schema: { type: 'string' } }]);
    expect(get).toMatchObject({ operationId: 'getBranch', tags: ['branches'], deprecated: false, responseStatus: 200 });
  });

  it('builds bodies through self-referencing definitions without looping', () => {
    const [get, put, login] = spec.operations;
    expect(get.responseExample).toEqual({ id: 1, name: 'Central', opened: '2024-05-01', children: [] });
    expect(put).toMatchObject({ deprecated: true, requestContentType: 'application/json', responseStatus: 204 });
    // readOnly `id` is left out of a request
    expect(put.requestBodyExample).toEqual({ name: 'Central', opened: '2024-05-01', children: [] });
    expect(login).toMatchObject({ requestContentType: 'application/x-www-form-urlencoded', requestBodyExample: { user: 'teller1', pin: 'string' }, responseStatus: 201, responseExample: { token: 'abc' } });
  });
});

describe('loadSpec: OpenAPI 3.1', () => {
  it('reads servers with variables, $refs, type lists and examples', () => {
    const spec = loadSpec(JSON.stringify(OPENAPI_31), 'cards.json');
    expect(spec.error).toBeUndefined();
    expect(spec).toMatchObject({ dialect: 'openapi-3.1', basePaths: ['/api/v2', '/internal/cards'], hosts: ['live.cards.example'] });
    const [get, patch, pdf] = spec.operations;
    expect(get.fullPaths).toEqual(['/api/v2/cards/{cardId}', '/internal/cards/cards/{cardId}']);
    // The operation's $ref parameter overrides the path item's one of the same name.
    expect(get.pathParams).toEqual([{ name: 'cardId', required: true, schema: { type: 'string', pattern: '^C[0-9]{8}$' } }]);
    expect(get.queryParams).toEqual([{ name: 'fields', required: false, schema: { type: 'string', example: 'pan,expiry' } }]);
    expect(get).toMatchObject({ responseStatus: 200, responseContentType: 'application/vnd.cards.v2+json', contentTypes: ['application/vnd.cards.v2+json'] });
    expect(get.responseExample).toEqual({ id: 'string', owner: { name: 'string', cards: [] }, limit: 1 });
    expect(patch.requestBodyExample).toEqual({ blocked: true });
    expect(pdf.pathParams.map((p) => p.name)).toEqual(['cardId', 'month']);
    expect(pdf.responseContentType).toBe('application/pdf');
  });

  it('reads the same document as YAML and as JSON', () => {
    const fromJson = loadSpec(JSON.stringify(OPENAPI_31), 'cards.json');
    const fromYaml = loadSpec(stringify(OPENAPI_31), 'cards.yaml');
    expect({ ...fromYaml, name: '' }).toEqual({ ...fromJson, name: '' });
  });

  it('gives servers without a path an empty base path', () => {
    const spec = loadSpec('openapi: 3.0.3\ninfo: {title: t, version: "1"}\nservers: [{url: "http://localhost:8080"}]\npaths:\n  /:\n    get: {responses: {"200": {description: ok}}}\n', 's.yaml');
    expect(spec.basePaths).toEqual(['']);
    expect(spec.hosts).toEqual(['localhost:8080']);
    expect(spec.operations[0].fullPaths).toEqual(['/']);
    const none = loadSpec('openapi: 3.0\ninfo: {title: t, version: 1.0}\npaths: {}\n', 'n.yaml'); // unquoted numbers
    expect(none).toMatchObject({ dialect: 'openapi-3.0', version: '1', basePaths: [''] });
  });
});

describe('loadSpec: malformed input', () => {
  const cases: [string, string, { where?: string; message: RegExp }][] = [
    ['bad JSON', '{\n  "openapi": "3.0.0",\n  "paths": {,}\n}', { where: 'line 3, column 13', message: /^invalid JSON/ }],
    ['bad YAML', 'openapi: 3.0.0\npaths:\n  /a: [\n', { where: 'line 4, column 1', message: /^invalid YAML/ }],
    ['empty', '  \n', { message: /empty/ }],
    ['a list', '[1, 2]', { message: /top level is not an object/ }],
    ['no version field', 'info: {title: x}\npaths: {}\n', { message: /no `openapi` or `swagger` field/ }],
    ['unsupported OpenAPI', 'openapi: 4.0.0\npaths: {}\n', { where: 'openapi', message: /unsupported version openapi 4\.0\.0/ }],
    ['Swagger 1.2', '{"swagger": "1.2", "apis": []}', { where: 'swagger', message: /unsupported version swagger 1\.2/ }],
    ['paths not an object', 'openapi: 3.0.0\npaths: [a]\n', { where: 'paths', message: /not an object/ }],
  ];
  it.each(cases)('%s: an error naming the file and the place', (_name, text, want) => {
    const spec = loadSpec(text, 'specs/broken.yaml');
    expect(spec.operations).toEqual([]);
    expect(spec.error?.input).toBe('specs/broken.yaml');
    expect(spec.error?.where).toBe(want.where);
    expect(spec.error?.message).toMatch(want.message);
    expect(spec.error?.message).not.toMatch(/\n\s+at /); // no stack traces
  });

  it('skips broken parts with warnings and keeps the rest', () => {
    const text = JSON.stringify({
      openapi: '3.0.1',
      info: { title: 'x', version: '1' },
      paths: {
        'no-slash': { get: {} },
        '/a': { get: 'nope', post: { parameters: [{ $ref: '#/components/parameters/Missing' }], requestBody: { $ref: 'other.yaml#/x' }, responses: {} } },
        '/b': { $ref: '#/paths/~1b' },
        '/c/{id}': { get: { responses: { '200': { $ref: '#/components/responses/Loop' } } } },
      },
      components: { responses: { Loop: { $ref: '#/components/responses/Loop' } } },
    });
    const spec = loadSpec(text, 'partial.json');
    expect(spec.error).toBeUndefined();
    expect(spec.operations.map((o) => `${o.method} ${o.path}`)).toEqual(['POST /a', 'GET /c/{id}']);
    expect(spec.warnings.map((w) => `${w.where}: ${w.message}`)).toEqual([
      'paths["no-slash"]: path does not start with "/": skipped',
      'paths["/a"].get: the operation is not an object: skipped',
      'paths["/a"].post.parameters[0]: $ref #/components/parameters/Missing points nowhere',
      'paths["/a"].post.requestBody: external $ref other.yaml#/x is not followed',
      'paths["/b"]: circular $ref #/paths/~1b',
      'paths["/c/{id}"].get.responses["200"]: circular $ref #/components/responses/Loop',
    ]);
    expect(spec.warnings.every((w) => w.input === 'partial.json')).toBe(true);
  });

  it('never throws, whatever the bytes', () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const base = stringify(OPENAPI_31);
    for (let i = 0; i < 300; i++) {
      const cut = base.slice(0, rnd(base.length));
      const mutated = cut.slice(0, rnd(cut.length + 1)) + '{[:-&*!|>'[rnd(9)] + cut.slice(rnd(cut.length + 1));
      expect(() => loadSpec(mutated, 'fuzz.yaml')).not.toThrow();
    }
  });
});
