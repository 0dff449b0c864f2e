/**
 * amount — 金额: a number (JSON number or numeric text: sign, currency sign ¥/￥/$, thousands
 * separators, decimals) under an amount key (`amount`, `txnAmt`, `je`, `jyje`…).
 *
 *   validate('¥1,234.50') // { ok: true, value: '1234.50' }
 */
import { allMasked, invalid, recogniser } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

/** `-12.50`, `100`: optional minus, digits, optional fraction. */
function plainDecimal(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 32) return false;
  let i = s.charCodeAt(0) === 45 ? 1 : 0;
  const intStart = i;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (i === intStart) return false;
  if (i === n) return true;
  if (s.charCodeAt(i) !== 46 || i + 1 === n || n - i - 1 > 6) return false;
  for (i++; i < n; i++) if (s.charCodeAt(i) < 48 || s.charCodeAt(i) > 57) return false;
  return true;
}

/** `-¥1,234.50` → `-1234.50`, or undefined when not a plain money number. */
export function moneyValue(v: string): string | undefined {
  if (plainDecimal(v)) return v; // the common case, without a regex
  const s = v.trim();
  if (s.length === 0 || s.length > 32) return undefined;
  const m = /^([-+]?)\s*(?:[¥￥$]|CNY|RMB)?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d{1,6})?\s*(?:元|CNY|RMB)?$/.exec(s);
  if (!m) return undefined;
  return (m[1] === '-' ? '-' : '') + m[2].replace(/,/g, '') + (m[3] ?? '');
}

export function compact(v: string): string {
  return moneyValue(v) ?? v.trim();
}

export function validate(v: string): Validation {
  if (v.trim().length === 0) return invalid('length');
  const n = moneyValue(v);
  return n === undefined ? invalid('format') : { ok: true, value: n };
}

export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  const s = v.trim();
  return ctx?.hinted && (allMasked(s) || /^\*+\.\*+$/.test(s)) ? { pattern: 'keep 0+0', partial: false } : undefined;
}

export const amount = recogniser({ label: 'amount', trigger: 'hint', compact, validate, checkMasked });
export const isValid = amount.isValid;
