import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Severity } from '../core/detector.js';
import type { Alert, RiskEvent } from '../core/risk.js';
import { createSyslogSink, type SyslogSinkOptions } from './syslog.js';
import { CEF_SEVERITY, formatCef, formatSyslog, octetFrame, SD_ID } from './syslog-format.js';
import type { AlertSink } from './sink.js';
import {
  AWKWARD,
  closeAll,
  eventAlert,
  incidentAlert,
  LOOPBACK,
  OctetCountingDecoder,
  parseCef,
  parseRfc5424,
  pause,
  readDeadLetters,
  refusedPort,
  streamReceiver,
  tempDir,
  udpReceiver,
  waitFor,
} from './test-helpers.js';

const NOW = new Date('2024-05-01T08:05:01.250Z');
const fmt = { hostname: 'sensor-1', productVersion: '1.2.3', now: () => NOW };

const sinks: AlertSink[] = [];
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close(200)));
  await closeAll();
});

function sink(o: Partial<SyslogSinkOptions> & Pick<SyslogSinkOptions, 'port' | 'protocol'>, warnings: string[] = []): AlertSink {
  const s = createSyslogSink({ name: 'siem', host: LOOPBACK, hostname: 'sensor-1', productVersion: '1.2.3', maxAttempts: 50, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 500, warn: (m) => warnings.push(m), ...o });
  sinks.push(s);
  return s;
}

const keyOf = (m: string): string => parseRfc5424(m).sd.get(SD_ID)!.get('key')!;

describe('RFC 5424 messages', () => {
  it('has PRI from facility and mapped severity, the header fields and escaped structured data', () => {
    const a = eventAlert(1, 'high');
    const m = parseRfc5424(formatSyslog(a, { ...fmt, format: 'json', procId: '77' }));
    expect(m).toMatchObject({ pri: 20 * 8 + 3, facility: 20, severity: 3, version: 1, timestamp: '2024-05-01T08:05:01.250Z', hostname: 'sensor-1', appName: 'guanlan', procId: '77', msgId: 'GL-R-0001' });
    const sd = m.sd.get(SD_ID)!;
    const p = a.payload as RiskEvent;
    expect(Object.fromEntries(sd)).toMatchObject({
      key: a.key,
      kind: 'event',
      severity: 'high',
      ts: a.ts,
      ruleId: 'GL-R-0001',
      slug: 'brute-force',
      account: p.subject.account,
      ip: '203.0.113.7',
      path: '/api/v1/login',
      start: p.start,
      end: p.end,
    });
    expect(JSON.parse(m.msg)).toEqual(a);
  });

  it('maps every Guanlan severity and takes the configured facility', () => {
    const expected: Record<Severity, number> = { critical: 2, high: 3, medium: 4, low: 5, info: 6 };
    for (const [sev, code] of Object.entries(expected) as [Severity, number][]) {
      const m = parseRfc5424(formatSyslog(eventAlert(1, sev), { ...fmt, format: 'json', facility: 1 }));
      expect([m.facility, m.severity]).toEqual([1, code]);
    }
  });

  it('escapes ", \\ and ] in SD values so a strict parser gets them back', () => {
    const a: Alert = { ...eventAlert(2), key: 'k"]\\x' };
    a.payload = { ...(a.payload as RiskEvent), subject: { account: AWKWARD } };
    const m = parseRfc5424(formatSyslog(a, { ...fmt, format: 'cef' }));
    expect(m.sd.get(SD_ID)!.get('key')).toBe('k"]\\x');
    expect(m.sd.get(SD_ID)!.get('account')).toBe(AWKWARD);
  });

  it('uses msgid "incident" and the incident facts for incidents', () => {
    const a = incidentAlert(1);
    const m = parseRfc5424(formatSyslog(a, { ...fmt, format: 'json' }));
    expect(m.msgId).toBe('incident');
    expect(m.severity).toBe(2);
    expect(Object.fromEntries(m.sd.get(SD_ID)!)).toMatchObject({ kind: 'incident', score: '91', state: 'open', rules: 'GL-R-0001,GL-R-0002', ip: '2001:db8::7' });
  });

  it('replaces what RFC 5424 forbids in header fields', () => {
    const m = parseRfc5424(formatSyslog(eventAlert(1), { ...fmt, hostname: 'my host\n', format: 'json' }));
    expect(m.hostname).toBe('my_host_');
    expect(parseRfc5424(formatSyslog(eventAlert(1), { ...fmt, hostname: '', format: 'json' })).hostname).toBe('-');
  });

  it('frames with octet counting (length in bytes, not characters)', () => {
    const msgs = [formatSyslog(eventAlert(1), { ...fmt, format: 'json' }), formatSyslog(incidentAlert(2), { ...fmt, format: 'cef' })];
    const stream = Buffer.concat(msgs.map(octetFrame));
    const d = new OctetCountingDecoder();
    // fed byte by byte, across UTF-8 sequences
    const out: string[] = [];
    for (let i = 0; i < stream.length; i++) out.push(...d.push(stream.subarray(i, i + 1)));
    expect(out).toEqual(msgs);
  });
});

