/**
 * The numeric token scanner: one pass over a string finds digit runs (with the separators people
 * type into numbers: `6222 0212 3456 7890`, `138-1234-5678`), masked digit runs
 * (`138****5678`) and dotted quads, and hands each to the validators that fit its length. This is
 * the cheap prefilter that keeps validators off most text: a character-class table, no regex.
 *
 * Boundaries: a run glued to ASCII letters or `_` is part of an identifier (`user_13812345678`,
 * hex digests, UUIDs) and skipped; a run before or after a decimal point is part of a number.
 * A run inside a longer run is never considered (`not inside longer digit runs`).
 */
import type { KeyInfo } from './keys.js';
import type { LabelId } from './labels.js';
import { isMaskCode } from './mask.js';
import { bankCard } from './recognisers/bank_card.js';
import { cnId } from './recognisers/cn_id.js';
import { cnMobile } from './recognisers/cn_mobile.js';
import { parseIpv4 } from './recognisers/ip.js';
import { landline } from './recognisers/landline.js';
import type { CheckContext, MaskedForm } from './types.js';

export interface ScanCtx {
  /** Birth dates must not be after this (ms). */
  refTime: number;
  /** Centre of the window in which 10/13-digit numbers are taken for Unix timestamps (ms). */
  now: number;
  disabled?: ReadonlySet<LabelId>;
  /** The check context for values under a hinting key (one object, not one per value). */
  hinted: CheckContext;
}

/** Where scanners report. `at` is the token's offset, for scanners that locate by position. */
export interface Sink {
  hit(label: LabelId, masked: MaskedForm | undefined, value: string, at: number): void;
  /** A number-shaped value (7–20 digits, or a decimal) under a neutral key: column statistics (collector.ts). */
  candidate(at: number): void;
}

/** The key context of a token (constant for a JSON value, looked up by offset in free text). */
export interface KeySource {
  keyAt(at: number): KeyInfo;
}

// character classes for ASCII
const DIGIT = 1;
const WORD = 2; // letters and '_'
const SEP = 4; // ' ' and '-'
const CLS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLS[c] = DIGIT;
for (let c = 65; c <= 90; c++) CLS[c] = WORD;
for (let c = 97; c <= 122; c++) CLS[c] = WORD;
CLS[95] = WORD;
CLS[32] = SEP;
CLS[45] = SEP;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isWord = (c: number): boolean => c < 128 && (CLS[c] & (DIGIT | WORD)) !== 0;
const isX = (c: number): boolean => c === 88 || c === 120;
/** Characters inside a numeric token: digits, mask characters, x/X (masks, or an ID's check character). */
const tokenChar = (c: number): boolean => isDigit(c) || c === 42 || isX(c) || (c > 127 && isMaskCode(c));

/** Scratch space for the group lengths of the current token (scanning is synchronous). */
const GROUPS = new Int32Array(8);

/** The group lengths as `4-4-4-4`. */
function groupShape(ngroups: number): string {
  let shape = String(GROUPS[0]);
  for (let g = 1; g < ngroups; g++) shape += '-' + GROUPS[g];
  return shape;
}

/** Group-length shapes that are a formatted number as a whole rather than separate numbers. */
const JOINED_SHAPES = new Set(['4-4-4-4', '4-4-4-4-3', '4-4-4-4-2', '4-4-4-4-4', '4-6-5', '4-6-4', '6-13', '3-4-4', '2-3-4-4', '4-3-4-4', '2-11', '4-11', '6-8-4', '6-4-4-4', '3-8', '3-7', '4-7', '4-8']);

const disabled = (ctx: ScanCtx, l: LabelId): boolean => ctx.disabled !== undefined && ctx.disabled.has(l);

/** ±30 years around `now`: numbers in it (s, ms, µs, ns) are taken for Unix times. */
export const TIMESTAMP_WINDOW_MS = 30 * 365.25 * 86400e3;

/** 10/13/16/19-digit numbers that read as a Unix time (s, ms, µs, ns) within ±30 years of `now`. */
export function looksLikeTimestamp(d: string, now: number): boolean {
  const scale = d.length === 10 ? 1e-3 : d.length === 13 ? 1 : d.length === 16 ? 1e3 : d.length === 19 ? 1e6 : 0;
  if (scale === 0) return false;
  const ms = Number(d) / scale;
  return Math.abs(ms - now) < TIMESTAMP_WINDOW_MS;
}

/**
 * Snowflake ids are 64-bit: milliseconds since an epoch, shifted left 22 bits, then worker and
 * sequence bits. Epochs in common use: Twitter's (also Hutool, MyBatis-Plus, Leaf), 2015-01-01
 * (Discord), 2016-11-01 (ShardingSphere), 2018-01-01, 2020-01-01 and 2020-05-03 (Seata).
 */
