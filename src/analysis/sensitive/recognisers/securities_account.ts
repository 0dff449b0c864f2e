/**
 * securities_account — 证券账号/股东账号 under a key hint: Shanghai A-share holder accounts (`A` +
 * 9 digits; `B`, `C`, `D`, `E`, `F` for other classes), Shenzhen (10 digits starting 0), and the
 * 12-digit unified "一码通" account of China Securities Depository and Clearing.
 *
 *   validate('A123456789') // { ok: true, value: 'A123456789', detail: { market: 'SH' } }
 */
import { maskPattern, maskShape } from '../mask.js';
import { invalid, isDigits, recogniser, stripSeparators } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

export function compact(v: string): string {
  return stripSeparators(v).toUpperCase();
}

export function validate(v: string): Validation {
  const s = compact(v);
  if (s.length === 10 && 'ABCDEF'.includes(s[0]) && isDigits(s, 1)) return { ok: true, value: s, detail: { market: 'SH' } };
  if (s.length === 10 && s[0] === '0' && isDigits(s)) return { ok: true, value: s, detail: { market: 'SZ' } };
  if (s.length === 12 && isDigits(s)) return { ok: true, value: s, detail: { market: 'CSDC' } };
  return s.length === 10 || s.length === 12 ? invalid('format') : invalid('length');
}

export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  if (!ctx?.hinted) return undefined;
  const m = maskShape(compact(v));
  if (!m || (m.total !== 10 && m.total !== 12)) return undefined;
  return { pattern: maskPattern(m), partial: m.hidden < 4 };
}

export const securitiesAccount = recogniser({ label: 'securities_account', trigger: 'hint', compact, validate, checkMasked });
export const isValid = securitiesAccount.isValid;
