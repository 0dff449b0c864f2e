import { describe, expect, it } from 'vitest';
import { Suppressor } from './suppress.js';

const scanner = { id: 'GL-R-0024', slug: 'scanner' };
const crawler = { id: 'GL-R-0012', slug: 'crawler' };
const T = Date.parse('2024-06-03T00:00:00Z');

describe('Suppressor', () => {
  it('drops every rule for an allow-listed client range, v4 and v6, and counts per rule', () => {
    const s = new Suppressor({ allowIps: ['10.8.0.0/16', '2001:db8:1::/48'] });
    expect(s.suppressed(scanner, { ip: '10.8.3.4' }, T)).toBe(true);
    expect(s.suppressed(crawler, { ip: '2001:db8:1::9' }, T)).toBe(true);
    expect(s.suppressed(scanner, { ip: '10.9.0.1' }, T)).toBe(false);
    expect(s.suppressed(scanner, { account: 'u1' }, T)).toBe(false);
    expect([...s.dropped]).toEqual([['scanner', 1], ['crawler', 1]]);
  });

  it('matches a rule by slug or id, client, account and endpoint glob, until its date', () => {
    const s = new Suppressor({
      rules: [
        { rule: 'GL-R-0024', ip: '192.0.2.10', reason: 'pen test', until: '2024-06-10' },
        { rule: 'crawler', endpoint: '/ebank/products/*', reason: 'public pages' },
        { account: 'svc-batch', reason: 'batch account' },
      ],
    });
    expect(s.suppressed(scanner, { ip: '192.0.2.10' }, T)).toBe(true);
    expect(s.suppressed(scanner, { ip: '192.0.2.10' }, Date.parse('2024-06-11T00:00:00Z'))).toBe(false); // expired
    expect(s.suppressed(crawler, { ip: '192.0.2.10' }, T)).toBe(false); // rule is for scanner only
    expect(s.suppressed(crawler, { ip: '1.2.3.4', endpoint: { app: 'e', method: 'GET', pathTemplate: '/ebank/products/{code}' } }, T)).toBe(true);
    expect(s.suppressed(crawler, { ip: '1.2.3.4', endpoint: { app: 'e', method: 'GET', pathTemplate: '/ebank/products/a/b' } }, T)).toBe(false); // * is one segment
    expect(s.suppressed(scanner, { account: 'svc-batch', ip: '1.2.3.4' }, T)).toBe(true); // every rule
    expect(s.active).toBe(true);
    expect(new Suppressor().active).toBe(false);
  });
});
