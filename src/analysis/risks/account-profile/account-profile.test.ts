import { describe, expect, it } from 'vitest';
import { deviceDigest } from './device.js';
import { accountKey, small } from './digest.js';
import { inHours, localDay, localHour, nightOf } from './local-time.js';
import { networkPrefix } from './network.js';
import { ProfileStore } from './profile-store.js';

describe('account-profile', () => {
  it.each([
    ['203.0.113.57', '203.0.113'],
    ['2001:db8:4a1::7', '2001:db8:4a1'],
    ['2001:0db8:04a1:0007::10', '2001:db8:4a1'],
    ['2001:db8::1', '2001:db8:0'],
    ['::ffff:203.0.113.57', '203.0.113'],
    ['not an address', undefined],
  ])('networkPrefix(%s) = %s', (ip, prefix) => {
    expect(networkPrefix(ip)).toBe(prefix);
  });

  it('local hours, days and nights', () => {
    const t = Date.UTC(2024, 5, 2, 18, 30); // 02:30 on 3 June in Beijing
    expect(localHour(t, 480)).toBe(2);
    expect(localHour(t, 0)).toBe(18);
    expect(localDay(t, 480)).toBe(Date.UTC(2024, 5, 3) / 86_400_000);
    expect(nightOf(t, 480, 12)).toBe(nightOf(Date.UTC(2024, 5, 2, 14), 480, 12)); // 22:00 the evening before
    expect(nightOf(t, 480, 12)).not.toBe(nightOf(Date.UTC(2024, 5, 3, 5), 480, 12)); // 13:00 next day
    expect([inHours(2, 1, 5), inHours(5, 1, 5), inHours(23, 23, 5), inHours(3, 23, 5), inHours(12, 23, 5)]).toEqual([true, false, true, true, false]);
  });

  it('digests are stable, small, and tell apps apart', () => {
    expect(small('x')).toBe(small('x'));
    expect(small('x')).toBeLessThan(2 ** 28);
    expect(accountKey('13812345678')).toBe(accountKey('13812345678'));
    expect(accountKey('13812345678', 'mapi')).not.toBe(accountKey('13812345678', 'ebank'));
    expect(Number.isSafeInteger(accountKey('13812345678'))).toBe(true);
  });

  it('a device is its app device id when sent, else its User-Agent', () => {
    const ua: [string, string] = ['user-agent', 'BankApp/7.2.0'];
    expect(deviceDigest([ua, ['x-device-id', 'A']])).toBe(deviceDigest([['user-agent', 'BankApp/7.3.0'], ['x-device-id', 'A']]));
    expect(deviceDigest([ua])).not.toBe(deviceDigest([['user-agent', 'BankApp/7.3.0']]));
    expect(deviceDigest([])).toBeUndefined();
    // the digest of a User-Agent without a platform hint is remembered: the same answer, saved state stays valid
    expect(deviceDigest([ua])).toBe(small('ua\nBankApp/7.2.0\n'));
    expect(deviceDigest([ua])).toBe(small('ua\nBankApp/7.2.0\n'));
    expect(deviceDigest([ua, ['sec-ch-ua-platform', '"Android"']])).toBe(small('ua\nBankApp/7.2.0\n"Android"'));
  });

  it('the profile store is capped and saves a versioned form', () => {
    const mk = () => new ProfileStore<{ n: number }>({ maxKeys: 2, ttlMs: 1000, kind: 'k', v: 1, encode: (p) => p.n, decode: (x) => (typeof x === 'number' ? { n: x } : undefined) });
    const s = mk();
    for (const k of [1, 2, 3]) s.upsert(k, k, () => ({ n: k * 10 }));
    expect([s.size, s.peek(1), s.peek(3)]).toEqual([2, undefined, { n: 30 }]);
    const fresh = mk();
    expect(fresh.load(JSON.parse(JSON.stringify(s.toJSON())))).toEqual({ loaded: 2, skipped: 0 });
    expect(fresh.peek(2)).toEqual({ n: 20 });
    expect(mk().load({ kind: 'k', v: 2, entries: [] })).toEqual({ loaded: 0, skipped: 1 });
    expect(mk().load({ kind: 'k', v: 1, entries: [[1, 1, 'x'], 'junk', [2, 2, 5]] })).toEqual({ loaded: 1, skipped: 2 });
  });
});
