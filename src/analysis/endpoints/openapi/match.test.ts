import { describe, expect, it } from 'vitest';
import { loadSpec } from './import.js';
import { compileSpecMatcher, compileTemplates, matchTemplate, normalizeTemplate, pathSegments } from './match.js';

describe('matchTemplate', () => {
  it.each([
    ['/users/v1/{username}', '/users/v1/alice', true],
    ['/users/v1/{username}', '/users/v1/{name}', true], // parameter names do not matter
    ['/users/v1/{username}', '/users/v1/alice/email', false],
    ['/users/v1/{username}', '/users/v1/', false], // an empty segment is no value
    ['/users/v1/login', '/users/v1/{username}', false], // strict: a parameter does not stand for a literal
    ['/accounts/{AccountId}/balances', '/accounts/22289/balances?x=1', true],
    ['/workshop/api/mechanic/', '/workshop/api/mechanic', true], // trailing slash
    ['/', '/', true],
    ['/files/{name}.json', '/files/report.json', true],
    ['/files/{name}.json', '/files/report.xml', false],
    ['/books/{title}', '/books/War%20and%20Peace', true],
    ['/caf%C3%A9/menu', '/café/menu', true], // literals compare decoded
  ])('%s vs %s → %s', (spec, path, want) => {
    expect(matchTemplate(spec, path)).toBe(want);
  });
});

describe('compileTemplates', () => {
  const m = compileTemplates(
    ['/users/v1', '/users/v1/login', '/users/v1/{username}', '/users/v1/{username}/email', '/users/v1/_debug', '/files/{name}.json', '/files/{id}'].map((t) => ({
      method: 'GET',
      template: t,
      value: t,
    })),
  );

  it('lets literals furthest left win, as routers do', () => {
    expect(m.match('GET', '/users/v1/login')?.value).toBe('/users/v1/login');
    expect(m.match('GET', '/users/v1/alice')?.value).toBe('/users/v1/{username}');
    expect(m.match('get', '/users/v1/_debug')?.value).toBe('/users/v1/_debug');
    expect(m.match('GET', '/files/a.json')?.value).toBe('/files/{name}.json');
    expect(m.match('GET', '/files/a.xml')?.value).toBe('/files/{id}');
    expect(m.matchAll('GET', '/users/v1/login').map((x) => x.value)).toEqual(['/users/v1/login', '/users/v1/{username}']);
  });

  it('says how the input fits', () => {
    expect(m.match('GET', '/users/v1/login')?.fit).toBe('exact');
    expect(m.match('GET', '/users/v1/{u}')?.fit).toBe('exact');
    expect(m.match('GET', '/users/v1/bob/email')?.fit).toBe('finer');
  });

  it('matches by method', () => {
    expect(m.match('POST', '/users/v1/login')).toBeUndefined();
  });

  it('lets a learned parameter stand for literals only when asked', () => {
    const lit = compileTemplates([
      { method: 'GET', template: '/reports/daily', value: 'daily' },
      { method: 'GET', template: '/reports/monthly', value: 'monthly' },
    ]);
    expect(lit.match('GET', '/reports/{id}')).toBeUndefined();
    const all = lit.matchAll('GET', '/reports/{id}', { coarse: true });
    expect(all.map((x) => [x.value, x.fit])).toEqual([
      ['daily', 'coarser'],
      ['monthly', 'coarser'],
    ]);
  });
});

describe('compileSpecMatcher', () => {
  it('matches on full paths, one per base path', () => {
    const spec = loadSpec(
      'openapi: 3.0.0\ninfo: {title: t, version: "1"}\nservers: [{url: /api/v2}, {url: "https://x.example/v2-beta"}]\npaths:\n  /accounts/{id}:\n    get: {responses: {}}\n',
      'two-bases.yaml',
    );
    const m = compileSpecMatcher(spec);
    expect(m.match('GET', '/api/v2/accounts/7')?.template).toBe('/api/v2/accounts/{id}');
    expect(m.match('GET', '/v2-beta/accounts/7')?.template).toBe('/v2-beta/accounts/{id}');
    expect(m.match('GET', '/accounts/7')).toBeUndefined();
  });
});

describe('normalizeTemplate and pathSegments', () => {
  it('writes every parameter as {} and drops what does not name a resource', () => {
    expect(normalizeTemplate('/a/{x}/b/{y}/')).toBe('/a/{}/b/{}');
    expect(normalizeTemplate('/files/{name}.json')).toBe('/files/{}.json');
    expect(normalizeTemplate('/')).toBe('/');
    expect(pathSegments('//a//b/?q=/c#f')).toEqual(['a', 'b']);
  });
});
