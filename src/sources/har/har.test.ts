import { describe, expect, it } from 'vitest';
import type { InputIssue } from '../../core/errors.js';
import { type Exchange, bodyBytes } from '../../core/exchange.js';
import { validateExchange } from '../../core/exchange-schema.js';
import { HarScanner, harExchangeId, harTime, httpVersion, readHarExchanges, splitUrl } from './index.js';

async function* pieces(text: string | Buffer, size = Infinity): AsyncGenerator<Buffer> {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  if (size === Infinity) {
    yield buf;
    return;
  }
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function read(text: string | Buffer, size?: number, opts: { maxEntryBytes?: number } = {}): Promise<{ exchanges: Exchange[]; issues: InputIssue[] }> {
  const exchanges: Exchange[] = [];
  const issues: InputIssue[] = [];
  for await (const ex of readHarExchanges(pieces(text, size), { source: 'har:t.har', onIssue: (i) => issues.push(i), ...opts })) {
    expect(validateExchange(ex)).toEqual({ ok: true, value: ex });
    exchanges.push(ex);
  }
  return { exchanges, issues };
}

const har = (entries: unknown[], extra: Record<string, unknown> = {}): string => JSON.stringify({ log: { version: '1.2', ...extra, entries } });
// Entries are untyped JSON; one loose alias keeps the overrides readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
const entry = (over: Record<string, Loose> = {}): Record<string, Loose> => ({
  startedDateTime: '2024-05-01T08:00:00.123Z',
  time: 12.5,
  request: { method: 'GET', url: 'https://api.example/v1/users?id=7', httpVersion: 'HTTP/1.1', headers: [{ name: 'Accept', value: '*/*' }], ...over.request },
  response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: [{ name: 'Content-Type', value: 'application/json' }], content: { text: '{"ok":true}' }, ...over.response },
  ...Object.fromEntries(Object.entries(over).filter(([k]) => k !== 'request' && k !== 'response')),
});

