/**
 * bank_card — 银行卡号 (payment card PAN, ISO/IEC 7812): 13–19 digits, Luhn check digit, issuer
 * identification number (IIN/BIN) in a known range.
 *
 *   validate('6212 3456 7890 1265') // { ok: true, value: '6212345678901265', detail: { brand: 'unionpay', major: true } }
 *
 * The IIN table is at network level (UnionPay 62/81, Visa, Mastercard, Amex, JCB, Discover,
 * Diners, and smaller networks), from the networks' published ranges as collected by
 * braintree/credit-card-type and the shared corpus' processor test cards; no per-bank table, as no
 * source that may be redistributed was at hand.
 */
import { luhnSumOfDigits, luhnValid } from '../checksum.js';
import { maskPattern, maskShape } from '../mask.js';
import { invalid, isDigits, recogniser, stripSeparators } from '../recogniser.js';
import type { CheckContext, MaskedForm, Validation } from '../types.js';

interface Range {
  brand: string;
  /** Inclusive prefix bounds of equal length, e.g. '2221'…'2720'. */
  lo: string;
  hi: string;
  lengths: readonly number[];
  major: boolean;
}

/*
 * `major`: ranges and lengths that Chinese banks' traffic carries in volume, accepted under any key.
 * The rest (13- and 19-digit Visa, long JCB/Discover/Diners, 14/15-digit UnionPay test cards,
 * Maestro, Mir…) validate, but the scanner wants a card key hint for them: each extra
 * (prefix, length) pair lets more random identifiers of that length through.
 */
const RANGES: Range[] = [
  // UnionPay co-brands Discover's 622126–622925 range; list UnionPay first so it wins.
  { brand: 'unionpay', lo: '62', hi: '62', lengths: [16, 17, 18, 19], major: true },
  { brand: 'unionpay', lo: '62', hi: '62', lengths: [14, 15], major: false },
  { brand: 'unionpay', lo: '8100', hi: '8171', lengths: [16, 17, 18, 19], major: true },
  { brand: 'visa', lo: '4', hi: '4', lengths: [16], major: true },
  { brand: 'visa', lo: '4', hi: '4', lengths: [13, 19], major: false },
  { brand: 'mastercard', lo: '51', hi: '55', lengths: [16], major: true },
  { brand: 'mastercard', lo: '2221', hi: '2720', lengths: [16], major: true },
  { brand: 'amex', lo: '34', hi: '34', lengths: [15], major: true },
  { brand: 'amex', lo: '37', hi: '37', lengths: [15], major: true },
  { brand: 'jcb', lo: '3528', hi: '3589', lengths: [16], major: true },
  { brand: 'jcb', lo: '3528', hi: '3589', lengths: [17, 18, 19], major: false },
  { brand: 'discover', lo: '6011', hi: '6011', lengths: [16], major: true },
  { brand: 'discover', lo: '644', hi: '649', lengths: [16], major: true },
  { brand: 'discover', lo: '65', hi: '65', lengths: [16], major: true },
  { brand: 'discover', lo: '6011', hi: '6011', lengths: [17, 18, 19], major: false },
  { brand: 'discover', lo: '644', hi: '649', lengths: [17, 18, 19], major: false },
  { brand: 'discover', lo: '65', hi: '65', lengths: [17, 18, 19], major: false },
  { brand: 'diners', lo: '300', hi: '305', lengths: [14], major: true },
  { brand: 'diners', lo: '36', hi: '36', lengths: [14], major: true },
  { brand: 'diners', lo: '38', hi: '39', lengths: [14], major: true },
  { brand: 'diners', lo: '300', hi: '305', lengths: [16, 17, 18, 19], major: false },
  { brand: 'diners', lo: '36', hi: '36', lengths: [16, 17, 18, 19], major: false },
  { brand: 'diners', lo: '38', hi: '39', lengths: [16, 17, 18, 19], major: false },
  { brand: 'mir', lo: '2200', hi: '2204', lengths: [16, 17, 18, 19], major: false },
  { brand: 'maestro', lo: '50', hi: '50', lengths: [12, 13, 14, 15, 16, 17, 18, 19], major: false },
  { brand: 'maestro', lo: '56', hi: '59', lengths: [12, 13, 14, 15, 16, 17, 18, 19], major: false },
  { brand: 'maestro', lo: '60', hi: '69', lengths: [12, 13, 14, 15, 16, 17, 18, 19], major: false },
  { brand: 'troy', lo: '9792', hi: '9792', lengths: [16], major: false },
  { brand: 'uatp', lo: '1', hi: '1', lengths: [15], major: false },
  // ISO/IEC 7812 "national use" IINs (MII 9): older Chinese domestic debit cards (e.g. 9558…)
  { brand: 'national', lo: '9', hi: '9', lengths: [16, 19], major: false },
];

