/**
 * fund_account — 资金账号 (a broker's or bank's capital account): 6–20 digits under a key hint;
 * there is no common format or checksum across institutions.
 *
 *   validate('10086012345') // { ok: true, value: '10086012345' }
 */
import { maskPattern, maskShape } from '../mask.js';
import { invalid, isDigits, recogniser, stripSeparators } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

export function compact(v: string): string {
  return stripSeparators(v);
}

export function validate(v: string): Validation {
  const s = compact(v);
  if (s.length < 6 || s.length > 20) return invalid('length');
  return isDigits(s) ? { ok: true, value: s } : invalid('format');
}

export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  if (!ctx?.hinted) return undefined;
  const m = maskShape(compact(v));
  if (!m || m.total < 6 || m.total > 20 || (m.prefix && !isDigits(m.prefix)) || (m.suffix && !isDigits(m.suffix))) return undefined;
  return { pattern: maskPattern(m), partial: m.hidden < 4 };
}

export const fundAccount = recogniser({ label: 'fund_account', trigger: 'hint', compact, validate, checkMasked });
export const isValid = fundAccount.isValid;
