import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusPath, haveCorpus } from '../../../test/helpers/corpus.js';
import type { InputIssue } from '../../core/errors.js';
import type { Exchange } from '../../core/exchange.js';
import { readHarExchanges } from '../har/index.js';
import { exchangeToJsonl, readJsonlExchanges } from './index.js';

async function* chunks(parts: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
}

async function read(parts: (string | Buffer)[], opts: { maxLineBytes?: number } = {}): Promise<{ exchanges: Exchange[]; issues: InputIssue[] }> {
  const exchanges: Exchange[] = [];
  const issues: InputIssue[] = [];
  for await (const ex of readJsonlExchanges(chunks(parts), { source: 'jsonl:in.jsonl', onIssue: (i) => issues.push(i), ...opts })) exchanges.push(ex);
  return { exchanges, issues };
}

const ex = (id: string, over: Partial<Exchange> = {}): Exchange => ({
  v: 1,
  id,
  ts: '2024-05-01T08:00:00.123Z',
  client: { ip: '203.0.113.7', port: 51234 },
  server: { ip: '10.0.0.5', port: 443 },
  request: { method: 'GET', url: `/item/${id}?q=观澜`, httpVersion: '1.1', headers: [['host', 'bank.example']] },
  response: { status: 200, httpVersion: '1.1', headers: [['content-type', 'text/plain']], body: 'ok\n"line"', bodyEncoding: 'utf8' },
  source: 'pcap:captures/a.pcap',
  ...over,
});

describe('exchangeToJsonl', () => {
  it('writes one line in the interface key order, whatever order the object was built in', () => {
    const scrambled = {
      notes: ['tcp.gap'],
      source: 's:x',
      response: { bodyEncoding: 'utf8', body: 'b', headers: [], httpVersion: '1.1', reason: 'OK', status: 200 },
      request: { bodyWireLength: 3, headers: [['a', 'b']], httpVersion: '1.1', url: '/', method: 'GET' },
      server: { port: 2, ip: 'b' },
      client: { port: 1, ip: 'a' },
      durationMs: 1,
      ts: '2024-05-01T08:00:00.123Z',
      id: 'i',
      v: 1,
    } as Exchange;
    const line = exchangeToJsonl(scrambled);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(line).toBe(
      '{"v":1,"id":"i","ts":"2024-05-01T08:00:00.123Z","durationMs":1,"client":{"ip":"a","port":1},"server":{"ip":"b","port":2},' +
        '"request":{"method":"GET","url":"/","httpVersion":"1.1","headers":[["a","b"]],"bodyWireLength":3},' +
        '"response":{"status":200,"reason":"OK","httpVersion":"1.1","headers":[],"body":"b","bodyEncoding":"utf8"},"source":"s:x","notes":["tcp.gap"]}\n',
    );
  });

  it('leaves out undefined fields and keys that are not in the interface', () => {
    const x = { ...ex('1'), response: undefined, durationMs: undefined, extra: 'no' } as Exchange;
    expect(JSON.parse(exchangeToJsonl(x))).toEqual({ ...ex('1'), response: undefined, durationMs: undefined });
    expect(exchangeToJsonl(x)).not.toContain('extra');
    expect(exchangeToJsonl(x)).not.toContain('response');
  });
});