/** Each range's bounds as numbers of its prefix length (for cardBrand: no slice per range). */
const BOUNDS = RANGES.map((r) => ({ len: r.lo.length, lo: Number(r.lo), hi: Number(r.hi) }));

/**
 * The network whose range fits, most specific first, or undefined. A number of an unusual length
 * for its network (a 14-digit Amex test number) keeps the brand but is not `major`.
 */
export function cardBrand(pan: string): { brand: string; major: boolean } | undefined {
  let loose: Range | undefined;
  // the first four digits as a number; a range's prefix is its leading part (pan is all digits)
  let p4 = 0;
  for (let i = 0; i < 4; i++) {
    const c = pan.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return undefined;
    p4 = p4 * 10 + c;
  }
  for (let i = 0; i < RANGES.length; i++) {
    const r = RANGES[i]!;
    const b = BOUNDS[i]!;
    const p = b.len === 4 ? p4 : b.len === 3 ? Math.floor(p4 / 10) : b.len === 2 ? Math.floor(p4 / 100) : Math.floor(p4 / 1000);
    if (p < b.lo || p > b.hi) continue;
    if (r.lengths.includes(pan.length)) return r;
    loose ??= r;
  }
  return loose && { brand: loose.brand, major: false };
}

/** Some range could still start with these visible leading digits (for masked forms); total 0: any length. */
function prefixFits(prefix: string, total: number): Range | undefined {
  for (const r of RANGES) {
    if (total && !r.lengths.includes(total)) continue;
    const n = Math.min(prefix.length, r.lo.length);
    const p = prefix.slice(0, n);
    if (p >= r.lo.slice(0, n) && p <= r.hi.slice(0, n)) return r;
  }
  return undefined;
}

export function compact(v: string): string {
  return stripSeparators(v);
}

/** With a key hint (`cardNo`) a Luhn-valid number of an unknown issuer still counts. */
export function validate(v: string, ctx?: CheckContext): Validation {
  // the common case, a bare run of 13–19 digits: its shape and Luhn sum in one pass (checksum.ts)
  if (v.length >= 13 && v.length <= 19) {
    const sum = luhnSumOfDigits(v);
    if (sum >= 0) return sum % 10 === 0 ? issued(v, ctx) : invalid('checksum');
  }
  const s = compact(v);
  if (s.length < 13 || s.length > 19) return invalid('length');
  if (!isDigits(s)) return invalid('format');
  if (!luhnValid(s)) return invalid('checksum');
  return issued(s, ctx);
}

/** A Luhn-valid number `s` (digits only) by its issuer's network. */
function issued(s: string, ctx: CheckContext | undefined): Validation {
  const r = cardBrand(s);
  if (!r && !ctx?.hinted) return invalid('component');
  return { ok: true, value: s, detail: { brand: r?.brand ?? 'unknown', major: r?.major ?? false } };
}

/**
 * `6222 **** **** 1234`, `62**********1234` — strong when no more than the first 6 and last 4
 * digits show (what PCI DSS allows to display) and at least 6 are hidden; anything more is
 * `partial`. Without a key hint the visible digits must start a major network's range.
 */
export function checkMasked(v: string, ctx?: CheckContext): MaskedForm | undefined {
  const m = maskShape(v);
  if (!m || (m.prefix && !isDigits(m.prefix)) || (m.suffix && !isDigits(m.suffix))) return undefined;
  if (!ctx?.hinted) {
    if (m.total < 13 || m.total > 19) return undefined;
    const r = m.prefix.length >= 1 ? prefixFits(m.prefix, m.total) : undefined;
    if (!r || !r.major || (m.prefix.length < 2 && r.lo.length > 1) || m.hidden < 4) return undefined;
  } else {
    // under a card key the star count often differs from the hidden digits: 6222****1234
    if (m.total < 8 || m.total > 23 || m.prefix.length + m.suffix.length > 15) return undefined;
    // (UATP's bare `1` would let any account number through)
    if (m.prefix.length >= 2 && prefixFits(m.prefix, 0)?.brand === 'uatp') return undefined;
    if (m.prefix.length >= 2 && !prefixFits(m.prefix, 0)) return undefined;
  }
  const partial = m.prefix.length > 8 || m.suffix.length > 4 || (!ctx?.hinted && m.hidden < 6);
  return { pattern: maskPattern(m), partial };
}

export const bankCard = recogniser({ label: 'bank_card', trigger: 'value', compact, validate, checkMasked });
export const isValid = bankCard.isValid;
