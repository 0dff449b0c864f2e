/**
 * Acceptance against ../shared/corpus/http-pcap: every capture is decoded and compared with what
 * Zeek, Suricata, Arkime and HTTP Evader expect (expected-transactions.jsonl, 630 rows). A row
 * matches when every expected transaction of it is found. Every mismatch is reported (and written
 * to test-results/http-pcap-mismatches.txt); the goal is ≥ 95 % of rows, and every Evader case.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAscii, isUtf8 } from 'node:buffer';
import { bodyBytes, type Exchange, headerValue } from '../../src/core/exchange.js';
import { corpusPath, REPO_ROOT } from '../helpers/corpus.js';
import { decodeFile } from '../helpers/decode.js';

interface Row {
  suite: string;
  case: string;
  pcap: string;
  semantics: 'exact-list' | 'filter-count' | 'session-sets' | 'eicar-body';
  expected: Array<Record<string, unknown>>;
}

const rows: Row[] = readFileSync(corpusPath('http-pcap', 'expected-transactions.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Row);

/**
 * A string of ours back to the bytes it was decoded from: header text is UTF-8 when the bytes were
 * valid non-ASCII UTF-8, else latin1 (src/decode/http1/head.ts headText).
 */
function bytesOf(s: string): Buffer {
  if (/^[\x00-\xff]*$/.test(s)) {
    const b = Buffer.from(s, 'latin1');
    if (isAscii(b) || !isUtf8(b)) return b;
  }
  return Buffer.from(s, 'utf8');
}

/**
 * Bytes as Zeek writes them in http.log: valid UTF-8 as is, control bytes and bytes of no valid
 * UTF-8 sequence as \xNN, a backslash doubled (its baselines show all three, e.g. `\xfc`,
 * `\x07`, `\\x07` for a literal backslash).
 */
function zeekEscape(b: Buffer): string {
  let out = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c >= 0x20 && c < 0x7f) {
      out += c === 0x5c ? '\\\\' : String.fromCharCode(c);
      i++;
      continue;
    }
    const n = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    if (n > 0 && i + n <= b.length && isUtf8(b.subarray(i, i + n))) {
      out += b.toString('utf8', i, i + n);
      i += n;
      continue;
    }
    out += `\\x${c.toString(16).padStart(2, '0')}`;
    i++;
  }
  return out;
}

/** Zeek's `uri` column is the request target after percent-decoding (its unescaped URI); ours is as sent. */
function percentDecode(b: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < b.length; i++) {
    const hex = b[i] === 0x25 && i + 2 < b.length ? b.toString('latin1', i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else out.push(b[i]);
  }
  return Buffer.from(out);
}

const zeekField = (v: string | undefined, uri = false): string =>
  v === undefined ? '-' : v === '' ? '(empty)' : zeekEscape(uri ? percentDecode(bytesOf(v)) : bytesOf(v));
const hostOf = (ex: Exchange): string | undefined => headerValue(ex.request.headers, 'host');

/** Expected fields given as null were not in the peer's output (a .cut with other columns, a check without them): not compared. */
const given = (v: unknown): v is string | number => v !== null && v !== undefined;

function matchExactList(row: Row, exs: Exchange[]): string[] {
  const pool = exs.map((ex) => {
    const noRequest = ex.request.method === '';
    return {
      method: noRequest ? '-' : zeekField(ex.request.method),
      host: zeekField(hostOf(ex)),
      uri: noRequest ? '-' : zeekField(ex.request.url, true),
      status: ex.response ? String(ex.response.status) : '-',
      // Zeek logs no status ('-') for a reply without status line; the Exchange contract gives it
      // status 0 (noted http.bad_status_line) and keeps its bytes as the body
      noStatusLine: ex.response !== undefined && ex.response.status === 0 && (ex.notes ?? []).includes('http.bad_status_line'),
      used: false,
    };
  });
  const problems: string[] = [];
  for (const e of row.expected) {
    // In a connection carrying an HTTP/0.9 request, Zeek also logs an entry with no method, host,
    // URI or status (http_09.pcap, no-version.pcap): no transaction; Guanlan emits none
    const zeekEmpty = [e.method, e.host, e.uri, e.status].every((v) => v === '-');
    if (zeekEmpty && row.expected.some((o) => o.conn === e.conn && o.version === '0.9')) continue;
    // For a request it parsed as HTTP/0.9, Zeek reads the reply as raw bytes and logs status 0;
    // Guanlan reads a status line when the server sends one (methods.pcap: `GET /HTTP/1.1` → 403)
    const zeekUnparsedReply = e.version === '0.9' && e.status === '0';
    const want = { method: e.method, host: e.host, uri: e.uri, status: zeekUnparsedReply ? null : e.status };
    const hit = pool.find(
      (p) =>
        !p.used &&
        (!given(want.method) || p.method === want.method) &&
        (!given(want.host) || p.host === want.host) &&
        (!given(want.uri) || p.uri === want.uri) &&
        (!given(want.status) || p.status === want.status || (want.status === '-' && p.noStatusLine)),
    );
    if (hit) hit.used = true;
    else problems.push(`missing ${[want.method, want.host, want.uri].map((v) => (given(v) ? v : '*')).join(' ')} → ${given(want.status) ? want.status : '*'}`);
  }
  return problems;
}

