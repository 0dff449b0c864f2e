import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AsnTable } from './asn-table.js';
import { openGeoDb } from './db.js';
import { isCidr } from '../../core/cidr.js';
import { ipv4ToNumber, ipv6ToHalves, unmapIPv4 } from './ip.js';

describe('openGeoDb (the installed npm data packages)', () => {
  const db = openGeoDb({ warn: () => undefined })!;

  it('is installed and says what it is built from', () => {
    expect(db).toBeTypeOf('function');
    expect(db.about.country).toMatchObject({ source: '@ip-location-db/geo-whois-asn-country-mmdb', version: expect.stringMatching(/^\d+\.\d+\.\d{10}$/) });
    expect(Date.parse(db.about.country!.builtAt!)).toBeGreaterThan(Date.UTC(2024, 0, 1));
  });

  it.each([
    ['114.114.114.114', 'CN'],
    ['223.5.5.5', 'CN'],
    ['202.96.134.133', 'CN'],
    ['8.8.8.8', 'US'],
    ['9.9.9.9', 'US'],
    ['240e::1', 'CN'],
    ['2400:3200::1', 'CN'],
    ['2001:4860:4860::8888', 'US'],
    ['::ffff:8.8.8.8', 'US'],
  ])('%s is in %s', (ip, country) => {
    expect(db(ip)?.country).toBe(country);
  });

  it('answers ASN and organisation, loaded once on first use, IPv4 and IPv6', () => {
    expect(db('8.8.8.8')).toMatchObject({ country: 'US', asn: 15169, asOrg: expect.stringMatching(/google/i) });
    expect(db('2001:4860:4860::8888')).toMatchObject({ asn: 15169 });
    expect(db('1.1.1.1')).toMatchObject({ asn: 13335, asOrg: expect.stringMatching(/cloudflare/i) });
    expect(db('240e::1')?.asn).toBe(4134);
    expect(db.about.asn).toMatchObject({ loaded: true, ranges: expect.any(Number), orgs: expect.any(Number) });
    expect(db.about.asn!.ranges!).toBeGreaterThan(100_000);
  });

  it('knows nothing of reserved and documentation ranges (the data maps some to AU and JP) nor of garbage', () => {
    for (const ip of ['10.0.0.1', '192.168.1.1', 'fd00::1', '::1', '192.0.2.7', '198.51.100.7', '203.0.113.7', '2001:db8::7', '::ffff:203.0.113.7', '64:ff9b::cb00:7107']) expect(db(ip)).toBeUndefined();
    expect(db('64:ff9b::808:808')).toMatchObject({ country: 'US', asn: 15169 });
    for (const ip of ['', 'x', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.4 ', 'gggg::1', '::ffff:1.2.3.999', '<script>']) expect(db(ip)).toBeUndefined();
  });

  it('can skip ASN, and says once when a database is missing', () => {
    const countryOnly = openGeoDb({ asn: false })!;
    expect(countryOnly('8.8.8.8')).toEqual({ country: 'US' });
    expect(countryOnly.about.asn).toBeUndefined();
    const dir = mkdtempSync(path.join(tmpdir(), 'gl-geo-'));
    try {
      const lines: string[] = [];
      expect(openGeoDb({ dir, warn: (l) => lines.push(l) })).toBeUndefined();
      expect(openGeoDb({ dir, warn: (l) => lines.push(l) })).toBeUndefined();
      expect(lines.length).toBeLessThanOrEqual(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('AsnTable', () => {
  const v4 = Buffer.from(['16777216,16777471,13335,"Cloudflare, Inc."', '16778240,16779263,38803,Gtelecom Pty Ltd', 'bad,row', '134744064,134744319,15169,"Say ""hi"" LLC"\r', '3000000000,3000000010,64500,', ''].join('\n'));
  const v6 = Buffer.from(['42540488161975842760550356425300246528,42540488241204005274814694018844196863,6939,Hurricane Electric LLC', '2400:3200::,2400:3200:ffff:ffff:ffff:ffff:ffff:ffff,37963,Alibaba'].join('\n'));
  const t = AsnTable.parse(v4, v6);

  it('finds ranges by bisection, edges included, and skips bad rows', () => {
    expect(t.sizes).toEqual({ v4: 4, v6: 2, orgs: 5 });
    expect(t.lookup('1.0.0.0')).toEqual({ asn: 13335, asOrg: 'Cloudflare, Inc.' });
    expect(t.lookup('1.0.0.255')).toEqual({ asn: 13335, asOrg: 'Cloudflare, Inc.' });
    expect(t.lookup('1.0.1.0')).toBeUndefined();
    expect(t.lookup('1.0.4.0')?.asn).toBe(38803);
    expect(t.lookup('8.8.8.8')).toEqual({ asn: 15169, asOrg: 'Say "hi" LLC' });
    expect(t.lookup('178.208.94.5')).toEqual({ asn: 64500 });
    expect(t.lookup('178.208.94.11')).toBeUndefined();
    expect(t.lookup('0.0.0.1')).toBeUndefined();
    expect(t.lookup('2001::1')?.asn).toBe(6939);
    expect(t.lookup('2400:3200::1')).toEqual({ asn: 37963, asOrg: 'Alibaba' });
    expect(t.lookup('2400:3201::')).toBeUndefined();
    expect(t.lookup('nonsense')).toBeUndefined();
  });

  it('sorts unsorted input', () => {
    const u = AsnTable.parse(Buffer.from('200,300,2,b\n100,150,1,a\n'), undefined);
    expect(u.lookupV4(120)?.asn).toBe(1);
    expect(u.lookupV4(250)?.asn).toBe(2);
    expect(u.lookupV4(170)).toBeUndefined();
  });

  it('reads a directory of published files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gl-geo-'));
    try {
      writeFileSync(path.join(dir, 'asn-ipv4-num.csv'), v4);
      // no country file: nothing opens
      expect(openGeoDb({ dir, warn: () => undefined })).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ip parsing', () => {
  it('parses v4 strictly, v6 with compression and v4 tails', () => {
    expect(ipv4ToNumber('8.8.8.8')).toBe(134744072);
    expect(ipv4ToNumber('255.255.255.255')).toBe(4294967295);
    for (const s of ['', '1.2.3', '01.2.3.4.5', '1..2.3', '1.2.3.256', '1.2.3.4/8', 'a.b.c.d', '1234.1.1.1']) expect(ipv4ToNumber(s)).toBeUndefined();
    expect(ipv6ToHalves('2001:db8::1')).toEqual([0x20010db800000000n, 1n]);
    expect(ipv6ToHalves('::')).toEqual([0n, 0n]);
    expect(ipv6ToHalves('::ffff:1.2.3.4')).toEqual([0n, 0xffff01020304n]);
    expect(ipv6ToHalves('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toEqual([0xffffffffffffffffn, 0xffffffffffffffffn]);
    expect(ipv6ToHalves('1:2:3')).toBeUndefined();
    expect(unmapIPv4('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(unmapIPv4('::ffff:abcd')).toBe('::ffff:abcd');
    expect(isCidr('10.0.0.0/8')).toBe(true);
    expect(isCidr('2001:db8::/129')).toBe(false);
    expect(isCidr('10.0.0.0/33')).toBe(false);
    expect(isCidr('10.0.0.0/')).toBe(false);
  });
});
