/**
 * uscc — 统一社会信用代码 (GB 32100-2015): registration authority, entity type, 6-digit region,
 * 9-character organisation code (GB 11714, with its own check character) and a check character
 * over the alphabet without I, O, S, V, Z.
 *
 *   validate('91 110000 600037341L') // { ok: true, value: '91110000600037341L', detail: { … structured: true } }
 *
 * `validate` checks what python-stdnum checks (length, alphabet, check character); `detail.structured`
 * also says whether the authority, region and organisation code are well formed. The check
 * character alone passes 1 in 31 random strings, so the scanner wants `structured` unless a key hints.
 */
import { GB32100_ALPHABET, gb11714Valid, gb32100Check } from '../checksum.js';
import { invalid, isDigits, recogniser, stripSeparators } from '../recogniser.js';
import { regionValid } from '../regions.js';
import type { Validation } from '../types.js';

/** Registration authorities (GB 32100 table 1, incl. later additions): digits and A, N, Y. */
const AUTHORITIES = '123456789ANY';

export function compact(v: string): string {
  return stripSeparators(v).toUpperCase();
}

export function validate(v: string): Validation {
  const s = compact(v);
  if (s.length !== 18) return invalid('length');
  if (!AUTHORITIES.includes(s[0]) || !isDigits(s, 1, 8)) return invalid('format');
  for (let i = 8; i < 18; i++) if (!GB32100_ALPHABET.includes(s[i])) return invalid('format');
  if (gb32100Check(s.slice(0, 17)) !== s[17]) return invalid('checksum');
  const structured = regionValid(Number(s.slice(2, 8))) && gb11714Valid(s.slice(8, 17));
  return { ok: true, value: s, detail: { authority: s[0], type: s[1], region: s.slice(2, 8), structured } };
}

export const uscc = recogniser({ label: 'uscc', trigger: 'value', compact, validate });
export const isValid = uscc.isValid;