describe('readHarExchanges: mapping an entry', () => {
  it('maps a plain entry', async () => {
    const { exchanges, issues } = await read(har([entry({ serverIPAddress: '[2001:db8::1]' })]));
    expect(issues).toEqual([]);
    expect(exchanges).toEqual([
      {
        v: 1,
        id: harExchangeId('har:t.har', 0),
        ts: '2024-05-01T08:00:00.123Z',
        durationMs: 12.5,
        client: { ip: '0.0.0.0', port: 0 },
        server: { ip: '2001:db8::1', port: 443 },
        request: { method: 'GET', url: '/v1/users?id=7', httpVersion: '1.1', headers: [['host', 'api.example'], ['accept', '*/*']] },
        response: { status: 200, reason: 'OK', httpVersion: '1.1', headers: [['content-type', 'application/json']], body: '{"ok":true}', bodyEncoding: 'utf8' },
        source: 'har:t.har',
      },
    ]);
    expect(exchanges[0].id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('HTTP/2: :authority becomes host, other pseudo headers go, an existing host wins', async () => {
    const h2 = entry({
      request: { httpVersion: 'h2', headers: [{ name: ':method', value: 'GET' }, { name: ':authority', value: 'h2.example' }, { name: ':path', value: '/x' }, { name: 'user-agent', value: 'ua' }] },
      response: { httpVersion: 'h2', headers: [{ name: ':status', value: '200' }, { name: 'Server', value: 's' }] },
    });
    const both = entry({ request: { headers: [{ name: ':authority', value: 'a.example' }, { name: 'Host', value: 'b.example' }] } });
    const { exchanges } = await read(har([h2, both]));
    expect(exchanges[0].request.headers).toEqual([['host', 'h2.example'], ['user-agent', 'ua']]);
    expect(exchanges[0].request.httpVersion).toBe('2');
    expect(exchanges[0].response!.headers).toEqual([['server', 's']]);
    expect(exchanges[1].request.headers).toEqual([['host', 'b.example']]);
  });

  it('takes the version from pseudo headers when httpVersion is empty', async () => {
    const { exchanges } = await read(har([entry({ request: { httpVersion: '', headers: [{ name: ':authority', value: 'x' }] }, response: { httpVersion: '' } })]));
    expect(exchanges[0].request.httpVersion).toBe('2');
    expect(exchanges[0].response!.httpVersion).toBe('2');
  });

  it('response status 0 or no response → no response, noted', async () => {
    const { exchanges } = await read(har([entry({ response: { status: 0, _error: 'net::ERR_FAILED' } }), { request: { method: 'GET', url: 'http://a/' } }]));
    expect(exchanges.map((e) => e.response)).toEqual([undefined, undefined]);
    expect(exchanges.every((e) => e.notes?.includes('http.missing_response'))).toBe(true);
  });

  it('an impossible status drops the response with a note', async () => {
    const { exchanges } = await read(har([entry({ response: { status: 42 } })]));
    expect(exchanges[0].response).toBeUndefined();
    expect(exchanges[0].notes).toEqual(['har.bad_status', 'http.missing_response']);
  });

  it('base64 content: UTF-8 bytes become utf8 text, other bytes stay base64', async () => {
    const text = Buffer.from('héllo 观澜').toString('base64');
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]).toString('base64');
    const { exchanges } = await read(
      har([entry({ response: { content: { text, encoding: 'base64' } } }), entry({ response: { content: { text: binary, encoding: 'base64' } } }), entry({ response: { content: { text: 'not base64!', encoding: 'base64' } } })]),
    );
    expect(exchanges[0].response).toMatchObject({ body: 'héllo 观澜', bodyEncoding: 'utf8' });
    expect(exchanges[1].response).toMatchObject({ body: binary, bodyEncoding: 'base64' });
    expect(exchanges[2].response).toMatchObject({ body: 'not base64!', bodyEncoding: 'utf8' });
    expect(exchanges[2].notes).toEqual(['har.bad_base64']);
  });

  it('request body from postData.text, else from postData.params (urlencoded)', async () => {
    const { exchanges } = await read(
      har([
        entry({ request: { method: 'POST', postData: { mimeType: 'application/json', text: '{"a":1}', params: [{ name: 'x', value: 'y' }] } } }),
        entry({ request: { method: 'POST', postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'user', value: 'a b' }, { name: 'pw', value: '&=' }] } } }),
        entry({ request: { method: 'POST', postData: { mimeType: 'text/plain', text: '' } } }),
      ]),
    );
    expect(exchanges[0].request).toMatchObject({ body: '{"a":1}', bodyEncoding: 'utf8' });
    expect(exchanges[1].request).toMatchObject({ body: 'user=a+b&pw=%26%3D', bodyEncoding: 'utf8' });
    expect(exchanges[1].notes).toEqual(['har.body_from_params']);
    expect(exchanges[2].request.body).toBeUndefined();
  });

  it('a body the producer did not save is marked truncated, not empty', async () => {
    const { exchanges } = await read(har([entry({ response: { content: { size: 1234, mimeType: 'image/png' }, bodySize: 1000 } })]));
    expect(exchanges[0].response).toMatchObject({ bodyTruncated: true, bodyWireLength: 1000 });
    expect(exchanges[0].response!.body).toBeUndefined();
    expect(exchanges[0].notes).toEqual(['har.body_not_saved']);
  });

  it('rebuilds a Cookie header from request.cookies only when there is none', async () => {
    const cookies = [{ name: 'sid', value: 'abc' }, { name: 'lang', value: 'zh' }];
    const { exchanges } = await read(har([entry({ request: { cookies } }), entry({ request: { cookies, headers: [{ name: 'Cookie', value: 'sid=abc' }] } })]));
    expect(exchanges[0].request.headers).toContainEqual(['cookie', 'sid=abc; lang=zh']);
    expect(exchanges[0].notes).toEqual(['har.cookie_from_cookies']);
    expect(exchanges[1].request.headers.filter((h) => h[0] === 'cookie')).toEqual([['cookie', 'sid=abc']]);
  });

  it('client address from _clientAddress/_clientPort when present', async () => {
    const { exchanges } = await read(har([entry({ _clientAddress: '192.0.2.9', _clientPort: 50123 })]));
    expect(exchanges[0].client).toEqual({ ip: '192.0.2.9', port: 50123 });
  });

  it('server address: serverIPAddress, else an IP literal in the URL, else 0.0.0.0', async () => {
    const { exchanges } = await read(har([entry({ request: { url: 'http://127.0.0.1:5000/x' } }), entry({ request: { url: 'http://[::1]:8080/' } }), entry({ request: { url: 'http://name.example/' } })]));
    expect(exchanges.map((e) => e.server)).toEqual([
      { ip: '127.0.0.1', port: 5000 },
      { ip: '::1', port: 8080 },
      { ip: '0.0.0.0', port: 80 },
    ]);
    expect(exchanges[1].request.headers[0]).toEqual(['host', '[::1]:8080']);
  });

  it('a missing or odd startedDateTime: previous entry\'s time (or the epoch), noted', async () => {
    const { exchanges } = await read(har([{ request: { method: 'GET', url: 'http://a/' } }, entry(), { request: { method: 'GET', url: 'http://a/' }, startedDateTime: 'yesterday' }]));
    expect(exchanges.map((e) => e.ts)).toEqual(['1970-01-01T00:00:00.000Z', '2024-05-01T08:00:00.123Z', '2024-05-01T08:00:00.123Z']);
    expect(exchanges.map((e) => e.notes?.includes('har.bad_timestamp') ?? false)).toEqual([true, false, true]);
  });

  it('keeps a URL that is not absolute, noted', async () => {
    const { exchanges } = await read(har([entry({ request: { url: 'testloadimpact' } })]));
    expect(exchanges[0].request.url).toBe('testloadimpact');
    expect(exchanges[0].request.headers.some((h) => h[0] === 'host')).toBe(false);
    expect(exchanges[0].notes).toEqual(['har.bad_url']);
  });

  it('reports an entry without method or url as `entry N` and goes on', async () => {
    const { exchanges, issues } = await read(
      har([entry(), { request: { url: 'http://a/' } }, { request: { method: 'GET', url: '' } }, 'not an entry', { response: {} }, entry()], { creator: { name: 'Fiddler', version: '5' } }),
    );
    expect(exchanges).toHaveLength(2);
    expect(exchanges.map((e) => e.id)).toEqual([harExchangeId('har:t.har', 0), harExchangeId('har:t.har', 5)]);
    expect(issues).toEqual([
      { input: 't.har', where: 'entry 2', message: 'request.method is missing or empty (log.entries[1], written by Fiddler); skipped' },
      { input: 't.har', where: 'entry 3', message: 'request.url is missing or empty (log.entries[2], written by Fiddler); skipped' },
      { input: 't.har', where: 'entry 4', message: 'the entry is not an object (log.entries[3], written by Fiddler); skipped' },
      { input: 't.har', where: 'entry 5', message: 'request is missing (log.entries[4], written by Fiddler); skipped' },
    ]);
  });

  it('ids are stable per source and entry index', async () => {
    const a = await read(har([entry(), entry()]));
    const b = await read(har([entry(), entry()]), 3);
    expect(a.exchanges.map((e) => e.id)).toEqual(b.exchanges.map((e) => e.id));
    expect(new Set(a.exchanges.map((e) => e.id)).size).toBe(2);
  });

  it('skips an entry over maxEntryBytes and reads on', async () => {
    const big = entry({ response: { content: { text: 'x'.repeat(5000) } } });
    const { exchanges, issues } = await read(har([entry(), big, entry()]), 700, { maxEntryBytes: 2000 });
    expect(exchanges).toHaveLength(2);
    expect(issues).toEqual([{ input: 't.har', where: 'entry 2', message: expect.stringMatching(/^the entry is \d+ bytes, over the limit/) }]);
  });
});

