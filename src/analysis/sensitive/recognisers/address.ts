/**
 * address — 地址: under a key hint, han text with the shape of an administrative address:
 * at least two of province/city (省 市 自治区), district/county (区 县 旗 镇 乡), street (路 街 道 巷
 * 弄 胡同) and building/house (号 栋 幢 单元 室 楼 村 组) markers. `detail.strong` is set when three
 * or more appear with a house number, the shape the scanner accepts without a key hint.
 *
 *   validate('北京市朝阳区建国路88号') // { ok: true, value: …, detail: { strong: true } }
 */
import { maskPattern, maskShape } from '../mask.js';
import { invalid, isHan, recogniser } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

const MARKERS: ReadonlyArray<readonly string[]> = [
  ['省', '市', '自治区', '特别行政区'],
  ['区', '县', '旗', '镇', '乡'],
  ['路', '街', '道', '巷', '弄', '胡同', '大道'],
  ['号', '栋', '幢', '单元', '室', '楼', '村', '组'],
];

/** Which marker classes appear, as a bit set (1 province/city, 2 district, 4 street, 8 house). */
export function addressClasses(s: string): number {
  let bits = 0;
  MARKERS.forEach((words, i) => {
    if (words.some((w) => s.includes(w))) bits |= 1 << i;
  });
  return bits;
}

const popcount = (b: number): number => (b & 1) + ((b >> 1) & 1) + ((b >> 2) & 1) + ((b >> 3) & 1);

export function compact(v: string): string {
  return v.trim().replace(/\s+/g, ' ');
}

export function validate(v: string): Validation {
  const s = compact(v);
  if (s.length < 5 || s.length > 200) return invalid('length');
  let han = 0;
  for (let i = 0; i < s.length; i++) if (isHan(s.charCodeAt(i))) han++;
  if (han < 4 || han < s.length / 3) return invalid('format');
  const bits = addressClasses(s);
  if (popcount(bits) < 2) return invalid('component');
  const strong = popcount(bits) >= 3 && (bits & 8) !== 0 && /\d/.test(s);
  return { ok: true, value: s, detail: { strong } };
}

/**
 * `北京市朝阳区****` — strong when the street and house part is hidden (only the city and district
 * show); `partial` when a street or house marker is still visible.
 */
export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  const m = maskShape(v.trim());
  if (!m || m.prefix.length < 2) return undefined;
  const bits = addressClasses(m.prefix + m.suffix);
  if (!ctx?.hinted && popcount(bits & 3) < 2) return undefined;
  if (bits === 0) return undefined;
  return { pattern: maskPattern(m), partial: (bits & 12) !== 0 };
}

export const address = recogniser({ label: 'address', trigger: 'hint', compact, validate, checkMasked });
export const isValid = address.isValid;
