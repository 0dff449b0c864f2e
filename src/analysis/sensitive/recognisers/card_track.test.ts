import { describe, expect, it } from 'vitest';
import * as track from './card_track.js';

describe('card_track', () => {
  it.each([
    [';6212345678901265=27121010000000000000?', 2],
    ['4111111111111111D27121010000000000', 2],
    ['%B4111111111111111^ZHANG/SAN^2712101000000000000000?', 1],
  ])('accepts %s', (v, t) => expect(track.validate(v)).toMatchObject({ ok: true, detail: { track: t } }));
  it('PAN must pass Luhn', () => expect(track.validate(';4111111111111112=27121010000000000000?')).toEqual({ ok: false, reason: 'checksum' }));
  it('encrypted blobs only under a hint', () => {
    expect(track.isValid('A1B2C3D4E5F60718293A4B5C')).toBe(false);
    expect(track.validate('A1B2C3D4E5F60718293A4B5C', { hinted: true })).toMatchObject({ ok: true, detail: { track: 'encrypted' } });
  });
});
