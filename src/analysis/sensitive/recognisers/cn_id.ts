/**
 * cn_id — 居民身份证号 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence (odd
 * for men), ISO 7064 MOD 11-2 check character; the 15-digit legacy form has a 6-digit date (19YY)
 * and no check character.
 *
 *   validate('11010519491231002X') // { ok: true, value: '11010519491231002X', detail: { region: '110105', birth: '1949-12-31', sex: 'F' } }
 *   validate('110105194912310021') // { ok: false, reason: 'checksum' }
 */
import { gb11643Check } from '../checksum.js';
import { type MaskShape, maskPattern, maskShape } from '../mask.js';
import { invalid, isDigits, recogniser, stripSeparators, validDate } from '../recogniser.js';
import { provinceValid, regionValid } from '../regions.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

/** 2100-01-01: the latest birth date accepted when no event time is given. */
const DEFAULT_REF = Date.UTC(2100, 0, 1);
const MIN_YEAR = 1900;

export function compact(v: string): string {
  return stripSeparators(v).toUpperCase();
}

function birth(y: number, m: number, d: number, ctx?: CheckContext): boolean {
  if (y < MIN_YEAR || !validDate(y, m, d)) return false;
  return Date.UTC(y, m - 1, d) <= (ctx?.refTime ?? DEFAULT_REF);
}

const num = (s: string, a: number, b: number): number => Number(s.slice(a, b));

export function validate(v: string, ctx?: CheckContext): Validation {
  const s = compact(v);
  if (s.length === 18) {
    if (!isDigits(s, 0, 17)) return invalid('format');
    const last = s.charCodeAt(17);
    if (!((last >= 48 && last <= 57) || last === 88)) return invalid('format');
    if (!regionValid(num(s, 0, 6))) return invalid('component');
    const y = num(s, 6, 10);
    const m = num(s, 10, 12);
    const d = num(s, 12, 14);
    if (!birth(y, m, d, ctx)) return invalid('component');
    if (gb11643Check(s) !== s[17]) return invalid('checksum');
    return { ok: true, value: s, detail: { region: s.slice(0, 6), birth: `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`, sex: num(s, 16, 17) % 2 ? 'M' : 'F' } };
  }
  if (s.length === 15) {
    if (!isDigits(s)) return invalid('format');
    if (!regionValid(num(s, 0, 6))) return invalid('component');
    const y = 1900 + num(s, 6, 8);
    if (!birth(y, num(s, 8, 10), num(s, 10, 12), ctx)) return invalid('component');
    return { ok: true, value: s, detail: { region: s.slice(0, 6), birth: `${y}-${s.slice(8, 10)}-${s.slice(10, 12)}`, sex: num(s, 14, 15) % 2 ? 'M' : 'F', legacy: true } };
  }
  return invalid('length');
}

/** The visible digits are consistent with an ID (region where shown, check character where shown). */
function fits(m: MaskShape): boolean {
  const { prefix, suffix } = m;
  if (!isDigits(prefix) && prefix !== '') return false;
  if (suffix !== '' && !isDigits(suffix, 0, suffix.length - 1)) return false;
  const last = suffix.charCodeAt(suffix.length - 1);
  if (suffix !== '' && !((last >= 48 && last <= 57) || last === 88 || last === 120)) return false;
  if (prefix.length >= 2 && !provinceValid(num(prefix, 0, 2))) return false;
  if (prefix.length >= 6 && !regionValid(num(prefix, 0, 6))) return false;
  return true;
}

/**
 * `110101********1234` (masked) — strong when the birth date (digits 7–14) is hidden and no more
 * than the region and the last 4 show; first 6 + last 4 still narrows a person down to a county
 * and a birth-date range, so it is `partial`, as is any form that shows birth-date digits.
 */
export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  const m = maskShape(v);
  if (!m || (m.total !== 18 && m.total !== 15) || !fits(m)) return undefined;
  // without a key hint, demand enough visible structure to tell an ID from any masked number
  if (!ctx?.hinted && m.prefix.length < 2) return undefined;
  const dateFrom = 6;
  const dateTo = m.total === 18 ? 14 : 12;
  const showsDate = m.prefix.length > dateFrom || m.total - m.suffix.length < dateTo;
  const partial = showsDate || (m.prefix.length >= 6 && m.suffix.length >= 4);
  return { pattern: maskPattern(m), partial };
}

export const cnId = recogniser({ label: 'cn_id', trigger: 'value', compact, validate, checkMasked });
export const isValid = cnId.isValid;
