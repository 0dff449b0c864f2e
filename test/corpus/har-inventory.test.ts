/**
 * Discovery on real HAR files (corpus/har): Akto's REST traffic against its swagger (issue 3
 * acceptance: the learned inventory matches the documented operations that appear in the
 * traffic), and the templating fixtures of har-to-openapi (dates, numeric ids, UUIDs, opaque ids
 * in paths); every HAR of the corpus goes through discovery without failing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/analysis/endpoints/catalog/catalog.js';
import { compileSpecMatcher, loadSpec, scoreTemplates } from '../../src/analysis/endpoints/openapi/index.js';
import { corpusPath, haveCorpus } from '../helpers/corpus.js';
import { decodeFile } from '../helpers/decode.js';

async function learn(file: string): Promise<{ method: string; template: string; params: string[] }[]> {
  const { exchanges } = await decodeFile(file);
  const catalog = new Catalog();
  for (const ex of exchanges) catalog.observe(ex);
  return catalog.finish().endpoints.map((e) => ({ method: e.method, template: e.pathTemplate, params: [...e.stats.params.keys()].sort() }));
}

describe.skipIf(!haveCorpus)('discovery on the HAR corpus', () => {
  it("Akto's REST traffic: the inventory is the swagger's operations seen in the traffic", async () => {
    const file = corpusPath('har', 'akto', 'restapi_81.har');
    const spec = loadSpec(readFileSync(corpusPath('har', 'akto', 'restapi_swagger.json'), 'utf8'), 'restapi_swagger.json');
    expect(spec.error).toBeUndefined();
    const { exchanges } = await decodeFile(file);
    // the documented operations that really appear in the traffic
    const matcher = compileSpecMatcher(spec);
    const seen = new Map<string, { method: string; path: string }>();
    for (const ex of exchanges) {
      const p = new URL(ex.request.url, 'http://x').pathname;
      const m = matcher.match(ex.request.method, p);
      if (m) seen.set(`${m.value.method} ${m.value.path}`, { method: m.value.method, path: m.value.path });
    }
    expect(seen.size).toBe(2);
    const learned = await learn(file);
    const score = scoreTemplates(learned, [...seen.values()]);
    expect(score.f1).toBe(1);
    expect(score.merged).toEqual([]);
    // parameters: the query string and the JSON body both show
    const cars = learned.find((l) => l.template === '/api/cars')!;
    expect(cars.params).toEqual(expect.arrayContaining(['p', 'q']));
  });

  it('har-to-openapi url.har: dates, ids and UUIDs become parameters, words stay', async () => {
    const learned = (await learn(corpusPath('har', 'har-to-openapi', 'url.har'))).map((l) => `${l.method} ${l.template}`).sort();
    expect(learned).toEqual([
      'POST /login/date/{date}',
      'POST /login/date/{date}/id/{id}/uuid/{uuid}',
      'POST /login/id/{id}',
      'POST /login/id/{id}/idTwo/{idTwoId}',
      'POST /login/id/{id}/idTwo/{idTwoId}/true',
      'POST /login/uuid/{uuid}',
    ]);
  });

  it('har-to-openapi typed-params.har and pathReplace.har: numeric and opaque ids', async () => {
    const typed = (await learn(corpusPath('har', 'har-to-openapi', 'typed-params.har'))).map((l) => `${l.method} ${l.template}`).sort();
    expect(typed).toContain('GET /orders/{orderId}');
    const opaque = (await learn(corpusPath('har', 'har-to-openapi', 'pathReplace.har'))).map((l) => `${l.method} ${l.template}`);
    expect(opaque).toEqual(['POST /login/id/{id}']);
  });

  it('every HAR of the corpus goes through discovery', async () => {
    const root = corpusPath('har');
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const f of readdirSync(d)) {
        const p = path.join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (f.endsWith('.har')) files.push(p);
      }
    };
    walk(root);
    expect(files.length).toBeGreaterThanOrEqual(40);
    let endpoints = 0;
    for (const f of files) endpoints += (await learn(f)).length;
    expect(endpoints).toBeGreaterThan(50);
  });
});
