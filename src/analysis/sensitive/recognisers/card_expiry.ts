/**
 * card_expiry — 卡有效期: under a key hint, MM/YY, MM/YYYY, MMYY, YYMM (as on the chip and track
 * data) or YYYY-MM, with a real month.
 *
 *   validate('12/27') // { ok: true, value: '1227' }  (normalised to MMYY where the order is known)
 */
import { allMasked, invalid, isDigits, recogniser } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

export function compact(v: string): string {
  return v.trim().replace(/\s+/g, '');
}

const month = (m: string): boolean => isDigits(m) && Number(m) >= 1 && Number(m) <= 12;

export function validate(v: string): Validation {
  const s = compact(v);
  let m = /^(\d{2})[/-](\d{2}|\d{4})$/.exec(s);
  if (m) return month(m[1]) ? { ok: true, value: m[1] + m[2].slice(-2) } : invalid('component');
  m = /^(\d{4})[/-](\d{2})$/.exec(s);
  if (m) return month(m[2]) ? { ok: true, value: m[2] + m[1].slice(2) } : invalid('component');
  if (s.length !== 4) return invalid('length');
  if (!isDigits(s)) return invalid('format');
  // 4 digits: MMYY or YYMM; either order with a real month will do
  return month(s.slice(0, 2)) || month(s.slice(2)) ? { ok: true, value: s } : invalid('component');
}

export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  const s = compact(v);
  return ctx?.hinted && (allMasked(s) || /^\*\*[/-]\*\*$/.test(s)) ? { pattern: 'keep 0+0', partial: false } : undefined;
}

export const cardExpiry = recogniser({ label: 'card_expiry', trigger: 'hint', compact, validate, checkMasked });
export const isValid = cardExpiry.isValid;
