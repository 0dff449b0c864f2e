import { describe, expect, it } from 'vitest';
import { balance, isValid, validate } from './balance.js';

describe('balance', () => {
  it('money values', () => {
    expect(validate('8,000.00')).toEqual({ ok: true, value: '8000.00' });
    expect(isValid('n/a')).toBe(false);
    expect(balance.trigger).toBe('hint');
  });
});
