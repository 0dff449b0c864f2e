import { describe, expect, it } from 'vitest';
import { checkMasked, isValid, secretForm, validate } from './password.js';

describe('password', () => {
  it('forms', () => {
    expect(validate('hunter2')).toEqual({ ok: true, value: 'hunter2', detail: { form: 'plain' } });
    expect(secretForm('5f4dcc3b5aa765d61d8327deb882cf99')).toBe('hash');
    expect(secretForm('A'.repeat(172) + '==')).toBe('encrypted');
  });
  it.each(['', 'null', 'false', 'x'.repeat(5000)])('rejects %j', (v) => expect(isValid(v)).toBe(false));
  it('masked only under a hint', () => {
    expect(checkMasked('******', { hinted: true })).toEqual({ pattern: 'keep 0+0', partial: false });
    expect(checkMasked('******')).toBeUndefined();
  });
});
