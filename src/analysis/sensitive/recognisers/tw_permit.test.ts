import { describe, expect, it } from 'vitest';
import { checkMasked, isValid, validate } from './tw_permit.js';

describe('tw_permit', () => {
  it.each(['12345678', '1234567801', 'L12345678', 'T12345678'])('accepts %s', (v) => {
    expect(isValid(v)).toBe(true);
  });
  it.each(['1234567', '123456789', 'A12345678', 'L1234567X'])('rejects %s', (v) => {
    expect(isValid(v)).toBe(false);
  });
  it('compact drops the issue-count brackets', () => expect(validate('12345678(01)')).toEqual({ ok: true, value: '1234567801' }));
  it('masked under a hint', () => expect(checkMasked('1234****', { hinted: true })).toEqual({ pattern: 'keep 4+0', partial: false }));
});
