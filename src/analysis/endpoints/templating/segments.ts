/**
 * What one path segment is: a word (stays literal), a typed value (becomes a parameter at once),
 * or a generic string (becomes a parameter only when its siblings show it is a value).
 *
 *   classifySegment('orders')                      → word
 *   classifySegment('paymentMethodSettings')       → word      (camelCase split, every part known)
 *   classifySegment('v4.0')                        → word      (version)
 *   classifySegment('12345')                       → integer
 *   classifySegment('BA3227C223222B5FTD2KR6238')   → id
 *   classifySegment('john.doe')                    → generic
 *
 * Checks run cheapest first and every branch is a character scan; no backtracking regexes.
 */
import type { SegmentKind } from '../../../core/endpoint.js';
import { DIGIT_WORD_SET, RESERVED, WORDS } from './words.js';

export type SegmentClass = { kind: 'word' } | { kind: 'generic' } | { kind: 'value'; type: SegmentKind };

export const WORD: SegmentClass = { kind: 'word' };
export const GENERIC: SegmentClass = { kind: 'generic' };
const VALUE = new Map<SegmentKind, SegmentClass>();
export function valueClass(type: SegmentKind): SegmentClass {
  let c = VALUE.get(type);
  if (!c) VALUE.set(type, (c = { kind: 'value', type }));
  return c;
}

/** Validators for personal data in paths; plugged in by the sensitive-data recognisers. */
export interface PathPiiCheck {
  label: 'cn_id' | 'cn_mobile' | 'bank_card';
  test(digits: string): boolean;
}

export interface SegmentOptions {
  /** extra words (per deployment or per application) */
  words?: ReadonlySet<string>;
  /** user parameter patterns, tried first */
  params?: readonly { re: RegExp; name?: string }[];
  pii?: readonly PathPiiCheck[];
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isHex = (c: number): boolean => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

/**
 * Split a segment into lower-case tokens: `paymentMethodSettings` → payment method settings,
 * `HTTPServer2` → http server 2, `forget-password` → forget password.
 */
export function splitWords(seg: string): string[] {
  const out: string[] = [];
  let start = -1;
  const flush = (end: number): void => {
    if (start >= 0 && end > start) out.push(seg.slice(start, end).toLowerCase());
    start = -1;
  };
  for (let i = 0; i < seg.length; i++) {
    const c = seg.charCodeAt(i);
    const letter = isLower(c) || isUpper(c);
    const digit = isDigit(c);
    if (!letter && !digit) {
      flush(i);
      continue;
    }
    if (start < 0) {
      start = i;
      continue;
    }
    const p = seg.charCodeAt(i - 1);
    const boundary =
      (digit && !isDigit(p)) ||
      (letter && isDigit(p)) ||
      (isUpper(c) && isLower(p)) ||
      // the last capital of a run starts a new word: HTTPServer → HTTP Server
      (isUpper(c) && isUpper(p) && i + 1 < seg.length && isLower(seg.charCodeAt(i + 1)));
    if (boundary) {
      flush(i);
      start = i;
    }
  }
  flush(seg.length);
  return out;
}

/** Crude English stemming, enough for plurals and verb forms in paths. */
function stems(t: string): string[] {
  const s: string[] = [];
  const n = t.length;
  if (n > 3 && t.endsWith('ies')) s.push(t.slice(0, -3) + 'y');
  if (n > 3 && t.endsWith('es')) s.push(t.slice(0, -2));
  if (n > 2 && t.endsWith('s')) s.push(t.slice(0, -1));
  if (n > 4 && t.endsWith('ing')) s.push(t.slice(0, -3), t.slice(0, -3) + 'e');
  if (n > 3 && t.endsWith('ed')) s.push(t.slice(0, -2), t.slice(0, -1));
  if (n > 3 && t.endsWith('er')) s.push(t.slice(0, -2), t.slice(0, -1));
  if (n > 4 && t.endsWith('ers')) s.push(t.slice(0, -3), t.slice(0, -2));
  return s;
}

export function isWordToken(t: string, extra?: ReadonlySet<string>): boolean {
  if (WORDS.has(t) || RESERVED.has(t) || extra?.has(t)) return true;
  for (const s of stems(t)) if (WORDS.has(s) || extra?.has(s)) return true;
  return false;
}

/** v1, v2.7, V3, v4.0, v1beta2, 1.0 */
export function isVersion(seg: string): boolean {
  let i = 0;
  if (seg.charCodeAt(0) === 118 || seg.charCodeAt(0) === 86) i = 1; // v / V
  const startDigits = i;
  while (i < seg.length && (isDigit(seg.charCodeAt(i)) || seg.charCodeAt(i) === 46)) i++;
  if (i === startDigits || !isDigit(seg.charCodeAt(startDigits))) return false;
  if (startDigits === 0 && seg.indexOf('.') < 0) return false; // bare numbers are integers
  if (i === seg.length) return true;
  // v1beta2, v2alpha
  const rest = seg.slice(i).toLowerCase();
  return /^(alpha|beta|rc)\d*$/.test(rest);
}

function isUuid(s: string): boolean {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!isHex(c)) return false;
  }
  return true;
}

