import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bodyBytes, encodeBody, headerValue, type Exchange } from '../../core/exchange.js';
import { exchangeId, fnv1a64Hex, isoTime, SNIFF_BYTES } from './connection.js';
import { clean, CONN, converse, T0, type Step } from './test-helpers.js';

const GET = 'GET /api/v1/accounts?page=1 HTTP/1.1\r\nHost: bank.example\r\nAccept: application/json\r\n\r\n';
const ok = (body: string, extra = ''): string => `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

function only(steps: Step[], limits?: Parameters<typeof converse>[1]): Exchange {
  const { exchanges } = converse(steps, limits);
  expect(exchanges).toHaveLength(1);
  return exchanges[0];
}

describe('HttpConnection: exchanges', () => {
  it('emits one Exchange per request/response with the contract fields', () => {
    const ex = clean(only([[0, GET], [1, ok('{"a":1}', 'Set-Cookie: a=1\r\nset-cookie: b=2\r\n')]]));
    expect(ex).toEqual({
      v: 1,
      id: exchangeId(CONN.ts, CONN.client, CONN.server, T0, 0),
      ts: new Date(T0).toISOString(),
      durationMs: 10,
      client: { ip: '203.0.113.7', port: 51234 },
      server: { ip: '10.0.0.5', port: 80 },
      request: {
        method: 'GET',
        url: '/api/v1/accounts?page=1',
        httpVersion: '1.1',
        headers: [
          ['host', 'bank.example'],
          ['accept', 'application/json'],
        ],
      },
      response: {
        status: 200,
        reason: 'OK',
        httpVersion: '1.1',
        headers: [
          ['content-type', 'application/json'],
          ['set-cookie', 'a=1'],
          ['set-cookie', 'b=2'],
          ['content-length', '7'],
        ],
        body: '{"a":1}',
        bodyEncoding: 'utf8',
        bodyWireLength: 7,
      },
      source: 'test:case',
    });
    expect(ex.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('pairs keep-alive and pipelined requests in order', () => {
    const steps: Step[] = [
      [0, 'GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\nPOST /c HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nxyz'],
      [1, ok('A') + ok('BB')],
      [1, ok('CCC')],
      [0, 'GET /d HTTP/1.1\r\nHost: h\r\n\r\n'],
      [1, ok('D')],
    ];
    const { exchanges } = converse(steps);
    expect(exchanges.map((e) => [e.request.method, e.request.url, bodyBytes(e.request).toString(), bodyBytes(e.response).toString()])).toEqual([
      ['GET', '/a', '', 'A'],
      ['GET', '/b', '', 'BB'],
      ['POST', '/c', 'xyz', 'CCC'],
      ['GET', '/d', '', 'D'],
    ]);
    expect(new Set(exchanges.map((e) => e.id)).size).toBe(4);
  });

  it('decodes chunked bodies with extensions, trailers, hex case and whitespace', () => {
    const body = 'A\r\n0123456789\r\n  a ; ext=1\r\nabcdefghij\r\n1f \r\n' + 'x'.repeat(31) + '\r\n0\r\nX-Trailer: 1\r\n\r\n';
    const ex = only([[0, GET], [1, `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${body}`]]);
    expect(bodyBytes(ex.response).toString()).toBe('0123456789abcdefghij' + 'x'.repeat(31));
    expect(ex.response!.bodyWireLength).toBe(51);
    expect(ex.notes).toBeUndefined();
  });

  it('reads chunked request bodies', () => {
    const ex = only([[0, 'POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'], [1, ok('')]]);
    expect(bodyBytes(ex.request).toString()).toBe('abc');
  });

  it('knows which responses have no body: HEAD, 204, 304, 1xx', () => {
    const { exchanges } = converse([
      [0, 'HEAD /x HTTP/1.1\r\nHost: h\r\n\r\nGET /y HTTP/1.1\r\nHost: h\r\n\r\nGET /z HTTP/1.1\r\nHost: h\r\n\r\nGET /w HTTP/1.1\r\nHost: h\r\n\r\n'],
      [1, 'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n'],
      [1, 'HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n'],
      [1, 'HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n'],
      [1, 'HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'],
    ]);
    expect(exchanges.map((e) => [e.request.url, e.response?.status, bodyBytes(e.response).length])).toEqual([
      ['/x', 200, 0],
      ['/y', 204, 0],
      ['/z', 304, 0],
      ['/w', 200, 2],
    ]);
  });

  it('skips 100 Continue and pairs the real response', () => {
    const ex = only([
      [0, 'POST /up HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n'],
      [1, 'HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n'],
      [0, 'data'],
      [1, ok('done')],
    ]);
    expect(ex.response!.status).toBe(200);
    expect(headerValue(ex.response!.headers, 'x-interim')).toBeUndefined();
    expect(bodyBytes(ex.request).toString()).toBe('data');
  });

  it('ends a request at a final response to Expect: 100-continue sent before its body', () => {
    const { exchanges } = converse([
      [0, 'PUT /f HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 14\r\n\r\n'],
      [1, 'HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n'],
      [0, 'POST /ok HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhi'],
      [1, ok('y')],
    ]);
    expect(exchanges.map((e) => [e.request.method, e.response?.status, e.notes])).toEqual([
      ['PUT', 401, undefined],
      ['POST', 200, undefined],
    ]);
  });

  it('101 Switching Protocols ends parsing (http.tunnel)', () => {
    const r = converse([
      [0, 'GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'],
      [1, 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello'],
      [0, '\x81\x85abcd\x01\x02\x03\x04\x05'],
    ]);
    expect(r.exchanges.map((e) => [e.response?.status, e.notes])).toEqual([[101, ['http.tunnel']]]);
    expect(r.stopped).toBe(true);
    expect(r.counters.get('http.tunnel')).toBe(1);
  });

  it('CONNECT 2xx opens a tunnel, other statuses do not', () => {
    const tunnel = converse([
      [0, 'CONNECT bank.example:443 HTTP/1.1\r\nHost: bank.example:443\r\n\r\n'],
      [1, 'HTTP/1.1 200 Connection Established\r\n\r\n'],
      [0, '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03'],
    ]);
    expect(tunnel.exchanges.map((e) => [e.request.method, e.request.url, e.response?.status])).toEqual([['CONNECT', 'bank.example:443', 200]]);
    expect(tunnel.stopped).toBe(true);
    const refused = converse([
      [0, 'CONNECT bank.example:443 HTTP/1.1\r\nHost: bank.example:443\r\n\r\n'],
      [1, 'HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 2\r\n\r\nno'],
      [0, GET],
      [1, ok('{}')],
    ]);
    expect(refused.exchanges.map((e) => e.response?.status)).toEqual([405, 200]);
    expect(refused.stopped).toBe(false);
  });

  it('reads a response without framing until close, a request without framing has no body', () => {
    const ex = only([[0, 'POST /x HTTP/1.0\r\n\r\n'], [1, 'HTTP/1.0 200 OK\r\n\r\nall of this'], [1, ' and this']]);
    expect(bodyBytes(ex.request).length).toBe(0);
    expect(bodyBytes(ex.response).toString()).toBe('all of this and this');
    expect(ex.notes).toBeUndefined();
  });
});

describe('HttpConnection: framing anomalies', () => {
  it('chunked wins over Content-Length (http.content_length_and_chunked)', () => {
    const r = converse([[0, GET], [1, 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n']]);
    expect(bodyBytes(r.exchanges[0].response).toString()).toBe('hello');
    expect(r.exchanges[0].notes).toEqual(['http.content_length_and_chunked']);
    expect(r.counters.get('http.content_length_and_chunked')).toBe(1);
  });

  it('multiple Content-Length: equal values are fine, differing ones use the first', () => {
    const same = only([[0, GET], [1, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok']]);
    expect(same.notes).toBeUndefined();
    const list = only([[0, GET], [1, 'HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok']]);
    expect(list.notes).toBeUndefined();
    const { exchanges } = converse([[0, GET + GET], [1, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 4\r\n\r\nok'], [1, ok('x')]]);
    expect(exchanges.map((e) => [bodyBytes(e.response).toString(), e.notes])).toEqual([
      ['ok', ['http.multiple_content_length']],
      ['x', undefined],
    ]);
  });

  it('a bad Content-Length on a response reads until close, on a request means no body', () => {
    const res = only([[0, GET], [1, 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nHello World!']]);
    expect(bodyBytes(res.response).toString()).toBe('Hello World!');
    expect(res.notes).toEqual(['http.bad_content_length']);
    const { exchanges, counters } = converse([[0, 'POST / HTTP/1.0\r\nContent-Length: ABC\r\n\r\np=1\r\n'], [1, 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok']]);
    expect(exchanges).toHaveLength(1);
    expect(bodyBytes(exchanges[0].request).length).toBe(0);
    expect(exchanges[0].notes).toEqual(['http.bad_content_length']);
    expect(counters.get('http.resync')).toBe(1); // `p=1` was skipped
  });

  it('unknown Transfer-Encoding on a response reads until close', () => {
    const ex = only([[0, GET], [1, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw']]);
    expect(bodyBytes(ex.response).toString()).toBe('raw');
    expect(ex.notes).toEqual(['http.bad_transfer_encoding']);
  });

  it('a bad chunk size keeps the rest as body up to the next message (http.bad_chunk_size)', () => {
    const { exchanges } = converse([
      [0, GET + GET],
      [1, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\nrest\r\n'],
      [1, ok('next')],
    ]);
    expect(exchanges.map((e) => [bodyBytes(e.response).toString(), e.notes])).toEqual([
      ['abczz\r\nrest\r\n', ['http.bad_chunk_size']],
      ['next', undefined],
    ]);
  });

  it('rejects 0x prefixes and junk after the size, tolerates blank lines before a size', () => {
    const hex = only([[0, GET], [1, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n']]);
    expect(hex.notes).toEqual(['http.bad_chunk_size']);
    const blank = only([[0, GET], [1, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n\r\n\r\n5\r\nworld\r\n0\r\n\r\n']]);
    expect(bodyBytes(blank.response).toString()).toBe('helloworld');
    expect(blank.notes).toBeUndefined();
  });
});

describe('HttpConnection: lenient parsing', () => {
  it('bare LF line ends (http.lf_only, once)', () => {
    const ex = only([[0, 'GET / HTTP/1.1\nHost: h\nA: 1\n\n'], [1, 'HTTP/1.1 200 OK\nContent-Length: 2\n\nok']]);
    expect(bodyBytes(ex.response).toString()).toBe('ok');
    expect(ex.notes).toEqual(['http.lf_only']);
  });

  it('obs-fold continuation lines (http.header_folding)', () => {
    const ex = only([[0, GET], [1, 'HTTP/1.1 200 OK\r\nServer: Apache\r\n  Server\r\n\tX\r\nContent-Length: 0\r\n\r\n']]);
    expect(headerValue(ex.response!.headers, 'server')).toBe('Apache Server X');
    expect(ex.notes).toEqual(['http.header_folding']);
  });

  it('whitespace before the colon, missing reason, lower-case method, extra spaces', () => {
    const ex = only([[0, 'get   /a%20b    HTTP/1.1\r\nHost : h\r\n\r\n'], [1, 'HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n']]);
    expect([ex.request.method, ex.request.url, headerValue(ex.request.headers, 'host'), ex.response!.status, ex.response!.reason]).toEqual([
      'get',
      '/a%20b',
      'h',
      404,
      undefined,
    ]);
    expect(ex.notes).toBeUndefined();
  });

  it('malformed header lines are kept and flagged (http.bad_header)', () => {
    const ex = only([[0, GET], [1, 'HTTP/1.1 200 OK\r\nNo Colon\r\nHeader@Name: v\r\n: empty\r\nContent-Length: 0\r\n\r\n']]);
    expect(ex.response!.headers).toEqual([
      ['', 'No Colon'],
      ['header@name', 'v'],
      ['', 'empty'],
      ['content-length', '0'],
    ]);
    expect(ex.notes).toEqual(['http.bad_header']);
  });

  it('HTTP/0.9 simple request: the response is raw until close (http.http09)', () => {
    const ex = only([[0, 'GET /old\r\n'], [1, '<html>old</html>']]);
    expect([ex.request.method, ex.request.url, ex.request.httpVersion, ex.response!.status, ex.response!.httpVersion]).toEqual(['GET', '/old', '0.9', 0, '0.9']);
    expect(bodyBytes(ex.response).toString()).toBe('<html>old</html>');
    expect(ex.notes).toEqual(['http.http09']);
  });

  it('HTTP/1.1 without Host (http.missing_host)', () => {
    const ex = only([[0, 'GET / HTTP/1.1\r\n\r\n'], [1, ok('')]]);
    expect(ex.notes).toEqual(['http.missing_host']);
  });

  it('skips blank lines and stray whitespace between messages', () => {
    const { exchanges, counters } = converse([[0, '\r\n\r\n GET /a HTTP/1.0\r\n\r\n\r\nGET /b HTTP/1.0\r\n\r\n'], [1, ok('1') + '\r\n' + ok('2')]]);
    expect(exchanges.map((e) => e.request.url)).toEqual(['/a', '/b']);
    expect(counters.toJSON()).toEqual({});
  });

  it('a bare CR separates header lines unless whitespace follows it', () => {
    const ex = only([[0, GET], [1, 'HTTP/1.1 200 OK\rContent-Type: text/html\rContent-Length: 2\r\nX: a\r b\r\n\r\nok']]);
    expect(ex.response!.headers).toEqual([
      ['content-type', 'text/html'],
      ['content-length', '2'],
      ['x', 'a  b'],
    ]);
    expect(bodyBytes(ex.response).toString()).toBe('ok');
  });

  it('a response without status line: status 0, bytes until close (http.bad_status_line)', () => {
    const ex = only([[0, GET], [1, 'NOT HTTP AT ALL\r\nmore\r\n']]);
    expect([ex.response!.status, bodyBytes(ex.response).toString()]).toEqual([0, 'NOT HTTP AT ALL\r\nmore\r\n']);
    expect(ex.notes).toEqual(['http.bad_status_line']);
  });

  it('junk before a status line is skipped (http.resync)', () => {
    const { exchanges, counters } = converse([[0, GET + GET], [1, ok('12345') + 'xx\r\n\r\n' + ok('b')]]);
    expect(exchanges.map((e) => [e.response?.status, bodyBytes(e.response).toString()])).toEqual([
      [200, '12345'],
      [200, 'b'],
    ]);
    expect(counters.get('http.resync')).toBe(1);
    expect(exchanges[1].notes).toEqual(['http.resync']);
  });

  it('decodes request and response content codings', () => {
    const json = JSON.stringify({ accounts: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `账户${i}` })) });
    const gz = gzipSync(json);
    const ex = only([
      [0, Buffer.concat([Buffer.from(`POST /q HTTP/1.1\r\nHost: h\r\nContent-Encoding: deflate\r\nContent-Length: ${deflateSync('q=1').length}\r\n\r\n`), deflateSync('q=1')])],
      [1, Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`), gz])],
    ]);
    expect(bodyBytes(ex.request).toString()).toBe('q=1');
    expect(ex.response!.body).toBe(json);
    expect(ex.response!.bodyEncoding).toBe('utf8');
    expect(ex.response!.bodyWireLength).toBe(gz.length);
    const br = brotliCompressSync(json);
    const chunkedBr = `${br.length.toString(16)}\r\n`;
    const ex2 = only([[0, GET], [1, Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nTransfer-Encoding: chunked\r\n\r\n${chunkedBr}`), br, Buffer.from('\r\n0\r\n\r\n')])]]);
    expect(ex2.response!.body).toBe(json);
    const raw = deflateRawSync(json);
    const ex3 = only([[0, GET], [1, Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nContent-Length: ${raw.length}\r\n\r\n`), raw])]]);
    expect(ex3.response!.body).toBe(json);
  });

  it('keeps undecodable and unknown codings raw, with a note', () => {
    const bad = only([[0, GET], [1, 'HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello']]);
    expect([bodyBytes(bad.response).toString(), bad.notes]).toEqual(['hello', ['http.body_decode_error']]);
    const unknown = only([[0, GET], [1, 'HTTP/1.1 200 OK\r\nContent-Encoding: compress\r\nContent-Length: 5\r\n\r\nhello']]);
    expect([bodyBytes(unknown.response).toString(), unknown.notes]).toEqual(['hello', ['http.unknown_content_encoding']]);
  });

  it('binary bodies are base64', () => {
    const bin = Buffer.from([0, 1, 2, 0xff, 0xfe]);
    const ex = only([[0, GET], [1, Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'), bin])]]);
    expect(ex.response!.bodyEncoding).toBe('base64');
    expect(bodyBytes(ex.response)).toEqual(bin);
  });
});

describe('HttpConnection: caps', () => {
  it('cuts bodies at maxBodyBytes and keeps counting wire bytes (http.body_truncated)', () => {
    const r = converse([[0, GET], [1, ok('0123456789')]], { limits: { maxBodyBytes: 4 } });
    const res = r.exchanges[0].response!;
    expect([res.body, res.bodyTruncated, res.bodyWireLength]).toEqual(['0123', true, 10]);
    expect(r.counters.get('http.body_truncated')).toBe(1);
  });

  it('caps decoded output too', () => {
    const gz = gzipSync('a'.repeat(100_000));
    const r = converse([[0, GET], [1, Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`), gz])]], {
      limits: { maxBodyBytes: 1000 },
    });
    const res = r.exchanges[0].response!;
    expect(res.bodyTruncated).toBe(true);
    expect(res.body!.length).toBeGreaterThan(0);
    expect(res.body!.length).toBeLessThanOrEqual(1000);
    expect(res.body).toBe('a'.repeat(res.body!.length));
  });

  it('header blocks over maxHeaderBytes (http.headers_too_large)', () => {
    const big = `GET / HTTP/1.1\r\nHost: h\r\nCookie: ${'c'.repeat(300)}\r\n\r\n`;
    const r = converse([[0, big + GET], [1, ok('1') + ok('2')]], { limits: { maxHeaderBytes: 200 } });
    expect(r.exchanges.map((e) => [e.request.url, e.notes])).toEqual([
      ['/', ['http.headers_too_large', 'http.incomplete_message']],
      ['/api/v1/accounts?page=1', ['http.resync']],
    ]);
  });

  it('bounds unanswered requests (maxPendingRequests): the oldest goes out without response', () => {
    const r = converse([[0, 'GET /1 HTTP/1.0\r\n\r\nGET /2 HTTP/1.0\r\n\r\nGET /3 HTTP/1.0\r\n\r\n']], { limits: { maxPendingRequests: 2 } });
    expect(r.exchanges.map((e) => [e.request.url, e.response, e.notes])).toEqual([
      ['/1', undefined, ['http.missing_response']],
      ['/2', undefined, ['http.missing_response']],
      ['/3', undefined, ['http.missing_response']],
    ]);
  });
});

describe('HttpConnection: close and gaps', () => {
  it('unanswered requests at close (http.missing_response), cut messages (http.incomplete_message)', () => {
    const r = converse([[0, GET + 'POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n12345'], [1, ok('{}')]]);
    expect(r.exchanges.map((e) => [e.request.url, bodyBytes(e.request).toString(), e.request.bodyTruncated, e.response?.status, e.notes])).toEqual([
      ['/api/v1/accounts?page=1', '', undefined, 200, undefined],
      ['/x', '12345', true, undefined, ['http.missing_response', 'http.incomplete_message']],
    ]);
    const cut = converse([[0, GET], [1, 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n123']]);
    expect([bodyBytes(cut.exchanges[0].response).toString(), cut.exchanges[0].response!.bodyTruncated, cut.exchanges[0].notes]).toEqual([
      '123',
      true,
      ['http.incomplete_message'],
    ]);
  });

  it('a gap inside a Content-Length body stays in step (http.gap_in_body, tcp.gap)', () => {
    const r = converse([
      [0, GET + GET],
      [1, 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n012'],
      { gap: 1, bytes: 4 },
      [1, '789' + ok('next')],
    ]);
    expect(r.exchanges.map((e) => [bodyBytes(e.response).toString(), e.response!.bodyTruncated, e.response!.bodyWireLength, e.notes])).toEqual([
      ['012789', true, 10, ['http.gap_in_body', 'tcp.gap']],
      ['next', undefined, 4, undefined],
    ]);
    expect(r.counters.get('http.gap_in_body')).toBe(1);
    expect(r.counters.get('tcp.gap')).toBe(0); // the TCP layer counts gaps
  });

  it('a gap in headers or chunk framing resynchronises on the next message (http.resync)', () => {
    const r = converse([
      [0, GET + GET],
      [1, 'HTTP/1.1 200 OK\r\nContent-Ty'],
      { gap: 1, bytes: 500 },
      [1, 'e remains of something\r\n\r\nbody bytes' + ok('x')],
    ]);
    expect(r.exchanges.map((e) => [e.response?.status, bodyBytes(e.response).toString(), e.notes])).toEqual([
      [200, '', ['tcp.gap', 'http.incomplete_message']],
      [200, 'x', ['http.resync']],
    ]);
    expect(r.counters.get('http.resync')).toBe(1);
    const chunked = converse([
      [0, GET + GET],
      [1, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n'],
      { gap: 1, bytes: 20 },
      [1, 'lo\r\n0\r\n\r\n' + ok('after')],
    ]);
    expect(chunked.exchanges.map((e) => [bodyBytes(e.response).toString(), e.response!.bodyTruncated, e.notes])).toEqual([
      ['hello', true, ['http.gap_in_body', 'tcp.gap']],
      ['after', undefined, ['http.resync']],
    ]);
  });

  it('a response with no request to pair is emitted with an empty request (http.unsolicited_response)', () => {
    const r = converse([
      [1, ok('orphan')],
      [0, GET],
      [1, ok('paired')],
    ]);
    expect(r.exchanges.map((e) => [e.request.method, e.request.url, bodyBytes(e.response).toString(), e.notes])).toEqual([
      ['', '', 'orphan', ['http.unsolicited_response']],
      ['GET', '/api/v1/accounts?page=1', 'paired', undefined],
    ]);
  });
});

describe('HttpConnection: sniffing and roles', () => {
  it('gives up at once on TLS', () => {
    const r = converse([[0, '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03']]);
    expect([r.exchanges.length, r.stopped, r.counters.get('http.non_http_connections')]).toEqual([0, true, 1]);
  });

  it('gives up when the server speaks first with something else (SMTP, SSH banners)', () => {
    const r = converse([[1, '220 mail.bank.example ESMTP\r\n'], [0, 'EHLO client\r\n']]);
    expect([r.exchanges.length, r.stopped, r.counters.get('http.non_http_connections')]).toEqual([0, true, 1]);
  });

  it('gives up after SNIFF_BYTES of data that never looked like HTTP', () => {
    const junk = Buffer.alloc(SNIFF_BYTES + 10, 0x41);
    junk[5] = 0x00;
    const r = converse([[0, junk]]);
    expect([r.exchanges.length, r.stopped]).toEqual([0, true]);
  });

  it('gives up on a text protocol whose first line only looked like a request', () => {
    const r = converse([[0, `Hello server, this is a chat\r\n${'blah '.repeat(500)}`]]);
    expect([r.exchanges.length, r.stopped]).toEqual([0, true]);
  });

  it('rejects HTTP/2 prior knowledge', () => {
    const r = converse([[0, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x12\x04']]);
    expect([r.exchanges.length, r.stopped]).toEqual([0, true]);
  });

  it('midstream: starts in resync, skipping the tail of a body', () => {
    const r = converse([[1, 'tail of a body\r\n' + ok('{}')], [0, 'ength: 5\r\n\r\nhello' + GET], [1, ok('[1]')]], { midstream: true });
    expect(r.exchanges.map((e) => [e.request.method, bodyBytes(e.response).toString(), e.notes])).toEqual([
      ['', '{}', ['http.unsolicited_response']],
      ['GET', '[1]', undefined],
    ]);
  });

  it('midstream with roles guessed wrong: requests on direction 1 swap the parsers', () => {
    const r = converse([[0, 'partial\r\n' + ok('first')], [1, 'junk\n' + GET], [0, ok('second')]], { midstream: true });
    expect(r.exchanges.map((e) => [e.request.method, bodyBytes(e.response).toString(), e.client.ip])).toEqual([
      ['', 'first', CONN.server.ip],
      ['GET', 'second', CONN.server.ip],
    ]);
    expect(r.counters.get('http.roles_swapped')).toBe(1);
  });

  it('swaps when the first bytes of direction 0 are a response', () => {
    const r = converse([[1, GET], [0, ok('x')]]);
    expect(r.exchanges.map((e) => [e.request.url, e.response?.status, e.client.port])).toEqual([['/api/v1/accounts?page=1', 200, CONN.server.port]]);
  });
});

describe('encodeBody', () => {
  it('equals plain UTF-8 / base64 decoding on ASCII, UTF-8 (BOM, CJK, astral) and binary bodies', () => {
    const samples = ['', 'plain ascii {"a":1}', '\ufeff张三 😀 '.repeat(40), `${'x'.repeat(300)}é`, 'short é'].map((s) => Buffer.from(s));
    samples.push(Buffer.from([0xff, 0xfe, 0x00, 0x41]), Buffer.concat([Buffer.from('a'.repeat(300)), Buffer.from([0xc3])]));
    const plain = (b: Buffer): { body: string; bodyEncoding: string } =>
      b.length === 0 ? { body: '', bodyEncoding: 'utf8' } : Buffer.from(b.toString('utf8'), 'utf8').equals(b) ? { body: b.toString('utf8'), bodyEncoding: 'utf8' } : { body: b.toString('base64'), bodyEncoding: 'base64' };
    for (const b of samples) expect(encodeBody(b)).toEqual(plain(b));
  });
});

describe('isoTime', () => {
  it('is Date#toISOString (fractions truncated), cached per second', () => {
    for (const ts of [0, 999.9, 1000, 1714550400123.456, 1714550400999, 1714550401000, 1714550400001, Date.UTC(2099, 11, 31, 23, 59, 59, 999), -1]) {
      expect(isoTime(ts)).toBe(new Date(ts).toISOString());
    }
    expect(isoTime(Number.NaN)).toBe(new Date(0).toISOString());
  });
});

describe('exchange ids', () => {
  it('are FNV-1a 64', () => {
    expect([fnv1a64Hex(''), fnv1a64Hex('a'), fnv1a64Hex('foobar')]).toEqual(['cbf29ce484222325', 'af63dc4c8601ec8c', '85944171f73967e8']);
    expect(exchangeId(7, CONN.client, CONN.server, T0, 3)).toBe(fnv1a64Hex(`7|203.0.113.7|51234|10.0.0.5|80|${T0}|3`));
    // not the decoder's connection counter: the same connection gets the same id in any thread
    expect(exchangeId(CONN.ts, CONN.client, CONN.server, T0, 3)).not.toBe(exchangeId(CONN.ts + 1, CONN.client, CONN.server, T0, 3));
  });
});

describe('HttpConnection: bodies browsers recover (HTTP Evader)', () => {
  const HEAD = 'HTTP/1.1 200 ok\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n';
  const CHUNKS = '5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n';
  const body = (ex: Exchange): string => bodyBytes(ex.response).toString('latin1');

  it.each([
    ['fx', '5x\r\nhello\r\n6x\r\n world\r\n0\r\n\r\n'],
    ['comma', '5,\r\nhello\r\n6,\r\n world\r\n0\r\n\r\n'],
    ['NUL', '5\0\r\nhello\r\n6\0\r\n world\r\n0\r\n\r\n'],
    ['vertical tab', '5\v\r\nhello\r\n6\v\r\n world\r\n0\r\n\r\n'],
    ['space and junk', '5 x\r\nhello\r\n6 x\r\n world\r\n0\r\n\r\n'],
    ['0x prefix', '0x5\r\nhello\r\n0x6\r\n world\r\n0\r\n\r\n'],
  ])('chunk sizes with junk after the digits are read as browsers do (%s)', (_n, chunks) => {
    const { exchanges } = converse([[0, GET + GET], [1, `${HEAD}Transfer-Encoding: chunked\r\n\r\n${chunks}`], [1, ok('next')]]);
    expect(exchanges.map((e) => [body(e), e.notes])).toEqual([
      ['hello world', ['http.bad_chunk_size']],
      ['next', undefined],
    ]);
  });

  it.each([
    ['xchunked', 'Transfer-Encoding: xchunked\r\n'],
    ['chunkedx', 'Transfer-Encoding: chunkedx\r\n'],
    ['chunked x', 'Transfer-Encoding: chunked x\r\n'],
    ['chunked;', 'Transfer-Encoding: chunked;\r\n'],
    [';chunked', 'Transfer-Encoding:;chunked\r\n'],
    ['folded', 'Transfer-Encoding: x \r\n chunked\r\n'],
    ['chunked, then an unknown coding', 'Transfer-Encoding: chunked\r\nTransfer-Encoding: lalala\r\n'],
    ['and a Content-Length', 'Transfer-Encoding: lalala\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: lalala\r\nContent-Length: 11\r\n'],
    ['NUL in the value', 'Transfer-Encoding: chun\0ked\r\n'],
    ['NBSP before', 'Transfer-Encoding:\xa0chunked\r\n'],
    ['doubled colon', 'Transfer-Encoding:: chunked\r\n'],
    ['NUL in the name', 'Transfer\0-Encoding: chunked\r\n'],
    ['NUL before the colon', 'Transfer-Encoding\0: chunked\r\n'],
    ['vertical tab before the colon', 'Transfer-Encoding\v: chunked\r\n'],
    ['value on a line starting with NUL', 'Transfer-Encoding:\n\0chunked\r\n'],
  ])('Transfer-Encoding that only mentions chunked: de-chunked (%s)', (_n, te) => {
    const ex = only([[0, GET], [1, `${HEAD}${te}\r\n${CHUNKS}`]]);
    expect(body(ex)).toBe('hello world');
  });

  it('a body that is no chunks after all is raw: by Content-Length, else until close', () => {
    const { exchanges } = converse([
      [0, GET + GET],
      [1, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: xchunked\r\nContent-Length: 11\r\n\r\nhello world'],
      [1, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, x\r\n\r\nX5O! no chunks'],
    ]);
    expect(exchanges.map((e) => [e.response?.status, body(e)])).toEqual([
      [200, 'hello world'],
      [200, 'X5O! no chunks'],
    ]);
  });

  const gz = gzipSync('hello world');
  it.each([
    ['gzip x', 'Content-Encoding: gzip x\r\n'],
    ['x gzip', 'Content-Encoding: x gzip\r\n'],
    ['doubled colon', 'Content-Encoding:: gzip\r\n'],
    ['gzip;', 'Content-Encoding: gzip;\r\n'],
    ['NUL inside', 'Content-Encoding: gz\0ip\r\n'],
    ['NUL before', 'Content-Encoding:\0gzip\r\n'],
    ['NUL in the name', 'Content\0-Encoding: gzip\r\n'],
    ['form feed before the colon', 'Content-Encoding\f: gzip\r\n'],
    ['value on a line starting with NUL', 'Content-Encoding:\n\0gzip\r\n'],
  ])('Content-Encoding read leniently (%s)', (_n, ce) => {
    const ex = only([[0, GET], [1, Buffer.concat([Buffer.from(`${HEAD}${ce}Content-Length: ${gz.length}\r\n\r\n`, 'latin1'), gz])]]);
    expect(body(ex)).toBe('hello world');
  });

  it('a 101 that frames a body is a final response, not a protocol switch', () => {
    const r = converse([[0, GET + GET], [1, 'HTTP/1.1 101 ok\r\nContent-Length: 11\r\n\r\nhello world' + ok('next')]]);
    expect(r.exchanges.map((e) => [e.response?.status, body(e)])).toEqual([
      [101, 'hello world'],
      [200, 'next'],
    ]);
    expect(r.stopped).toBe(false);
  });

  it.each([
    ['204, Content-Length', 'HTTP/1.1 204 ok\r\nContent-Length: 11\r\n\r\nhello world'],
    ['304, Content-Length', 'HTTP/1.1 304 ok\r\nContent-Length: 11\r\n\r\nhello world'],
    ['204, chunked', `HTTP/1.1 204 ok\r\nTransfer-Encoding: chunked\r\n\r\n${CHUNKS}`],
  ])('bytes after a 204/304 whose headers frame a body are that body (%s)', (_n, res) => {
    const { exchanges } = converse([[0, GET + GET], [1, res + ok('next')]]);
    expect(exchanges.map((e) => [e.response?.status, body(e)])).toEqual([
      [Number(res.slice(9, 12)), 'hello world'],
      [200, 'next'],
    ]);
    // nothing after it: no body
    expect(body(only([[0, GET], [1, res.slice(0, res.indexOf('\r\n\r\n') + 4)]]))).toBe('');
  });

  it('a status code of four digits is none: status 0, the body by its framing', () => {
    const ex = only([[0, GET], [1, 'HTTP/1.1 2040 ok\r\nContent-Length: 11\r\n\r\nhello world']]);
    expect([ex.response!.status, body(ex), ex.notes]).toEqual([0, 'hello world', ['http.bad_status_line']]);
  });
});

describe('HttpConnection: odd request lines', () => {
  it('Content-Length with leading zeros', () => {
    const { exchanges } = converse([[0, `POST / HTTP/1.1\r\nHost: h\r\nContent-Length: ${'0'.repeat(30)}05\r\n\r\nhelloGET /next HTTP/1.1\r\nHost: h\r\n\r\n`]]);
    expect(exchanges.map((e) => [e.request.method, e.request.url, bodyBytes(e.request).toString()])).toEqual([
      ['POST', '/', 'hello'],
      ['GET', '/next', ''],
    ]);
  });

  it('a request line without target (`GET HTTP/1.1`): empty URL, http.bad_request_line', () => {
    const ex = only([[0, 'GET HTTP/1.1\r\nHost: h\r\n\r\n'], [1, ok('x')]]);
    expect([ex.request.method, ex.request.url, ex.request.httpVersion, headerValue(ex.request.headers, 'host'), ex.notes]).toEqual(['GET', '', '1.1', 'h', ['http.bad_request_line']]);
  });

  it('a request line without version followed by header lines is no HTTP/0.9: its headers are read', () => {
    const { exchanges } = converse([[0, 'GET /HTTP/1.1\nHost: h\n\n'], [1, 'HTTP/1.0 403 Forbidden\r\nContent-Length: 2\r\n\r\nno'], [0, GET], [1, ok('x')]]);
    expect(exchanges.map((e) => [e.request.url, e.request.httpVersion, headerValue(e.request.headers, 'host'), e.response?.status, e.notes])).toEqual([
      ['/HTTP/1.1', '0.9', 'h', 403, ['http.bad_request_line', 'http.lf_only']],
      ['/api/v1/accounts?page=1', '1.1', 'bank.example', 200, undefined],
    ]);
  });
});

describe('HttpConnection: proxies', () => {
  const CONNECT = 'CONNECT origin.example:80 HTTP/1.1\r\nHost: origin.example:80\r\n\r\n';
  const ESTABLISHED = 'HTTP/1.1 200 Connection established\r\n\r\n';

  it('plain HTTP through a CONNECT tunnel is decoded', () => {
    for (const steps of [
      [[0, CONNECT], [1, ESTABLISHED], [0, GET], [1, ok('x')]],
      [[0, CONNECT + GET], [1, ESTABLISHED + ok('x')]], // sent without waiting
      [[0, CONNECT], [1, ESTABLISHED], [0, '\r\n'], [0, GET], [1, ok('x')]],
    ] as Step[][]) {
      const r = converse(steps);
      expect(r.exchanges.map((e) => [e.request.method, e.response?.status, e.notes])).toEqual([
        ['CONNECT', 200, ['http.tunnel']],
        ['GET', 200, undefined],
      ]);
      expect(r.stopped).toBe(false);
    }
  });

  it('a tunnel whose first bytes are no HTTP request ends parsing', () => {
    for (const first of [[0, '\x16\x03\x01\x02\x00\x01'], [0, 'SSH-2.0-OpenSSH_9.6\r\n'], [1, '220 smtp ready\r\n']] as Step[]) {
      const r = converse([[0, CONNECT], [1, ESTABLISHED], first]);
      expect([r.exchanges.length, r.stopped]).toEqual([1, true]);
    }
  });

  const socks4 = Buffer.from([4, 1, 0, 80, 93, 184, 216, 119, 0x75, 0]); // user "u"
  const socks4ok = Buffer.from([0, 0x5a, 0, 80, 93, 184, 216, 119]);
  const socks5 = Buffer.concat([Buffer.from([5, 1, 0, 5, 1, 0, 3, 11]), Buffer.from('example.com'), Buffer.from([0, 80])]);
  const socks5ok = Buffer.from([5, 0, 5, 0, 0, 1, 10, 0, 0, 2, 0, 80]);
  const socks5auth = Buffer.concat([Buffer.from([5, 1, 2, 1, 1, 0x75, 1, 0x70, 5, 1, 0, 1, 1, 2, 3, 4, 0, 80])]);
  const socks5authOk = Buffer.from([5, 2, 1, 0, 5, 0, 0, 1, 10, 0, 0, 2, 0, 80]);
  it.each<[string, Buffer, Buffer]>([
    ['SOCKS4', socks4, socks4ok],
    ['SOCKS5', socks5, socks5ok],
    ['SOCKS5 with username/password', socks5auth, socks5authOk],
  ])('HTTP through a %s proxy is decoded', (_n, hello, reply) => {
    const r = converse([
      [0, Buffer.concat([hello, Buffer.from(GET)])],
      [1, Buffer.concat([reply, Buffer.from(ok('x'))])],
    ]);
    expect(r.exchanges.map((e) => [e.request.method, headerValue(e.request.headers, 'host'), e.response?.status, bodyBytes(e.response).toString()])).toEqual([
      ['GET', 'bank.example', 200, 'x'],
    ]);
    expect(r.counters.get('http.socks_connections')).toBe(1);
  });

  it('a refused SOCKS handshake is no HTTP', () => {
    const r = converse([[0, Buffer.from([5, 2, 0, 1])], [1, Buffer.from([5, 0xff])]]);
    expect([r.exchanges.length, r.stopped, r.counters.get('http.non_http_connections')]).toEqual([0, true, 1]);
  });
});
