import { describe, expect, it } from 'vitest';
import { checkMasked, isValid } from './fund_account.js';

describe('fund_account', () => {
  it.each(['123456', '10086012345', '1234 5678 9012'])('accepts %s', (v) => expect(isValid(v)).toBe(true));
  it.each(['12345', '123456789012345678901', '12345a'])('rejects %s', (v) => expect(isValid(v)).toBe(false));
  it('masked under a hint', () => expect(checkMasked('1008****345', { hinted: true })).toEqual({ pattern: 'keep 4+3', partial: false }));
});
