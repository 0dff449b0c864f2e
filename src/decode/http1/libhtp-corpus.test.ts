/**
 * Conformance with libhtp (Suricata's HTTP parser) on its own test streams: every transcript replays
 * without throwing and identically when split at every byte; transaction counts and the simple field
 * assertions extracted from the upstream tests (manifest.json) match, except the policy differences
 * listed below with their reasons.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Counters } from '../../core/anomalies.js';
import { bodyBytes, headerValue, type Exchange, type HttpMessage } from '../../core/exchange.js';
import { corpusPath, haveCorpus } from '../../../test/helpers/corpus.js';
import { DEFAULT_LIMITS } from '../types.js';
import { parseTranscript, replayTranscript } from './transcript.js';

interface ManifestTest {
  test_fn: string;
  files: string[];
  /** 'TestConfig()' (libhtp's default test personality), null (TestConfig plus callbacks), 'cfg' (changed options) */
  config: string | null;
  tx_count?: number;
  simple_asserts?: { field: string; equals: string }[];
}

const DIR = corpusPath('http-pcap', 'libhtp-streams');
const manifest: { tests: ManifestTest[] } = haveCorpus ? JSON.parse(readFileSync(`${DIR}/manifest.json`, 'utf8')) : { tests: [] };
const transcripts = haveCorpus ? readdirSync(`${DIR}/files`).filter((f) => f.endsWith('.t') || f === '22-http_1_1-host_missing') : [];

/** Transaction counts that differ by policy: `<test>/<file>` → why. */
const TX_COUNT_ALLOWED: Record<string, string> = {
  'ResponseBodyData/122-response-body-data.t':
    'the server sends six bytes that are no HTTP (`1\\n2`, `3\\n4`) and the client nothing: a monitor gives such a connection up ' +
    '(http.non_http_connections, the server spoke first); libhtp makes a transaction of it',
};

/** Field assertions that differ by policy: `<test>/<field>` → why. */
const ASSERT_ALLOWED: Record<string, string> = {
  'GetRequestLineNul/tx.request_uri': 'the URL is kept as sent, the NUL byte and what follows included; libhtp cuts it at the NUL',
  'GetWhitespace/tx.request_method': 'whitespace before a request line is skipped, the method is `GET`; libhtp keeps it (` GET`)',
  'Unknown_MethodOnly/tx.request_method':
    'a connection whose only bytes are `HELLO` is no HTTP for a monitor (a bare word is a request only once the connection is known to be HTTP)',
  // upstream asserts that libhtp's parser errors on these streams (`is_err()`); its lengths then count
  // the byte after the body, read until close; ours are the Content-Length
  'HttpEvader130/tx.response_message_len': 'libhtp errors on this stream (see above)',
  'HttpEvader318/tx.response_message_len': 'libhtp errors on this stream (see above)',
  'HttpEvader320/tx.response_message_len': 'libhtp errors on this stream (see above)',
  'HttpEvader321/tx.response_message_len': 'libhtp errors on this stream (see above)',
  'HttpEvader423/tx.response_message_len': 'libhtp errors on this stream (see above)',
  'HttpEvader416/tx.response_message_len':
    'after the deformed header end `LF SP LF` we honour `Content-length: 68` (the EICAR file exactly); libhtp reads until close, the final LF included',
  'HttpEvader416/tx.response_entity_len': 'as above',
  'HttpEvader320/tx.response_header[Content-Encoding]': 'the header name is kept as sent, `content-encoding\\v` (http.bad_header); libhtp drops the \\v',
  'HttpEvader321/tx.response_header[Content-Encoding]': 'the header name is kept as sent, `content-encoding\\f` (http.bad_header); libhtp drops the \\f',
};

const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/** Evader responses (http-evader-*.t) whose decoded body is not the EICAR file, with why. */
const EVADER_ALLOWED: Record<string, string> = {
  // the transcripts of these two carry the gzip body mangled into U+FFFD characters (the upstream .t
  // file is text); the pcap cases decode to EICAR (test/corpus/http-pcap.test.ts)
  'http-evader-320.t': '`Content-Encoding\\v:gzip` is read as gzip, but the body is no gzip any more: kept raw (libhtp agrees, 88 raw bytes)',
  'http-evader-321.t': '`Content-Encoding\\f:gzip`: as 320 with \\f (libhtp agrees)',
};

function replay(file: string, pieceSize?: number): { exchanges: Exchange[]; counters: Counters } {
  const counters = new Counters();
  const chunks = parseTranscript(readFileSync(`${DIR}/files/${file}`));
  const exchanges = replayTranscript(chunks, { counters, limits: DEFAULT_LIMITS }, `libhtp:${file}`, { pieceSize });
  return { exchanges, counters };
}

const cache = new Map<string, Exchange[]>();
function exchangesOf(file: string): Exchange[] {
  let ex = cache.get(file);
  if (ex === undefined) cache.set(file, (ex = replay(file).exchanges));
  return ex;
}

/** tests run with libhtp's default test configuration (with or without callbacks) */
const defaultConfig = (t: ManifestTest): boolean => t.config === 'TestConfig()' || t.config === null;

/** libhtp fields with an equivalent on the Exchange (progress, auth, protocol numbers are libhtp internals) */
const MAPPED = /^(request_method|request_uri|response_status_number|(request|response)_(message|entity)_len|(request|response)_header\[.*\])$/;