describe('readHarExchanges: the file around the entries', () => {
  it('minimal HAR: no version, creator, pages or timings', async () => {
    const { exchanges, issues } = await read('{"log":{"entries":[{"request":{"method":"GET","url":"http://a.example/"}}]}}');
    expect(issues).toEqual([]);
    expect(exchanges[0].request).toEqual({ method: 'GET', url: '/', httpVersion: '1.1', headers: [['host', 'a.example']] });
  });

  it('pages and creator before or after the entries; unknown keys anywhere', async () => {
    const e = JSON.stringify(entry());
    const before = `{"x":[1,{"log":2}],"log":{"creator":{"name":"Charles Proxy"},"pages":[{"id":"p","title":"\\"entries\\": ["}],"entries":[${e}],"comment":"done"}}`;
    const after = `{"log":{"entries":[${e},${e}],"pages":[{"entries":[1,2]}],"creator":{"name":"X"}},"trailer":null}`;
    expect((await read(before)).exchanges).toHaveLength(1);
    expect((await read(after)).exchanges).toHaveLength(2);
    expect((await read(before)).issues).toEqual([]);
  });

  it('only log.entries counts, even when other arrays are called entries', async () => {
    const { exchanges } = await read(`{"entries":[${JSON.stringify(entry())}],"log":{"x":{"entries":[${JSON.stringify(entry())}]},"entries":[]}}`);
    expect(exchanges).toEqual([]);
  });

  it('recognises keys written with escapes', async () => {
    const { exchanges } = await read(`{"\\u006cog":{"entr\\u0069es":[${JSON.stringify(entry())}]}}`);
    expect(exchanges).toHaveLength(1);
  });

  it('the same result whatever the chunking (BOM, multi-byte UTF-8, escapes across chunks)', async () => {
    const text = `\uFEFF${har([entry({ response: { content: { text: '观澜 "quoted" \\ \u0001 \ud83d\ude00' } } }), entry()], { creator: { name: '观澜' } })}`;
    const whole = await read(text);
    expect(whole.exchanges).toHaveLength(2);
    expect(whole.exchanges[0].response!.body).toBe('观澜 "quoted" \\ \u0001 \ud83d\ude00');
    for (const size of [1, 2, 3, 5, 17, 64]) expect(await read(text, size)).toEqual(whole);
  });

  it('reports broken JSON once, with byte offset and line, after yielding the entries before it', async () => {
    const text = `{"log":{"entries":[\n${JSON.stringify(entry())},\n${JSON.stringify(entry())},\n{"request": oops}]}}`;
    const at = Buffer.byteLength(text.slice(0, text.indexOf('oops')));
    for (const size of [Infinity, 7]) {
      const { exchanges, issues } = await read(text, size);
      expect(exchanges).toHaveLength(2);
      expect(issues).toEqual([{ input: 't.har', where: `byte ${at}`, message: "invalid HAR (line 4): expected a value, found 'o'" }]);
    }
  });

  it('reports a truncated file at its end', async () => {
    const text = har([entry(), entry()]);
    const cut = text.lastIndexOf('{"startedDateTime"') + 10;
    const { exchanges, issues } = await read(text.slice(0, cut));
    expect(exchanges).toHaveLength(1);
    expect(issues).toEqual([{ input: 't.har', where: `byte ${cut}`, message: 'invalid HAR (line 1): unexpected end of input (the file is truncated)' }]);
  });

  it.each([
    ['', 'byte 0', 'empty input'],
    ['  \n ', 'byte 4', 'empty input'],
    ['[]', 'byte 0', 'not a HAR file: the document must be a JSON object'],
    ['\xff\xfe{', 'byte 0', 'UTF-16'],
    ['{"log":{"entries":[]}} {}', 'byte 23', 'unexpected data after the JSON document'],
    ['{"log":{"entries":[],}}', 'byte 21', "expected a string key, found '}'"],
  ])('rejects %j', async (text, where, message) => {
    const { exchanges, issues } = await read(Buffer.from(text, 'latin1'));
    expect(exchanges).toEqual([]);
    expect(issues).toEqual([{ input: 't.har', where, message: expect.stringContaining(message) }]);
  });

  it('a JSON object without log.entries is not a HAR', async () => {
    for (const text of ['{}', '{"log":{}}', '{"log":{"entries":{}}}', '{"log":[{"entries":[]}]}']) {
      const { issues } = await read(text);
      expect(issues).toEqual([{ input: 't.har', message: 'not a HAR file: no log.entries array' }]);
    }
  });
});

