import { describe, expect, it } from 'vitest';
import { gradeOf, type GradeInput } from './grade.js';

const g = (label: GradeInput['label'], direction: GradeInput['direction'], clear: number, maxRecords = 1): GradeInput => ({ label, direction, clear, maxRecords });

describe('grading', () => {
  it('identifiers in clear in bulk are high; one record is medium; masked only is low', () => {
    expect(gradeOf([g('cn_id', 'response', 5, 20)]).grade).toBe('high');
    expect(gradeOf([g('cn_id', 'response', 5, 1)]).grade).toBe('medium');
    expect(gradeOf([g('cn_id', 'response', 0, 20)]).grade).toBe('low');
  });
  it('a profile of 4+ personal labels in clear is high', () => {
    expect(gradeOf(['person_name', 'cn_mobile', 'email', 'address'].map((l) => g(l as GradeInput['label'], 'response', 1))).grade).toBe('high');
    expect(gradeOf(['person_name', 'cn_mobile', 'email'].map((l) => g(l as GradeInput['label'], 'response', 1))).grade).toBe('medium');
  });
  it('passwords collected are medium, returned are high; credentials in requests do not grade', () => {
    expect(gradeOf([g('password', 'request', 3)]).grade).toBe('medium');
    expect(gradeOf([g('password', 'response', 3)]).grade).toBe('high');
    expect(gradeOf([g('credential', 'request', 3)])).toEqual({ grade: 'none', why: '' });
  });
  it('internal data is low; nothing is none', () => {
    expect(gradeOf([g('ip', 'request', 1)]).grade).toBe('low');
    expect(gradeOf([]).grade).toBe('none');
  });
  it('rules are data: a deployment can replace them', () => {
    const rules = [{ grade: 'high' as const, direction: 'request' as const, labels: ['cn_mobile' as const], why: 'mobiles collected' }];
    expect(gradeOf([g('cn_mobile', 'request', 1)], rules)).toEqual({ grade: 'high', why: 'mobiles collected' });
    expect(gradeOf([g('cn_id', 'response', 9, 99)], rules).grade).toBe('none');
  });
});
