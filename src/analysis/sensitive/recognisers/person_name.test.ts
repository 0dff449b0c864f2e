import { describe, expect, it } from 'vitest';
import { checkMasked, isValid, surnameLength, validate } from './person_name.js';

describe('person_name', () => {
  it.each(['张三', '王小明', '欧阳娜娜', '司马懿', '阿卜杜拉·艾尼', 'Zhang San', 'ZHANG SANFENG', ' 李 四 '])('accepts %s', (v) => {
    expect(isValid(v)).toBe(true);
  });
  it.each(['张', '理财产品', '欧阳', '中国工商银行', 'zhang san', 'Zhang', '张3', 'Product A', 'Gold Card'])('rejects %s', (v) => {
    expect(isValid(v)).toBe(false);
  });
  it('surnames', () => {
    expect(surnameLength('欧阳娜娜')).toBe(2);
    expect(surnameLength('张三')).toBe(1);
    expect(surnameLength('理财')).toBe(0);
    expect(validate('李 四')).toEqual({ ok: true, value: '李四' });
    expect(surnameLength('')).toBe(0);
    expect(surnameLength('财')).toBe(0);
    expect(surnameLength('欧阳')).toBe(2);
    // spaces of every kind trimmed and joined (ideographic, no-break), none left in the value
    expect(validate('\u3000王\u00a0小明\t')).toEqual({ ok: true, value: '王小明' });
    expect(validate(' Zhang  San ')).toEqual({ ok: true, value: 'Zhang San', detail: { form: 'latin' } });
  });
  it.each([
    ['张*', 'keep 1+0', false],
    ['张**', 'keep 1+0', false],
    ['欧阳*', 'keep 2+0', false],
    ['*三', 'keep 0+1', false],
    ['张*丰', 'keep 1+1', true],
  ])('masked %s', (v, pattern, partial) => {
    expect(checkMasked(v)).toEqual({ pattern, partial });
  });
  it('masked forms must fit', () => {
    expect(checkMasked('理*')).toBeUndefined();
    expect(checkMasked('**')).toBeUndefined();
    expect(checkMasked('**', { hinted: true })).toEqual({ pattern: 'keep 0+0', partial: false });
    expect(checkMasked('138****5678')).toBeUndefined();
  });
});
