import { describe, expect, it } from 'vitest';
import { checkMasked, isValid } from './sms_code.js';

describe('sms_code', () => {
  it.each(['1234', '604213', '12345678'])('accepts %s', (v) => expect(isValid(v)).toBe(true));
  it.each(['123', '123456789', '12a456', ''])('rejects %j', (v) => expect(isValid(v)).toBe(false));
  it('masked under a hint', () => expect(checkMasked('******', { hinted: true })).toEqual({ pattern: 'keep 0+0', partial: false }));
});
