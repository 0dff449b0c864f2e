/**
 * hk_mo_permit — 港澳通行证: the Mainland Travel Permit for Hong Kong and Macao Residents (回乡证,
 * `H`/`M` + 8 digits, older 10) and the Exit-Entry Permit for Travelling to and from HK and Macao
 * held by mainland residents (往来港澳通行证, electronic card `C` + 8 characters, the second may be a
 * letter).
 *
 *   validate('H12345678') // { ok: true, value: 'H12345678', detail: { holder: 'hk-mo-resident' } }
 */
import { maskPattern, maskShape } from '../mask.js';
import { invalid, isDigits, recogniser, stripSeparators } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

export function compact(v: string): string {
  return stripSeparators(v).replace(/[()（）]/g, '').toUpperCase();
}

export function validate(v: string): Validation {
  const s = compact(v);
  if (s.length !== 9 && s.length !== 11) return invalid('length');
  if ((s[0] === 'H' || s[0] === 'M') && isDigits(s, 1)) return { ok: true, value: s, detail: { holder: 'hk-mo-resident' } };
  if (s.length === 9 && s[0] === 'C' && /^[0-9A-HJ-NP-Z]$/.test(s[1]) && isDigits(s, 2)) return { ok: true, value: s, detail: { holder: 'mainland-resident' } };
  return invalid('format');
}

export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  const m = maskShape(compact(v));
  if (!m || (m.total !== 9 && m.total !== 11) || !/^[HMC]/.test(m.prefix)) return undefined;
  if (!ctx?.hinted) return undefined;
  return { pattern: maskPattern(m), partial: m.hidden < 4 };
}

export const hkMoPermit = recogniser({ label: 'hk_mo_permit', trigger: 'hint', compact, validate, checkMasked });
export const isValid = hkMoPermit.isValid;
