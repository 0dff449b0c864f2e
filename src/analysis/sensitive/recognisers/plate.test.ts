import { describe, expect, it } from 'vitest';
import { checkMasked, isValid, validate } from './plate.js';

describe('plate', () => {
  it.each(['京A12345', '京A·12345', '沪B 3F5K7', '粤BD12345', '粤B12345D', '苏E1234挂', '川A1234学'])('accepts %s', (v) => {
    expect(isValid(v)).toBe(true);
  });
  it.each(['京I12345', '京A1234', '京A123456', '北A12345', 'AA12345', '京AABCDE', '粤BX12345'])('rejects %s', (v) => {
    expect(isValid(v)).toBe(false);
  });
  it('new energy detail', () => expect(validate('粤BD12345')).toEqual({ ok: true, value: '粤BD12345', detail: { newEnergy: true } }));
  it('masked', () => {
    expect(checkMasked('京A***45')).toEqual({ pattern: 'keep 2+2', partial: false });
    expect(checkMasked('京A1**45')).toEqual({ pattern: 'keep 3+2', partial: true });
    expect(checkMasked('北A***45')).toBeUndefined();
  });
});
