import { describe, expect, it } from 'vitest';
import { checkMasked, compact, isValid, mobilePrefix5, validate } from './cn_mobile.js';

describe('cn_mobile', () => {
  it.each(['13123456789', '13812345678', '+8613812345678', '0086 138 1234 5678', '86-138-1234-5678', '19912345678', '16212345678', '17400123456'])('accepts %s', (v) => {
    expect(isValid(v)).toBe(true);
  });
  it.each([
    ['1381234567', 'length'],
    ['23812345678', 'format'],
    ['12012345678', 'component'],
    ['14012345678', 'component'],
    ['17406123456', 'component'], // 1740[0-5] only
    ['16012345678', 'component'],
    ['+13123456789', 'length'], // a US number keeps its +1
  ])('rejects %s (%s)', (v, reason) => {
    expect(validate(v)).toEqual({ ok: false, reason });
  });
  it('compact', () => {
    expect(compact('+86 (138) 1234-5678')).toBe('13812345678');
    expect(mobilePrefix5(13800)).toBe(true);
  });
  it.each([
    ['138****5678', undefined, 'keep 3+4', false],
    ['138xxxx5678', undefined, 'keep 3+4', false],
    ['+86 138****5678', undefined, 'keep 3+4', false],
    ['13812**5678', undefined, 'keep 5+4', true],
    ['138***5678', true, 'keep 3+4', false],
    ['*******5678', true, 'keep 0+4', false],
  ])('masked %s', (v, hinted, pattern, partial) => {
    expect(checkMasked(v, { hinted })).toEqual({ pattern, partial });
  });
  it('masked forms must fit', () => {
    expect(checkMasked('138***5678')).toBeUndefined(); // 10 long without a hint
    expect(checkMasked('120****5678')).toBeUndefined();
    expect(checkMasked('*******5678')).toBeUndefined();
    expect(checkMasked('6222********1234')).toBeUndefined();
  });
});