describe('readJsonlExchanges', () => {
  const file = [ex('1'), ex('2', { response: undefined, notes: ['http.missing_response'] }), ex('3', { durationMs: 0.25 })].map(exchangeToJsonl).join('');

  it('round-trips exchangeToJsonl, keeping each line\'s source', async () => {
    const { exchanges, issues } = await read([file]);
    expect(issues).toEqual([]);
    expect(exchanges).toEqual([ex('1'), ex('2', { response: undefined, notes: ['http.missing_response'] }), ex('3', { durationMs: 0.25 })].map((e) => JSON.parse(JSON.stringify(e))));
    expect(exchanges.every((e) => e.source === 'pcap:captures/a.pcap')).toBe(true);
  });

  it('gives the same result for every split of the input into two chunks, and byte by byte', async () => {
    const bytes = Buffer.from(`\uFEFF${file.replace(/\n/g, '\r\n')}\n\n`);
    const whole = await read([bytes]);
    expect(whole.exchanges).toHaveLength(3);
    expect(whole.issues).toEqual([]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await read([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut at ${cut}`).toEqual(whole);
    }
    expect(await read([...bytes].map((b) => Buffer.from([b])))).toEqual(whole);
  });

  it('does not keep chunks it does not own (the producer reuses one buffer)', async () => {
    const bytes = Buffer.from(file);
    const reused = async function* (): AsyncGenerator<Buffer> {
      const scratch = Buffer.alloc(100);
      for (let i = 0; i < bytes.length; i += 100) yield scratch.subarray(0, bytes.copy(scratch, 0, i, i + 100));
    };
    const exchanges: Exchange[] = [];
    for await (const e of readJsonlExchanges(reused(), { source: 'jsonl:in.jsonl', onIssue: (i) => expect.fail(i.message) })) exchanges.push(e);
    expect(exchanges).toEqual((await read([file])).exchanges);
  });

  it('reports invalid lines with their 1-based number and goes on', async () => {
    const lines = [
      exchangeToJsonl(ex('1')).trimEnd(),
      '',
      '{"v":1,',
      '   ',
      JSON.stringify({ ...ex('x'), request: { ...ex('x').request, method: 7 } }),
      '[1,2]',
      exchangeToJsonl(ex('2')).trimEnd(),
      JSON.stringify({ ...ex('y'), v: 2 }),
    ];
    const { exchanges, issues } = await read([lines.join('\n')]);
    expect(exchanges.map((e) => e.id)).toEqual(['1', '2']);
    expect(issues).toEqual([
      { input: 'in.jsonl', where: 'line 3', message: expect.stringMatching(/^not JSON: /) },
      { input: 'in.jsonl', where: 'line 5', message: 'not a valid Exchange: request.method: expected string, got number' },
      { input: 'in.jsonl', where: 'line 6', message: 'not a valid Exchange: (root): expected object, got array' },
      { input: 'in.jsonl', where: 'line 8', message: 'not a valid Exchange: v: expected 1, got 2' },
    ]);
  });

  it('tolerates CRLF, blank lines, a BOM and a last line without newline', async () => {
    const [a, b] = [exchangeToJsonl(ex('a')).trimEnd(), exchangeToJsonl(ex('b')).trimEnd()];
    const { exchanges, issues } = await read([`\uFEFF\r\n${a}\r\n\r\n  \t\r\n${b}`]);
    expect(issues).toEqual([]);
    expect(exchanges.map((e) => e.id)).toEqual(['a', 'b']);
  });

  it('a BOM anywhere but the start is not stripped', async () => {
    const { issues } = await read([`${exchangeToJsonl(ex('a'))}\uFEFF${exchangeToJsonl(ex('b'))}`]);
    expect(issues).toEqual([{ input: 'in.jsonl', where: 'line 2', message: expect.stringMatching(/^not JSON/) }]);
  });

  it('an input that is only part of a BOM is one bad line', async () => {
    const { exchanges, issues } = await read([Buffer.from([0xef]), Buffer.from([0xbb])]);
    expect(exchanges).toEqual([]);
    expect(issues).toEqual([{ input: 'in.jsonl', where: 'line 1', message: expect.stringMatching(/^not JSON/) }]);
  });

  it('skips a line over the limit without holding it, and keeps counting lines', async () => {
    const long = JSON.stringify({ ...ex('big'), response: { ...ex('big').response!, body: 'x'.repeat(5000) } });
    const small = exchangeToJsonl(ex('s')).trimEnd();
    const text = `${small}\n${long}\n${small}\n${long}`;
    const parts: string[] = [];
    for (let i = 0; i < text.length; i += 300) parts.push(text.slice(i, i + 300));
    const { exchanges, issues } = await read(parts, { maxLineBytes: 2000 });
    expect(exchanges.map((e) => e.id)).toEqual(['s', 's']);
    expect(issues).toEqual([
      { input: 'in.jsonl', where: 'line 2', message: 'line longer than 2000 bytes; skipped' },
      { input: 'in.jsonl', where: 'line 4', message: 'line longer than 2000 bytes; skipped' },
    ]);
  });

  it('empty input gives nothing and no issue', async () => {
    expect(await read([])).toEqual({ exchanges: [], issues: [] });
    expect(await read(['\n\r\n'])).toEqual({ exchanges: [], issues: [] });
  });

  it.skipIf(!haveCorpus)('round-trips every HAR of the corpus through JSONL', async () => {
    const manifest = JSON.parse(readFileSync(corpusPath('har', 'manifest.json'), 'utf8')) as { files: { file: string }[] };
    let n = 0;
    for (const { file } of manifest.files) {
      const original: Exchange[] = [];
      for await (const e of readHarExchanges(chunks([readFileSync(corpusPath('har', file))]), { source: `har:${file}`, onIssue: () => {} })) original.push(e);
      const text = original.map(exchangeToJsonl).join('');
      const back = await read([text]);
      expect(back.issues).toEqual([]);
      expect(back.exchanges).toEqual(original);
      n += original.length;
    }
    expect(n).toBe(200);
  });
});
