/**
 * End-to-end tests of the built `guanlan` binary (bin/guanlan.js → dist/): what a user types.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusPath, REPO_ROOT } from './helpers/corpus.js';
import { BIN, guanlan, noStack, SAMPLE, tmp, type Run } from './helpers/cli.js';

describe('guanlan CLI', () => {
  it('prints help for every command and the version', async () => {
    const top = await guanlan(['--help']);
    expect(top.code).toBe(0);
    for (const cmd of ['analyze', 'exchanges', 'capture']) {
      expect(top.stdout).toContain(cmd);
      const r = await guanlan([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout).toMatch(/Usage: guanlan/);
    }
    const v = await guanlan(['--version']);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });

  it('exits 2 on usage errors with a one-line message', async () => {
    const r = await guanlan(['analyze']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/missing required argument/);
    const u = await guanlan(['frobnicate']);
    expect(u.code).toBe(2);
  });

  it('analyzes the shipped sample and does not count it twice', async () => {
    const db = path.join(tmp(), 'g.db');
    const first = await guanlan(['analyze', SAMPLE, '--db', db, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const s1 = JSON.parse(first.stdout);
    expect(s1.inputs[0]).toMatchObject({ kind: 'pcap', status: 'ingested', exchanges: 300, withoutResponse: 0 });
    const again = JSON.parse((await guanlan(['analyze', SAMPLE, '--db', db, '--json'])).stdout);
    expect(again.inputs[0].status).toBe('duplicate');
    expect(again.totals.exchanges).toBe(0);
    const table = await guanlan(['analyze', SAMPLE, '--db', path.join(tmp(), 'h.db')]);
    expect(table.stdout).toMatch(/exchanges\s+no response/);
    expect(table.stdout).toMatch(/300 exchanges from 1 input/);
  });

  it('reports main-thread time per stage with GUANLAN_STAGE_TIMES=1 (for the bench), and only then', async () => {
    const on = await guanlan(['analyze', SAMPLE, '--db', path.join(tmp(), 's.db'), '--json'], { env: { GUANLAN_STAGE_TIMES: '1' } });
    expect(on.code).toBe(0);
    const m = /^GUANLAN_STAGE_TIMES (\{.*\})$/m.exec(on.stderr);
    expect(m, on.stderr).not.toBeNull();
    const parts = JSON.parse(m![1]!) as Record<string, number>;
    expect(Object.keys(parts)).toEqual(['discovery', 'sensitive', 'facts', 'weaknesses', 'risks', 'trace', 'total', 'commit']);
    for (const v of Object.values(parts)) expect(Number.isInteger(v) && v >= 0).toBe(true);
    // the parts are inside the batch handler's total (each rounded to the millisecond); the commit comes after
    const { total, commit, ...rest } = parts;
    expect(Object.values(rest).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(total! + 6);
    expect(total).toBeGreaterThan(0);
    expect(commit).toBeGreaterThan(0);
    const off = await guanlan(['analyze', SAMPLE, '--db', path.join(tmp(), 't.db'), '--json'], { env: { GUANLAN_STAGE_TIMES: '0' } });
    expect(off.stderr).not.toContain('GUANLAN_STAGE_TIMES');
  });

  it('`exchanges X | analyze -` gives the same counts as `analyze X`', async () => {
    const jsonl = await guanlan(['exchanges', SAMPLE]);
    expect(jsonl.code).toBe(0);
    const lines = jsonl.stdout.trim().split('\n');
    expect(lines).toHaveLength(300);
    const direct = JSON.parse((await guanlan(['analyze', SAMPLE, '--db', path.join(tmp(), 'a.db'), '--json'])).stdout).inputs[0];
    const piped = JSON.parse((await guanlan(['analyze', '-', '--db', path.join(tmp(), 'b.db'), '--json'], { input: jsonl.stdout })).stdout).inputs[0];
    expect(piped.kind).toBe('jsonl');
    for (const k of ['exchanges', 'withoutResponse', 'methods', 'statusClasses', 'anomalies', 'hosts', 'paths', 'firstTs', 'lastTs']) {
      expect(piped[k], k).toEqual(direct[k]);
    }
  });

  it('stops quietly when the reader of stdout goes away', async () => {
    const r = await new Promise<Run>((resolve) => {
      const sh = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" exchanges "${SAMPLE}" | head -n 2`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      sh.stdout.on('data', (d) => (stdout += d));
      sh.stderr.on('data', (d) => (stderr += d));
      sh.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('');
  });

  it('reports bad inputs in one line each, processes the rest, exits 1', async () => {
    const dir = tmp();
    const garbage = path.join(dir, 'garbage.bin');
    writeFileSync(garbage, Buffer.from('this is not a capture at all\n'.repeat(10)));
    const truncated = path.join(dir, 'truncated.pcap');
    const whole = readFileSync(SAMPLE);
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const badJsonl = path.join(dir, 'bad.jsonl');
    const good = (await guanlan(['exchanges', SAMPLE])).stdout.trim().split('\n');
    writeFileSync(badJsonl, [good[0], '{"v":1, "broken', good[1], '{"v":2}', ''].join('\n'));
    const brokenHar = path.join(dir, 'broken.har');
    const har = readFileSync(corpusPath('har', 'akto', 'restapi_81.har'));
    writeFileSync(brokenHar, har.subarray(0, Math.floor(har.length * 0.6)));
    const r = await guanlan(['analyze', garbage, truncated, badJsonl, brokenHar, path.join(dir, 'missing.pcap'), '--db', path.join(dir, 'x.db'), '--json']);
    expect(r.code).toBe(1);
    noStack(r.stderr);
    const lines = r.stderr.trim().split('\n');
    expect(lines.find((l) => l.includes('garbage.bin'))).toMatch(/garbage\.bin: at byte 0: not a pcap/);
    expect(lines.find((l) => l.includes('truncated.pcap'))).toMatch(/truncated\.pcap: at byte \d+/);
    expect(lines.filter((l) => l.includes('bad.jsonl'))).toHaveLength(2);
    expect(lines.find((l) => l.includes('bad.jsonl'))).toMatch(/line 2/);
    expect(lines.find((l) => l.includes('broken.har'))).toMatch(/broken\.har: at byte \d+/);
    expect(lines.find((l) => l.includes('missing.pcap'))).toMatch(/no such file/);
    const s = JSON.parse(r.stdout);
    const by = Object.fromEntries(s.inputs.map((i: { name: string }) => [path.basename(i.name), i]));
    expect(by['truncated.pcap'].exchanges).toBeGreaterThan(100);
    expect(by['bad.jsonl'].exchanges).toBe(2);
    expect(by['broken.har'].exchanges).toBeGreaterThan(10);
    expect(by['garbage.bin'].status).toBe('failed');
  });

  it('says clearly when tcpdump is missing', async () => {
    const r = await guanlan(['capture', '-i', 'lo', '--tcpdump', '/nonexistent/tcpdump', '--db', path.join(tmp(), 'c.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^guanlan: capture: \/nonexistent\/tcpdump not found; install tcpdump/);
    noStack(r.stderr);
  });
});

const canCapture = (() => {
  try {
    return process.getuid?.() === 0 && spawnSync('tcpdump', ['--version']).status === 0;
  } catch {
    return false;
  }
})();

/** GET 127.0.0.1:port/path, body read and dropped. */
async function httpGet(port: number, p: string): Promise<void> {
  const http = await import('node:http');
  await new Promise<void>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    }).on('error', reject);
  });
}