describe('HarScanner: strict JSON', () => {
  // Each snippet is placed as log.pages (ignored) of a HAR; the scanner must accept exactly what JSON.parse accepts.
  const snippets = [
    '1', '-0', '0.5', '-1.5e10', '1E+2', '1e-2', '0e0', 'true', 'false', 'null', '""', '"\\u00e9\\n\\t\\"\\\\\\/\\b\\f\\r"', '[]', '{}', '[1,[2,{"a":[]}]]', ' [ 1 , 2 ] ', '"观澜"',
    '01', '-', '1.', '.5', '1e', '1e+', '+1', '0x10', 'NaN', 'Infinity', 'tru', 'nul', 'True', "'a'", '"\\x41"', '"\\u12g4"', '"a\tb"', '"a\nb"', '[1,]', '[,1]', '{"a"}', '{"a":}', '{"a":1,}', '{a:1}', '[1 2]', '{"a" 1}', '[}', '{]', '',
  ];
  it.each(snippets)('%j', (snippet) => {
    const doc = `{"log":{"pages":${snippet},"entries":[]}}`;
    let parses = true;
    try {
      JSON.parse(doc);
    } catch {
      parses = false;
    }
    for (const size of [doc.length, 1]) {
      const s = new HarScanner();
      const buf = Buffer.from(doc);
      for (let i = 0; i < buf.length; i += size) for (const _ of s.feed(buf.subarray(i, i + size)));
      s.end();
      expect(s.error === undefined, `${s.error?.message}`).toBe(parses);
    }
  });
});

