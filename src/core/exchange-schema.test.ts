import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/helpers/corpus.js';
import type { Exchange } from './exchange.js';
import { ExchangeSchema, isExchange, validateExchange, validateExchangeWithZod } from './exchange-schema.js';
import { EXCHANGE_SCHEMA_FILE, exchangeJsonSchema, exchangeJsonSchemaText } from './write-exchange-schema.js';

const full: Exchange = {
  v: 1,
  id: '0123456789abcdef',
  ts: '2024-05-01T08:00:00.123Z',
  durationMs: 12.5,
  client: { ip: '203.0.113.7', port: 51234 },
  server: { ip: '10.0.0.5', port: 443 },
  request: {
    method: 'POST',
    url: '/api/v1/login?from=app',
    httpVersion: '1.1',
    headers: [
      ['host', 'bank.example'],
      ['content-type', 'application/json'],
    ],
    body: '{"user":"a"}',
    bodyEncoding: 'utf8',
    bodyTruncated: false,
  },
  response: { status: 200, reason: 'OK', httpVersion: '1.1', headers: [['content-type', 'text/plain']], body: 'AAEC', bodyEncoding: 'base64', bodyWireLength: 3 },
  source: 'pcap:file.pcap',
  notes: ['tcp.gap'],
};

const minimal = {
  v: 1,
  id: 'x',
  ts: '2024-02-29T23:59:59.999Z',
  client: { ip: '::1', port: 0 },
  server: { ip: '0.0.0.0', port: 65535 },
  request: { method: 'GET', url: '/', httpVersion: '2', headers: [] },
  source: 'har:-',
};

// Test tables poke at arbitrary paths of untyped JSON; one loose alias keeps that readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** A deep copy of `base` with `f` applied. */
function edit(base: object, f: (x: Loose) => void): unknown {
  const copy = structuredClone(base);
  f(copy);
  return copy;
}

const valid: [string, unknown][] = [
  ['the DESIGN example', full],
  ['no optional fields, no response', minimal],
  ['empty notes and headers', edit(minimal, (x) => (x.notes = []))],
  ['status bounds', edit(full, (x) => (x.response.status = 100))],
  ['status 999', edit(full, (x) => (x.response.status = 999))],
  // a response seen without its request, and one without a status line (HTTP/0.9)
  ['unsolicited response', edit(full, (x) => ((x.request.method = ''), (x.request.url = '')))],
  ['status 0', edit(full, (x) => (x.response.status = 0))],
  ['zero duration', edit(full, (x) => (x.durationMs = 0))],
  ['fractional duration', edit(full, (x) => (x.durationMs = 0.001))],
  ['optional keys present as undefined (JS objects)', edit(minimal, (x) => ((x.request.body = undefined), (x.response = undefined)))],
  ['response with only the required fields', edit(minimal, (x) => (x.response = { status: 204, httpVersion: '1.1', headers: [] }))],
  ['empty body and reason', edit(full, (x) => ((x.request.body = ''), (x.response.reason = '')))],
  ['empty header name and value', edit(full, (x) => x.request.headers.push(['', '']))],
  ['absolute-form url', edit(full, (x) => (x.request.url = 'http://a.example/x'))],
];

