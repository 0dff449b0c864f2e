/**
 * plate — 车牌号 (GA 36): province abbreviation, issuing-authority letter, then 5 characters
 * (letters without I/O, digits), or 4 and a class character (挂 学 警 港 澳 领 试 超); new-energy
 * plates have 6, starting (small cars) or ending (large vehicles) with D or F.
 *
 *   validate('京A·12345') // { ok: true, value: '京A12345' }
 *   validate('粤BD12345') // { ok: true, value: '粤BD12345', detail: { newEnergy: true } }
 */
import { maskPattern, maskShape } from '../mask.js';
import { invalid, recogniser } from '../recogniser.js';
import type { MaskedForm, Validation } from '../types.js';

export const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const CLASS_CHARS = '挂学警港澳领试超';

const plateChar = (c: string): boolean => (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c !== 'I' && c !== 'O');
const authority = (c: string): boolean => c >= 'A' && c <= 'Z' && c !== 'I' && c !== 'O';

export function compact(v: string): string {
  return v.replace(/[\s·•.-]/g, '').toUpperCase();
}

export function validate(v: string): Validation {
  const s = compact(v);
  if (s.length < 7 || s.length > 8) return invalid('length');
  if (!PROVINCES.includes(s[0]) || !authority(s[1])) return invalid('format');
  const classed = CLASS_CHARS.includes(s[s.length - 1]);
  const body = classed ? s.slice(2, -1) : s.slice(2);
  // 京A12345, 粤BD12345 (new energy), 苏E1234挂 (class character after 4)
  if (classed ? body.length !== 4 : body.length !== 5 && body.length !== 6) return invalid('length');
  for (const c of body) if (!plateChar(c)) return invalid('format');
  if (body.length === 6) {
    const small = (body[0] === 'D' || body[0] === 'F') && /^[A-HJ-NP-Z0-9]\d{4}$/.test(body.slice(1));
    const large = (body[5] === 'D' || body[5] === 'F') && /^\d{5}$/.test(body.slice(0, 5));
    if (!small && !large) return invalid('format');
    return { ok: true, value: s, detail: { newEnergy: true } };
  }
  // ordinary plates carry at most two letters in the serial part
  let letters = 0;
  for (const c of body) if (c >= 'A') letters++;
  if (letters > 3) return invalid('format');
  return { ok: true, value: s };
}

/** `京A***45` — strong when at least 3 serial characters are hidden. */
export function checkMasked(v: string): MaskedForm | undefined {
  const m = maskShape(compact(v).replace(/X{2,}/g, (x) => '*'.repeat(x.length)));
  if (!m || m.total < 7 || m.total > 8 || m.prefix.length < 1 || !PROVINCES.includes(m.prefix[0])) return undefined;
  if (m.prefix.length >= 2 && !authority(m.prefix[1])) return undefined;
  return { pattern: maskPattern(m), partial: m.hidden < 3 };
}

export const plate = recogniser({ label: 'plate', trigger: 'value', compact, validate, checkMasked });
export const isValid = plate.isValid;
