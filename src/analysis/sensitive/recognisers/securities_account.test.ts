import { describe, expect, it } from 'vitest';
import { checkMasked, isValid, validate } from './securities_account.js';

describe('securities_account', () => {
  it.each([
    ['A123456789', 'SH'],
    ['0123456789', 'SZ'],
    ['180123456789', 'CSDC'],
  ])('accepts %s', (v, market) => expect(validate(v)).toMatchObject({ ok: true, detail: { market } }));
  it.each(['Z123456789', '1123456789', '12345', 'A12345678X'])('rejects %s', (v) => expect(isValid(v)).toBe(false));
  it('masked under a hint', () => expect(checkMasked('A12****789', { hinted: true })).toEqual({ pattern: 'keep 3+3', partial: false }));
});
