import { describe, expect, it } from 'vitest';
import { findMessageStart, isTlsRecordStart, REQUEST, requestLikePrefix, requestStart, RESPONSE, responseLikePrefix, startsHttpSlash } from './scan.js';

const find = (s: string, kinds: number, atLineStart = false) => {
  const f = findMessageStart(Buffer.from(s, 'latin1'), 0, atLineStart, kinds);
  return f.pos < 0 ? { keepFrom: f.keepFrom } : { pos: f.pos, kind: f.kind };
};

describe('findMessageStart', () => {
  it.each([
    ['status line after junk', 'junk\r\nHTTP/1.1 200 OK\r\n', RESPONSE, { pos: 6, kind: RESPONSE }],
    ['status line glued to a body', '{"a":1}HTTP/1.1 404 Not Found\r\n', RESPONSE, { pos: 7, kind: RESPONSE }],
    ['status needs its three digits and a break', 'HTTP/1.1 2000\r\nHTTP/1.0 200\r\n', RESPONSE, { pos: 15, kind: RESPONSE }],
    ['request line after junk', 'xx\nPOST /a?b HTTP/1.1\r\n', REQUEST, { pos: 3, kind: REQUEST }],
    ['request glued to a body: a known method', 'a=1&b=2GET / HTTP/1.1\r\n', REQUEST, { pos: 7, kind: REQUEST }],
    ['request glued: unknown methods need a line start', 'xyzFOO / HTTP/1.1\r\nPROPFIND /d HTTP/1.1\n', REQUEST, { pos: 19, kind: REQUEST }],
    ['either kind, first wins', 'GET / HTTP/1.1\r\nHTTP/1.1 200 OK\r\n', REQUEST | RESPONSE, { pos: 0, kind: REQUEST }],
    ['either kind, an unknown glued method is no request', 'xFOO / HTTP/1.1\r\nHTTP/1.1 200 OK\r\n', REQUEST | RESPONSE, { pos: 17, kind: RESPONSE }],
    ['a partial start is kept', 'junk\nHTTP/1.', RESPONSE, { keepFrom: 5 }],
    ['the last partial line is kept', 'junk\nGET /abc HT', REQUEST, { keepFrom: 5 }],
    ['nothing', 'plain text without', REQUEST | RESPONSE, { keepFrom: 0 }],
  ])('%s', (_n, s, kinds, want) => {
    expect(find(s, kinds)).toEqual(want);
  });

  it('accepts a request at the very start only when that is a line start', () => {
    expect(find('GET / HTTP/1.1\r\n', REQUEST, true)).toEqual({ pos: 0, kind: REQUEST });
    expect(find('XGET / HTTP/1.1\r\n', REQUEST, false)).toEqual({ pos: 1, kind: REQUEST });
  });
});

describe('sniffing helpers', () => {
  it('recognise starts', () => {
    expect([isTlsRecordStart(Buffer.from([0x16, 3, 1])), isTlsRecordStart(Buffer.from([0x17])), isTlsRecordStart(Buffer.from('GET'))]).toEqual([true, true, false]);
    expect([requestLikePrefix('GET /'), requestLikePrefix('\r\nPOST'), requestLikePrefix('SSH-2.0'), requestLikePrefix('x'.repeat(30))]).toEqual([true, undefined, false, false]);
    expect([responseLikePrefix('HTTP/1.1'), responseLikePrefix('HT'), responseLikePrefix('220 mail')]).toEqual([true, undefined, false]);
    const b = (s: string) => Buffer.from(s);
    expect([startsHttpSlash(b('http/1.1'), 0), startsHttpSlash(b('HT'), 0), startsHttpSlash(b('GET'), 0)]).toEqual([true, undefined, false]);
    expect([requestStart(b('GET /'), 0), requestStart(b('GE'), 0), requestStart(b('get /'), 0), requestStart(b('AB /'), 0)]).toEqual([true, undefined, false, false]);
  });
});
