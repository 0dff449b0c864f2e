import { describe, expect, it } from 'vitest';
import { checkMasked, isValid, validate } from './landline.js';

describe('landline', () => {
  it.each([
    ['010-62345678', '10'],
    ['(0755)8123 4567', '755'],
    ['+86 21 5555 6666', '21'],
    ['0571-87654321', '571'],
    ['0310-2345678', '310'],
  ])('accepts %s', (v, area) => {
    expect(validate(v)).toMatchObject({ ok: true, detail: { area } });
  });
  it.each(['010-1234567', '0600-1234567', '020-01234567', '13812345678', '62345678', '010-0234567'])('rejects %s', (v) => {
    expect(isValid(v)).toBe(false);
  });
  it('a local number only under a key hint', () => {
    expect(validate('62345678', { hinted: true })).toEqual({ ok: true, value: '62345678', detail: { local: true } });
  });
  it('masked under a hint', () => {
    expect(checkMasked('010-****5678', { hinted: true })).toEqual({ pattern: 'keep 3+4', partial: false });
    expect(checkMasked('010-****5678')).toBeUndefined();
  });
});
