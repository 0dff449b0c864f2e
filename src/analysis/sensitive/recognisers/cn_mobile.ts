/**
 * cn_mobile — 手机号: 11 digits in the mobile ranges of libphonenumber's CN metadata (data/cn-phone.ts),
 * optionally written with +86 / 0086 / 86 and separators.
 *
 *   validate('+86 138-1234-5678') // { ok: true, value: '13812345678' }
 *   validate('12012345678')       // { ok: false, reason: 'component' } (120… is not a mobile range)
 *
 * No checksum: in free text the scanner only accepts digit runs of exactly this length (not
 * inside longer runs) and listens to key context.
 */
import { CN_MOBILE_PREFIXES } from '../data/cn-phone.js';
import { type MaskShape, maskPattern, maskShape } from '../mask.js';
import { invalid, isDigits, recogniser, stripSeparators } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

/** 1 for each valid 5-digit prefix 10000…19999, indexed by prefix − 10000. */
let prefix5: Uint8Array | undefined;

function prefixes(): Uint8Array {
  if (prefix5) return prefix5;
  prefix5 = new Uint8Array(10000);
  for (const p of CN_MOBILE_PREFIXES.split(/\s+/)) {
    if (!p) continue;
    const span = 10 ** (5 - p.length);
    const from = Number(p) * span - 10000;
    prefix5.fill(1, from, from + span);
  }
  return prefix5;
}

/** The first five digits (as a number) start a mobile range. */
export function mobilePrefix5(p: number): boolean {
  return p >= 10000 && p <= 19999 && prefixes()[p - 10000] === 1;
}

/** Some mobile range starts with these 3 digits. */
export function mobilePrefix3(p3: number): boolean {
  const t = prefixes();
  const from = p3 * 100 - 10000;
  if (from < 0 || from >= 10000) return false;
  for (let i = from; i < from + 100; i++) if (t[i]) return true;
  return false;
}

export function compact(v: string): string {
  let s = stripSeparators(v).replace(/[()（）]/g, '');
  // +86 is China; any other country code (+1 312…) stays and fails the format check
  if (s.startsWith('+86')) s = s.slice(1);
  if (s.length === 15 && s.startsWith('0086')) s = s.slice(4);
  else if (s.length === 13 && s.startsWith('86')) s = s.slice(2);
  return s;
}

export function validate(v: string): Validation {
  const s = compact(v);
  if (s.length !== 11) return invalid('length');
  if (!isDigits(s) || s[0] !== '1') return invalid('format');
  if (!mobilePrefix5(Number(s.slice(0, 5)))) return invalid('component');
  return { ok: true, value: s };
}

function shapeOf(v: string): MaskShape | undefined {
  const m = maskShape(v.replace(/^(\+?86|0086)[\s-]?/, ''));
  return m;
}

/**
 * `138****5678` — strong when at least 4 digits are hidden (the common keep 3+4); fewer hidden
 * digits leave a few thousand candidates at most: `partial`. With a key hint the number of mask
 * characters may differ from the hidden digits (`138***5678`).
 */
export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  const m = shapeOf(v);
  if (!m) return undefined;
  const visible = m.prefix.length + m.suffix.length;
  if ((m.prefix && !isDigits(m.prefix)) || (m.suffix && !isDigits(m.suffix))) return undefined;
  if (m.prefix && m.prefix[0] !== '1') return undefined;
  if (m.prefix.length >= 3 && !mobilePrefix3(Number(m.prefix.slice(0, 3)))) return undefined;
  if (ctx?.hinted) {
    if (visible > 10 || m.total < 8 || m.total > 12) return undefined;
  } else if (m.total !== 11 || m.prefix.length < 3) return undefined;
  const hiddenDigits = ctx?.hinted ? 11 - visible : m.hidden;
  return { pattern: maskPattern(m), partial: hiddenDigits < 4 };
}

export const cnMobile = recogniser({ label: 'cn_mobile', trigger: 'value', compact, validate, checkMasked });
export const isValid = cnMobile.isValid;
