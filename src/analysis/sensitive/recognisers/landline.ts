/**
 * landline — 固定电话: trunk 0, area code (2 digits for 10/2x, else 3) and a 7- or 8-digit
 * subscriber number, per the area-code table derived from libphonenumber (data/cn-phone.ts);
 * +86/0086 and separators allowed. A bare local number (7–8 digits) counts only under a key hint.
 *
 *   validate('010-62345678')   // { ok: true, value: '01062345678', detail: { area: '10' } }
 *   validate('(0755)8123 4567') // { ok: true, value: '075581234567', detail: { area: '755' } }
 */
import { CN_AREA_CODES } from '../data/cn-phone.js';
import { maskPattern, maskShape } from '../mask.js';
import { invalid, isDigits, recogniser, stripSeparators } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

let areas: Map<string, string> | undefined;
function areaTable(): Map<string, string> {
  if (!areas) {
    areas = new Map();
    for (const e of CN_AREA_CODES.split(/\s+/)) if (e) areas.set(e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 1));
  }
  return areas;
}

export function compact(v: string): string {
  let s = stripSeparators(v).replace(/[()（）]/g, '');
  if (s.startsWith('+86')) s = '0' + s.slice(3);
  else if (s.startsWith('0086')) s = '0' + s.slice(4);
  return s;
}

/** Area code and subscriber of a national number `0…`, or undefined. */
export function splitNational(s: string): { area: string; subscriber: string } | undefined {
  if (s[0] !== '0') return undefined;
  const two = s[1] === '1' || s[1] === '2';
  const area = s.slice(1, two ? 3 : 4);
  const lens = areaTable().get(area);
  const subscriber = s.slice(1 + area.length);
  if (!lens || !lens.includes(String(subscriber.length)) || subscriber[0] === '0') return undefined;
  return { area, subscriber };
}

export function validate(v: string, ctx?: CheckContext): Validation {
  const s = compact(v);
  if (s.length < 7 || s.length > 12) return invalid('length');
  if (!isDigits(s)) return invalid('format');
  if (s[0] !== '0') {
    // a local number without area code: plausible only where a key says it is a phone
    if (ctx?.hinted && (s.length === 7 || s.length === 8) && s[0] >= '2') return { ok: true, value: s, detail: { local: true } };
    return invalid('format');
  }
  const parts = splitNational(s);
  if (!parts) return invalid('component');
  return { ok: true, value: s, detail: { area: parts.area } };
}

/** `010-****5678` under a key hint. */
export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  if (!ctx?.hinted) return undefined;
  const m = maskShape(compact(v));
  if (!m || m.total < 7 || m.total > 12 || (m.prefix && !isDigits(m.prefix)) || (m.suffix && !isDigits(m.suffix))) return undefined;
  return { pattern: maskPattern(m), partial: m.hidden < 4 };
}

export const landline = recogniser({ label: 'landline', trigger: 'value', compact, validate, checkMasked });
export const isValid = landline.isValid;
