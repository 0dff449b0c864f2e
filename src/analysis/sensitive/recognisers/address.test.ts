import { describe, expect, it } from 'vitest';
import { checkMasked, isValid, validate } from './address.js';

describe('address', () => {
  it.each(['北京市朝阳区建国路88号', '广东省深圳市南山区科技园', '上海市浦东新区陆家嘴环路1000号', '浙江省杭州市西湖区'])('accepts %s', (v) => {
    expect(isValid(v)).toBe(true);
  });
  it.each(['北京', '理财产品收益说明', 'Room 101, Building 5', '市区'])('rejects %s', (v) => {
    expect(isValid(v)).toBe(false);
  });
  it('strong shape', () => {
    expect(validate('北京市朝阳区建国路88号')).toMatchObject({ detail: { strong: true } });
    expect(validate('浙江省杭州市西湖区')).toMatchObject({ detail: { strong: false } });
  });
  it('masked', () => {
    expect(checkMasked('北京市朝阳区****')).toEqual({ pattern: 'keep 6+0', partial: false });
    expect(checkMasked('北京市朝阳区建国路**号')).toEqual({ pattern: 'keep 9+1', partial: true });
    expect(checkMasked('张*')).toBeUndefined();
  });
});
