/**
 * sms_code — 短信验证码: 4–8 digits under a verification-code key (`smsCode`, `verifyCode`, `yzm`…).
 * A one-time code in a response body is the `sms-code-in-response` weakness.
 *
 *   validate('604213') // { ok: true, value: '604213' }
 */
import { allMasked, invalid, isDigits, recogniser } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

export function compact(v: string): string {
  return v.trim();
}

export function validate(v: string): Validation {
  const s = compact(v);
  if (s.length < 4 || s.length > 8) return invalid('length');
  return isDigits(s) ? { ok: true, value: s } : invalid('format');
}

export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  return ctx?.hinted && allMasked(v.trim()) ? { pattern: 'keep 0+0', partial: false } : undefined;
}

export const smsCode = recogniser({ label: 'sms_code', trigger: 'hint', compact, validate, checkMasked });
export const isValid = smsCode.isValid;