const invalid: [string, unknown, string][] = [
  ['null', null, '(root): expected object, got null'],
  ['an array', [], '(root): expected object, got array'],
  ['a string', 'x', '(root): expected object, got string'],
  ['v 2', edit(full, (x) => (x.v = 2)), 'v: expected 1, got 2'],
  ['v "1"', edit(full, (x) => (x.v = '1')), 'v: expected 1, got "1"'],
  ['no id', edit(full, (x) => delete x.id), 'id: required'],
  ['empty id', edit(full, (x) => (x.id = '')), 'id: must not be empty'],
  ['ts without ms', edit(full, (x) => (x.ts = '2024-05-01T08:00:00Z')), 'ts: expected ISO-8601'],
  ['ts with µs', edit(full, (x) => (x.ts = '2024-05-01T08:00:00.123456Z')), 'ts: expected ISO-8601'],
  ['ts with an offset', edit(full, (x) => (x.ts = '2024-05-01T08:00:00.123+08:00')), 'ts: expected ISO-8601'],
  ['ts not a leap day', edit(full, (x) => (x.ts = '2023-02-29T08:00:00.123Z')), 'ts: expected ISO-8601'],
  ['ts with a space', edit(full, (x) => (x.ts = '2024-05-01 08:00:00.123Z')), 'ts: expected ISO-8601'],
  ['ts a number', edit(full, (x) => (x.ts = 1714550400123)), 'ts: expected string, got number'],
  ['negative duration', edit(full, (x) => (x.durationMs = -1)), 'durationMs: must be >= 0'],
  ['duration a string', edit(full, (x) => (x.durationMs = '5')), 'durationMs: expected number, got string'],
  ['no client', edit(full, (x) => delete x.client), 'client: required'],
  ['client port too big', edit(full, (x) => (x.client.port = 65536)), 'client.port: must be <= 65535'],
  ['client port fractional', edit(full, (x) => (x.client.port = 1.5)), 'client.port: expected integer, got number'],
  ['client port negative', edit(full, (x) => (x.client.port = -1)), 'client.port: must be >= 0'],
  ['server ip empty', edit(full, (x) => (x.server.ip = '')), 'server.ip: must not be empty'],
  ['server ip a number', edit(full, (x) => (x.server.ip = 10)), 'server.ip: expected string, got number'],
  ['unknown key at the root', edit(full, (x) => (x.extra = 1)), '(root): unknown key "extra"'],
  ['unknown key in request', edit(full, (x) => (x.request.bodyEncodnig = 'utf8')), 'request: unknown key "bodyEncodnig"'],
  ['unknown key in client', edit(full, (x) => (x.client.host = 'a')), 'client: unknown key "host"'],
  ['unknown key set to undefined', edit(full, (x) => (x.request.extra = undefined)), 'request: unknown key "extra"'],
  ['method a number', edit(full, (x) => (x.request.method = 5)), 'request.method: expected string, got number'],
  ['no url', edit(full, (x) => delete x.request.url), 'request.url: required'],
  ['empty httpVersion', edit(full, (x) => (x.request.httpVersion = '')), 'request.httpVersion: must not be empty'],
  ['headers an object', edit(full, (x) => (x.request.headers = { host: 'a' })), 'request.headers: expected array, got object'],
  ['a header of 3', edit(full, (x) => x.request.headers.push(['a', 'b', 'c'])), 'request.headers[2]: expected 2 items'],
  ['a header of 1', edit(full, (x) => x.request.headers.push(['a'])), 'request.headers[2]'],
  ['a header value number', edit(full, (x) => (x.request.headers[1][1] = 5)), 'request.headers[1][1]: expected string, got number'],
  ['a header as an object', edit(full, (x) => (x.request.headers[0] = { name: 'a', value: 'b' })), 'request.headers[0]: expected array, got object'],
  ['bodyEncoding hex', edit(full, (x) => (x.request.bodyEncoding = 'hex')), 'request.bodyEncoding: expected "utf8" or "base64", got "hex"'],
  ['body a number', edit(full, (x) => (x.request.body = 1)), 'request.body: expected string, got number'],
  ['bodyTruncated a string', edit(full, (x) => (x.request.bodyTruncated = 'no')), 'request.bodyTruncated: expected boolean, got string'],
  ['negative bodyWireLength', edit(full, (x) => (x.response.bodyWireLength = -1)), 'response.bodyWireLength: must be >= 0'],
  ['fractional bodyWireLength', edit(full, (x) => (x.response.bodyWireLength = 1.5)), 'response.bodyWireLength: expected integer'],
  ['status -1', edit(full, (x) => (x.response.status = -1)), 'response.status: must be >= 0'],
  ['status 1000', edit(full, (x) => (x.response.status = 1000)), 'response.status: must be <= 999'],
  ['status fractional', edit(full, (x) => (x.response.status = 200.5)), 'response.status: expected integer, got number'],
  ['status a string', edit(full, (x) => (x.response.status = '200')), 'response.status: expected number, got string'],
  ['response null', edit(full, (x) => (x.response = null)), 'response: expected object, got null'],
  ['response without headers', edit(full, (x) => delete x.response.headers), 'response.headers: required'],
  ['reason a number', edit(full, (x) => (x.response.reason = 1)), 'response.reason: expected string, got number'],
  ['notes not strings', edit(full, (x) => (x.notes = [1])), 'notes[0]: expected string, got number'],
  ['notes a string', edit(full, (x) => (x.notes = 'tcp.gap')), 'notes: expected array, got string'],
  ['no source', edit(full, (x) => delete x.source), 'source: required'],
  ['empty source', edit(full, (x) => (x.source = '')), 'source: must not be empty'],
];

