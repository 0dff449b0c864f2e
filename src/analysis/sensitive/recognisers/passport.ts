/**
 * passport — 护照号. Chinese passports: `E` + 8 digits, `E` + letter + 7 digits (since the digit
 * series ran out), older `G` + 8 digits, diplomatic/service/public-affairs `D`/`S`/`P` + 7–8
 * digits. Foreign passports vary too much for a shape: under a key hint 1–2 letters + 6–9 digits
 * or 8–9 digits count (`detail.issuer: 'other'`).
 *
 *   validate('E12345678') // { ok: true, value: 'E12345678', detail: { issuer: 'CN' } }
 */
import { maskPattern, maskShape } from '../mask.js';
import { invalid, isDigits, recogniser, stripSeparators } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

const upper = (c: string): boolean => c >= 'A' && c <= 'Z';

export function compact(v: string): string {
  return stripSeparators(v).toUpperCase();
}

export function cnPassport(s: string): boolean {
  if (s.length === 9 && (s[0] === 'E' || s[0] === 'G') && isDigits(s, 1)) return true;
  if (s.length === 9 && s[0] === 'E' && upper(s[1]) && s[1] !== 'I' && s[1] !== 'O' && isDigits(s, 2)) return true;
  return (s.length === 8 || s.length === 9) && (s[0] === 'D' || s[0] === 'S' || s[0] === 'P') && isDigits(s, 1);
}

export function validate(v: string, ctx?: CheckContext): Validation {
  const s = compact(v);
  if (s.length < 7 || s.length > 11) return invalid('length');
  if (cnPassport(s)) return { ok: true, value: s, detail: { issuer: 'CN' } };
  if (ctx?.hinted) {
    const letters = upper(s[0]) ? (upper(s[1]) ? 2 : 1) : 0;
    const digits = s.length - letters;
    if (isDigits(s, letters) && digits >= 6 && digits <= 9 && (letters > 0 || digits >= 8)) return { ok: true, value: s, detail: { issuer: 'other' } };
  }
  return invalid('format');
}

/** `E1234****` under a key hint: strong when at least 4 characters are hidden. */
export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  if (!ctx?.hinted) return undefined;
  const m = maskShape(compact(v));
  if (!m || m.total < 7 || m.total > 11 || (m.suffix && !isDigits(m.suffix))) return undefined;
  return { pattern: maskPattern(m), partial: m.hidden < 4 };
}

export const passport = recogniser({ label: 'passport', trigger: 'hint', compact, validate, checkMasked });
export const isValid = passport.isValid;