describe('HAR field normalisation', () => {
  it.each([
    ['HTTP/1.1', '1.1'],
    ['http/1.0', '1.0'],
    ['HTTP/2.0', '2'],
    ['http/2.0', '2'],
    ['HTTP/2', '2'],
    ['h2', '2'],
    ['h3', '3'],
    ['HTTP/3', '3'],
    ['h3-29', '3'],
    ['HTTP/0.9', '0.9'],
    ['', undefined],
    [' ', undefined],
    [undefined, undefined],
    ['spdy/3.1', 'spdy/3.1'],
  ])('httpVersion(%j) = %j', (v, want) => {
    expect(httpVersion(v)).toBe(want);
  });

  it.each([
    ['2024-05-01T08:00:00.123Z', '2024-05-01T08:00:00.123Z'],
    ['2023-03-29T16:58:59.303-07:00', '2023-03-29T23:58:59.303Z'],
    ['2022-02-04T09:34:35.225+0530', '2022-02-04T04:04:35.225Z'],
    ['2023-12-12T16:23:16.067544+00:00', '2023-12-12T16:23:16.067Z'],
    ['2020-06-23T17:14:02.5961840+05:30', '2020-06-23T11:44:02.596Z'],
    ['2024-05-01T08:00:00.9999Z', '2024-05-01T08:00:00.999Z'],
    ['2024-05-01T08:00Z', '2024-05-01T08:00:00.000Z'],
    ['2024-05-01 08:00:00', '2024-05-01T08:00:00.000Z'],
    ['2024-01-01T00:30:00+01:00', '2023-12-31T23:30:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2023-02-29T00:00:00Z', undefined],
    ['2024-13-01T00:00:00Z', undefined],
    ['2024-05-01T24:00:00Z', undefined],
    ['2024-05-01', undefined],
    ['Wed, 01 May 2024 08:00:00 GMT', undefined],
    ['', undefined],
    [1714550400000, undefined],
  ])('harTime(%j) = %j', (v, want) => {
    expect(harTime(v)).toBe(want);
  });

  it.each([
    ['https://a.example/p?q=1#frag', { target: '/p?q=1', authority: 'a.example', host: 'a.example', port: 443 }],
    ['http://a.example', { target: '/', authority: 'a.example', port: 80 }],
    ['http://a.example?x=1', { target: '/?x=1', port: 80 }],
    ['http://a.example:8080/x', { target: '/x', authority: 'a.example:8080', host: 'a.example', port: 8080 }],
    ['https://user:pw@a.example/x', { target: '/x', authority: 'a.example', notes: ['har.url_userinfo'] }],
    ['http://[2001:db8::1]:8443/x', { target: '/x', authority: '[2001:db8::1]:8443', host: '2001:db8::1', port: 8443 }],
    ['wss://a.example/socket', { port: 443 }],
    ['ftp://a.example/f', { port: 0 }],
    ['/relative', { target: '/relative', port: 0, notes: ['har.bad_url'] }],
    ['https://a.example/%E8%A7%82 x', { target: '/%E8%A7%82 x' }],
  ])('splitUrl(%j)', (url, want) => {
    expect(splitUrl(url)).toMatchObject(want);
  });

  it('CONNECT gets the authority form', () => {
    expect(splitUrl('https://a.example', 'CONNECT').target).toBe('a.example:443');
    expect(splitUrl('https://a.example:8443', 'CONNECT').target).toBe('a.example:8443');
  });

  it('bodyBytes of a mapped base64 body round-trips', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252]);
    const { exchanges } = await read(har([entry({ response: { content: { text: bytes.toString('base64'), encoding: 'base64' } } })]));
    expect(bodyBytes(exchanges[0].response).equals(bytes)).toBe(true);
  });
});
