/**
 * End-to-end on the built CLI: weaknesses found by `analyze`, listed three ways, and the fix
 * loop driven by traffic: found in capture 1 → marked fixed → capture 2 without it → verified
 * fixed → capture 3 with it again → reopened; every change in the history with who and when.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, FindingStateChange } from '../src/core/detector.js';
import { guanlan, noStack, SAMPLE, tmp } from './helpers/cli.js';

/** Login exchanges (JSONL) at `hour` of 2024-05-01: clear passwords, or MD5-hashed ones (the fix). */
function logins(n: number, hour: number, clear: boolean): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const pw = clear ? `Secret-${i}x` : 'e10adc3949ba59abbe56e057f20f883e';
    lines.push(
      JSON.stringify({
        v: 1,
        id: `h${hour}-${clear ? 'c' : 'h'}-${i}`,
        ts: new Date(Date.UTC(2024, 4, 1, hour, i % 60, 0)).toISOString(),
        client: { ip: `203.0.113.${1 + (i % 50)}`, port: 40000 + i },
        server: { ip: '10.0.0.5', port: 443 },
        request: { method: 'POST', url: '/api/v1/auth/login', httpVersion: '1.1', headers: [['host', 'mapi.bank.example.cn'], ['content-type', 'application/json']], body: JSON.stringify({ loginName: `user${i}`, password: pw }), bodyEncoding: 'utf8' },
        response: { status: 200, httpVersion: '1.1', headers: [['content-type', 'application/json']], body: '{"code":0,"msg":"ok"}', bodyEncoding: 'utf8' },
        source: 'test',
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function findings(db: string): Promise<Finding[]> {
  const r = await guanlan(['weaknesses', '--db', db, '--json', '--rule', 'plaintext-credentials']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Finding[];
}

describe('guanlan weaknesses', () => {
  it('lists the sample capture\'s weaknesses as a table, JSON and CSV, with masked evidence', async () => {
    const db = path.join(tmp(), 'g.db');
    const a = await guanlan(['analyze', SAMPLE, '--db', db]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/Weaknesses: \d+ seen/);
    const list = JSON.parse((await guanlan(['weaknesses', '--db', db, '--json'])).stdout) as Finding[];
    const pc = list.find((f) => f.slug === 'plaintext-credentials');
    expect(pc, JSON.stringify(list.map((f) => f.slug))).toBeDefined();
    expect(pc!).toMatchObject({ ruleId: 'GL-W-0003', severity: 'high', owasp: ['API2:2023'], app: '127.0.0.1:18080', endpoint: { method: 'POST', pathTemplate: '/api/v1/auth/login' }, location: 'password', state: 'new' });
    expect(pc!.evidence.length).toBeGreaterThan(0);
    expect(pc!.evidence.length).toBeLessThanOrEqual(3);
    // the evidence exchange is masked: the password field is replaced
    const body = (pc!.evidence[0]!.exchange as { request: { body: string } }).request.body;
    expect(JSON.parse(body).password).toBe('***');
    for (const f of list) {
      expect(Object.keys(f).sort()).toEqual(['app', 'count', 'cwe', 'detail', 'endpoint', 'evidence', 'firstSeen', 'id', 'lastSeen', 'location', 'owasp', 'ruleId', 'severity', 'slug', 'state', 'stateReason', 'title'].sort());
    }
    const table = await guanlan(['weaknesses', '--db', db]);
    expect(table.stdout).toMatch(/plaintext-credentials .*POST \/api\/v1\/auth\/login/);
    const csv = await guanlan(['weaknesses', '--db', db, '--csv']);
    expect(csv.stdout.split('\n')[0]).toMatch(/^id,ruleId,slug,title,severity/);
    expect(csv.stdout.trim().split('\n')).toHaveLength(list.length + 1);
    const zh = JSON.parse((await guanlan(['weaknesses', '--db', db, '--json', '--lang', 'zh', '--severity', 'high'])).stdout) as Finding[];
    expect(zh.find((f) => f.slug === 'plaintext-credentials')!.title).toBe('明文传输密码');
    expect(zh.every((f) => f.severity === 'high')).toBe(true);
  });

  it('closes the loop: found → fixed → verified fixed by clean traffic → reopened when it comes back', async () => {
    const dir = tmp();
    const db = path.join(dir, 'g.db');
    const cfg = path.join(dir, 'guanlan.yaml');
    writeFileSync(cfg, 'weaknesses:\n  verify: { minCalls: 10, minHours: 1 }\n');
    const [c1, c2a, c2b, c3] = ['c1', 'c2a', 'c2b', 'c3'].map((n) => path.join(dir, `${n}.jsonl`));
    writeFileSync(c1!, logins(5, 8, true));
    writeFileSync(c2a!, logins(12, 10, false));
    writeFileSync(c2b!, logins(4, 12, false));
    writeFileSync(c3!, logins(2, 14, true));

    expect((await guanlan(['analyze', c1!, '--db', db, '--config', cfg])).code).toBe(0);
    let [f] = await findings(db);
    expect(f).toMatchObject({ state: 'new', count: 5 });

    const bad = await guanlan(['weakness', 'set-state', f!.id, 'verified', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/set by traffic/);
    noStack(bad.stderr);
    expect((await guanlan(['weakness', 'set-state', f!.id, 'ignored', '--db', db])).stderr).toMatch(/needs --reason/);
    const fixed = await guanlan(['weakness', 'set-state', f!.id.slice(0, 6), 'fixed', '--db', db, '--actor', 'alice', '--reason', 'RSA-encrypted in app 7.7']);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect((await findings(db))[0]!.state).toBe('fixed');

    // 12 clean calls in one hour: enough calls, not yet the hour
    expect((await guanlan(['analyze', c2a!, '--db', db, '--config', cfg])).code).toBe(0);
    expect((await findings(db))[0]!.state).toBe('fixed');
    // two hours later, clean again: verified
    const v = await guanlan(['analyze', c2b!, '--db', db, '--config', cfg]);
    expect(v.stdout).toMatch(/1 verified fixed/);
    expect((await findings(db))[0]!).toMatchObject({ state: 'verified', count: 5 });

    const r = await guanlan(['analyze', c3!, '--db', db, '--config', cfg]);
    expect(r.stdout).toMatch(/1 reopened/);
    ;[f] = await findings(db);
    expect(f).toMatchObject({ state: 'reopened', count: 7 });
    expect(f!.evidence[0]!.ts.startsWith('2024-05-01T14')).toBe(true);

    const show = JSON.parse((await guanlan(['weakness', 'show', f!.id, '--db', db, '--json'])).stdout) as { history: FindingStateChange[] };
    expect(show.history.map((h) => `${h.actor}:${h.from ?? '-'}>${h.to}`)).toEqual(['traffic:->new', 'alice:new>fixed', 'traffic:fixed>verified', 'traffic:verified>reopened']);
    expect(show.history[1]!.reason).toBe('RSA-encrypted in app 7.7');
    // nothing of the clear passwords reached the store
    const raw = readFileSync(db).toString('latin1');
    expect(raw).not.toContain('Secret-1x');
  });

  it('rejects bad settings and ids with one clear line', async () => {
    const dir = tmp();
    const cfg = path.join(dir, 'guanlan.yaml');
    writeFileSync(cfg, 'weaknesses:\n  params:\n    plaintext-credentials: { acceptHashed: maybe }\n');
    const r = await guanlan(['analyze', SAMPLE, '--db', path.join(dir, 'g.db'), '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/guanlan\.yaml: line 3: weaknesses\.params\.plaintext-credentials\.acceptHashed: .*boolean/);
    noStack(r.stderr);
    writeFileSync(cfg, 'weaknesses:\n  disable: [no-such-rule]\n');
    const r2 = await guanlan(['analyze', SAMPLE, '--db', path.join(dir, 'g.db'), '--config', cfg]);
    expect(r2.stderr).toMatch(/no weakness detector "no-such-rule"/);
    const db = path.join(dir, 'g2.db');
    await guanlan(['analyze', SAMPLE, '--db', db]);
    const s = await guanlan(['weakness', 'set-state', 'ffff', 'fixed', '--db', db]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/no finding ffff/);
    expect((await guanlan(['weaknesses', '--db', db, '--severity', 'urgent'])).stderr).toMatch(/--severity urgent: expected one of critical/);
  });
});