const SNOWFLAKE_EPOCHS = [1288834974657, Date.UTC(2015, 0, 1), Date.UTC(2016, 10, 1), Date.UTC(2018, 0, 1), Date.UTC(2020, 0, 1), Date.UTC(2020, 4, 3)];
const YEAR_MS = 365.25 * 86400e3;

/**
 * An 18/19-digit number that decodes, for a common epoch, to a time in the ten years before `now`
 * and at least half a year after the epoch. Every 18-digit number does for some epoch, so under a
 * neutral key an 18-digit Luhn-valid number is taken for an id, not a card (18-digit cards are
 * rare; 18-digit snowflakes are not); 19-digit card ranges (4…, 5…, 6…) decode into the future.
 */
export function looksLikeSnowflake(d: string, now: number): boolean {
  if (d.length !== 18 && d.length !== 19) return false;
  // the time bits: the number over 2^22. A double holds 18–19 digits to within ~2^11, far under
  // one unit of the quotient's millisecond, and the windows below are years wide (no BigInt)
  const ms = Math.floor(Number(d) / 4194304);
  return SNOWFLAKE_EPOCHS.some((e) => ms >= YEAR_MS / 2 && e + ms <= now + 86400e3 && e + ms >= now - 10 * YEAR_MS);
}

/** Classify one clear digit string (an ID may end in X). */
export function classifyDigits(d: string, key: KeyInfo, ctx: ScanCtx, sink: Sink, at: number, foreign = false): void {
  const n = d.length;
  const hints = key.hints;
  const idHint = hints.length > 0 && hints.includes('cn_id');
  const cardHint = hints.length > 0 && hints.includes('bank_card');
  // resident IDs: the checksum, region and birth date carry them under any key
  if ((n === 18 || (n === 15 && idHint)) && !disabled(ctx, 'cn_id')) {
    const r = cnId.validate(d, { refTime: ctx.refTime, hinted: idHint });
    if (r.ok) return sink.hit('cn_id', undefined, r.value, at);
  }
  // a 15-digit legacy ID under a neutral key is too weak to report, and must not become a card
  if (n === 15 && !cardHint && cnId.isValid(d, { refTime: ctx.refTime })) return;
  if (isX(d.charCodeAt(n - 1))) return;
  if (!disabled(ctx, 'cn_mobile') && (n === 11 || (n === 13 && d.startsWith('86')) || (n === 15 && d.startsWith('0086'))) && d[n - 11] === '1') {
    if ((!key.quiet || hints.includes('cn_mobile')) && !foreign) {
      const r = cnMobile.validate(d);
      if (r.ok) return sink.hit('cn_mobile', undefined, r.value, at);
    }
  }
  if (n >= 13 && n <= 19 && !disabled(ctx, 'bank_card') && (!key.quiet || cardHint)) {
    if (cardHint || !looksLikeTimestamp(d, ctx.now)) {
      const r = bankCard.validate(d, { hinted: cardHint });
      if (r.ok && (cardHint || (r.detail?.major === true && !looksLikeSnowflake(d, ctx.now)))) return sink.hit('bank_card', undefined, r.value, at);
    }
  }
  if (n >= 7 && n <= 12 && hints.length > 0 && hints.includes('landline') && !disabled(ctx, 'landline')) {
    const r = landline.validate(d, { hinted: true });
    if (r.ok) return sink.hit('landline', undefined, r.value, at);
  }
}

/** A token with mask characters: try the numeric labels' masked forms, most distinctive first. */
function classifyMasked(raw: string, key: KeyInfo, ctx: ScanCtx, sink: Sink, at: number): void {
  for (const r of [cnId, bankCard, cnMobile, landline]) {
    if (disabled(ctx, r.label)) continue;
    const hinted = key.hints.includes(r.label);
    if (r === landline && !hinted) continue;
    const m = r.checkMasked(raw, { hinted });
    if (m) return sink.hit(r.label, m, raw, at);
  }
}

/**
 * Scan `s` for numeric tokens. `keys.keyAt` is only called for tokens that have a candidate
 * length, so free-text scanners can look the key up lazily.
 */
