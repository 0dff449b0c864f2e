import { describe, expect, it } from 'vitest';
import { checkMasked, isValid, validate } from './email.js';

describe('email', () => {
  it.each(['zhang.san@example.com', '12345678@qq.com', 'a+tag@mail.bank.com.cn', 'Zhang_San@163.COM'])('accepts %s', (v) => {
    expect(isValid(v)).toBe(true);
  });
  it.each([
    ['a@b.c', 'length'],
    ['no-at-sign.example.com', 'format'],
    ['two@@example.com', 'format'],
    ['.dot@example.com', 'format'],
    ['a..b@example.com', 'format'],
    ['user@localhost', 'format'],
    ['user@example.c0m', 'format'],
    ['logo@2x.png', 'component'],
  ])('rejects %s (%s)', (v, reason) => {
    expect(validate(v)).toEqual({ ok: false, reason });
  });
  it('normalises the domain only', () => {
    expect(validate('Zhang.San@Example.COM')).toEqual({ ok: true, value: 'Zhang.San@example.com' });
  });
  it('masked forms', () => {
    expect(checkMasked('z***@qq.com')).toEqual({ pattern: 'keep 1+7', partial: false });
    expect(checkMasked('zhangsan**@qq.com')).toEqual({ pattern: 'keep 8+7', partial: true });
    expect(checkMasked('z***@2x.png')).toBeUndefined();
    expect(checkMasked('138****5678')).toBeUndefined();
  });
});