describe('CEF', () => {
  it('escapes |, \\, = and line breaks so a parser gets the original values back', () => {
    const a = eventAlert(3, 'medium');
    const p = a.payload as RiskEvent;
    const cef = parseCef(formatCef(a, '1.2|3'));
    expect(cef).toMatchObject({ version: '0', vendor: 'Guanlan', product: 'Guanlan', productVersion: '1.2|3', signatureId: 'GL-R-0001', name: p.title, severity: String(CEF_SEVERITY.medium) });
    expect(Object.fromEntries(cef.ext)).toMatchObject({
      externalId: a.key,
      msg: a.summary, // contains | \ = " ] \n \r
      suser: p.subject.account,
      src: '203.0.113.7',
      dhost: 'bank.example',
      requestMethod: 'POST',
      request: '/api/v1/login',
      rt: String(Date.parse(a.ts)),
      cs1Label: 'slug',
      cs1: 'brute-force',
      cn1: String(p.value),
    });
  });

  it('turns line breaks in header fields into spaces (CEF allows none there)', () => {
    const a = eventAlert(4);
    a.payload = { ...(a.payload as RiskEvent), title: 'two\nlines|x' };
    expect(parseCef(formatCef(a, '1')).name).toBe('two lines|x');
  });

  it('describes incidents, with IPv6 sources in c6a2, and maps severities to 0–10', () => {
    const cef = parseCef(formatCef(incidentAlert(1), '1'));
    expect(cef.signatureId).toBe('incident');
    expect(cef.name).toBe('Account takeover ] campaign');
    expect(cef.severity).toBe('10');
    expect(cef.ext.get('c6a2')).toBe('2001:db8::7');
    expect(cef.ext.get('cn1Label')).toBe('score');
    expect(Object.values(CEF_SEVERITY).every((n) => n >= 0 && n <= 10)).toBe(true);
  });
});

describe('syslog over UDP', () => {
  it('sends one strict RFC 5424 datagram per alert', async () => {
    const rx = await udpReceiver();
    const s = sink({ protocol: 'udp', port: rx.port, format: 'cef' });
    const sent = [1, 2, 3].map((i) => eventAlert(i));
    for (const a of sent) expect(s.send(a)).toBe(true);
    expect(await s.flush(2_000)).toBe(true);
    await waitFor(() => rx.messages.length === 3, 2_000, 'datagrams');
    expect(rx.messages.map(keyOf).sort()).toEqual(sent.map((a) => a.key).sort());
    for (const m of rx.messages) expect(parseCef(parseRfc5424(m).msg).signatureId).toBe('GL-R-0001');
    expect(s.stats()).toMatchObject({ sent: 3, dropped: 0, deadLettered: 0 });
  });
});

