import { describe, expect, it } from 'vitest';
import { keepEnds, maskPattern, maskSample, maskShape } from './mask.js';

describe('maskShape', () => {
  it.each([
    ['138****5678', '138', '5678', 4, 11],
    ['6222 **** **** 1234', '6222', '1234', 8, 16],
    ['110101********1234', '110101', '1234', 8, 18],
    ['62**********1234', '62', '1234', 10, 16],
    ['张*', '张', '', 1, 2],
    ['*三', '', '三', 1, 2],
    ['138xxxx5678', '138', '5678', 4, 11],
    ['110101********123X', '110101', '123X', 8, 18],
    ['138＊＊＊＊5678', '138', '5678', 4, 11],
    ['******', '', '', 6, 6],
  ])('%s', (v, prefix, suffix, hidden, total) => {
    expect(maskShape(v)).toEqual({ prefix, suffix, hidden, total });
  });
  it('rejects clear values and scattered masks', () => {
    expect(maskShape('13812345678')).toBeUndefined();
    expect(maskShape('11010119900307123X')).toBeUndefined();
    expect(maskShape('1*2*3')).toBeUndefined();
  });
  it('pattern', () => expect(maskPattern(maskShape('138****5678')!)).toBe('keep 3+4'));
});

describe('maskSample', () => {
  it('masks per label', () => {
    expect(maskSample('cn_mobile', '13812345678')).toBe('138****5678');
    expect(maskSample('cn_id', '11010519491231002X')).toBe('110***********002X');
    expect(maskSample('bank_card', '6222021234567890123')).toBe('622202*********0123');
    expect(maskSample('person_name', '张三丰')).toBe('张**');
    expect(maskSample('email', 'zhang.san@example.com')).toBe('z***@example.com');
    expect(maskSample('password', 'hunter2')).toBe('******');
    expect(maskSample('ip', '203.0.113.7')).toBe('203.0.*.*');
  });
  it('never reveals a short value whole', () => {
    expect(keepEnds('1234', 3, 4)).toBe('**34');
    expect(keepEnds('12', 1, 1)).toBe('**');
  });
});
