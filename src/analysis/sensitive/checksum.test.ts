import { describe, expect, it } from 'vitest';
import { gb11643Check, gb11714Valid, gb32100Check, luhnCheckDigit, luhnValid } from './checksum.js';

describe('checksums', () => {
  it('luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnCheckDigit('4992739871')).toBe('6');
    expect(luhnCheckDigit('142857')).toBe('2');
    // odd and even lengths, against the textbook loop (one digit at a time, doubling every other from the right)
    const textbook = (digits: string): boolean => {
      let sum = 0;
      for (let i = digits.length - 1, k = 0; i >= 0; i--, k++) {
        const d = Number(digits[i]) * (k % 2 === 1 ? 2 : 1);
        sum += d > 9 ? d - 9 : d;
      }
      return sum % 10 === 0;
    };
    let seed = 7;
    const digit = (): string => String((seed = (seed * 1103515245 + 12345) % 2147483648) % 10);
    let valid = 0;
    for (let n = 0; n < 5000; n++) {
      let v = '';
      for (let j = 0, len = 1 + (n % 20); j < len; j++) v += digit();
      expect(luhnValid(v)).toBe(textbook(v));
      expect(luhnValid(v + luhnCheckDigit(v))).toBe(true);
      if (textbook(v)) valid++;
    }
    // about one in ten passes, as it should
    expect(valid).toBeGreaterThan(350);
    expect(valid).toBeLessThan(650);
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
