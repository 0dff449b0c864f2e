/** Small helpers shared by the recogniser modules. */
import type { LabelId } from './labels.js';
import type { CheckContext, InvalidReason, MaskedForm, Recogniser, Validation } from './types.js';

export const invalid = (reason: InvalidReason): Validation => ({ ok: false, reason });

export interface RecogniserSpec {
  label: LabelId;
  trigger: 'value' | 'hint';
  compact(v: string): string;
  validate(v: string, ctx?: CheckContext): Validation;
  checkMasked?(v: string, ctx?: CheckContext): MaskedForm | undefined;
}

export function recogniser(spec: RecogniserSpec): Recogniser {
  return {
    label: spec.label,
    trigger: spec.trigger,
    compact: spec.compact,
    validate: spec.validate,
    isValid: (v, ctx) => spec.validate(v, ctx).ok,
    checkMasked: spec.checkMasked ?? (() => undefined),
  };
}

/** Remove spaces (ASCII and ideographic), tabs and `-`: the separators people type into numbers. */
export function stripSeparators(v: string): string {
  let i = 0;
  // the common case: nothing to strip, no new string
  while (i < v.length) {
    const c = v.charCodeAt(i);
    if (c === 32 || c === 45 || c === 9 || c === 0x3000 || c === 0xa0) break;
    i++;
  }
  if (i === v.length) return v;
  let out = v.slice(0, i);
  for (; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 32 || c === 45 || c === 9 || c === 0x3000 || c === 0xa0) continue;
    out += v[i];
  }
  return out;
}

export function isDigits(s: string, from = 0, to = s.length): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** CJK unified ideographs (basic block and extension A), what Chinese names and addresses use. */
export function isHan(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

export function allHan(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isHan(s.charCodeAt(i))) return false;
  return true;
}

/** A calendar date check without Date objects (month lengths, leap years). */
export function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days;
}

/** A value of only mask characters (`******`): a masked secret of any hinted label. */
export function allMasked(v: string): boolean {
  if (v.length === 0 || v.length > 64) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c !== 42 && c !== 0xff0a && c !== 0x2022 && c !== 0x25cf) return false;
  }
  return true;
}

export const STRONG_ALL_HIDDEN: MaskedForm = { pattern: 'keep 0+0', partial: false };