/** `guanlan capture -i lo …` started, resolved once tcpdump says it is listening; its output gathers in `out`. */
async function startCapture(args: string[]): Promise<{ child: ReturnType<typeof spawn>; out: { stdout: string; stderr: string } }> {
  const child = spawn(process.execPath, [BIN, 'capture', '-i', 'lo', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  child.stdout!.on('data', (d) => (out.stdout += d));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`capture did not start: ${out.stderr}`)), 20_000);
    child.stderr!.on('data', (d) => {
      out.stderr += d;
      if (/listening on/.test(out.stderr)) {
        clearTimeout(t);
        resolve();
      }
    });
  });
  return { child, out };
}

describe.skipIf(!canCapture)('guanlan capture (live, loopback; needs root and tcpdump)', () => {
  it('captures HTTP on lo and stops with a summary on SIGINT', async () => {
    const http = await import('node:http');
    const server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ path: req.url, ok: true }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const db = path.join(tmp(), 'live.db');
    const { child, out } = await startCapture(['-f', `tcp port ${port}`, '--db', db, '--json']);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port, path: `/api/v1/items/${i}`, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        }).on('error', reject);
      });
    }
    agent.destroy();
    // libpcap hands packets to tcpdump in blocks, flushed by a timeout of about a second.
    await new Promise((r) => setTimeout(r, 2500));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    server.close();
    expect(code, out.stderr).toBe(0);
    const s = JSON.parse(out.stdout);
    expect(s.inputs[0].exchanges, JSON.stringify(s.inputs[0]) + out.stderr).toBe(20);
    expect(s.inputs[0].statusClasses).toEqual({ '2xx': 20 });
    // live traffic builds the same inventory as a file does
    const inv = JSON.parse((await guanlan(['inventory', '--db', db, '--json'])).stdout) as { method: string; pathTemplate: string; counts: { calls: number } }[];
    expect(inv.map((e) => [e.method, e.pathTemplate, e.counts.calls])).toEqual([['GET', '/api/v1/items/{itemId}', 20]]);
  }, 60_000);

  it('writes risk events while the capture runs (--flush-seconds), not only when it stops', async () => {
    const http = await import('node:http');
    const server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ code: '0000', data: [] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const db = path.join(tmp(), 'live-risks.db');
    const { child, out } = await startCapture(['-f', `tcp port ${port}`, '--db', db, '--flush-seconds', '1']);
    const get = (p: string): Promise<void> => httpGet(port, p);
    try {
      for (let i = 0; i < 5; i++) await get(`/api/v1/search?q=${encodeURIComponent(`1' union select username,password from users--${i}`)}`);
      // libpcap hands packets over in blocks (about a second); then the next batch past the flush interval writes
      let events: { slug: string }[] = [];
      for (let k = 0; k < 20 && !events.some((e) => e.slug === 'sqli'); k++) {
        await new Promise((r) => setTimeout(r, 500));
        await get('/api/v1/ping');
        const r = await guanlan(['risks', '--db', db, '--json']);
        if (r.code === 0) events = JSON.parse(r.stdout) as { slug: string }[];
      }
      expect(child.exitCode, out.stderr).toBeNull(); // still capturing
      expect(events.map((e) => e.slug)).toContain('sqli');
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.on('close', r));
      server.close();
    }
  }, 60_000);
  it('commits the inventory and the leak-trace index while the capture runs (--segment-seconds), one input row per segment', async () => {
    const http = await import('node:http');
    const server = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ code: '0000', data: { name: '张三', idNo: '11010519491231002X', mobile: '13812345678' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    const db = path.join(tmp(), 'live-segments.db');
    const { child, out } = await startCapture(['-f', `tcp port ${port}`, '--db', db, '--segment-seconds', '1', '--json']);
    const get = (p: string): Promise<void> => httpGet(port, p);
    let sent = 0;
    try {
      for (let i = 0; i < 5; i++, sent++) await get(`/api/v1/customers/${1000 + i}/profile`);
      // libpcap hands packets over in blocks (about a second); the next batch past the interval commits a segment
      let traced: { endpoints: { pathTemplate: string }[] } = { endpoints: [] };
      for (let k = 0; k < 20 && traced.endpoints.length === 0; k++) {
        await new Promise((r) => setTimeout(r, 500));
        await get(`/api/v1/customers/${2000 + k}/profile`);
        sent++;
        const r = await guanlan(['trace', '--db', db, '--value', '11010519491231002X', '--json']);
        if (r.code === 0) traced = JSON.parse(r.stdout) as typeof traced;
      }
      expect(child.exitCode, out.stderr).toBeNull(); // still capturing
      expect(traced.endpoints.map((e) => e.pathTemplate)).toEqual(['/api/v1/customers/{customerId}/profile']);
    } finally {
      await new Promise((r) => setTimeout(r, 2500));
      child.kill('SIGINT');
      await new Promise((r) => child.on('close', r));
      server.close();
    }
    const s = JSON.parse(out.stdout) as { inputs: { name: string; exchanges: number }[]; totals: { exchanges: number } };
    expect(s.inputs.length, out.stdout).toBeGreaterThan(1);
    expect(s.inputs.map((i) => i.name)).toEqual(s.inputs.map((_, n) => `lo (tcp port ${port}) #${n + 1}`));
    expect(s.totals.exchanges).toBe(sent);
    // the segments add up to one inventory, as one input would
    const inv = JSON.parse((await guanlan(['inventory', '--db', db, '--json'])).stdout) as { pathTemplate: string; counts: { calls: number } }[];
    expect(inv.map((e) => [e.pathTemplate, e.counts.calls])).toEqual([['/api/v1/customers/{customerId}/profile', sent]]);
  }, 60_000);
});

