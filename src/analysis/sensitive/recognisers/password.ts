/**
 * password — 登录密码: any non-empty value under a password key (`password`, `pwd`, `mm`, `dlmm`…).
 * `detail.form` says whether it looks like a clear password, a hash (hex 32/40/64) or an
 * encrypted blob (long base64/hex, as bank apps RSA-encrypt passwords); weaknesses use it.
 *
 *   validate('hunter2') // { ok: true, value: 'hunter2', detail: { form: 'plain' } }
 */
import { allMasked, invalid, recogniser } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

/** plain | hash | encrypted, by shape. */
export function secretForm(s: string): 'plain' | 'hash' | 'encrypted' {
  if (/^[0-9a-fA-F]+$/.test(s) && (s.length === 32 || s.length === 40 || s.length === 64)) return 'hash';
  if (s.length >= 64 && (/^[0-9a-fA-F]+$/.test(s) || /^[A-Za-z0-9+/_-]+={0,2}$/.test(s))) return 'encrypted';
  return 'plain';
}

/** Values that are placeholders, not secrets. */
const PLACEHOLDERS = new Set(['null', 'undefined', 'true', 'false', 'none', '']);

export function compact(v: string): string {
  return v;
}

export function validate(v: string): Validation {
  if (v.length < 1 || v.length > 4096) return invalid('length');
  if (PLACEHOLDERS.has(v.trim().toLowerCase())) return invalid('format');
  return { ok: true, value: v, detail: { form: secretForm(v) } };
}

/** `******`: the password field is present but masked (typical in echoes and logs). */
export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  return ctx?.hinted && allMasked(v.trim()) ? { pattern: 'keep 0+0', partial: false } : undefined;
}

export const password = recogniser({ label: 'password', trigger: 'hint', compact, validate, checkMasked });
export const isValid = password.isValid;
