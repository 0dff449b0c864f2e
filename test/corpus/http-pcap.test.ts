/**
 * Acceptance against ../shared/corpus/http-pcap: every capture is decoded and compared with what
 * Zeek, Suricata, Arkime and HTTP Evader expect (expected-transactions.jsonl, 630 rows). A row
 * matches when every expected transaction of it is found. Every mismatch is reported (and written
 * to test-results/http-pcap-mismatches.txt); the goal is ≥ 95 % of rows, and every Evader case.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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

/** Zeek escapes non-printable bytes as \xNN in http.log. */
function zeekEscape(s: string): string {
  const b = Buffer.from(s, 'latin1');
  let out = '';
  for (const c of b) out += c >= 0x20 && c < 0x7f && c !== 0x5c ? String.fromCharCode(c) : c === 0x5c ? '\\' : `\\x${c.toString(16).padStart(2, '0')}`;
  return out;
}
const zeekField = (v: string | undefined): string => (v === undefined ? '-' : v === '' ? '(empty)' : zeekEscape(v));
const hostOf = (ex: Exchange): string | undefined => headerValue(ex.request.headers, 'host');

function matchExactList(row: Row, exs: Exchange[]): string[] {
  const pool = exs.map((ex) => ({
    method: zeekField(ex.request.method || undefined),
    host: zeekField(hostOf(ex)),
    uri: zeekField(ex.request.url || undefined),
    status: ex.response ? String(ex.response.status) : '-',
    used: false,
  }));
  const problems: string[] = [];
  for (const e of row.expected) {
    const want = { method: String(e.method ?? '-'), host: String(e.host ?? '-'), uri: String(e.uri ?? '-'), status: String(e.status ?? '-') };
    const hit = pool.find((p) => !p.used && p.method === want.method && p.host === want.host && p.uri === want.uri && p.status === want.status);
    if (hit) hit.used = true;
    else problems.push(`missing ${want.method} ${want.host} ${want.uri} → ${want.status}`);
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
    cmp('statuscode', s.statuscode, mine.filter((e) => e.response).map((e) => e.response!.status));
  }
  return problems;
}

function matchEicar(row: Row, exs: Exchange[]): string[] {
  const e = row.expected[0];
  const wants = (e.body_contains as string[]) ?? [];
  const ok = exs.some(
    (ex) => ex.request.method === e.method && hostOf(ex) === e.host && ex.response && wants.every((w) => bodyBytes(ex.response).includes(w)),
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