describe('ExchangeSchema and validateExchange', () => {
  it.each(valid)('accepts %s', (_name, x) => {
    const r = validateExchange(x);
    expect(r).toEqual({ ok: true, value: x });
    expect(validateExchangeWithZod(x)).toEqual(r);
  });

  it.each(invalid)('rejects %s', (_name, x, error) => {
    const r = validateExchange(x);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.startsWith(error), r.error).toBe(true);
      expect(r.error).not.toContain('\n');
    }
    expect(validateExchangeWithZod(x)).toEqual(r);
  });

  it('hands back the object it was given (no copy on the fast path)', () => {
    const r = validateExchange(full);
    expect(r.ok && r.value).toBe(full);
  });

  it('the hand-written check agrees with zod on random mutations of valid exchanges', () => {
    // Deterministic pseudo-random mutations: change, delete or add one value somewhere in the tree.
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const junk: unknown[] = [null, 0, -1, 1.5, 65536, 100, 999, 1000, '', 'x', '1.1', 'utf8', 'base64', true, false, [], {}, ['a', 'b'], [['a', 'b']], '2024-05-01T08:00:00.000Z', '2024-05-01T08:00:00Z', 1, 2];
    const paths = (x: unknown, prefix: (string | number)[] = []): (string | number)[][] => {
      if (x === null || typeof x !== 'object') return [prefix];
      const keys: (string | number)[] = Array.isArray(x) ? x.map((_v, i) => i) : Object.keys(x);
      return [prefix, ...keys.flatMap((k) => paths((x as Record<string | number, unknown>)[k], [...prefix, k]))];
    };
    let disagreements = 0;
    let rejected = 0;
    for (let n = 0; n < 3000; n++) {
      const base = structuredClone(n % 2 ? full : minimal) as unknown as Record<string | number, unknown>;
      const all = paths(base).filter((p) => p.length > 0);
      const p = all[rnd(all.length)];
      let parent: Record<string | number, unknown> = base;
      for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
      const last = p[p.length - 1];
      const op = rnd(3);
      if (op === 0) delete parent[last];
      else if (op === 1) parent[last] = structuredClone(junk[rnd(junk.length)]);
      else if (!Array.isArray(parent)) parent[['response', 'reason', 'bodyTruncated', 'zzz', 'durationMs', 'notes'][rnd(6)]] = structuredClone(junk[rnd(junk.length)]);
      const fast = isExchange(base);
      const slow = ExchangeSchema.safeParse(base).success;
      if (fast !== slow) disagreements++;
      if (!slow) rejected++;
    }
    expect(disagreements).toBe(0);
    expect(rejected).toBeGreaterThan(1000); // the mutations do exercise rejections
  });

  it('costs well under 5 µs per typical exchange', () => {
    const headers = (n: number): [string, string][] => Array.from({ length: n }, (_, i) => [`x-header-${i}`, `value ${i}`]);
    const typical = { ...full, request: { ...full.request, headers: headers(12) }, response: { ...full.response!, headers: headers(10), body: 'x'.repeat(2000) } };
    const objs = Array.from({ length: 2000 }, (_, i) => JSON.parse(JSON.stringify({ ...typical, id: String(i) })) as unknown);
    let best = Infinity;
    for (let round = 0; round < 5; round++) {
      const t0 = process.hrtime.bigint();
      for (let k = 0; k < 10; k++) for (const o of objs) if (!validateExchange(o).ok) throw new Error('unexpected');
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1000 / (objs.length * 10));
    }
    console.log(`validateExchange: ${best.toFixed(2)} µs per exchange`);
    expect(best).toBeLessThan(5);
  });
});

