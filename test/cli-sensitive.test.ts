/**
 * End-to-end on the built CLI with the gen-bank-pcap sample (its README says what each route
 * returns): every route gets the labels it carries, with record counts and grades; routes without
 * personal data get none; `trace` finds every endpoint and client that received an ID number; the
 * database (file, WAL and a VACUUMed copy) holds no plaintext ID, mobile or card number; searches
 * are audited by digest; `inspect` shows data hits per exchange.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EndpointLabel } from '../src/core/endpoint.js';
import type { Exchange } from '../src/core/exchange.js';
import { scanJson } from '../src/analysis/sensitive/index.js';
import { guanlan, noStack, SAMPLE, tmp } from './helpers/cli.js';

interface Ep {
  id: string;
  method: string;
  pathTemplate: string;
  grade: string;
  labels: EndpointLabel[];
}

let db = '';
let eps: Map<string, Ep>;
let exchanges: Exchange[];

const response = (e: Ep): string[] => [...new Set(e.labels.filter((l) => l.direction === 'response').map((l) => l.label))].sort();
const request = (e: Ep): string[] => [...new Set(e.labels.filter((l) => l.direction === 'request').map((l) => l.label))].sort();
const templateRe = (t: string): RegExp => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/?]+')}(\\?|$)`);

beforeAll(async () => {
  db = path.join(tmp(), 's.db');
  expect((await guanlan(['analyze', SAMPLE, '--db', db])).code).toBe(0);
  const inv = await guanlan(['inventory', '--db', db, '--json']);
  eps = new Map((JSON.parse(inv.stdout) as Ep[]).map((e) => [`${e.method} ${e.pathTemplate}`, e]));
  exchanges = (await guanlan(['exchanges', SAMPLE])).stdout.trim().split('\n').map((l) => JSON.parse(l) as Exchange);
}, 60_000);

describe('sensitive data on the bank sample', () => {
  it('labels every route with what it carries, with record counts and grades', () => {
    const profile = eps.get('GET /api/v1/users/{userId}/profile')!;
    expect(response(profile)).toEqual(['address', 'cn_id', 'cn_mobile', 'email', 'person_name']);
    expect(profile.grade).toBe('high');
    expect(profile.labels.find((l) => l.label === 'cn_id')).toMatchObject({ location: 'data.idNo', masked: false, maxRecords: 1 });

    const accounts = eps.get('GET /api/v1/accounts')!;
    expect(response(accounts)).toEqual(['balance', 'bank_card', 'person_name']);
    expect(accounts.labels.find((l) => l.location === 'data.accounts[].cardNo')).toMatchObject({ label: 'bank_card', masked: false });
    expect(accounts.labels.find((l) => l.location === 'data.accounts[].cardNoMasked')).toMatchObject({ label: 'bank_card', masked: true });
    expect(accounts.grade).toBe('medium');

    const txns = eps.get('GET /api/v1/accounts/{accountId}/transactions')!;
    expect(response(txns)).toEqual(['amount', 'bank_card', 'cn_id', 'cn_mobile', 'person_name', 'transaction']);
    expect(txns.labels.find((l) => l.label === 'transaction')!.maxRecords).toBe(20);
    expect(txns.labels.find((l) => l.location === 'data.records[].accountNo')!.maxRecords).toBe(20);
    expect(txns.grade).toBe('high');

    const login = eps.get('POST /api/v1/auth/login')!;
    expect(request(login)).toContain('password');
    expect(login.labels.find((l) => l.direction === 'response' && l.label === 'cn_mobile')!.masked).toBe(true);
    expect(login.grade).toBe('medium');

    const transfer = eps.get('POST /api/v1/transfers')!;
    expect(request(transfer)).toEqual(['amount', 'bank_card', 'person_name', 'sms_code']);
    expect(eps.get('GET /api/v1/transfers/{transferId}')!.grade).toBe('medium');
    expect(response(eps.get('GET /api/v1/accounts/{accountId}/balance')!)).toEqual(['balance']);

    for (const k of ['GET /api/v1/config/app', 'GET /api/v1/health', 'HEAD /api/v1/health', 'POST /api/v1/auth/logout', 'GET /api/v1/notifications/unread-count', 'POST /api/v1/events']) {
      const e = eps.get(k)!;
      expect(e.grade, k).toBe('none');
      expect(response(e), k).toEqual([]);
      expect(e.labels.filter((l) => l.label !== 'credential'), k).toEqual([]);
    }
  });

  it('shows grade and label ids in the table and CSV', async () => {
    const table = await guanlan(['inventory', '--db', db]);
    expect(table.stdout).toMatch(/\/api\/v1\/users\/\{userId\}\/profile .* high +- +address,cn_id,cn_mobile,email,person_name/);
    const csv = (await guanlan(['inventory', '--db', db, '--csv'])).stdout.split('\n');
    expect(csv[0]).toMatch(/,grade,requestLabels,responseLabels$/);
    expect(csv.find((l) => l.includes('/auth/login'))).toMatch(/,medium,cn_mobile ip password,cn_mobile\* credential ip person_name\*$/);
  });

  it('traces an ID number to every endpoint and client that received it, and audits the search by digest', async () => {
    const ex = exchanges.find((e) => e.request.url.endsWith('/profile') && e.response?.body?.includes('idNo'))!;
    const idNo = (JSON.parse(ex.response!.body!) as { data: { idNo: string } }).data.idNo;
    const receivers = exchanges.filter((e) => e.response?.body?.includes(idNo));
    const expectedEps = [...eps.values()].filter((e) => receivers.some((r) => e.method === r.request.method && templateRe(e.pathTemplate).test(r.request.url))).map((e) => e.pathTemplate).sort();
    const expectedClients = [...new Set(receivers.map((r) => r.client.ip))].sort();
    const run = await guanlan(['trace', '--db', db, '--value', idNo.toLowerCase(), '--json']);
    expect(run.code).toBe(0);
    const rep = JSON.parse(run.stdout) as { endpoints: { pathTemplate: string; id: string; count: number }[]; clients: { ip: string }[]; accounts: { account: string; count: number }[]; rows: { label: string }[] };
    expect(rep.endpoints.map((e) => e.pathTemplate).sort()).toEqual(expectedEps);
    expect(rep.clients.map((c) => c.ip).sort()).toEqual(expectedClients);
    expect(rep.endpoints.reduce((a, e) => a + e.count, 0)).toBe(receivers.length);
    expect(new Set(rep.rows.map((r) => r.label))).toEqual(new Set(['cn_id']));
    expect(rep.endpoints[0]!.id).toBe(eps.get(`GET ${rep.endpoints[0]!.pathTemplate}`)!.id);
    // whose requests they were: the login name of the login that issued the bearer token (else the
    // token's JWT subject), as risk events show accounts (digit runs masked)
    const account = (e: Exchange): string => {
      const token = e.request.headers.find(([n]) => n === 'authorization')![1].replace(/^Bearer /, '');
      const login = exchanges.find((l) => l.request.url.endsWith('/auth/login') && l.response?.body?.includes(token));
      if (login) return (JSON.parse(login.request.body!) as { username: string }).username;
      return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
    };
    const expectedAccounts = new Map<string, number>();
    for (const r of receivers) {
      const a = account(r).replace(/\d{6,}/g, (m) => '*'.repeat(m.length - 4) + m.slice(-4));
      expectedAccounts.set(a, (expectedAccounts.get(a) ?? 0) + 1);
    }
    // stored as `masked [8 hex of its keyed digest]`
    for (const a of rep.accounts) expect(a.account).toMatch(/ \[[0-9a-f]{8}\]$/);
    expect(new Map(rep.accounts.map((a) => [a.account.replace(/ \[[0-9a-f]{8}\]$/, ''), a.count]))).toEqual(expectedAccounts);
    // and found again by the account in clear: everything that account received from the sample
    const who = account(receivers[0]!);
    const byAccount = JSON.parse((await guanlan(['trace', '--db', db, '--account', who, '--json'])).stdout) as { kind: string; rows: { account: string; count: number }[] };
    expect(byAccount.kind).toBe('account');
    expect(new Set(byAccount.rows.map((r) => r.account))).toEqual(new Set([rep.accounts.find((a) => a.account.startsWith(who.replace(/\d{6,}/g, (m) => '*'.repeat(m.length - 4) + m.slice(-4))))!.account]));
    expect(byAccount.rows.reduce((n, r) => n + r.count, 0)).toBeGreaterThanOrEqual(receivers.filter((r) => account(r) === who).length);

    const text = await guanlan(['trace', '--db', db, '--value', idNo]);
    expect(text.stdout).toMatch(/cn_id +GET +\/api\/v1\/users\/\{userId\}\/profile/);
    const none = await guanlan(['trace', '--db', db, '--value', '11010519491231002X']);
    expect(none.stdout).toMatch(/Not found/);
    const byIp = JSON.parse((await guanlan(['trace', '--db', db, '--ip', expectedClients[0]!, '--json'])).stdout) as { results: number };
    expect(byIp.results).toBeGreaterThan(0);
    const byApi = JSON.parse((await guanlan(['trace', '--db', db, '--api', eps.get('GET /api/v1/accounts')!.id, '--json'])).stdout) as { rows: { label: string }[] };
    expect(new Set(byApi.rows.map((r) => r.label))).toEqual(new Set(['bank_card']));

    const sql = new Database(db, { readonly: true });
    const audit = sql.prepare('select command, kind, query_digest, results from operator_audit order by id').all() as { kind: string; query_digest: string; results: number }[];
    sql.close();
    expect(audit.map((a) => a.kind)).toEqual(['value', 'account', 'value', 'value', 'ip', 'api']);
    expect(audit[0]!.results).toBeGreaterThan(0);
    expect(audit[3]!.results).toBe(0);
    for (const a of audit) expect(a.query_digest).not.toContain(idNo.slice(0, 6));
    expect(audit[1]!.query_digest).not.toContain(account(receivers[0]!));
  });

  it('stores no plaintext ID, mobile or card number (file, WAL, VACUUMed copy)', () => {
    const values = new Set<string>();
    for (const e of exchanges) {
      for (const body of [e.response?.body, e.request.body]) {
        let doc: unknown;
        try {
          doc = JSON.parse(body ?? '');
        } catch {
          continue;
        }
        for (const h of scanJson(doc, { withValues: true })) if (['cn_id', 'cn_mobile', 'bank_card'].includes(h.label)) for (const v of h.values ?? []) values.add(v);
      }
    }
    expect(values.size).toBeGreaterThan(300);
    const copy = `${db}.vacuumed`;
    const sql = new Database(db);
    sql.pragma('wal_checkpoint(TRUNCATE)');
    sql.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`);
    sql.close();
    const files = [db, copy, `${db}-wal`].filter((f) => existsSync(f) && statSync(f).size > 0);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const bytes = readFileSync(f);
      const leaked = [...values].filter((v) => bytes.includes(v));
      expect(leaked, f).toEqual([]);
    }
  });

  it('says in one line when an input fills the trace index, and counts what was left out', async () => {
    const dir = tmp();
    const config = path.join(dir, 'guanlan.yaml');
    writeFileSync(config, 'sensitive:\n  trace: { maxRowsPerInput: 5 }\n');
    const run = await guanlan(['analyze', SAMPLE, '--db', path.join(dir, 'c.db'), '--config', config, '--json']);
    expect(run.code).toBe(0);
    const lines = run.stderr.split('\n').filter((l) => l.includes('leak-trace index full'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/at 5 rows.* (\d+) occurrences of new values not indexed \(raise sensitive\.trace\.maxRowsPerInput\)/);
    const summary = JSON.parse(run.stdout) as { inputs: { sensitive: { traceRows: number; traceDropped: number } }[] };
    expect(summary.inputs[0]!.sensitive.traceRows).toBe(5);
    expect(summary.inputs[0]!.sensitive.traceDropped).toBeGreaterThan(0);
    noStack(run.stderr);
    // with the default every row is kept: no such line
    expect((await guanlan(['analyze', SAMPLE, '--db', path.join(dir, 'd.db')])).stderr).not.toMatch(/leak-trace index full/);
  });

  it('merges the trace sets of four inputs after the fourth commit, and a search finds every copy', async () => {
    const dir = tmp();
    const lines = exchanges.map((e) => JSON.stringify(e)).join('\n');
    // four inputs with the same exchanges (files that differ, so none is a duplicate)
    const files = [0, 1, 2, 3].map((k) => {
      const f = path.join(dir, `copy${k}.jsonl`);
      writeFileSync(f, lines + '\n'.repeat(k + 1));
      return f;
    });
    const one = path.join(dir, 'one.db');
    const four = path.join(dir, 'four.db');
    expect((await guanlan(['analyze', files[0]!, '--db', one, '--key-file', path.join(dir, 'k')])).code).toBe(0);
    const run = await guanlan(['analyze', ...files, '--db', four, '--key-file', path.join(dir, 'k'), '--json']);
    expect(run.code).toBe(0);
    const inputs = (JSON.parse(run.stdout) as { inputs: { sensitive: { traceRows: number; traceCompacted?: { sets: number; rows: number } } }[] }).inputs;
    expect(inputs.slice(0, 3).map((i) => i.sensitive.traceCompacted)).toEqual([undefined, undefined, undefined]);
    expect(inputs[3]!.sensitive.traceCompacted).toEqual({ sets: 4, rows: 4 * inputs[0]!.sensitive.traceRows });
    const sets = new Database(four, { readonly: true });
    try {
      expect(sets.prepare('select count(distinct base_group) as n from trace_segment').get()).toEqual({ n: 1 });
    } finally {
      sets.close();
    }
    const idNo = (JSON.parse(exchanges.find((e) => e.request.url.endsWith('/profile') && e.response?.body?.includes('idNo'))!.response!.body!) as { data: { idNo: string } }).data.idNo;
    const trace = async (file: string): Promise<{ endpoints: { pathTemplate: string; count: number }[]; clients: { ip: string; count: number }[] }> =>
      JSON.parse((await guanlan(['trace', '--db', file, '--key-file', path.join(dir, 'k'), '--value', idNo, '--json'])).stdout);
    const [a, b] = [await trace(one), await trace(four)];
    expect(a.clients.length).toBeGreaterThan(0);
    expect(b.clients).toEqual(a.clients.map((c) => ({ ...c, count: 4 * c.count })));
    expect(b.endpoints.map((e) => [e.pathTemplate, e.count])).toEqual(a.endpoints.map((e) => [e.pathTemplate, 4 * e.count]));
  });

  it('keeps the trace key outside the database, owner-only', () => {
    const st = statSync(`${db}.key`);
    expect(st.size).toBe(32);
    expect(st.mode & 0o077).toBe(0);
  });

  it('inspect shows data hits per exchange', async () => {
    const run = await guanlan(['inspect', SAMPLE, '--json']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { endpoint: { pathTemplate: string }; dataHits: { label: string; direction: string; location: string; masked: boolean; count: number; sample: string }[] });
    const prof = lines.find((l) => l.endpoint.pathTemplate.endsWith('/profile'))!;
    expect(prof.dataHits).toContainEqual(expect.objectContaining({ label: 'cn_id', direction: 'response', location: 'data.idNo', masked: false, count: 1 }));
    expect(prof.dataHits.find((h) => h.label === 'cn_id')!.sample).toMatch(/\*/);
    const txn = lines.find((l) => l.endpoint.pathTemplate.endsWith('/transactions'))!;
    expect(txn.dataHits).toContainEqual(expect.objectContaining({ label: 'transaction', count: 20 }));
    expect(lines.find((l) => l.endpoint.pathTemplate === '/api/v1/config/app')!.dataHits).toEqual([]);
  }, 60_000);

  it('a trace without a key or with two modes fails in one line', async () => {
    const other = path.join(tmp(), 'none.db');
    expect((await guanlan(['analyze', SAMPLE, '--db', other, '--json'])).code).toBe(0);
    const r = await guanlan(['trace', '--db', other, '--value', 'x', '--key-file', path.join(tmp(), 'missing.key')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no trace key/);
    noStack(r.stderr);
    const two = await guanlan(['trace', '--db', other, '--value', 'x', '--ip', '1.2.3.4']);
    expect(two.code).toBe(2);
    noStack(two.stderr);
  }, 60_000);
});
