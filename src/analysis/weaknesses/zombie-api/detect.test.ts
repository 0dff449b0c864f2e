import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../endpoints/openapi/import.js';
import { analyzeWeaknesses } from '../run.js';
import { ex, findings, where } from '../test-helpers.js';
import { zombieApi } from './detect.js';

type Ex = ReturnType<typeof ex>;
const HOST = 'mapi.bank.example.cn';
const call = (method: string, url: string, status = 200, ts?: string, host = HOST): Ex =>
  ex({ method, url, host, status, ...(ts ? { ts } : {}), response: { body: status < 300 ? { code: '0000', data: { ok: true } } : { code: 'E404' } } });
const times = (n: number, f: (i: number) => Ex): Ex[] => Array.from({ length: n }, (_, i) => f(i));

const SPEC = `
openapi: 3.0.3
info: { title: 手机银行开放接口, version: "2.3" }
servers: [{ url: "https://mapi.bank.example.cn/api" }]
paths:
  /v2/accounts/{accountId}/balance:
    get: { operationId: getBalance, responses: { "200": { description: ok } } }
  /v2/transfers:
    post: { operationId: transfer, responses: { "200": { description: ok } } }
  /v2/cust/profile:
    get: { operationId: getProfile, deprecated: true, responses: { "200": { description: ok } } }
`;

function withSpec(exchanges: Ex[], text = SPEC) {
  return analyzeWeaknesses(exchanges, { detectors: [zombieApi], context: { specs: [loadSpec(text, 'mbank.yaml')] } });
}

describe('zombie-api without a spec', () => {
  const valid: [string, Ex[], string[]][] = [
    [
      '/v1 still answered while /v2 of the same path is',
      [call('GET', '/api/v2/accounts/1001/balance', 200, '2024-05-01T08:00:00Z'), call('GET', '/api/v1/accounts/1002/balance', 200, '2024-05-01T09:00:00Z')],
      ['GET /api/v1/accounts/{accountId}/balance'],
    ],
    [
      'three versions: v1 and v2 both behind v3',
      [call('POST', '/api/v3/transfers', 200, '2024-05-01T08:00:00Z'), call('POST', '/api/v2/transfers', 200, '2024-05-01T08:30:00Z'), call('POST', '/api/v1/transfers', 200, '2024-05-01T09:00:00Z')],
      ['POST /api/v1/transfers', 'POST /api/v2/transfers'],
    ],
    [
      'version first in the path, different parameter names',
      [call('GET', '/v2/users/1001/cards', 200, '2024-05-01T08:00:00Z'), call('GET', '/v1/users/1001/cards', 200, '2024-05-01T09:00:00Z')],
      ['GET /v1/users/{userId}/cards'],
    ],
  ];
  const invalid: [string, Ex[]][] = [
    ['only one version in use', [call('GET', '/api/v1/accounts/1001/balance'), call('GET', '/api/v1/accounts/1002/balance')]],
    ['old version answers 404/410 (retired)', [call('GET', '/api/v2/transfers'), ...times(3, () => call('GET', '/api/v1/transfers', 410))]],
    ['v1 last called before v2 appeared (migrated)', [call('GET', '/api/v1/loans', 200, '2024-04-01T08:00:00Z'), call('GET', '/api/v2/loans', 200, '2024-05-01T08:00:00Z')]],
    ['different method', [call('GET', '/api/v2/transfers'), call('POST', '/api/v1/transfers')]],
    ['different rest of the path', [call('GET', '/api/v2/accounts'), call('GET', '/api/v1/cards')]],
    ['different applications', [call('GET', '/api/v2/accounts'), call('GET', '/api/v1/accounts', 200, undefined, 'ebank.example.cn')]],
    ['CORS preflight on the old path', [call('GET', '/api/v2/accounts'), call('OPTIONS', '/api/v1/accounts', 204)]],
  ];
  for (const [name, exchanges, at] of valid) {
    it(`finds: ${name}`, () => {
      const f = findings(zombieApi, exchanges);
      expect(where(f)).toEqual(at);
      expect(f[0]!.ruleId).toBe('GL-W-0020');
      expect(f[0]!.location).toBe('');
      expect(f[0]!.detail).toMatch(/still answered .* while v\d/);
    });
  }
  for (const [name, exchanges] of invalid) {
    it(`ignores: ${name}`, () => {
      expect(findings(zombieApi, exchanges)).toEqual([]);
    });
  }
  it('requireOverlap: false also flags a version last called before the newer appeared', () => {
    const xs = [call('GET', '/api/v1/loans', 200, '2024-04-01T08:00:00Z'), call('GET', '/api/v2/loans', 200, '2024-05-01T08:00:00Z')];
    expect(where(findings(zombieApi, xs, { requireOverlap: false }))).toEqual(['GET /api/v1/loans']);
  });
});

describe('zombie-api with a spec', () => {
  it('flags a deprecated operation still answered', () => {
    const f = withSpec([call('GET', '/api/v2/cust/profile'), call('GET', '/api/v2/transfers')]);
    expect(where(f)).toEqual(['GET /api/v2/cust/profile']);
    expect(f[0]!.detail).toContain('deprecated');
    expect(f[0]!.data).toMatchObject({ kind: 'deprecated', spec: 'mbank.yaml' });
  });
  it('flags an older version of a documented API even when the newer is not called', () => {
    const f = withSpec([call('GET', '/api/v1/accounts/1001/balance'), call('POST', '/api/v2/transfers')]);
    expect(where(f)).toEqual(['GET /api/v1/accounts/{accountId}/balance']);
    expect(f[0]!.data).toMatchObject({ kind: 'superseded', newer: '/api/v2/accounts/{accountId}/balance' });
  });
  it('leaves documented current operations and other applications alone', () => {
    expect(withSpec([call('POST', '/api/v2/transfers'), call('GET', '/api/v2/accounts/1/balance'), call('GET', '/api/v1/accounts/1/balance', 200, undefined, 'partner.example.com')])).toEqual([]);
  });
  it('a deprecated operation that only answers 404 is retired, not a zombie', () => {
    expect(withSpec([call('GET', '/api/v2/cust/profile', 404), call('GET', '/api/v2/transfers')])).toEqual([]);
  });
  it('reads specFiles at start and names a bad file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gl-zombie-'));
    const good = path.join(dir, 'mbank.yaml');
    writeFileSync(good, SPEC);
    expect(where(findings(zombieApi, [call('GET', '/api/v2/cust/profile')], { specFiles: [good] }))).toEqual(['GET /api/v2/cust/profile']);
    const bad = path.join(dir, 'broken.yaml');
    writeFileSync(bad, 'openapi: 3.0.0\npaths: [1, 2\n');
    expect(() => findings(zombieApi, [], { specFiles: [bad] })).toThrow(/broken\.yaml/);
    expect(() => findings(zombieApi, [], { specFiles: [path.join(dir, 'missing.yaml')] })).toThrow(/missing\.yaml: cannot read the spec: ENOENT/);
  });
});