describe('threaded decoding', () => {
  it('gives the same Exchanges whatever the number of decode threads, and as in one thread', async () => {
    const { decodeFile } = await import('./helpers/decode.js');
    const { exchangeToJsonl } = await import('../src/sources/jsonl/index.js');
    const sorted = (text: string): string[] => text.trim().split('\n').sort();
    const one = sorted((await guanlan(['exchanges', '--threads', '1', SAMPLE])).stdout);
    const three = sorted((await guanlan(['exchanges', '--threads', '3', SAMPLE])).stdout);
    expect(one).toHaveLength(300);
    expect(three).toEqual(one);
    const inThread = (await decodeFile(SAMPLE)).exchanges.map((ex) => exchangeToJsonl(ex).trimEnd()).sort();
    expect(inThread).toEqual(one);
  });

  it('decodes a capture from stdin and gzip-compressed (segments fanned out by the main thread) the same', async () => {
    const { gzipSync } = await import('node:zlib');
    const norm = (text: string): string[] =>
      text
        .trim()
        .split('\n')
        .map((l) => {
          const ex = JSON.parse(l);
          delete ex.source;
          return JSON.stringify(ex);
        })
        .sort();
    const fromFile = norm((await guanlan(['exchanges', SAMPLE])).stdout);
    const fromStdin = await guanlan(['exchanges', '--threads', '2', '-'], { input: readFileSync(SAMPLE) });
    expect(fromStdin.code).toBe(0);
    expect(norm(fromStdin.stdout)).toEqual(fromFile);
    const gz = path.join(tmp(), 'sample.pcap.gz');
    writeFileSync(gz, gzipSync(readFileSync(SAMPLE)));
    expect(norm((await guanlan(['exchanges', gz])).stdout)).toEqual(fromFile);
  });
});
