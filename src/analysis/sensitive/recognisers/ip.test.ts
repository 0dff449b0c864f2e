import { describe, expect, it } from 'vitest';
import { checkMasked, isValid, validate } from './ip.js';

describe('ip', () => {
  it.each([
    ['203.0.113.7', 4, 'public'],
    ['10.1.2.3', 4, 'private'],
    ['172.16.0.1', 4, 'private'],
    ['192.168.1.1', 4, 'private'],
    ['127.0.0.1', 4, 'loopback'],
    ['2001:db8::1', 6, 'public'],
    ['::1', 6, 'loopback'],
    ['fd00::1', 6, 'private'],
    ['fe80::1', 6, 'link-local'],
    ['::ffff:192.0.2.1', 6, 'reserved'],
  ])('accepts %s', (v, version, scope) => {
    expect(validate(v)).toEqual({ ok: true, value: v, detail: { version, scope } });
  });
  it.each(['1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1:2:3', '1::2::3', 'abcd', '2001:db8:::1'])('rejects %s', (v) => {
    expect(isValid(v)).toBe(false);
  });
  it('masked', () => {
    expect(checkMasked('192.168.*.*')).toEqual({ pattern: 'keep 2 octets', partial: false });
    expect(checkMasked('10.1.2.*')).toEqual({ pattern: 'keep 3 octets', partial: true });
    expect(checkMasked('10.*.2.3')).toBeUndefined();
    expect(checkMasked('1.2.3.4')).toBeUndefined();
  });
});