// ---- The published JSON Schema ----

/** The subset of JSON Schema 2020-12 the generated file uses, enough to run the tables through it. */
function jsonSchemaAccepts(schema: Record<string, Loose>, x: unknown): boolean {
  const t = schema.type as string | undefined;
  if (t === 'object' && (typeof x !== 'object' || x === null || Array.isArray(x))) return false;
  if (t === 'array' && !Array.isArray(x)) return false;
  if (t === 'string' && typeof x !== 'string') return false;
  if (t === 'number' && typeof x !== 'number') return false;
  if (t === 'integer' && !Number.isInteger(x)) return false;
  if (t === 'boolean' && typeof x !== 'boolean') return false;
  if ('const' in schema && x !== schema.const) return false;
  if (schema.enum && !schema.enum.includes(x)) return false;
  if (typeof x === 'string') {
    if (schema.minLength !== undefined && [...x].length < schema.minLength) return false;
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(x)) return false;
  }
  if (typeof x === 'number') {
    if (schema.minimum !== undefined && x < schema.minimum) return false;
    if (schema.maximum !== undefined && x > schema.maximum) return false;
  }
  if (Array.isArray(x)) {
    if (schema.minItems !== undefined && x.length < schema.minItems) return false;
    if (schema.maxItems !== undefined && x.length > schema.maxItems) return false;
    const prefix = (schema.prefixItems ?? []) as Record<string, Loose>[];
    for (let i = 0; i < x.length; i++) {
      const s = i < prefix.length ? prefix[i] : schema.items;
      if (s === false) return false;
      if (s && !jsonSchemaAccepts(s, x[i])) return false;
    }
  }
  if (t === 'object') {
    const o = x as Record<string, unknown>;
    for (const k of schema.required ?? []) if (!(k in o)) return false;
    for (const [k, v] of Object.entries(o)) {
      const s = schema.properties?.[k];
      if (s) {
        if (!jsonSchemaAccepts(s, v)) return false;
      } else if (schema.additionalProperties === false) return false;
    }
  }
  return true;
}

describe(EXCHANGE_SCHEMA_FILE, () => {
  const file = path.join(REPO_ROOT, EXCHANGE_SCHEMA_FILE);
  // UPDATE_SCHEMA=1 npx vitest run src/core/exchange-schema.test.ts  regenerates it.
  if (process.env.UPDATE_SCHEMA === '1') writeFileSync(file, exchangeJsonSchemaText());
  const committed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Loose>;

  it('is exactly what ExchangeSchema generates (regenerate with UPDATE_SCHEMA=1)', () => {
    expect(committed).toEqual(exchangeJsonSchema());
    expect(readFileSync(file, 'utf8')).toBe(exchangeJsonSchemaText());
  });

  it('is draft 2020-12 with its $id, title and description', () => {
    expect(committed.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(committed.$id).toBe('https://guanlan.dev/schema/exchange.v1.schema.json');
    expect(committed.title).toMatch(/Exchange/);
    expect(committed.description).toBeTruthy();
  });

  // JSON cannot carry `undefined`, so those rows are left to the zod tests.
  const jsonRows = <T extends unknown[]>(rows: T[]): T[] => rows.filter((r) => JSON.stringify(r[1]) !== undefined && !/undefined/.test(r[0] as string));

  it.each(jsonRows(valid))('accepts %s', (_name, x) => {
    expect(jsonSchemaAccepts(committed, x)).toBe(true);
  });

  it.each(jsonRows(invalid))('rejects %s', (_name, x) => {
    expect(jsonSchemaAccepts(committed, x)).toBe(false);
  });
});
