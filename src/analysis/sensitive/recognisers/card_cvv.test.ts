import { describe, expect, it } from 'vitest';
import * as cvv from './card_cvv.js';

describe('card_cvv', () => {
  it('3–4 digits', () => {
    expect(cvv.isValid('123')).toBe(true);
    expect(cvv.isValid('1234')).toBe(true);
    expect(cvv.validate('12')).toEqual({ ok: false, reason: 'length' });
    expect(cvv.validate('12a')).toEqual({ ok: false, reason: 'format' });
  });
  it('masked only under a hint', () => {
    expect(cvv.checkMasked('***', { hinted: true })).toEqual({ pattern: 'keep 0+0', partial: false });
    expect(cvv.checkMasked('***')).toBeUndefined();
  });
});