function matchFilterCount(row: Row, exs: Exchange[]): string[] {
  const problems: string[] = [];
  for (const f of row.expected) {
    const n = exs.filter((ex) => {
      if (f.method != null && ex.request.method !== f.method) return false;
      if (f.host != null && hostOf(ex)?.replace(/:\d+$/, '').toLowerCase() !== String(f.host).toLowerCase()) return false;
      if (f.uri != null && ex.request.url !== f.uri) return false;
      if (f.status != null && ex.response?.status !== f.status) return false;
      if (f.protocol != null && `HTTP/${ex.request.httpVersion}` !== f.protocol) return false;
      if (f.length != null && (ex.response?.bodyWireLength ?? bodyBytes(ex.response).length) !== f.length) return false;
      return true;
    }).length;
    if (n !== f.count) {
      const desc = Object.entries(f).filter(([k, v]) => v != null && k !== 'other' && k !== 'count').map(([k, v]) => `${k}=${v}`).join(' ');
      problems.push(`filter {${desc}}: want ${f.count}, got ${n}`);
    }
  }
  return problems;
}

function matchSessionSets(row: Row, exs: Exchange[]): string[] {
  const problems: string[] = [];
  for (const s of row.expected) {
    const [sip, sport] = String(s.src).split(/:(?=\d+$)/);
    const [dip, dport] = String(s.dst).split(/:(?=\d+$)/);
    const mine = exs.filter(
      (ex) =>
        (ex.client.ip === sip && String(ex.client.port) === sport && ex.server.ip === dip && String(ex.server.port) === dport) ||
        (ex.client.ip === dip && String(ex.client.port) === dport && ex.server.ip === sip && String(ex.server.port) === sport),
    );
    const cmp = (name: string, want: unknown, got: Iterable<string | number>): void => {
      if (!Array.isArray(want)) return;
      const g = [...new Set(got)].map(String).sort();
      const w = want.map(String).sort();
      if (JSON.stringify(g) !== JSON.stringify(w)) problems.push(`${s.src}→${s.dst} ${name}: want [${w.join(', ')}], got [${g.join(', ')}]`);
    };
    cmp('method', s.method, mine.map((e) => e.request.method));
    cmp('path', s.path, mine.map((e) => e.request.url.replace(/^[a-z]+:\/\/[^/]*/i, '').split('?')[0]));
    // Arkime lists interim responses (100 Continue, 102, 103) among a session's status codes; an
    // Exchange is a request with its final response, the interim ones folded into it. 101 is final.
    const finalCodes = Array.isArray(s.statuscode) ? s.statuscode.filter((c) => !(Number(c) >= 100 && Number(c) < 200 && Number(c) !== 101)) : s.statuscode;
    cmp('statuscode', finalCodes, mine.filter((e) => e.response).map((e) => e.response!.status));
  }
  return problems;
}

function matchEicar(row: Row, exs: Exchange[]): string[] {
  const e = row.expected[0];
  const wants = (e.body_contains as string[]) ?? [];
  // method/host null: the case's checks name no fileinfo fields (http-evader-266, an HTTP/0.9-style reply)
  const ok = exs.some(
    (ex) =>
      (!given(e.method) || ex.request.method === e.method) &&
      (!given(e.host) || hostOf(ex) === e.host) &&
      ex.response &&
      wants.every((w) => bodyBytes(ex.response).includes(w)),
  );
  return ok ? [] : [`no response body contains ${wants.join(' and ')} (${exs.length} exchanges, statuses ${exs.map((x) => x.response?.status ?? '-').join(',')})`];
}

const matchers = { 'exact-list': matchExactList, 'filter-count': matchFilterCount, 'session-sets': matchSessionSets, 'eicar-body': matchEicar };

describe('http-pcap corpus (Zeek, Suricata, Arkime, HTTP Evader)', () => {
  it('matches at least 95% of expected rows and every HTTP-Evader case', async () => {
    const results: Array<{ row: Row; problems: string[] }> = [];
    for (const row of rows) {
      let problems: string[];
      try {
        const d = await decodeFile(corpusPath('http-pcap', row.pcap));
        problems = matchers[row.semantics](row, d.exchanges);
      } catch (err) {
        problems = [`decode failed: ${(err as Error).message}`];
      }
      results.push({ row, problems });
    }
    const bad = results.filter((r) => r.problems.length);
    const report = bad.map((r) => `${r.row.suite} ${r.row.case} (${r.row.pcap}):\n  ${r.problems.slice(0, 8).join('\n  ')}`).join('\n');
    const bySuite = new Map<string, [number, number]>();
    for (const r of results) {
      const t = bySuite.get(r.row.suite) ?? [0, 0];
      t[0] += r.problems.length ? 0 : 1;
      t[1]++;
      bySuite.set(r.row.suite, t);
    }
    const line = [...bySuite].map(([s, [ok, n]]) => `${s} ${ok}/${n}`).join(', ');
    mkdirSync(path.join(REPO_ROOT, 'test-results'), { recursive: true });
    writeFileSync(path.join(REPO_ROOT, 'test-results', 'http-pcap-mismatches.txt'), `${line}\n\n${report}\n`);
    console.log(`http-pcap corpus: ${results.length - bad.length}/${results.length} rows matched (${line})`);
    const evaderBad = bad.filter((r) => r.row.semantics === 'eicar-body');
    expect(evaderBad.map((r) => r.row.case), 'HTTP-Evader cases whose body was not recovered').toEqual([]);
    expect((results.length - bad.length) / results.length, `mismatches:\n${report}`).toBeGreaterThanOrEqual(0.95);
  }, 600_000);
});
