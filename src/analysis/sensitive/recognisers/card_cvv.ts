/**
 * card_cvv — 卡验证码 (CVV2/CVC2/CVN2): 3 digits (4 for Amex) under a key hint. Storing it after
 * authorisation is forbidden (PCI DSS 3.3.2), so any sighting matters.
 *
 *   validate('123') // { ok: true, value: '123' }
 */
import { allMasked, invalid, isDigits, recogniser } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

export function compact(v: string): string {
  return v.trim();
}

export function validate(v: string): Validation {
  const s = compact(v);
  if (s.length !== 3 && s.length !== 4) return invalid('length');
  return isDigits(s) ? { ok: true, value: s } : invalid('format');
}

export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  return ctx?.hinted && allMasked(v.trim()) ? { pattern: 'keep 0+0', partial: false } : undefined;
}

export const cardCvv = recogniser({ label: 'card_cvv', trigger: 'hint', compact, validate, checkMasked });
export const isValid = cardCvv.isValid;
