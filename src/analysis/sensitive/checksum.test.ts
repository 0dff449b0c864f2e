import { describe, expect, it } from 'vitest';
import { gb11643Check, gb11714Valid, gb32100Check, luhnCheckDigit, luhnValid } from './checksum.js';

describe('checksums', () => {
  it('luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnCheckDigit('4992739871')).toBe('6');
    expect(luhnCheckDigit('142857')).toBe('2');
  });
  it('GB 11643 (ISO 7064 MOD 11-2)', () => {
    expect(gb11643Check('11010519491231002')).toBe('X');
    expect(gb11643Check('36042619910101007')).toBe('1');
  });
  it('GB 32100 and the embedded GB 11714 organisation code', () => {
    expect(gb32100Check('91110000600037341')).toBe('L');
    expect(gb32100Check('9111000060003IOZS')).toBeUndefined();
    expect(gb11714Valid('600037341')).toBe(true);
    expect(gb11714Valid('600037342')).toBe(false);
  });
});