/** The value of a libhtp field on our Exchange, or undefined when it has no equivalent on this one. */
function fieldValue(ex: Exchange | undefined, field: string): string | undefined {
  if (ex === undefined) return '<no transaction>';
  const msg = (side: string): HttpMessage | undefined => (side === 'request' ? ex.request : ex.response);
  const header = /^(request|response)_header\[(.*)\]$/.exec(field);
  if (header) return headerValue(msg(header[1])?.headers ?? [], header[2].toLowerCase()) ?? '<no header>';
  const len = /^(request|response)_(message|entity)_len$/.exec(field);
  if (len) {
    const m = msg(len[1]);
    if (len[2] === 'entity') return String(bodyBytes(m).length);
    // libhtp counts chunk framing in the message length; ours is the de-chunked length
    if (m !== undefined && headerValue(m.headers, 'transfer-encoding') !== undefined) return undefined;
    return String(m?.bodyWireLength ?? 0);
  }
  switch (field) {
    case 'request_method':
      return ex.request.method;
    case 'request_uri':
      return ex.request.url;
    case 'response_status_number':
      return String(ex.response?.status);
    default:
      return undefined; // progress, auth, protocol numbers: libhtp internals
  }
}

describe.skipIf(!haveCorpus)('libhtp test streams', () => {
  it.each(transcripts)('%s replays, and identically split at every byte', (file) => {
    const whole = replay(file);
    const split = replay(file, 1);
    expect(split.exchanges).toEqual(whole.exchanges);
    expect(split.counters.toJSON()).toEqual(whole.counters.toJSON());
  });

  it('transaction counts match libhtp (default configuration)', () => {
    const mismatches: string[] = [];
    const allowedSeen = new Set<string>();
    let compared = 0;
    for (const t of manifest.tests) {
      if (t.tx_count === undefined || !defaultConfig(t)) continue;
      // a test naming two files ran each on its own upstream (one of them commented out)
      for (const f of t.files) {
        compared++;
        const got = exchangesOf(f).length;
        const key = `${t.test_fn}/${f}`;
        if (got === t.tx_count) continue;
        if (key in TX_COUNT_ALLOWED) allowedSeen.add(key);
        else mismatches.push(`${key}: libhtp ${t.tx_count}, we ${got}`);
      }
    }
    expect(mismatches, mismatches.join('\n')).toEqual([]);
    expect([...allowedSeen].sort(), 'stale TX_COUNT_ALLOWED entries').toEqual(Object.keys(TX_COUNT_ALLOWED).sort());
    expect(compared).toBeGreaterThan(80);
  });

  it('field assertions match libhtp (default configuration)', () => {
    const mismatches: string[] = [];
    const allowedSeen = new Set<string>();
    for (const t of manifest.tests) {
      if (!defaultConfig(t) || t.files.length === 0 || !t.simple_asserts) continue;
      for (const f of t.files) {
        const exchanges = exchangesOf(f);
        const occurrence = new Map<string, number>();
        for (const a of t.simple_asserts) {
          const m = /^tx(\d*)\.(.+)$/.exec(a.field)!;
          const field = m[2];
          if (!MAPPED.test(field)) continue;
          // `tx1.`/`tx2.` name transactions; a repeated `tx.` field is the next transaction (the upstream test reassigns tx)
          const n = occurrence.get(field) ?? 0;
          occurrence.set(field, n + 1);
          const index = m[1] === '' ? n : Number(m[1]) - 1;
          const got = fieldValue(exchanges[index], field);
          const want = a.equals.replace(/\\0/g, '\0');
          if (got === undefined || got === want) continue;
          const key = `${t.test_fn}/${a.field}`;
          if (key in ASSERT_ALLOWED) allowedSeen.add(key);
          else mismatches.push(`${t.test_fn}/${f} ${a.field}: libhtp ${JSON.stringify(want)}, we ${JSON.stringify(got)}`);
        }
      }
    }
    expect(mismatches, mismatches.join('\n')).toEqual([]);
    expect([...allowedSeen].sort(), 'stale ASSERT_ALLOWED entries').toEqual(Object.keys(ASSERT_ALLOWED).sort());
  });

  // the two upstream tests with inline input instead of a file, with equivalent input
  it('GetSlice and RequestSingleBytes', () => {
    const slice = parseTranscript(Buffer.from('>>>\nGET /?p=%20 HTTP/1.0\nUser-Agent: Mozilla\n\n\n<<<\nHTTP/1.0 200 OK\nContent-Length: 12\n\nHello World!'));
    const [get, ...none] = replayTranscript(slice, { counters: new Counters(), limits: DEFAULT_LIMITS }, 'libhtp:GetSlice');
    expect([get.request.method, get.request.url, none]).toEqual(['GET', '/?p=%20', []]);
    const single = parseTranscript(Buffer.from('>>>\n GET / HTTP/1.0\r\nUser-Agent: Test/1.0\r\n\r\n'));
    const [one, ...rest] = replayTranscript(single, { counters: new Counters(), limits: DEFAULT_LIMITS }, 'libhtp:RequestSingleBytes', { pieceSize: 1 });
    expect([headerValue(one.request.headers, 'user-agent'), rest]).toEqual(['Test/1.0', []]);
  });

  it('evasions (http-evader-*): the decoded response is the EICAR file', () => {
    const wrong: string[] = [];
    const allowedSeen = new Set<string>();
    for (const f of transcripts.filter((t) => t.startsWith('http-evader-'))) {
      const ex = exchangesOf(f);
      const body = ex.length === 1 ? bodyBytes(ex[0].response).toString('latin1') : `<${ex.length} exchanges>`;
      if (body === EICAR) continue;
      if (f in EVADER_ALLOWED) allowedSeen.add(f);
      else wrong.push(`${f}: ${JSON.stringify(body.slice(0, 80))} ${ex[0]?.notes?.join(',') ?? ''}`);
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
    expect([...allowedSeen].sort(), 'stale EVADER_ALLOWED entries').toEqual(Object.keys(EVADER_ALLOWED).sort());
  });
});
