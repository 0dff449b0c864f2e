import { describe, expect, it } from 'vitest';
import { Counters } from '../../core/anomalies.js';
import { bodyBytes } from '../../core/exchange.js';
import { DEFAULT_LIMITS } from '../types.js';
import { parseTranscript, replayTranscript } from './transcript.js';

const chunks = (s: string) => parseTranscript(Buffer.from(s, 'latin1')).map((c) => [c.dir, c.gap, c.data.toString('latin1')]);

describe('parseTranscript', () => {
  it('splits on marker lines and drops the line ending before each marker', () => {
    expect(chunks('>>>\nGET / HTTP/1.0\n\n\n<<<\nHTTP/1.0 200 OK\n\nbody')).toEqual([
      [0, false, 'GET / HTTP/1.0\n\n'],
      [1, false, 'HTTP/1.0 200 OK\n\nbody'],
    ]);
  });

  it('accepts CRLF marker lines and removes a CRLF before a marker', () => {
    expect(chunks('>>>\r\nA\r\n\r\n<<<\r\nB\r\n')).toEqual([
      [0, false, 'A\r\n'],
      [1, false, 'B\r\n'],
    ]);
  });

  it('gap markers and the last chunk running to the end unchanged', () => {
    expect(chunks('<<<\nHell\n<><\no Wo\n<<<\nrld!\n')).toEqual([
      [1, false, 'Hell'],
      [1, true, 'o Wo'],
      [1, false, 'rld!\n'],
    ]);
    expect(chunks('>>>\nx\n><>\nabc\n>>>\ny')).toEqual([
      [0, false, 'x'],
      [0, true, 'abc'],
      [0, false, 'y'],
    ]);
  });

  it('is strict about marker lines', () => {
    expect(chunks('>>>\n>>>x\n >>>\n<<<<\n')).toEqual([[0, false, '>>>x\n >>>\n<<<<\n']]);
  });

  it('drops empty chunks and needs a marker first', () => {
    expect(chunks('>>>\n<<<\nA')).toEqual([[1, false, 'A']]);
    expect(chunks('GET / HTTP/1.0\n>>>\nA')).toEqual([]);
  });
});

describe('replayTranscript', () => {
  it('feeds an HttpConnection, gaps included', () => {
    const t = parseTranscript(Buffer.from('>>>\r\nGET / HTTP/1.0\r\n\r\n\r\n<<<\r\nHTTP/1.0 200 OK\r\nContent-Length: 12\r\n\r\nHell\r\n<><\r\no Wo\r\n<<<\r\nrld!'));
    const ctx = { counters: new Counters(), limits: DEFAULT_LIMITS };
    const [ex, ...rest] = replayTranscript(t, ctx, 'libhtp:x.t');
    expect(rest).toEqual([]);
    expect([ex.source, bodyBytes(ex.response).toString(), ex.response!.bodyWireLength, ex.notes]).toEqual(['libhtp:x.t', 'Hellrld!', 12, ['http.gap_in_body', 'tcp.gap']]);
  });
});