export function scanTokens(s: string, keys: KeySource, ctx: ScanCtx, sink: Sink): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    // a token starts with a digit or a mask character; a letter (x too) starts an identifier
    if (!tokenChar(c) || isX(c)) {
      // skip identifiers whole: digits glued to letters are not numbers
      if (c < 128 && CLS[c] === WORD) {
        i++;
        while (i < n && isWord(s.charCodeAt(i))) i++;
      } else i++;
      continue;
    }
    const start = i;
    let ngroups = 0;
    let digits = 0;
    let masks = 0;
    let glen = 0;
    let j = i;
    for (;;) {
      const d = s.charCodeAt(j);
      if (j < n && tokenChar(d)) {
        if (isDigit(d)) digits++;
        // x/X masks in runs (138xxxx5678); a lone X is an ID's check character
        else if (!isX(d) || isX(s.charCodeAt(j + 1)) || isX(s.charCodeAt(j - 1)) || s.charCodeAt(j + 1) === 42 || s.charCodeAt(j - 1) === 42) masks++;
        glen++;
        j++;
        continue;
      }
      // one separator between two token characters joins groups (6222 0212…, 138-1234-5678)
      if (j < n - 1 && (d === 32 || d === 45) && tokenChar(s.charCodeAt(j + 1)) && ngroups < 8) {
        GROUPS[ngroups++] = glen;
        glen = 0;
        j++;
        continue;
      }
      break;
    }
    GROUPS[ngroups++] = glen;
    i = j;
    const next = s.charCodeAt(j);
    const prev = s.charCodeAt(start - 1);
    // glued to an identifier after the run
    if (j < n && next < 128 && CLS[next] === WORD) {
      while (i < n && isWord(s.charCodeAt(i))) i++;
      continue;
    }
    // the fraction of a decimal, or a later part of a dotted number (1.2.3.4.5)
    if (prev === 46 && isDigit(s.charCodeAt(start - 2))) continue;
    // decimals and dotted quads: 12.50, 0.4111…, 192.168.1.10
    if (next === 46 && isDigit(s.charCodeAt(j + 1))) {
      // always move past the token (a token may start with mask characters: `**2.1.0**`)
      const end = Math.max(dotted(s, j), j + 1);
      if (ngroups === 1 && masks === 0 && digits === j - start) {
        const quad = s.slice(start, end);
        const key = keys.keyAt(start);
        if (!disabled(ctx, 'ip') && !key.quiet && s.charCodeAt(end) !== 46 && quad.length >= 7 && dots(s, start, end) === 3 && !versionOrSoup(s, start, end) && parseIpv4(quad)) sink.hit('ip', undefined, quad, start);
        // a decimal is a number-shaped value too: it tells an amount column from a mobile column
        else if (key.hints.length === 0) sink.candidate(start);
      }
      i = end;
      continue;
    }
    if (digits < 4) continue;
    const total = digits + masks;
    if (total < 7 || total > 19 + 4) continue;
    const raw = s.slice(start, j);
    const key = keys.keyAt(start);
    if (masks > 0) {
      classifyMasked(raw, key, ctx, sink, start);
      continue;
    }
    if (key.hints.length === 0 && total <= 20) sink.candidate(start);
    // `+1 312…` is another country's number; a CN number is written +86…
    const foreign = prev === 43 && !raw.startsWith('86');
    if (ngroups === 1) {
      classifyDigits(raw, key, ctx, sink, start, foreign);
      continue;
    }
    // every joined shape has 10 or more digits: below that (dates, times) skip building the shape
    const shape = total >= 10 ? groupShape(ngroups) : '';
    if (!JOINED_SHAPES.has(shape)) {
      // separate numbers that happen to be spaced: look at each run alone
      let k = start;
      for (let g = 0; g < ngroups; g++) {
        if (GROUPS[g] >= 7) classifyDigits(s.slice(k, k + GROUPS[g]), key, ctx, sink, k);
        k += GROUPS[g] + 1;
      }
      continue;
    }
    const d = raw.replace(/[\s-]/g, '');
    if (d[0] === '0' && (shape === '3-8' || shape === '3-7' || shape === '4-7' || shape === '4-8')) {
      // 010-62345678: a formatted landline is distinctive enough under any key
      if (!disabled(ctx, 'landline') && landline.isValid(d)) sink.hit('landline', undefined, landline.compact(d), start);
      continue;
    }
    classifyDigits(d, key, ctx, sink, start, foreign);
  }
}

/**
 * A dotted quad that is a version (`openresty/1.17.8.2`) or part of a run of numbers (SVG path
 * data: `8.9-8.7 9.4.7.6 1.3`), not an address. URLs (`http://10.0.0.1/`) stay addresses.
 */
function versionOrSoup(s: string, start: number, end: number): boolean {
  const p1 = s.charCodeAt(start - 1);
  const p2 = s.charCodeAt(start - 2);
  if (p1 === 47 && p2 !== 47 && isWord(p2)) return true;
  if ((p1 === 32 || p1 === 44 || p1 === 45) && (isDigit(p2) || p2 === 46)) return true;
  const n1 = s.charCodeAt(end);
  const n2 = s.charCodeAt(end + 1);
  return (n1 === 32 || n1 === 44 || n1 === 45) && (isDigit(n2) || n2 === 46);
}

/** Dots in s[start, end): a dotted quad has three (amounts like 16926.74 have one). */
function dots(s: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (s.charCodeAt(i) === 46) n++;
  return n;
}

/** End of a run of digits and dots starting at `i` (bounded). */
function dotted(s: string, i: number): number {
  let j = i;
  const max = Math.min(s.length, i + 64);
  while (j < max) {
    const c = s.charCodeAt(j);
    if (!isDigit(c) && c !== 46) break;
    j++;
  }
  if (s.charCodeAt(j - 1) === 46) j--;
  return j;
}
