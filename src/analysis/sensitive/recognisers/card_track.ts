/**
 * card_track — 磁道信息: magnetic-stripe data, the most dangerous card data there is (it clones a
 * card). ISO/IEC 7813 track 2 (`;PAN=YYMMSSS…?`, `D` as separator in chip equivalents) and track 1
 * (`%B PAN ^ NAME ^ YYMMSSS…?`) with a Luhn-valid PAN are recognised anywhere; under a key hint an
 * encrypted track blob (hex or base64, 16+ characters) counts too.
 *
 *   validate(';6212345678901265=27121010000000000000?') // { ok: true, …, detail: { track: 2 } }
 */
import { luhnValid } from '../checksum.js';
import { allMasked, invalid, recogniser } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

const TRACK2 = /^;?(\d{12,19})[=D](\d{4})(\d{3})\d{0,20}\??$/;
const TRACK1 = /^%?B(\d{12,19})\^[^^]{2,26}\^(\d{4})(\d{3})[^?]{0,60}\??$/;

export function compact(v: string): string {
  return v.trim();
}

export function validate(v: string, ctx?: CheckContext): Validation {
  const s = compact(v);
  if (s.length < 16 || s.length > 120) return invalid('length');
  const t2 = TRACK2.exec(s);
  if (t2) return luhnValid(t2[1]) ? { ok: true, value: s, detail: { track: 2 } } : invalid('checksum');
  const t1 = TRACK1.exec(s);
  if (t1) return luhnValid(t1[1]) ? { ok: true, value: s, detail: { track: 1 } } : invalid('checksum');
  if (ctx?.hinted && (/^[0-9A-Fa-f]{16,}$/.test(s) || /^[A-Za-z0-9+/]{16,}={0,2}$/.test(s))) return { ok: true, value: s, detail: { track: 'encrypted' } };
  return invalid('format');
}

export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  return ctx?.hinted && allMasked(v.trim()) ? { pattern: 'keep 0+0', partial: false } : undefined;
}

export const cardTrack = recogniser({ label: 'card_track', trigger: 'value', compact, validate, checkMasked });
export const isValid = cardTrack.isValid;
