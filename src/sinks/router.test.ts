import type http from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GuanlanError } from '../core/errors.js';
import type { Alert } from '../core/risk.js';
import { AlertsConfigSchema, createRouter, type AlertRouter } from './router.js';
import { closeAll, eventAlert, httpReceiver, incidentAlert, LOOPBACK, parseRfc5424, readDeadLetters, streamReceiver, tempDir, udpReceiver, waitFor } from './test-helpers.js';

const routers: AlertRouter[] = [];
afterEach(async () => {
  await Promise.all(routers.splice(0).map((r) => r.close(200)));
  await closeAll();
});

const EXAMPLE = `
webhooks:
  - { name: soc, url: "https://soc.example/hook", secretEnv: GUANLAN_WEBHOOK_SECRET, minSeverity: medium, timeoutMs: 3000, maxAttempts: 4 }
syslog:
  - { name: siem, host: 10.0.0.9, port: 6514, protocol: tls, format: cef, facility: 20, minSeverity: high, caFile: /etc/guanlan/ca.pem }
deadLetterDir: ./guanlan-dead-letter
`;

describe('AlertsConfigSchema', () => {
  it('reads the documented example and fills in defaults', () => {
    const c = AlertsConfigSchema.parse(parse(EXAMPLE));
    expect(c.webhooks[0]).toMatchObject({ name: 'soc', secretEnv: 'GUANLAN_WEBHOOK_SECRET', minSeverity: 'medium', timeoutMs: 3000, maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000, maxQueue: 10_000, concurrency: 4 });
    expect(c.syslog[0]).toMatchObject({ name: 'siem', port: 6514, protocol: 'tls', format: 'cef', facility: 20, minSeverity: 'high' });
    expect(AlertsConfigSchema.parse({})).toEqual({ webhooks: [], syslog: [], deadLetterDir: './guanlan-dead-letter' });
    expect(AlertsConfigSchema.parse({ syslog: [{ name: 's', host: 'h' }] }).syslog[0]).toMatchObject({ protocol: 'tcp', format: 'json', facility: 20, minSeverity: 'high' });
  });

  it.each([
    ['both secret and secretEnv', { webhooks: [{ name: 'a', url: 'https://x/h', secret: '0123456789abcdef', secretEnv: 'X' }] }, 'webhooks.0.secret'],
    ['no secret', { webhooks: [{ name: 'a', url: 'https://x/h' }] }, 'webhooks.0.secret'],
    ['a short secret', { webhooks: [{ name: 'a', url: 'https://x/h', secret: 'short' }] }, 'webhooks.0.secret'],
    ['a non-http URL', { webhooks: [{ name: 'a', url: 'ftp://x/h', secretEnv: 'X' }] }, 'webhooks.0.url'],
    ['an unknown severity', { syslog: [{ name: 'a', host: 'h', minSeverity: 'urgent' }] }, 'syslog.0.minSeverity'],
    ['a CA file without TLS', { syslog: [{ name: 'a', host: 'h', protocol: 'udp', caFile: 'ca.pem' }] }, 'syslog.0.caFile'],
    ['facility 24', { syslog: [{ name: 'a', host: 'h', facility: 24 }] }, 'syslog.0.facility'],
    ['an unknown key', { syslog: [{ name: 'a', host: 'h', proto: 'udp' }] }, 'syslog.0'],
    ['a name used twice', { webhooks: [{ name: 'a', url: 'https://x/h', secretEnv: 'X' }], syslog: [{ name: 'a', host: 'h' }] }, 'syslog.0.name'],
    ['a name unfit for a file', { syslog: [{ name: '../a', host: 'h' }] }, 'syslog.0.name'],
  ])('rejects %s', (_what, value, path) => {
    const r = AlertsConfigSchema.safeParse(value);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.join('.')).toBe(path);
  });
});

