import { describe, expect, it } from 'vitest';
import * as expiry from './card_expiry.js';

describe('card_expiry', () => {
  it.each([
    ['12/27', '1227'],
    ['01/2030', '0130'],
    ['2030-01', '0130'],
    ['2712', '2712'],
  ])('accepts %s', (v, value) => expect(expiry.validate(v)).toEqual({ ok: true, value }));
  it.each(['13/27', '2020-13', '9999', '12/2', 'abcd'])('rejects %s', (v) => expect(expiry.isValid(v)).toBe(false));
});