describe('syslog over TCP', () => {
  it('delivers framed messages in order', async () => {
    const rx = await streamReceiver();
    const s = sink({ protocol: 'tcp', port: rx.port });
    const sent = Array.from({ length: 20 }, (_, i) => eventAlert(i));
    for (const a of sent) s.send(a);
    expect(await s.flush(2_000)).toBe(true);
    await waitFor(() => rx.messages.length === 20, 2_000, 'messages');
    expect(rx.messages.map(keyOf)).toEqual(sent.map((a) => a.key));
    expect(rx.errors).toEqual([]);
    expect(JSON.parse(parseRfc5424(rx.messages[0]!).msg)).toEqual(sent[0]);
  });

  it('loses nothing when the receiver restarts mid-stream', async () => {
    const rx = await streamReceiver();
    let restarts = 0;
    rx.onMessage = (n) => {
      if (n === 15 && restarts === 0) {
        // Hang with unread data, then crash: what was written meanwhile never reaches anyone.
        restarts++;
        rx.freeze();
        setTimeout(() => void rx.stop().then(() => setTimeout(() => void rx.start(), 30)), 20);
      }
    };
    const warnings: string[] = [];
    const s = sink({ protocol: 'tcp', port: rx.port }, warnings);
    const sent = Array.from({ length: 60 }, (_, i) => eventAlert(i));
    for (const [i, a] of sent.entries()) {
      expect(s.send(a)).toBe(true);
      if (i % 5 === 4) await pause(2);
    }
    const want = new Set(sent.map((a) => a.key));
    await waitFor(() => rx.messages.length >= 60 && new Set(rx.messages.map(keyOf)).size === want.size, 5_000, 'all keys after the restart');
    expect(await s.flush(2_000)).toBe(true);
    expect(restarts).toBe(1);
    expect(new Set(rx.messages.map(keyOf))).toEqual(want);
    expect(rx.errors).toEqual([]);
    for (const m of rx.messages) expect(() => parseRfc5424(m)).not.toThrow();
    expect(warnings.join('\n')).toMatch(/connection lost|cannot connect/);
    expect(s.stats()).toMatchObject({ sent: 60, deadLettered: 0, dropped: 0, pending: 0 });
  });

  it('queues while the receiver is away (bounded) and delivers once it is back', async () => {
    const rx = await streamReceiver();
    await rx.stop();
    const s = sink({ protocol: 'tcp', port: rx.port, maxQueue: 5 });
    const accepted = Array.from({ length: 7 }, (_, i) => s.send(eventAlert(i)));
    expect(accepted).toEqual([true, true, true, true, true, false, false]);
    await pause(30);
    await rx.start();
    expect(await s.flush(3_000)).toBe(true);
    await waitFor(() => rx.messages.length === 5, 2_000, 'queued messages');
    expect(rx.messages.map(keyOf)).toEqual([0, 1, 2, 3, 4].map((i) => eventAlert(i).key));
    expect(s.stats()).toMatchObject({ sent: 5, dropped: 2, deadLettered: 0 });
  });

  it('dead-letters messages when connection attempts run out', async () => {
    const port = await refusedPort();
    const dl = join(tempDir(), 'siem.jsonl');
    const s = sink({ protocol: 'tcp', port, maxAttempts: 3, deadLetterPath: dl });
    s.send(eventAlert(1));
    s.send(eventAlert(2));
    expect(await s.flush(3_000)).toBe(true);
    const lines = readDeadLetters(dl);
    expect(lines.map((l) => l.alert.key)).toEqual([eventAlert(1).key, eventAlert(2).key]);
    for (const l of lines) {
      expect(l.attempts).toBe(3);
      expect(l.error).toMatch(/gave up after 3 attempts: .*ECONNREFUSED/);
    }
    expect(s.stats()).toMatchObject({ sent: 0, deadLettered: 2, retried: 4, pending: 0 });
  });

  it('dead-letters what is still queued when closed', async () => {
    const port = await refusedPort();
    const dl = join(tempDir(), 'siem.jsonl');
    const s = sink({ protocol: 'tcp', port, deadLetterPath: dl, baseDelayMs: 1_000, maxDelayMs: 1_000 });
    s.send(eventAlert(1));
    expect(await s.close(50)).toBe(false);
    const lines = readDeadLetters(dl);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.error).toMatch(/sink closed before delivery.*ECONNREFUSED/);
  });
});

describe('syslog over TLS', () => {
  let pki: { key: Buffer; cert: Buffer } | null = null;
  let why = '';
  beforeAll(() => {
    try {
      const dir = tempDir();
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
      pki = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
    } catch (err) {
      why = `openssl unavailable: ${String(err)}`;
    }
  });

  it('delivers over TLS, verifying the receiver against the configured CA', async (ctx) => {
    if (!pki) return ctx.skip(why);
    const rx = await streamReceiver(pki);
    const s = sink({ protocol: 'tls', port: rx.port, ca: pki.cert, format: 'cef' });
    const sent = [1, 2, 3, 4, 5].map((i) => eventAlert(i));
    for (const a of sent) s.send(a);
    expect(await s.flush(3_000)).toBe(true);
    await waitFor(() => rx.messages.length === 5, 2_000, 'TLS messages');
    expect(rx.messages.map(keyOf)).toEqual(sent.map((a) => a.key));
    expect(parseCef(parseRfc5424(rx.messages[0]!).msg).ext.get('externalId')).toBe(sent[0]!.key);
  });

  it('refuses a receiver whose certificate it cannot verify (dead letter, nothing sent)', async (ctx) => {
    if (!pki) return ctx.skip(why);
    const rx = await streamReceiver(pki);
    const dl = join(tempDir(), 'siem.jsonl');
    const s = sink({ protocol: 'tls', port: rx.port, maxAttempts: 2, deadLetterPath: dl });
    s.send(eventAlert(1));
    expect(await s.flush(3_000)).toBe(true);
    expect(rx.messages).toEqual([]);
    const lines = readDeadLetters(dl);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.error).toMatch(/self[- ]signed|certificate/i);
  });
});
