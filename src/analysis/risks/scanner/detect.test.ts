import { describe, expect, it } from 'vitest';
import { at, events } from '../test-helpers.js';
import { scannerRisk } from './detect.js';

describe('scanner', () => {
  it('a tool User-Agent is an event at once', () => {
    const ev = events(scannerRisk, [at(0, { url: '/', request: { headers: [['user-agent', 'sqlmap/1.7.2#stable (https://sqlmap.org)']] } })]);
    expect(ev).toHaveLength(1);
    expect(ev[0]!.subject).toEqual({ ip: '203.0.113.7' });
  });
  it('a storm of 404s from one client within 5 minutes', () => {
    const storm = Array.from({ length: 60 }, (_, i) => at(i * 3, { url: `/admin${i}.php`, status: 404, client: '192.0.2.9' }));
    expect(events(scannerRisk, storm)).toHaveLength(1);
    // the same 404s spread over hours, or from many clients, are not a storm
    expect(events(scannerRisk, storm.map((e, i) => ({ ...e, ts: new Date(Date.parse(e.ts) + i * 60_000).toISOString() })))).toEqual([]);
    expect(events(scannerRisk, storm.map((e, i) => ({ ...e, client: { ip: `203.0.113.${i}`, port: 1 } })))).toEqual([]);
  });
  it('ordinary browsers and apps are not scanners', () => {
    expect(events(scannerRisk, [at(0, { url: '/api/v1/accounts', request: { headers: [['user-agent', 'okhttp/4.11.0']] } }), at(1, { url: '/', request: { headers: [['user-agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15']] } })])).toEqual([]);
  });
});