describe('createRouter', () => {
  it('stops at start when a secret variable is missing or a CA file unreadable', () => {
    const c = AlertsConfigSchema.parse(parse(EXAMPLE));
    expect(() => createRouter(c, { env: {} })).toThrow(GuanlanError);
    expect(() => createRouter(c, { env: {} })).toThrow(/alerts\.webhooks\[0\]\.secretEnv: environment variable GUANLAN_WEBHOOK_SECRET is not set/);
    expect(() => createRouter(c, { env: { GUANLAN_WEBHOOK_SECRET: 'from-the-environment' } })).toThrow(/alerts\.syslog\[0\]\.caFile: cannot read/);
  });

  it('fans each alert out to the sinks whose floor it meets, with counters per sink', async () => {
    const hooked: Alert[] = [];
    const rx = await httpReceiver((req: http.IncomingMessage, res: http.ServerResponse) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        hooked.push(JSON.parse(body) as Alert);
        res.writeHead(200).end();
      });
    });
    const udp = await udpReceiver();
    const tcp = await streamReceiver();
    const dir = tempDir();
    const config = AlertsConfigSchema.parse({
      webhooks: [{ name: 'soc', url: rx.url, secretEnv: 'HOOK_SECRET', minSeverity: 'medium', baseDelayMs: 5, maxDelayMs: 20 }],
      syslog: [
        { name: 'siem-udp', host: LOOPBACK, port: udp.port, protocol: 'udp', minSeverity: 'high', format: 'cef' },
        { name: 'siem-tcp', host: LOOPBACK, port: tcp.port, protocol: 'tcp', minSeverity: 'critical' },
      ],
      deadLetterDir: dir,
    });
    const router = createRouter(config, { env: { HOOK_SECRET: 'a-long-enough-secret' }, productVersion: '9.9.9' });
    routers.push(router);
    expect(router.sinks).toEqual(['soc', 'siem-udp', 'siem-tcp']);
    const alerts = [eventAlert(1, 'info'), eventAlert(2, 'low'), eventAlert(3, 'medium'), eventAlert(4, 'high'), incidentAlert(5, 'critical')];
    expect(alerts.map((a) => router.send(a))).toEqual([0, 0, 1, 2, 3]);
    expect(await router.flush(3_000)).toBe(true);
    await waitFor(() => udp.messages.length === 2 && tcp.messages.length === 1, 2_000, 'syslog receivers');

    expect(hooked.map((a) => a.key).sort()).toEqual([alerts[2]!.key, alerts[3]!.key, alerts[4]!.key].sort());
    expect(udp.messages.map((m) => parseRfc5424(m).msg.split('|')[3])).toEqual(['9.9.9', '9.9.9']);
    expect(parseRfc5424(tcp.messages[0]!).msgId).toBe('incident');
    const st = router.stats();
    expect(st.soc).toMatchObject({ sent: 3, retried: 0, deadLettered: 0, dropped: 0 });
    expect(st['siem-udp']).toMatchObject({ sent: 2 });
    expect(st['siem-tcp']).toMatchObject({ sent: 1 });
    expect(await router.close(1_000)).toBe(true);
    expect(router.send(eventAlert(9, 'critical'))).toBe(0);
  });

  it('writes each sink’s dead letters to <deadLetterDir>/<name>.jsonl', async () => {
    const rx = await httpReceiver((_req, res) => res.writeHead(403).end());
    const dir = tempDir();
    const config = AlertsConfigSchema.parse({ webhooks: [{ name: 'soc', url: rx.url, secret: 'a-long-enough-secret', minSeverity: 'info' }], deadLetterDir: join(dir, 'dl') });
    const router = createRouter(config);
    routers.push(router);
    router.send(eventAlert(1, 'low'));
    expect(await router.flush(2_000)).toBe(true);
    expect(readDeadLetters(join(dir, 'dl', 'soc.jsonl')).map((l) => l.alert.key)).toEqual([eventAlert(1).key]);
    expect(router.stats().soc).toMatchObject({ deadLettered: 1 });
  });
});
