/**
 * tw_permit — 台湾通行证: the Mainland Travel Permit for Taiwan Residents (台胞证, 8 digits since
 * the 2015 card, sometimes with the issue count as `(01)` or 2 more digits) and the mainland
 * residents' permit for Taiwan (`L` + 8 digits). Plain 8-digit numbers are everywhere, so this
 * label needs a key hint.
 *
 *   validate('12345678(01)') // { ok: true, value: '1234567801' }
 */
import { maskPattern, maskShape } from '../mask.js';
import { invalid, isDigits, recogniser, stripSeparators } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

export function compact(v: string): string {
  return stripSeparators(v).replace(/[()（）]/g, '').toUpperCase();
}

export function validate(v: string): Validation {
  const s = compact(v);
  if (s.length !== 8 && s.length !== 9 && s.length !== 10) return invalid('length');
  if ((s.length === 8 || s.length === 10) && isDigits(s)) return { ok: true, value: s };
  if (s.length === 9 && (s[0] === 'L' || s[0] === 'T') && isDigits(s, 1)) return { ok: true, value: s };
  return invalid('format');
}

export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  if (!ctx?.hinted) return undefined;
  const m = maskShape(compact(v));
  if (!m || m.total < 8 || m.total > 10) return undefined;
  return { pattern: maskPattern(m), partial: m.hidden < 4 };
}

export const twPermit = recogniser({ label: 'tw_permit', trigger: 'hint', compact, validate, checkMasked });
export const isValid = twPermit.isValid;
