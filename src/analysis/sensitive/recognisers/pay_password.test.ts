// Same value check as password; the key hints (payPwd, jymm, zfmm…) tell them apart.
import { describe, expect, it } from 'vitest';
import { isValid, payPassword, validate } from './pay_password.js';

describe('pay_password', () => {
  it('a 6-digit PIN or a PIN block', () => {
    expect(validate('123456')).toEqual({ ok: true, value: '123456', detail: { form: 'plain' } });
    expect(validate('0412AC89ABCDEF67'.repeat(5))).toMatchObject({ ok: true, detail: { form: 'encrypted' } });
    expect(isValid('')).toBe(false);
    expect(payPassword.label).toBe('pay_password');
    expect(payPassword.trigger).toBe('hint');
  });
});
