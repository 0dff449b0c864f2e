import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateExchange } from '../core/exchange-schema.js';
import type { Exchange } from '../core/exchange.js';
import { decodeFile } from '../../test/helpers/decode.js';
import { tmp } from '../../test/helpers/cli.js';
import type { LabelsFile } from './labels.js';
import { SCENARIOS } from './scenarios/index.js';
import { parseDuration, parseScenarios, simulate, type SimulateOptions } from './simulate.js';

const SLUGS = ['brute-force', 'credential-stuffing', 'password-spraying', 'success-after-failures', 'abnormal-login', 'disallowed-source-login', 'account-sharing', 'sms-bombing', 'unusual-hours', 'abnormal-volume', 'sensitive-volume', 'crawler', 'dumping', 'bulk-export', 'id-traversal', 'cross-border', 'sqli', 'xss', 'path-traversal', 'command-injection', 'ssrf', 'xxe', 'expression-injection', 'scanner'];

const base = (out: string, o: Partial<SimulateOptions> = {}): SimulateOptions => ({
  out, scenarios: SCENARIOS.map((s) => s.id), durationMs: 86_400_000, users: 40, seed: 7, startMs: Date.parse('2024-06-03T00:00:00+08:00'), ...o,
});
const readJsonl = (f: string): Exchange[] => readFileSync(f, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Exchange);
const readLabels = (f: string): LabelsFile => JSON.parse(readFileSync(f, 'utf8')) as LabelsFile;
const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('guanlan simulate', () => {
  const dirA = tmp();
  const dirB = tmp();
  const jsonl = path.join(dirA, 'day.jsonl');
  let exchanges: Exchange[];
  let labels: LabelsFile;

  beforeAll(async () => {
    await simulate(base(jsonl));
    exchanges = readJsonl(jsonl);
    labels = readLabels(path.join(dirA, 'day.labels.json'));
  }, 120_000);

  it('is deterministic for a seed and differs between seeds', async () => {
    const again = path.join(dirB, 'day.jsonl');
    await simulate(base(again));
    // the source names the output as given, so compare with the paths made equal
    const norm = (f: string): string => readFileSync(f, 'utf8').replaceAll(f, 'X');
    expect(createHash('sha256').update(norm(again)).digest('hex')).toBe(createHash('sha256').update(norm(jsonl)).digest('hex'));
    expect(readLabels(path.join(dirB, 'day.labels.json')).scenarios).toEqual(labels.scenarios);
    const other = path.join(dirB, 'other.jsonl');
    await simulate(base(other, { seed: 8, scenarios: [] }));
    expect(sha(other)).not.toBe(sha(again));
  }, 120_000);

  it('writes Exchanges that validate, in time order, with unique ids', () => {
    expect(exchanges.length).toBeGreaterThan(2000);
    for (const e of exchanges) {
      const v = validateExchange(e);
      expect(v.ok ? '' : v.error).toBe('');
    }
    expect(new Set(exchanges.map((e) => e.id)).size).toBe(exchanges.length);
    for (let i = 1; i < exchanges.length; i++) expect(exchanges[i].ts >= exchanges[i - 1].ts).toBe(true);
    // the three applications and realistic clients are all there
    const hosts = new Set(exchanges.map((e) => e.request.headers.find((h) => h[0] === 'host')?.[1]));
    expect([...hosts].sort()).toEqual(['ebank.bank.example.cn', 'mapi.bank.example.cn', 'openapi.bank.example.cn']);
    expect(exchanges.some((e) => e.client.ip.startsWith('2001:db8:'))).toBe(true);
    expect(exchanges.every((e) => /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$|^2001:db8:/.test(e.client.ip))).toBe(true);
    expect(exchanges.every((e) => /^10\.20\.|^fd00:20:/.test(e.server.ip))).toBe(true);
  });

  it('labels every risk slug, with exchange ids that are in the output', () => {
    const ids = new Map(exchanges.map((e) => [e.id, e]));
    expect(new Set(labels.scenarios.map((s) => s.slug))).toEqual(new Set(SLUGS));
    expect(labels.skipped).toEqual([]);
    for (const s of labels.scenarios) {
      expect(s.exchanges, s.id).toBeGreaterThan(0);
      expect(s.exchangeIds.length).toBe(s.exchanges);
      expect(Object.keys(s.subject).length, s.id).toBeGreaterThan(0);
      for (const id of s.exchangeIds) expect(ids.has(id), `${s.id} ${id}`).toBe(true);
      const ts = s.exchangeIds.map((id) => ids.get(id)!.ts).sort();
      expect([ts[0], ts[ts.length - 1]]).toEqual([s.start, s.end]);
    }
    expect(labels.addressPlan.foreign).toEqual(['198.51.100.0/24']);
    const night = labels.scenarios.find((s) => s.slug === 'unusual-hours')!;
    const h = (new Date(night.start).getUTCHours() + 8) % 24;
    expect(h >= 1 && h < 5).toBe(true);
  });

  it('shapes the attacks as described (a few spot checks)', () => {
    const of = (slug: string): Exchange[] => {
      const ids = new Set(labels.scenarios.find((s) => s.slug === slug)!.exchangeIds);
      return exchanges.filter((e) => ids.has(e.id));
    };
    const stuffing = of('credential-stuffing');
    const accounts = new Set(stuffing.map((e) => (JSON.parse(e.request.body!) as { loginName: string }).loginName));
    expect(accounts.size).toBe(300);
    expect(new Set(stuffing.map((e) => e.client.ip)).size).toBe(1);
    const dump = of('dumping').filter((e) => e.request.url.includes('/transactions'));
    expect(dump.length).toBe(500);
    expect(dump[499].request.url).toMatch(/pageNo=500&pageSize=100$/);
    const scan = of('scanner');
    expect(scan.filter((e) => e.response!.status === 404).length / scan.length).toBeGreaterThan(0.9);
    const crawl = of('crawler');
    expect(crawl.some((e) => e.request.url.startsWith('/static/'))).toBe(false);
    expect(of('cross-border').every((e) => e.client.ip.startsWith('198.51.100.') && /"idNo":"\d{17}[\dX]"/.test(e.response!.body!))).toBe(true);
  });

  it('writes a pcap that the decoder turns into the same exchanges', async () => {
    const small = base(path.join(dirA, 'small.jsonl'), { users: 30, durationMs: 3 * 3_600_000, startMs: Date.parse('2024-06-03T09:00:00+08:00'), scenarios: ['sqli', 'xxe', 'crawler', 'bulk-export', 'brute-force'] });
    await simulate(small);
    const pcapFile = path.join(dirA, 'small.pcap');
    const s = await simulate({ ...small, out: pcapFile });
    expect(s.packets).toBeGreaterThan(s.exchanges * 3);
    const want = readJsonl(small.out);
    const got = await decodeFile(pcapFile);
    expect(got.issues).toEqual([]);
    expect(got.exchanges.length).toBe(want.length);
    const byId = new Map(got.exchanges.map((e) => [e.id, e]));
    let gzipped = 0;
    let chunked = 0;
    for (const w of want) {
      const g = byId.get(w.id);
      expect(g, `${w.id} ${w.request.method} ${w.request.url}`).toBeDefined();
      const pick = (e: Exchange) => ({ ts: e.ts, durationMs: e.durationMs, client: e.client, server: e.server, method: e.request.method, url: e.request.url, reqHeaders: e.request.headers, reqBody: e.request.body ?? '', status: e.response?.status, resHeaders: e.response?.headers, body: e.response?.body ?? '', enc: e.response?.bodyEncoding, notes: e.notes });
      expect(pick(g!)).toEqual(pick(w));
      if (w.response?.headers.some((h) => h[0] === 'content-encoding')) gzipped++;
      if (w.response?.headers.some((h) => h[0] === 'transfer-encoding')) chunked++;
    }
    expect(gzipped).toBeGreaterThan(0);
    expect(chunked).toBeGreaterThan(gzipped);
    // the labels of the pcap run name the same exchanges
    expect(readLabels(path.join(dirA, 'small.labels.json')).scenarios.map((x) => x.exchangeIds)).toEqual(readLabels(s.labels).scenarios.map((x) => x.exchangeIds));
  }, 120_000);

  it('has no labels and no attackers with --scenarios none', async () => {
    const out = path.join(dirB, 'benign.jsonl');
    const s = await simulate(base(out, { scenarios: parseScenarios('none') }));
    expect(s.scenarios).toEqual([]);
    expect(readLabels(s.labels).scenarios).toEqual([]);
    const ex = readJsonl(out);
    expect(ex.length).toBeGreaterThan(300);
    expect(ex.some((e) => /^192\.0\.2\.(1[3-8]\d|19[01])$|^198\.51\.100\./.test(e.client.ip))).toBe(false);
  }, 60_000);

  it('streams a large run in bounded memory', async () => {
    const out = path.join(dirB, 'big.jsonl');
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
    const s = await simulate(base(out, { scenarios: [], users: 20_000, exchanges: 200_000 }));
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    expect(s.exchanges).toBeGreaterThan(150_000);
    expect(s.bytes).toBeGreaterThan(400e6);
    // held in memory the run would be several times the file; streamed it stays small
    expect(peak - before).toBeLessThan(300e6);
  }, 180_000);
});

describe('option parsing', () => {
  it('reads durations and scenario lists', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(() => parseDuration('soon')).toThrow(/invalid --duration "soon"/);
    expect(() => parseDuration('0h')).toThrow(/invalid --duration/);
    expect(parseScenarios('all')).toHaveLength(SCENARIOS.length);
    expect(parseScenarios('none')).toEqual([]);
    expect(parseScenarios('sqli,brute-force')).toEqual(['sqli', 'brute-force']);
    expect(() => parseScenarios('sqli,teleport')).toThrow(/unknown scenario "teleport"/);
  });
});
