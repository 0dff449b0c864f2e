import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../endpoints/openapi/import.js';
import type { SpecResult } from '../../endpoints/openapi/types.js';
import { analyzeWeaknesses } from '../run.js';
import { ex, findings, where } from '../test-helpers.js';
import { shadowApi } from './detect.js';

type Ex = ReturnType<typeof ex>;
const HOST = 'mapi.bank.example.cn';
const call = (method: string, url: string, status = 200, host = HOST, response: object = { code: '0000', data: { ok: true } }): Ex =>
  ex({ method, url, host, status, response: { body: response } });

const SPEC = `
openapi: 3.0.3
info: { title: 手机银行开放接口, version: "2.3" }
servers: [{ url: "https://mapi.bank.example.cn/api" }]
paths:
  /v2/accounts/{accountId}/balance:
    get: { operationId: getBalance, responses: { "200": { description: ok } } }
  /v2/transfers:
    post: { operationId: transfer, responses: { "200": { description: ok } } }
  /v2/users/login:
    post: { operationId: login, responses: { "200": { description: ok } } }
  /v2/users/{userId}:
    get: { operationId: getUser, responses: { "200": { description: ok } } }
`;
/** the same API documented without servers: covers the applications where it matched */
const NO_HOST_SPEC = SPEC.replace(/servers:.*\n/, '').replace(/ {2}\/v2\//g, '  /api/v2/');

const run = (exchanges: Ex[], specs: SpecResult[] = [loadSpec(SPEC, 'mbank.yaml')], params: Record<string, unknown> = {}) =>
  analyzeWeaknesses(exchanges, { detectors: [shadowApi], context: { specs }, params: { 'shadow-api': params } });

describe('shadow-api', () => {
  const documented = [call('GET', '/api/v2/accounts/1001/balance'), call('POST', '/api/v2/transfers'), call('POST', '/api/v2/users/login')];
  const valid: [string, Ex[], string[]][] = [
    ['an undocumented debug endpoint on the documented host', [...documented, call('GET', '/api/v2/debug/cache/dump')], ['GET /api/v2/debug/cache/dump']],
    ['an undocumented method on a documented path', [...documented, call('DELETE', '/api/v2/transfers')], ['DELETE /api/v2/transfers']],
    ['undocumented internal export', [...documented, call('POST', '/api/internal/cust/export')], ['POST /api/internal/cust/export']],
  ];
  const invalid: [string, Ex[]][] = [
    ['documented operations (concrete values under spec parameters)', [...documented, call('GET', '/api/v2/users/1001')]],
    ['the literal wins over a parameter', [call('POST', '/api/v2/users/login')]],
    ['CORS preflight', [...documented, call('OPTIONS', '/api/v2/debug/cache/dump', 204)]],
    ['scanner probes answered 404', [...documented, call('GET', '/api/v2/.env', 404), call('GET', '/api/v2/actuator/env', 404)]],
    ['another application (host not in the spec)', [...documented, call('GET', '/api/v1/whatever', 200, 'partner.example.com')]],
    ['outside the base path on the same host (website, assets)', [...documented, call('GET', '/portal/index/banner')]],
    ['health check', [...documented, call('GET', '/api/health', 200, HOST, { status: 'UP' })]],
    ['an older version of a documented API is a zombie, not a shadow', [...documented, call('GET', '/api/v1/accounts/1001/balance')]],
  ];
  for (const [name, exchanges, at] of valid) {
    it(`finds: ${name}`, () => {
      const f = run(exchanges);
      expect(where(f)).toEqual(at);
      expect(f[0]!.ruleId).toBe('GL-W-0021');
      expect(f[0]!.detail).toContain('"mbank.yaml"');
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(run(exchanges)).toEqual([]);
    });
  }
  it('reports nothing without specs', () => {
    expect(findings(shadowApi, [...documented, call('GET', '/api/v2/debug/cache/dump')])).toEqual([]);
  });
  it('a spec naming no host covers the applications where it matched, only those', () => {
    const xs = [...documented, call('GET', '/api/v2/debug/cache/dump'), call('GET', '/api/v9/other', 200, 'ebank.example.cn')];
    expect(where(run(xs, [loadSpec(NO_HOST_SPEC, 'nohost.yaml')]))).toEqual(['GET /api/v2/debug/cache/dump']);
  });
  it('documented in any covering spec is enough', () => {
    const other = loadSpec(SPEC.replace('/v2/transfers:', '/v2/debug/cache/dump:\n    get: { responses: {} }\n  /v2/transfers:'), 'ops.yaml');
    expect(run([...documented, call('GET', '/api/v2/debug/cache/dump')], [loadSpec(SPEC, 'mbank.yaml'), other])).toEqual([]);
  });
  it('scopeToBasePath: false also flags endpoints outside the base path', () => {
    expect(where(run([...documented, call('GET', '/portal/index/banner')], undefined, { scopeToBasePath: false }))).toEqual(['GET /portal/index/banner']);
  });
  it('ignoreFunctions: [] also flags an undocumented health check', () => {
    expect(where(run([...documented, call('GET', '/api/health', 200, HOST, { status: 'UP' })], undefined, { ignoreFunctions: [] }))).toEqual(['GET /api/health']);
  });
  it('reads specFiles at start and names a bad file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gl-shadow-'));
    const good = path.join(dir, 'mbank.yaml');
    writeFileSync(good, SPEC);
    expect(where(findings(shadowApi, [...documented, call('GET', '/api/v2/debug/cache/dump')], { specFiles: [good] }))).toEqual(['GET /api/v2/debug/cache/dump']);
    const notSpec = path.join(dir, 'notes.yaml');
    writeFileSync(notSpec, 'title: not a spec\n');
    expect(() => findings(shadowApi, [], { specFiles: [notSpec] })).toThrow(/notes\.yaml: not an OpenAPI or Swagger document/);
  });
});
