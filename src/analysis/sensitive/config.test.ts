import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../pipeline/config.js';
import { sensitiveSettings } from './config.js';
import { DEFAULT_GRADE_RULES } from './grade.js';

describe('guanlan.yaml sensitive:', () => {
  it('defaults: every label on, the default rules, trace on', () => {
    const s = sensitiveSettings(parseConfig('', 'g.yaml').sensitive);
    expect(s.disabled.size).toBe(0);
    expect(s.rules).toBe(DEFAULT_GRADE_RULES);
    expect(s.trace).toBe(true);
  });
  it('disable, allowKeys (normalised), grading rules, trace cap', () => {
    const c = parseConfig(
      ['sensitive:', '  disable: [ip, geo]', '  allowKeys: [order_Id]', '  grading:', '    rules:', '      - { grade: high, labels: [cn_mobile], why: mobiles }', '  trace: { maxRowsPerInput: 10 }'].join('\n'),
      'g.yaml',
    );
    const s = sensitiveSettings(c.sensitive);
    expect([...s.disabled]).toEqual(['ip', 'geo']);
    expect([...s.allowKeys]).toEqual(['orderid']);
    expect(s.rules).toEqual([{ grade: 'high', labels: ['cn_mobile'], why: 'mobiles' }]);
    expect(s.maxTraceRows).toBe(10);
  });
  it('one clear line for a bad label or rule', () => {
    expect(() => parseConfig('sensitive:\n  disable: [idcard]\n', 'g.yaml')).toThrow(/^g\.yaml: line 2: sensitive\.disable\.0: /);
    expect(() => parseConfig('sensitive:\n  grading:\n    rules:\n      - { grade: huge, why: x }\n', 'g.yaml')).toThrow(/sensitive\.grading\.rules\.0\.grade/);
  });
});
