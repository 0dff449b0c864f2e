/**
 * person_name — 姓名: under a key hint (`name`, `xm`, `custName`…), 2–4 han characters starting
 * with a known surname (single or compound, data/surnames.ts), minority names with a middle dot
 * (阿卜杜拉·艾尼), or a romanised name with a pinyin surname (`Zhang San`). Without a hint only masked names count: `张*`
 * is distinctive, `张三` is not.
 *
 *   validate('欧阳娜娜') // { ok: true, value: '欧阳娜娜' }
 *   checkMasked('张*')   // { pattern: 'keep 1+0', partial: false }
 */
import { COMPOUND_SURNAMES, PINYIN_SURNAMES, SINGLE_SURNAMES } from '../data/surnames.js';
import { maskPattern, maskShape } from '../mask.js';
import { allHan, invalid, recogniser } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

// by character code (two codes in one number for compounds): looked up without making a string of
// the value's first characters, on every value under a name key
const single = new Set([...SINGLE_SURNAMES].map((c) => c.charCodeAt(0)));
const compound = new Set([...COMPOUND_SURNAMES].map((c) => c.charCodeAt(0) * 65536 + c.charCodeAt(1)));
const pinyin = new Set(PINYIN_SURNAMES.split(' '));

/** `Zhang San`, `ZHANG San Feng`, `San Zhang`: 2–4 capitalised words, one of the ends a pinyin surname. */
function romanisedName(s: string): boolean {
  const words = s.split(' ');
  if (words.length < 2 || words.length > 4) return false;
  for (const w of words) if (!/^[A-Z](?:[a-z]{1,15}|[A-Z]{1,15})$/.test(w)) return false;
  return pinyin.has(words[0].toLowerCase()) || pinyin.has(words[words.length - 1].toLowerCase());
}

/** Length of the surname `s` starts with (2 for 欧阳, 1 for 张), or 0. */
export function surnameLength(s: string): number {
  if (s.length === 0) return 0;
  const c0 = s.charCodeAt(0);
  if (s.length >= 2 && compound.has(c0 * 65536 + s.charCodeAt(1))) return 2;
  return single.has(c0) ? 1 : 0;
}

/** Whitespace as `trim` and `\s` know it (ASCII, NBSP, the ideographic space and the other Unicode spaces). */
function hasSpace(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c <= 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff) return true;
  }
  return false;
}

export function compact(v: string): string {
  // the common case (`张三`): nothing to trim or join, no new string
  if (!hasSpace(v)) return v;
  const s = v.trim();
  // han names are written without spaces (李 四 → 李四); romanised names keep one between words
  return /^[\x20-\x7e]*$/.test(s) ? s.replace(/\s+/g, ' ') : s.replace(/\s+/g, '');
}

function minorityName(s: string): boolean {
  const parts = s.split(/[·•・]/);
  return parts.length >= 2 && parts.length <= 4 && s.length <= 16 && parts.every((p) => p.length >= 1 && allHan(p));
}

export function validate(v: string): Validation {
  const s = compact(v);
  if (s.length < 2 || s.length > 40) return invalid('length');
  if (allHan(s)) {
    if (s.length > 4) return invalid('length');
    if (surnameLength(s) === 0 || surnameLength(s) === s.length) return invalid('component');
    return { ok: true, value: s };
  }
  if (minorityName(s)) return { ok: true, value: s, detail: { form: 'minority' } };
  if (romanisedName(s)) return { ok: true, value: s, detail: { form: 'latin' } };
  return invalid('format');
}

/**
 * `张*`, `欧阳*`, `*三`, `张*丰`. Strong when at most the surname or one given-name character
 * shows; `张*丰` (two of three characters) is `partial`. Without a key hint the visible part must
 * start with a surname, or be one character after the mask.
 */
export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  const m = maskShape(v.trim());
  if (!m || m.total < 2 || m.total > (ctx?.hinted ? 6 : 4)) return undefined;
  if ((m.prefix && !allHan(m.prefix)) || (m.suffix && !allHan(m.suffix))) return undefined;
  const visible = m.prefix.length + m.suffix.length;
  if (visible === 0) return ctx?.hinted ? { pattern: maskPattern(m), partial: false } : undefined;
  const sl = m.prefix ? surnameLength(m.prefix) : 0;
  if (m.prefix && sl === 0) return undefined;
  if (!m.prefix && !ctx?.hinted && m.suffix.length > 1) return undefined;
  const given = visible - sl;
  return { pattern: maskPattern(m), partial: given >= 1 && visible >= 2 };
}

export const personName = recogniser({ label: 'person_name', trigger: 'hint', compact, validate, checkMasked });
export const isValid = personName.isValid;
