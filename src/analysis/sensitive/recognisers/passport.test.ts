import { describe, expect, it } from 'vitest';
import { checkMasked, isValid, validate } from './passport.js';

describe('passport', () => {
  it.each(['E12345678', 'EA1234567', 'G12345678', 'D1234567', 'e 1234 5678'])('accepts Chinese %s', (v) => {
    expect(validate(v)).toMatchObject({ ok: true, detail: { issuer: 'CN' } });
  });
  it.each(['E1234567', 'A12345678', 'EI1234567', '123456789', 'E123456789'])('rejects %s without a hint', (v) => {
    expect(isValid(v)).toBe(false);
  });
  it('foreign passports under a key hint', () => {
    expect(validate('X1234567', { hinted: true })).toMatchObject({ ok: true, detail: { issuer: 'other' } });
    expect(validate('123456789', { hinted: true })).toMatchObject({ ok: true, detail: { issuer: 'other' } });
    expect(isValid('1234567', { hinted: true })).toBe(false);
  });
  it('masked', () => {
    expect(checkMasked('E1234****', { hinted: true })).toEqual({ pattern: 'keep 5+0', partial: false });
    expect(checkMasked('E1234****')).toBeUndefined();
  });
});
