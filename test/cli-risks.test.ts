/**
 * End to end on the built CLI: `simulate` writes a day of bank traffic with labelled attacks as a
 * pcap; `analyze` decodes it and raises risk events and incidents; `risks` and `incidents` print
 * them; alerts reach a real local webhook receiver, HMAC-signed, one per event and incident.
 */
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Incident, RiskEvent } from '../src/core/risk.js';
import type { LabelsFile } from '../src/sim/labels.js';
import { openStore, readDetectorState, readIncidentHistory } from '../src/store/index.js';
import { guanlan, noStack, tmp } from './helpers/cli.js';

const received: { body: string; signature: string; key: string }[] = [];
let server: Server | undefined;
afterAll(() => server?.close());

async function receiver(): Promise<string> {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ body, signature: String(req.headers['x-guanlan-signature'] ?? ''), key: String(req.headers['idempotency-key'] ?? '') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/hook`;
}

describe('guanlan risks and incidents', () => {
  it('detects the simulated attacks in a pcap, lists them, and alerts the SOC webhook', async () => {
    const dir = tmp();
    const pcap = path.join(dir, 'day.pcap');
    const sim = await guanlan(['simulate', '--out', pcap, '--users', '200', '--seed', '3', '--scenarios', 'brute-force,sqli,scanner,xxe', '--json']);
    expect(sim.code, sim.stderr).toBe(0);
    const labels = JSON.parse(readFileSync(`${pcap.slice(0, -5)}.labels.json`, 'utf8')) as LabelsFile;
    const url = await receiver();
    const secret = 'a-test-secret-of-enough-length';
    const cfg = path.join(dir, 'guanlan.yaml');
    writeFileSync(cfg, `alerts:\n  webhooks: [{ name: soc, url: "${url}", secret: "${secret}", minSeverity: medium }]\n  deadLetterDir: ${JSON.stringify(path.join(dir, 'dl'))}\n`);
    const db = path.join(dir, 'g.db');
    const a = await guanlan(['analyze', pcap, '--db', db, '--config', cfg]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/Risks: \d+ event\(s\) in \d+ incident\(s\)/);

    const events = JSON.parse((await guanlan(['risks', '--db', db, '--json'])).stdout) as RiskEvent[];
    for (const l of labels.scenarios) {
      const hit = events.find((e) => e.slug === l.slug && e.subject.ip === l.subject.ip);
      expect(hit, `${l.slug} from ${l.subject.ip}`).toBeDefined();
      expect(Object.keys(hit!).sort()).toEqual(['baseline', 'detail', 'dimension', 'end', 'evidence', 'id', 'incidentId', 'ruleId', 'severity', 'slug', 'start', 'subject', 'threshold', 'title', 'value'].sort());
    }
    const bf = events.find((e) => e.slug === 'brute-force')!;
    expect(bf.subject.account).toMatch(/^\*+\d{4}$/); // shown masked
    const incidents = JSON.parse((await guanlan(['incidents', '--db', db, '--json'])).stdout) as Incident[];
    expect(incidents.length).toBeGreaterThanOrEqual(labels.scenarios.length);
    expect(new Set(events.map((e) => e.incidentId))).toEqual(new Set(incidents.flatMap((i) => i.events.map(() => i.id))));
    expect((await guanlan(['risks', '--db', db, '--dimension', 'attack'])).stdout).toMatch(/sqli/);

    // every alert of medium or higher arrived once, signed
    const wanted = events.filter((e) => e.severity !== 'low' && e.severity !== 'info').length + incidents.filter((i) => i.severity !== 'low' && i.severity !== 'info').length;
    expect(new Set(received.map((r) => r.key)).size).toBe(wanted);
    for (const r of received) expect(r.signature).toBe(`sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`);

    const bad = await guanlan(['risks', '--db', db, '--dimension', 'weather']);
    expect(bad.code).toBe(2);
    noStack(bad.stderr);

    // the analyst loop: acknowledge, then close, with the history kept; traffic does not reopen it
    const top = incidents[0]!;
    const ack = await guanlan(['incident', 'set-state', top.id.slice(0, 8), 'acknowledged', '--db', db, '--note', 'ticket SOC-1', '--actor', 'analyst1']);
    expect(ack.code, ack.stderr).toBe(0);
    expect(ack.stderr).toContain(`incident ${top.id}: open → acknowledged`);
    const acked = JSON.parse((await guanlan(['incidents', '--db', db, '--json', '--state', 'acknowledged'])).stdout) as Incident[];
    expect(acked.map((i) => i.id)).toEqual([top.id]);
    const again = await guanlan(['incident', 'set-state', top.id.slice(0, 8), 'acknowledged', '--db', db]);
    expect([again.code, again.stderr.trim()]).toEqual([2, `guanlan: incident ${top.id} is already acknowledged`]);
    const store = await openStore(db);
    try {
      expect(await readIncidentHistory(store.db, top.id)).toMatchObject([{ actor: 'analyst1', from: 'open', to: 'acknowledged', note: 'ticket SOC-1' }]);
      // what the detectors learnt is kept for the next run: baselines and per-account profiles
      const state = await readDetectorState(store.db);
      expect(Object.keys(state)).toEqual(expect.arrayContaining(['abnormal-login', 'abnormal-volume', 'unusual-hours']));
    } finally {
      await store.close();
    }
  }, 90_000);

  it('honours allow-lists and suppression rules, and counts what they dropped', async () => {
    const dir = tmp();
    const jsonl = path.join(dir, 'day.jsonl');
    expect((await guanlan(['simulate', '--out', jsonl, '--users', '100', '--seed', '4', '--duration', '6h', '--scenarios', 'scanner,sqli,crawler'])).code).toBe(0);
    const labels = JSON.parse(readFileSync(`${jsonl.slice(0, -6)}.labels.json`, 'utf8')) as LabelsFile;
    const ipOf = (slug: string): string => labels.scenarios.find((l) => l.slug === slug)!.subject.ip!;
    const cfg = path.join(dir, 'guanlan.yaml');
    writeFileSync(cfg, `risks:\n  allow: { ips: ["${ipOf('crawler')}"] }\n  suppress:\n    - { rule: scanner, ip: "${ipOf('scanner')}", reason: quarterly pen test }\n`);
    const db = path.join(dir, 'g.db');
    const a = await guanlan(['analyze', jsonl, '--db', db, '--config', cfg, '--json']);
    expect(a.code, a.stderr).toBe(0);
    const counters = (JSON.parse(a.stdout) as { inputs: { counters: Record<string, number> }[] }).inputs[0]!.counters;
    expect(counters['risks.suppressed.scanner']).toBeGreaterThan(0);
    expect(counters['risks.suppressed.crawler']).toBeGreaterThan(0);
    const events = JSON.parse((await guanlan(['risks', '--db', db, '--json'])).stdout) as RiskEvent[];
    expect(events.filter((e) => e.subject.ip === ipOf('crawler'))).toEqual([]);
    expect(events.filter((e) => e.slug === 'scanner' && e.subject.ip === ipOf('scanner'))).toEqual([]);
    // the scanner's SQL injection is not covered by the scanner rule, and the sqli attacker is not suppressed
    expect(events.some((e) => e.slug === 'sqli' && e.subject.ip === ipOf('sqli'))).toBe(true);

    writeFileSync(cfg, 'risks:\n  suppress:\n    - { rule: scaner, ip: 192.0.2.1, reason: typo }\n');
    const bad = await guanlan(['analyze', jsonl, '--db', path.join(dir, 'h.db'), '--config', cfg]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/guanlan\.yaml: line 3: risks\.suppress\.0\.rule: no risk detector "scaner"/);
    noStack(bad.stderr);
  }, 90_000);
});

describe('risk detectors beside decoding', () => {
  it('find in the decode thread what they find on the main thread: the same events, incidents, learnt state and counters', async () => {
    // one capture file, one decode thread (--threads 1): the detectors run in the decode thread on
    // the main thread's records (pipeline/risk-host.ts); GUANLAN_RISKS_BESIDE=0 keeps them on the main thread
    const dir = tmp();
    const pcap = path.join(dir, 'day.pcap');
    const sim = await guanlan(['simulate', '--out', pcap, '--users', '150', '--seed', '5', '--duration', '6h', '--scenarios', 'all', '--json']);
    expect(sim.code, sim.stderr).toBe(0);
    const labels = JSON.parse(readFileSync(`${pcap.slice(0, -5)}.labels.json`, 'utf8')) as LabelsFile;
    const scanner = labels.scenarios.find((l) => l.slug === 'scanner')!.subject.ip!;
    const cfg = path.join(dir, 'guanlan.yaml');
    writeFileSync(cfg, `risks:\n  suppress:\n    - { rule: scanner, ip: "${scanner}", reason: pen test }\n`);
    const key = path.join(dir, 'install.key');
    const run = async (name: string, env: Record<string, string>): Promise<{ events: RiskEvent[]; incidents: Incident[]; state: Record<string, unknown>; counters: Record<string, number> }> => {
      const db = path.join(dir, `${name}.db`);
      const a = await guanlan(['analyze', pcap, '--db', db, '--config', cfg, '--threads', '1', '--key-file', key, '--json'], { env });
      expect(a.code, a.stderr).toBe(0);
      const counters = (JSON.parse(a.stdout) as { inputs: { counters: Record<string, number> }[] }).inputs[0]!.counters;
      const events = JSON.parse((await guanlan(['risks', '--db', db, '--json'])).stdout) as RiskEvent[];
      const incidents = JSON.parse((await guanlan(['incidents', '--db', db, '--json'])).stdout) as Incident[];
      const store = await openStore(db);
      try {
        return { events, incidents, state: await readDetectorState(store.db), counters: Object.fromEntries(Object.entries(counters).filter(([k]) => k.startsWith('risks.'))) };
      } finally {
        await store.close();
      }
    };
    const beside = await run('beside', {});
    const here = await run('here', { GUANLAN_RISKS_BESIDE: '0' });
    const byId = <T extends { id: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(here.events.length).toBeGreaterThan(labels.scenarios.length);
    expect(new Set(here.events.map((e) => e.slug)).size).toBeGreaterThan(10);
    expect(here.counters['risks.suppressed.scanner']).toBeGreaterThan(0);
    expect(byId(beside.events)).toEqual(byId(here.events));
    expect(byId(beside.incidents)).toEqual(byId(here.incidents));
    expect(beside.state).toEqual(here.state);
    expect(beside.counters).toEqual(here.counters);
  }, 180_000);
});
