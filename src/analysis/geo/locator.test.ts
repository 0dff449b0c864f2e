import { describe, expect, it } from 'vitest';
import { GeoConfigSchema, geoLocatorFrom } from './config.js';
import { GeoLocator } from './locator.js';
import { SourcePolicy } from './policy.js';
import type { GeoInfo } from './types.js';

describe('GeoLocator', () => {
  it('answers configured networks first, then reserved ranges, then the database', () => {
    const db = (ip: string): GeoInfo | undefined => (ip.startsWith('8.') ? { country: 'US', asn: 15169 } : undefined);
    const geo = new GeoLocator({ networks: [{ cidr: '8.8.8.0/24', country: 'cn', asOrg: 'our partner' }, { cidr: '10.9.0.0/16', country: 'HK' }], db });
    expect(geo.lookup('8.8.8.8')).toEqual({ country: 'CN', asOrg: 'our partner', source: 'config' });
    expect(geo.lookup('8.8.4.4')).toEqual({ country: 'US', asn: 15169, source: 'db' });
    expect(geo.lookup('10.9.1.1')).toEqual({ country: 'HK', source: 'config' });
    expect(geo.lookup('10.1.1.1')).toEqual({ internal: true, source: 'reserved' });
    expect(geo.lookup('::ffff:10.1.1.1')).toEqual({ internal: true, source: 'reserved' });
    expect(geo.lookup('fd00::1')).toEqual({ internal: true, source: 'reserved' });
    expect(geo.lookup('9.9.9.9')).toEqual({});
    for (const junk of ['', 'localhost', '1.2.3', '999.1.1.1', '::g']) expect(geo.lookup(junk)).toEqual({});
    expect(geo.isForeign('8.8.4.4')).toBe(true);
    expect(geo.isForeign('8.8.8.8')).toBe(false);
    expect(geo.isForeign('9.9.9.9')).toBe(false);
    expect(geo.isForeign('10.1.1.1')).toBe(false);
  });

  it('keeps a bounded cache', () => {
    let calls = 0;
    const geo = new GeoLocator({ cacheSize: 1000, db: () => (calls++, { country: 'US' }) });
    for (let i = 0; i < 5000; i++) geo.lookup(`8.${i >> 16}.${(i >> 8) & 255}.${i & 255}`);
    expect(calls).toBe(5000);
    geo.lookup('8.0.19.135'); // i = 4999: still cached
    expect(calls).toBe(5000);
    geo.lookup('8.0.0.0'); // i = 0: evicted long ago
    expect(calls).toBe(5001);
  });

  it('with the real database: configured networks win over it, documentation ranges stay unknown', () => {
    const geo = geoLocatorFrom(GeoConfigSchema.parse({ networks: [{ cidr: '8.8.8.0/24', country: 'CN' }, { cidr: '198.51.100.0/24', country: 'US' }] }), { warn: () => undefined });
    expect(geo.database?.about.country?.version).toBeTruthy();
    expect(geo.lookup('8.8.8.8')).toMatchObject({ country: 'CN', source: 'config' });
    expect(geo.lookup('8.8.4.4')).toMatchObject({ country: 'US', source: 'db' });
    expect(geo.lookup('114.114.114.114')).toMatchObject({ country: 'CN', source: 'db' });
    expect(geo.lookup('198.51.100.9')).toEqual({ country: 'US', source: 'config' });
    expect(geo.lookup('203.0.113.9').country).toBeUndefined();
    expect(geo.isForeign('1.1.1.1')).toBe(true);
    expect(geo.isForeign('223.5.5.5')).toBe(false);
  });
});

describe('geo config', () => {
  it('has defaults', () => {
    expect(GeoConfigSchema.parse({})).toEqual({ home: ['CN'], networks: [], database: true, asn: true, cacheSize: 100_000 });
    const geo = geoLocatorFrom(GeoConfigSchema.parse({ home: ['cn', 'hk'], database: false }));
    expect([...geo.home]).toEqual(['CN', 'HK']);
    expect(geo.database).toBeUndefined();
    expect(geo.lookup('8.8.8.8')).toEqual({});
  });

  it.each([
    [{ home: ['China'] }, 'ISO 3166-1 alpha-2'],
    [{ home: [] }, 'at least one country'],
    [{ networks: [{ cidr: '10.0.0.0/33', country: 'CN' }] }, 'address or CIDR'],
    [{ networks: [{ cidr: '10.0.0.0/8' }] }, 'at least one of'],
    [{ networks: [{ cidr: '10.0.0.0/8', country: 'CN', city: 'x' }] }, 'city'],
    [{ database: 'yes' }, 'boolean'],
    [{ asm: true }, 'asm'],
  ])('rejects %j with a clear message', (input, message) => {
    const r = GeoConfigSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues)).toContain(message);
  });
});

describe('SourcePolicy', () => {
  const home = new Set(['CN']);
  it('allows home, internal, allow-listed places; flags the rest; unknown is no opinion unless asked', () => {
    const p = new SourcePolicy({ allowCountries: ['hk'], allowNetworks: ['198.51.100.0/28', '2001:db8:1::/48'], allowAsns: [64500], denyCountries: ['kp'] });
    expect(p.judge('198.51.100.77', { country: 'US' }, home)).toEqual({ verdict: 'foreign', country: 'US' });
    expect(p.judge('198.51.100.3', { country: 'US' }, home).verdict).toBe('allowed');
    expect(p.judge('::ffff:198.51.100.3', { country: 'US' }, home).verdict).toBe('allowed');
    expect(p.judge('2001:db8:1::9', { country: 'US' }, home).verdict).toBe('allowed');
    expect(p.judge('1.2.3.4', { country: 'US', asn: 64500 }, home).verdict).toBe('allowed');
    expect(p.judge('1.2.3.4', { country: 'HK' }, home).verdict).toBe('allowed');
    expect(p.judge('1.2.3.4', { country: 'CN' }, home).verdict).toBe('allowed');
    expect(p.judge('1.2.3.4', { country: 'KP' }, home)).toEqual({ verdict: 'denied', country: 'KP' });
    expect(p.judge('10.0.0.1', { internal: true }, home).verdict).toBe('allowed');
    expect(p.judge('1.2.3.4', {}, home).verdict).toBe('allowed');
    expect(new SourcePolicy({ flagUnknown: true }).judge('1.2.3.4', {}, home).verdict).toBe('unknown');
    expect(SourcePolicy.where({ country: 'US', asn: 15169, asOrg: 'Google LLC' })).toBe('US, AS15169 Google LLC');
    expect(SourcePolicy.where({})).toBe('unknown country');
  });
});
