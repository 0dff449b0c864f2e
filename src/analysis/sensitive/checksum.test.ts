import { describe, expect, it } from 'vitest';
import { gb11643Check, gb11714Valid, gb32100Check, luhnCheckDigit, luhnSumOfDigits, luhnValid } from './checksum.js';

describe('checksums', () => {
  it('luhnSumOfDigits: the Luhn verdict and the digits check in one pass, -1 for any non-digit anywhere', () => {
    for (let n = 1; n <= 19; n++) {
      for (let k = 0; k < 200; k++) {
        const v = Array.from({ length: n }, () => String(Math.floor(Math.random() * 10))).join('');
        expect(luhnSumOfDigits(v) % 10 === 0, v).toBe(luhnValid(v));
        // a non-digit at each place (both of a pair's positions, the odd first one too)
        for (const bad of [' ', '-', 'x', '/', ':', '\u0660']) expect(luhnSumOfDigits(v.slice(0, k % n) + bad + v.slice((k % n) + 1)), `${v} ${k % n}`).toBe(-1);
      }
    }
    // a view into a longer text, as the scanner passes values
    const body = 'cardNo=4111111111111111&x=1';
    expect(luhnSumOfDigits(body.slice(7, 23)) % 10).toBe(0);
    expect(luhnSumOfDigits('')).toBe(0);
  });

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