function validDate(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/** 2024-05-01, 2024-05-01T08:00:00Z, 20240501, 2024-05 */
function isDate(s: string): boolean {
  if (s.length === 8 && /^\d{8}$/.test(s)) return validDate(+s.slice(0, 4), +s.slice(4, 6), +s.slice(6, 8));
  if (s.length >= 7 && s.charCodeAt(4) === 45 && /^\d{4}-\d{2}(-\d{2}([T ][\d:.]+(Z|[+-][\d:]+)?)?)?$/.test(s)) {
    return validDate(+s.slice(0, 4), +s.slice(5, 7), s.length >= 10 ? +s.slice(8, 10) : 1);
  }
  return false;
}

function isEmail(s: string): boolean {
  const at = s.indexOf('@');
  return at > 0 && s.indexOf('.', at) > at + 1 && s.indexOf('@', at + 1) < 0;
}

/** JWT, or base64/base64url of 20+ characters with mixed classes (random tokens) */
function isToken(s: string): boolean {
  if (s.length < 20) return false;
  let up = 0;
  let low = 0;
  let dig = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isUpper(c)) up++;
    else if (isLower(c)) low++;
    else if (isDigit(c)) dig++;
    else if (c !== 45 && c !== 95 && c !== 43 && c !== 47 && c !== 61 && c !== 46 && c !== 37) return false;
  }
  if (s.startsWith('eyJ') && s.indexOf('.') > 0) return true;
  return up > 0 && low > 0 && dig > 0;
}

/**
 * Classify a raw (still percent-encoded) path segment. The caller caches results per trie node,
 * so this runs once per distinct segment value, not per request.
 */
export function classifySegment(seg: string, opts: SegmentOptions = {}): SegmentClass {
  if (opts.params) for (const p of opts.params) if (p.re.test(seg)) return valueClass('pinned');
  const n = seg.length;
  if (n === 0) return WORD;
  let digits = 0;
  let letters = 0;
  let others = 0;
  let hexOnly = true;
  for (let i = 0; i < n; i++) {
    const c = seg.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if (isLower(c) || isUpper(c)) {
      letters++;
      if (!isHex(c)) hexOnly = false;
    } else {
      others++;
      hexOnly = false;
    }
  }
  if (digits === n) {
    if (opts.pii) for (const p of opts.pii) if (p.test(seg)) return valueClass(p.label);
    if (n === 8 && isDate(seg)) return valueClass('date');
    return valueClass('integer');
  }
  if (opts.pii && (n === 18 || n === 15) && digits === n - 1 && (seg.endsWith('X') || seg.endsWith('x'))) {
    for (const p of opts.pii) if (p.label === 'cn_id' && p.test(seg)) return valueClass('cn_id');
  }
  if (isUuid(seg)) return valueClass('uuid');
  if (digits > 0 && isDate(seg)) return valueClass('date');
  // one hex letter among digits is a prefixed id (`A00014411`), not a hex string
  if (hexOnly && n >= 8 && digits > 0 && letters > 1) return valueClass('hex');
  if (hexOnly && n >= 24) return valueClass('hex');
  if (others > 0 && isEmail(seg)) return valueClass('email');
  if (isVersion(seg)) return WORD;
  if (isToken(seg)) return valueClass('token');
  if (n > 48) return valueClass('string');
  // non-ASCII, percent-encoded or spaced segments: values more often than endpoints
  if (/[^A-Za-z0-9._~!$&'()*+,;=:@-]/.test(seg) || seg.includes('%')) return GENERIC;
  // digits with separators and no letters: 36027-817, 1.2.3.4, 2024_05
  if (letters === 0 && digits > 0) return valueClass('id');
  const words = splitWords(seg);
  if (words.length === 0) return WORD; // punctuation only, e.g. '-' or '.'
  const extra = opts.words;
  if (digits === 0) {
    for (const w of words) if (!isWordToken(w, extra)) return GENERIC;
    return WORD;
  }
  const lower = seg.toLowerCase();
  if (DIGIT_WORD_SET.has(lower) || extra?.has(lower)) return WORD;
  // letters and digits: a word with a number glued on (`name1`, `page2`) is an instance name,
  // anything else mixed (`P123`, `MC3Q3BV2223ZZ5QK3`) is an identifier
  let allWords = true;
  let digitRuns = 0;
  for (const w of words) {
    if (isDigit(w.charCodeAt(0))) digitRuns++;
    // single letters among digits are code, not words: V400m-550602414
    else if (w.length < 2 || (!DIGIT_WORD_SET.has(w) && !isWordToken(w, extra))) allWords = false;
  }
  if (allWords) return digitRuns === 1 && /\d$/.test(seg) ? GENERIC : WORD;
  return valueClass('id');
}
