/**
 * End-to-end on the built CLI: analyze → inventory (table, JSON, CSV) → openapi → diff → inspect,
 * incremental analysis of a second input, and the clear one-line errors for bad settings.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath } from './helpers/corpus.js';
import { guanlan, noStack, SAMPLE, tmp } from './helpers/cli.js';

describe('guanlan inventory, openapi, diff, inspect', () => {
  it('builds the inventory of the sample capture and prints it three ways', async () => {
    const db = path.join(tmp(), 'g.db');
    expect((await guanlan(['analyze', SAMPLE, '--db', db])).code).toBe(0);
    const json = await guanlan(['inventory', '--db', db, '--json']);
    expect(json.code).toBe(0);
    const eps = JSON.parse(json.stdout) as { method: string; pathTemplate: string; functions: string[]; auth: string[]; counts: { calls: number }; format: string }[];
    const byKey = new Map(eps.map((e) => [`${e.method} ${e.pathTemplate}`, e]));
    // gen-bank-pcap's routes (its README), ids folded into parameters, favicon kept out
    for (const k of ['POST /api/v1/auth/login', 'GET /api/v1/users/{userId}/profile', 'GET /api/v1/accounts/{accountId}/transactions', 'GET /api/v1/transfers/{transferId}']) expect(byKey.has(k), k).toBe(true);
    expect([...byKey.keys()].some((k) => k.includes('favicon'))).toBe(false);
    expect(byKey.get('POST /api/v1/auth/login')!.functions).toContain('login');
    expect(byKey.get('GET /api/v1/accounts/{accountId}/transactions')!.functions).toContain('list');
    expect(byKey.get('GET /api/v1/users/{userId}/profile')!.auth).toEqual(['jwt']);
    expect(eps.reduce((a, e) => a + e.counts.calls, 0)).toBeLessThanOrEqual(300);
    const table = await guanlan(['inventory', '--db', db]);
    expect(table.stdout).toMatch(/\/api\/v1\/accounts\/\{accountId\}\/balance/);
    expect(table.stdout).toMatch(/endpoint\(s\) in 1 application/);
    const csv = await guanlan(['inventory', '--db', db, '--csv']);
    expect(csv.stdout.split('\n')[0]).toMatch(/^id,app,host,method,pathTemplate/);
    expect(csv.stdout.trim().split('\n')).toHaveLength(eps.length + 1);

    const oa = await guanlan(['openapi', '--db', db]);
    const doc = JSON.parse(oa.stdout) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/users/{userId}/profile');
  });

  it('diff names shadow, zombie and orphan APIs against a documented spec', async () => {
    const dir = tmp();
    const db = path.join(dir, 'g.db');
    await guanlan(['analyze', SAMPLE, '--db', db]);
    const spec = path.join(dir, 'bank.yaml');
    writeFileSync(
      spec,
      [
        'openapi: 3.0.0',
        'info: { title: Bank, version: "1" }',
        'paths:',
        '  /api/v1/auth/login: { post: { responses: { "200": { description: ok } } } }',
        '  /api/v1/accounts: { get: { deprecated: true, responses: { "200": { description: ok } } } }',
        '  /api/v1/cards/{cardId}: { get: { responses: { "200": { description: ok } } } }',
      ].join('\n'),
    );
    const r = await guanlan(['diff', '--db', db, '--spec', spec, '--json']);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.stdout) as { shadow: { pathTemplate: string }[]; zombie: { pathTemplate: string }[]; orphan: { fullPath: string }[] };
    expect(rep.orphan.map((o) => o.fullPath)).toEqual(['/api/v1/cards/{cardId}']);
    expect(rep.zombie.map((z) => z.pathTemplate)).toEqual(['/api/v1/accounts']);
    expect(rep.shadow.map((s) => s.pathTemplate)).toContain('/api/v1/users/{userId}/profile');
    const text = await guanlan(['diff', '--db', db, '--spec', spec]);
    expect(text.stdout).toMatch(/Shadow APIs/);
    const bad = await guanlan(['diff', '--db', db, '--spec', path.join(dir, 'nope.yaml')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/nope\.yaml/);
    noStack(bad.stderr);
  });

  it('inspect prints one conclusion per exchange, also from stdin', async () => {
    const r = await guanlan(['inspect', corpusPath('har', 'akto', 'restapi_81.har'), '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { endpoint: { pathTemplate: string; method: string }; format: string });
    expect(lines).toHaveLength(81);
    expect(new Set(lines.map((l) => `${l.endpoint.method} ${l.endpoint.pathTemplate}`))).toEqual(new Set(['POST /api/cars', 'GET /api/books']));
    const ex = await guanlan(['exchanges', SAMPLE]);
    const viaStdin = await guanlan(['inspect', '-'], { input: ex.stdout });
    expect(viaStdin.code).toBe(0);
    expect(viaStdin.stdout.trim().split('\n')).toHaveLength(300);
  });

  it('a second input updates the same inventory', async () => {
    const dir = tmp();
    const db = path.join(dir, 'g.db');
    const mk = (name: string, ids: string[]): string => {
      const f = path.join(dir, name);
      writeFileSync(
        f,
        ids
          .map((id, i) =>
            JSON.stringify({ v: 1, id: `${name}-${i}`, ts: `2024-05-0${i + 1}T08:00:00.000Z`, client: { ip: '198.51.100.4', port: 4000 + i }, server: { ip: '10.0.0.1', port: 80 }, request: { method: 'GET', url: `/api/orders/${id}`, httpVersion: '1.1', headers: [['host', 'shop.example']] }, response: { status: 200, httpVersion: '1.1', headers: [['content-type', 'application/json']], body: '{"id":1,"total":2}' }, source: 'jsonl:x' }),
          )
          .join('\n'),
      );
      return f;
    };
    await guanlan(['analyze', mk('a.jsonl', ['ord.alpha']), '--db', db]);
    let eps = JSON.parse((await guanlan(['inventory', '--db', db, '--json'])).stdout) as { pathTemplate: string; counts: { calls: number } }[];
    expect(eps.map((e) => e.pathTemplate)).toEqual(['/api/orders/ord.alpha']);
    await guanlan(['analyze', mk('b.jsonl', ['ord.beta', 'ord.gamma', 'ord.delta']), '--db', db]);
    eps = JSON.parse((await guanlan(['inventory', '--db', db, '--json'])).stdout);
    expect(eps.map((e) => [e.pathTemplate, e.counts.calls])).toEqual([['/api/orders/{orderName}', 4]]);
  });

  it('a malformed settings file stops with one line naming the file and the line', async () => {
    const dir = tmp();
    const cfg = path.join(dir, 'g.yaml');
    writeFileSync(cfg, 'discovery:\n  lifecycle:\n    newDays: -3\n');
    const r = await guanlan(['analyze', SAMPLE, '--db', path.join(dir, 'g.db'), '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/g\.yaml: line 3: discovery\.lifecycle\.newDays/);
    noStack(r.stderr);
    writeFileSync(cfg, 'discovery:\n  pins: [\n');
    const y = await guanlan(['analyze', SAMPLE, '--db', path.join(dir, 'g.db'), '--config', cfg]);
    expect(y.code).toBe(2);
    expect(y.stderr).toMatch(/g\.yaml: line \d+, column \d+/);
    const pin = await guanlan(['analyze', SAMPLE, '--db', path.join(dir, 'g.db'), '--pin', 'no-slash']);
    expect(pin.code).toBe(2);
    expect(pin.stderr).toMatch(/--pin no-slash/);
  });

  it("the operator's service-object prefixes win over what the client addresses suggest", async () => {
    const dir = tmp();
    const cfg = path.join(dir, 'g.yaml');
    writeFileSync(cfg, 'discovery:\n  serviceObject:\n    partnerPrefixes: [/api/v1/wealth]\n');
    const db = path.join(dir, 'g.db');
    await guanlan(['analyze', SAMPLE, '--db', db, '--config', cfg]);
    const eps = JSON.parse((await guanlan(['inventory', '--db', db, '--json'])).stdout) as { pathTemplate: string; serviceObject: string; serviceObjectReason: string }[];
    const wealth = eps.find((e) => e.pathTemplate === '/api/v1/wealth/products')!;
    expect(wealth.serviceObject).toBe('partner');
    expect(wealth.serviceObjectReason).toMatch(/\/api\/v1\/wealth/);
    // the capture's clients are all on loopback
    expect(eps.find((e) => e.pathTemplate === '/api/v1/accounts')!.serviceObject).toBe('internal');
  });

  it('inventory on a store that does not exist says so', async () => {
    const r = await guanlan(['inventory', '--db', path.join(tmp(), 'absent.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/absent\.db.*no such file/);
    noStack(r.stderr);
  });
});
