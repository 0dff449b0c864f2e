import { describe, expect, it } from 'vitest';
import { checkMasked, isValid, validate } from './hk_mo_permit.js';

describe('hk_mo_permit', () => {
  it.each(['H12345678', 'M1234567890', 'C12345678', 'CA1234567', 'h 1234 5678'])('accepts %s', (v) => {
    expect(isValid(v)).toBe(true);
  });
  it.each(['H1234567', 'X12345678', 'CI1234567', 'H123456789', 'C1234567A'])('rejects %s', (v) => {
    expect(isValid(v)).toBe(false);
  });
  it('holder', () => expect(validate('CA1234567')).toMatchObject({ detail: { holder: 'mainland-resident' } }));
  it('masked under a hint', () => {
    expect(checkMasked('H1234****', { hinted: true })).toEqual({ pattern: 'keep 5+0', partial: false });
    expect(checkMasked('H1234****')).toBeUndefined();
  });
});
