/**
 * Every spec of the shared corpus (../shared/corpus/openapi, 16 specs, 473 operations) and Akto's
 * REST sample (har/akto: a HAR with the OpenAPI file Akto generated from it).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusPath, haveCorpus } from '../../../../test/helpers/corpus.js';
import { loadSpec } from './import.js';
import { compileSpecMatcher } from './match.js';

interface PathsJson {
  specs: Record<string, { operation_count: number; templated_operation_count: number; servers: string[]; operations: { method: string; path: string; path_params: string[]; operationId?: string }[] }>;
}

const paths: PathsJson = haveCorpus ? JSON.parse(readFileSync(corpusPath('openapi', 'paths.json'), 'utf8')) : { specs: {} };

describe.skipIf(!haveCorpus)('corpus/openapi: every spec loads', () => {
  it.each(Object.entries(paths.specs))('%s', (file, want) => {
    const spec = loadSpec(readFileSync(corpusPath('openapi', file), 'utf8'), file);
    expect(spec.error).toBeUndefined();
    expect(spec.warnings).toEqual([]);
    expect(spec.operations).toHaveLength(want.operation_count);
    expect(spec.operations.filter((o) => o.pathParams.length > 0)).toHaveLength(want.templated_operation_count);
    const key = (o: { method: string; path: string }): string => `${o.method} ${o.path}`;
    expect(spec.operations.map(key).sort()).toEqual(want.operations.map(key).sort());
    for (const o of want.operations) {
      const got = spec.operations.find((s) => key(s) === key(o));
      expect(got?.pathParams.map((p) => p.name)).toEqual(o.path_params);
      expect(got?.operationId).toBe(o.operationId);
    }
    // The base path is the path part of the server URL.
    const base = new URL(want.servers[0], 'http://relative.invalid').pathname.replace(/\/$/, '');
    expect(spec.basePaths).toEqual([base]);
    expect(spec.operations.every((o) => o.fullPaths[0] === base + o.path)).toBe(true);
  });

  it('473 operations in all', () => {
    let total = 0;
    for (const file of Object.keys(paths.specs)) total += loadSpec(readFileSync(corpusPath('openapi', file), 'utf8'), file).operations.length;
    expect(total).toBe(473);
  });
});

describe.skipIf(!haveCorpus)('corpus/har/akto: the REST sample and its spec', () => {
  const spec = haveCorpus ? loadSpec(readFileSync(corpusPath('har', 'akto', 'restapi_swagger.json'), 'utf8'), 'restapi_swagger.json') : undefined;

  it('loads (OpenAPI 3.0.1 with path-level servers)', () => {
    expect(spec?.error).toBeUndefined();
    expect(spec?.dialect).toBe('openapi-3.0');
    expect(spec).toMatchObject({ basePaths: [''], hosts: ['localhost:8000'] });
    expect(spec?.operations.map((o) => `${o.method} ${o.fullPaths.join(',')}`)).toEqual(['POST /api/cars', 'GET /api/books']);
    expect(spec?.operations[0]).toMatchObject({ responseStatus: 201, requestBodyExample: { p: 1, q: 1 } });
  });

  it('every request of the capture is one of the documented operations', () => {
    const har = JSON.parse(readFileSync(corpusPath('har', 'akto', 'restapi_81.har'), 'utf8')) as { log: { entries: { request: { method: string; url: string } }[] } };
    const matcher = compileSpecMatcher(spec ?? { operations: [] });
    const hits = new Map<string, number>();
    for (const { request } of har.log.entries) {
      const op = matcher.match(request.method, new URL(request.url).pathname)?.value;
      expect(op, `${request.method} ${request.url}`).toBeDefined();
      hits.set(`${op?.method} ${op?.path}`, (hits.get(`${op?.method} ${op?.path}`) ?? 0) + 1);
    }
    expect(Object.fromEntries(hits)).toEqual({ 'POST /api/cars': 54, 'GET /api/books': 27 });
  });
});
