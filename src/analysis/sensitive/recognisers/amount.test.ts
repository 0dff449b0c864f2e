import { describe, expect, it } from 'vitest';
import { checkMasked, isValid, validate } from './amount.js';

describe('amount', () => {
  it.each([
    ['1234.50', '1234.50'],
    ['¥1,234.50', '1234.50'],
    ['-12.00', '-12.00'],
    ['100元', '100'],
    ['0', '0'],
  ])('accepts %s', (v, value) => expect(validate(v)).toEqual({ ok: true, value }));
  it.each(['', 'abc', '1,23', '12.3.4', '1e5'])('rejects %j', (v) => expect(isValid(v)).toBe(false));
  it('masked under a hint', () => expect(checkMasked('***.**', { hinted: true })).toEqual({ pattern: 'keep 0+0', partial: false }));
});
